/**
 * loadPsbt through the real registered listener (issue 10, review: "the same decoders take pasted text and text
 * files, one part per line"): a pasted single-part UR or one-part BBQr, and a text file of UR or BBQr parts chosen
 * with "Open a PSBT file…", are read by the scanner's decoder (core readStream → TransactionScan), reviewed and
 * answered in the format they came in; incomplete, mixed or foreign parts are a BAD_QR that says what is wrong
 * (more than MAX_PART_LINES lines too, before any is decoded);
 * PSBT files in binary, base64 and hex still load as before. UR parts from Keystone's own registry
 * (@keystonehq/bc-ur-registry CryptoPSBT); the signature checked by bitcoinjs-lib.
 */
import { CryptoPSBT } from '@keystonehq/bc-ur-registry';
import * as bitcoin from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { encodeBbqr, psbtFrames } from '../../electron/core';
import { MAX_PART_LINES } from '../../electron/main/handlers/sign';
import { handlerHarness } from '../helpers/ipc';
import { ABANDON, buildPsbt, validateWithBitcoinjs } from '../helpers/psbt-build';

async function setup() {
  const h = handlerHarness();
  const { walletId } = await h.ok('openWallet', { source: { words: ABANDON, language: null }, passphrase: '' });
  return { ...h, walletId };
}

const PSBT = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2tr', index: 1 }] }).bytes;
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Keystone's encoder: every part of a crypto-psbt UR once (the pure parts), as its animated QR shows them. */
const keystoneParts = (psbt: Uint8Array, fragment: number) => {
  const encoder = new CryptoPSBT(Buffer.from(psbt)).toUREncoder(fragment);
  return Array.from({ length: encoder.fragmentsLength }, () => encoder.nextPart());
};

describe('loadPsbt: pasted text of QR parts', () => {
  it('a single-part UR (lower and upper case) and a one-part BBQr, each on one line: reviewed, answered in kind', async () => {
    const { ok, walletId } = await setup();
    const [ur] = keystoneParts(PSBT, 4000);
    const [bbqr, more] = encodeBbqr(PSBT, 'P');
    expect(more).toBeUndefined();
    for (const [text, as] of [[ur!, 'ur1'], [ur!.toUpperCase(), 'ur1'], [psbtFrames(PSBT, 'ur2', { fragmentLength: 2000 })[0]!, 'ur2'], [`${bbqr!}\n`, 'bbqr']] as const) {
      const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text } }))!;
      expect(loaded).toMatchObject({ name: 'pasted', scannedAs: as, answerAs: as });
      expect(loaded.review.inputs.map((i) => i.ours?.path)).toEqual(["m/84'/0'/0'/0/0", "m/86'/0'/0'/0/1"]);
    }
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: ur! } }))!;
    const signed = await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] });
    validateWithBitcoinjs(new Uint8Array(Buffer.from(signed.base64, 'base64')), [0, 1]);
  });

  it('BBQr parts missing, and parts of two codes of the same size: BAD_QR saying so; nothing is loaded', async () => {
    const { call, walletId } = await setup();
    const parts = encodeBbqr(PSBT, 'P', { encoding: 'H', maxChars: 80 });
    expect(parts.length).toBeGreaterThan(3);
    const some = [parts[0]!, parts[2]!].join('\n');
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: some } })).toEqual({
      ok: false,
      error: { code: 'BAD_QR', message: `Incomplete: 2 of ${parts.length} BBQr parts read; ${parts.length - 2} still missing.` },
    });
    const other = encodeBbqr(buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true, amount: 100_001n }, { type: 'p2tr', index: 1 }] }).bytes, 'P', { encoding: 'H', maxChars: 80 });
    const k = parts.findIndex((p, i) => p !== other[i]);
    expect(other.length).toBe(parts.length);
    const mixed = [...parts.slice(0, k + 1), other[k]!, ...parts.slice(k + 1)].join('\n');
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: mixed } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_QR', message: 'Two different BBQr codes of the same size are in the input, and their parts cannot be told apart (BBQr has no checksum): give the parts of only one.' },
    });
  });

  it('lines that are not parts are named; a part longer than a QR code holds is refused by its line', async () => {
    const { call, walletId } = await setup();
    const [first] = psbtFrames(PSBT, 'ur1', { fragmentLength: 40 });
    const text = ['ur:crypto-account/notapart', first!, 'hello'].join('\n');
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text } })).toEqual({
      ok: false,
      error: {
        code: 'BAD_QR',
        message: expect.stringMatching(/^Incomplete: 1 UR part read; at least \d+ more still missing \(the coordinator's loop shows them\)\. Line 1: skipped, this QR code is an account export \(watch-only keys\), not a transaction; line 3: skipped, this QR code is not a transaction \(not a UR, BBQr, PSBT or raw transaction\)\.$/),
      },
    });
    const long = [`B$HP0200${'0'.repeat(4289)}`, `B$HP0201${'00'.repeat(10)}`].join('\n');
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: long } })).toEqual({
      ok: false,
      error: { code: 'BAD_QR', message: 'Line 1: this part is longer than a QR code can hold (4297 characters; at most 4296).' },
    });
  });

  it(`more than ${MAX_PART_LINES.toLocaleString('en-US')} lines of parts: refused before any is decoded (main is not held for minutes)`, async () => {
    const { call, walletId } = await setup();
    const text = Array.from({ length: MAX_PART_LINES + 1 }, () => 'ur:x').join('\n');
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text } })).toEqual({
      ok: false,
      error: { code: 'BAD_QR', message: 'This text has 100,001 lines: at most 100,000 QR parts are read from pasted text or a file. Scan the QR code, or open the PSBT itself (a .psbt file).' },
    });
  });

  it('a finished transaction in BBQr (type T): refused as nothing to sign', async () => {
    const { call, walletId } = await setup();
    const tx = new bitcoin.Transaction();
    tx.addInput(Buffer.alloc(32, 1), 0);
    tx.addOutput(Buffer.from('0014' + '11'.repeat(20), 'hex'), 1000n as never);
    const parts = encodeBbqr(new Uint8Array(tx.toBuffer()), 'T');
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: parts.join('\n') } })).toEqual({
      ok: false,
      error: { code: 'UNSUPPORTED', message: 'These QR parts hold a finished transaction, not one to sign: broadcast it from your online wallet.' },
    });
  });
});

describe('loadPsbt: a file chosen with "Open a PSBT file…"', () => {
  it('a .txt of Keystone UR parts (shuffled, CRLF) and a .txt of BBQr parts: reviewed, named by the file, answered in kind', async () => {
    const { ok, walletId, disk, openPath } = await setup();
    const ur = keystoneParts(PSBT, 60);
    expect(ur.length).toBeGreaterThan(3);
    const bbqr = encodeBbqr(PSBT, 'P', { encoding: 'Z', maxChars: 100 });
    expect(bbqr.length).toBeGreaterThan(1);
    for (const [file, text, as] of [['/media/usb/parts.txt', [...ur].reverse().join('\r\n') + '\r\n', 'ur1'], ['/media/usb/bbqr.txt', bbqr.join('\n'), 'bbqr']] as const) {
      disk.set(file, utf8(text));
      openPath.value = file;
      const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'file' } }))!;
      expect(loaded).toMatchObject({ name: file.split('/').pop(), scannedAs: as });
      expect(loaded.review.inputs.map((i) => i.ours?.path)).toEqual(["m/84'/0'/0'/0/0", "m/86'/0'/0'/0/1"]);
    }
  });

  it('a .txt of UR parts with parts missing, and one with no part of a transaction: BAD_QR saying what is missing, naming the file', async () => {
    const { call, walletId, disk, openPath } = await setup();
    const parts = psbtFrames(PSBT, 'ur2', { fragmentLength: 40 });
    const seqLen = Number(/^ur:psbt\/1-(\d+)\//i.exec(parts[0]!)![1]);
    expect(seqLen).toBeGreaterThan(3);
    disk.set('/media/usb/parts.txt', utf8(parts.slice(0, 2).join('\n')));
    openPath.value = '/media/usb/parts.txt';
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'file' } })).toEqual({
      ok: false,
      error: { code: 'BAD_QR', message: `Incomplete: 2 UR parts read; at least ${seqLen - 2} more still missing (the coordinator's loop shows them).` },
    });
    disk.set('/media/usb/account.txt', utf8('ur:crypto-account/notapart\n'));
    openPath.value = '/media/usb/account.txt';
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'file' } })).toEqual({
      ok: false,
      error: {
        code: 'BAD_QR',
        message: 'No transaction QR code (UR, BBQr, base64 or hex PSBT) was read from account.txt. Line 1: skipped, this QR code is an account export (watch-only keys), not a transaction.',
      },
    });
  });

  it('a PSBT file in binary, base64 and hex still loads as a PSBT (no answer format)', async () => {
    const { ok, walletId, disk, openPath } = await setup();
    for (const [file, bytes] of [['a.psbt', PSBT], ['b.txt', utf8(`${Buffer.from(PSBT).toString('base64')}\n`)], ['c.txt', utf8(Buffer.from(PSBT).toString('hex'))]] as const) {
      disk.set(`/media/usb/${file}`, bytes);
      openPath.value = `/media/usb/${file}`;
      expect(await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'file' } })).toMatchObject({ name: file, scannedAs: null });
    }
  });
});
