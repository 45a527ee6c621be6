/**
 * The Sign Bitcoin channels through the real registered listeners: PSBTs built by bitcoinjs-lib (the "abandon …
 * about" wallet), loaded from text or a file, reviewed, signed only after acknowledgements, and the result checked
 * and finalized by bitcoinjs-lib — the other side's own code.
 */
import { describe, expect, it } from 'vitest';
import { psbtFrames, SIGHASH_NONE, TransactionScan } from '../../electron/core';
import { frameMatrix } from '../../renderer/components/qr-frame';
import { handlerHarness } from '../helpers/ipc';
import * as bitcoin from 'bitcoinjs-lib';
import { ABANDON, abandonMaster, buildPsbt, finalizeWithBitcoinjs, validateWithBitcoinjs } from '../helpers/psbt-build';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function setup() {
  const h = handlerHarness();
  const { walletId } = await h.ok('openWallet', { source: { words: ABANDON, language: null }, passphrase: '' });
  return { ...h, walletId };
}

describe('Sign Bitcoin channels', () => {
  it('pasted base64 → review → sign → the signed PSBT validates and finalizes in bitcoinjs-lib; saved, never over a file', async () => {
    const { ok, walletId, written, noOverwrite, dialogs } = await setup();
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2tr', index: 1 }, { type: 'p2wpkh', index: 2, foreign: true, nonWitnessUtxo: true }] });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) } }))!;
    expect(loaded).toMatchObject({ name: 'pasted', version: 0, scannedAs: null, answerAs: 'ur1' });
    expect(loaded.review.inputs.map((i) => i.ours?.path ?? null)).toEqual(["m/84'/0'/0'/0/0", "m/86'/0'/0'/0/1", null]);
    expect(loaded.review.warnings.map((w) => w.code)).toContain('FOREIGN_INPUTS');

    const signed = await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] });
    expect(signed).toMatchObject({ signedInputs: 2, totalInputs: 3, complete: false });
    expect(signed.qr?.text).toBe(signed.base64);
    validateWithBitcoinjs(new Uint8Array(Buffer.from(signed.base64, 'base64')), [0, 1]);
    expect(await ok('getSignProgress', { psbtId: loaded.psbtId })).toEqual({ signed: 2, total: 2, running: false });

    expect(await ok('saveSignedPsbt', { psbtId: loaded.psbtId, what: 'psbt' })).toEqual({ path: '/media/usb/pasted-signed.psbt', txid: null });
    expect(noOverwrite.has('/media/usb/pasted-signed.psbt')).toBe(true);
    expect(dialogs.at(-1)).toEqual({ title: 'Save the signed transaction (PSBT) for your online wallet — it holds no private key', secret: false });
    expect(b64(written.at(-1)![1] as Uint8Array)).toBe(signed.base64);
  });

  it('a PSBT file (binary or base64 text): the finished transaction is bitcoinjs-lib’s own', async () => {
    const { ok, walletId, written, disk, openPath } = await setup();
    const built = buildPsbt({ inputs: [{ type: 'p2pkh', index: 0 }, { type: 'p2sh-p2wpkh', index: 1, nonWitnessUtxo: true }] });
    for (const [file, contents] of [
      ['/media/usb/pay.psbt', built.bytes],
      ['/media/usb/pay.txt', new TextEncoder().encode(`${b64(built.bytes)}\n`)],
    ] as const) {
      disk.set(file, contents);
      openPath.value = file;
      const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'file' } }))!;
      expect(loaded.name).toBe(file.split('/').pop());
      const signed = await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] });
      expect(signed.complete).toBe(true);
      const theirs = finalizeWithBitcoinjs(validateWithBitcoinjs(new Uint8Array(Buffer.from(signed.base64, 'base64')), [0, 1]));
      const saved = await ok('saveSignedPsbt', { psbtId: loaded.psbtId, what: 'transaction' });
      expect(saved).toEqual({ path: '/media/usb/pay-final.txn', txid: theirs.txid });
      expect(written.at(-1)![1]).toBe(`${theirs.hex}\n`);
    }
    openPath.value = null;
    expect(await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'file' } })).toBeNull();
  });

  it('a warning that changes what is signed must be acknowledged by its code; then the requested sighash is signed', async () => {
    const { ok, call, walletId } = await setup();
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, sighashType: SIGHASH_NONE, nonWitnessUtxo: true }] });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) } }))!;
    const warning = loaded.review.warnings.find((w) => w.code === 'SIGHASH_NOT_ALL')!;
    expect(warning.needsAck).toBe(true);
    expect(await call('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('Read and acknowledge first') } });
    expect(await call('signPsbt', { psbtId: loaded.psbtId, walletId, accept: ['NOT_A_CODE'] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const signed = await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: ['SIGHASH_NOT_ALL'] });
    expect(signed.signedInputs).toBe(1);
    validateWithBitcoinjs(new Uint8Array(Buffer.from(signed.base64, 'base64')), [0]);
  });

  it('segwit v0 without the previous transaction (the fee attack): acknowledged by its code, or not signed', async () => {
    const { ok, call, walletId } = await setup();
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0 }] });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) } }))!;
    expect(loaded.review.warnings.find((w) => w.code === 'MISSING_NON_WITNESS_UTXO')?.needsAck).toBe(true);
    expect(await call('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('segwit fee attack') } });
    expect((await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: ['MISSING_NON_WITNESS_UTXO'] })).signedInputs).toBe(1);
  });

  it('refuses: nothing ours, a malformed PSBT (BAD_PSBT, saying where), a stale id, another wallet', async () => {
    const { ok, call, walletId } = await setup();
    const foreign = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, foreign: true, nonWitnessUtxo: true }] });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(foreign.bytes) } }))!;
    expect(await call('signPsbt', { psbtId: loaded.psbtId, walletId, accept: ['NOTHING_OURS', 'FOREIGN_INPUTS'] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Nothing in this PSBT is ours to sign') } });
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(foreign.bytes.subarray(0, 120)) } })).toMatchObject({ ok: false, error: { code: 'BAD_PSBT', message: expect.stringMatching(/^PSBT/) } });
    expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: 'hello' } })).toMatchObject({ ok: false, error: { code: 'BAD_PSBT' } });
    const other = await ok('openWallet', { source: { words: 'legal winner thank year wave sausage worth useful legal winner thank yellow', language: null }, passphrase: '' });
    const mine = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }] });
    const l2 = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(mine.bytes) } }))!;
    expect(await call('signPsbt', { psbtId: l2.psbtId, walletId: other.walletId, accept: [] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('another wallet') } });
    expect(await ok('closePsbt', { psbtId: l2.psbtId })).toEqual({ closed: true });
    expect(await call('signPsbt', { psbtId: l2.psbtId, walletId, accept: [] })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
    expect(await call('saveSignedPsbt', { psbtId: l2.psbtId, what: 'psbt' })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
  });

  it('signs 300 inputs with progress the poll can read while it runs', async () => {
    const { ok, walletId } = await setup();
    const built = buildPsbt({ inputs: Array.from({ length: 300 }, (_, index) => ({ type: 'p2tr' as const, index })) });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) } }))!;
    const seen: number[] = [];
    const signing = ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] });
    for (let i = 0; i < 200 && seen.at(-1) !== 300; i++) {
      await new Promise((r) => setImmediate(r));
      const p = await ok('getSignProgress', { psbtId: loaded.psbtId });
      if (p.running) seen.push(p.signed);
    }
    expect((await signing).signedInputs).toBe(300);
    // The poll was answered while signing ran, and saw it advance.
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)! > seen[0]!).toBe(true);
  });

  it('signs exactly what the review called ours (review finding): our keys on other paths, another purpose, another network are left unsigned', async () => {
    const { ok, walletId } = await setup();
    const master = abandonMaster();
    const fingerprint = new Uint8Array(4);
    new DataView(fingerprint.buffer).setUint32(0, master.fingerprint);
    const psbt = new bitcoin.Psbt();
    const claims = ["m/84'/0'/0'/0/0", "m/44'/0'/0'/0/0", 'm/7', "m/84'/1'/0'/0/0"];
    claims.forEach((path, i) => {
      const pubkey = master.derive(path).publicKey as Uint8Array;
      psbt.addInput({
        hash: new Uint8Array(32).fill(i + 1),
        index: 0,
        witnessUtxo: { script: bitcoin.payments.p2wpkh({ pubkey }).output as Uint8Array, value: 100_000n },
        bip32Derivation: [{ masterFingerprint: fingerprint, path, pubkey }],
      });
    });
    psbt.addOutput({ script: bitcoin.payments.p2wpkh({ hash: new Uint8Array(20).fill(0x42) }).output as Uint8Array, value: 390_000n });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(psbt.toBuffer()) } }))!;
    expect(loaded.review.inputs.map((i) => i.ours?.path ?? null)).toEqual(["m/84'/0'/0'/0/0", null, null, null]);
    const signed = await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: ['MISSING_NON_WITNESS_UTXO', 'FOREIGN_INPUTS'] });
    expect(signed).toMatchObject({ signedInputs: 1, totalInputs: 4, complete: false });
    const back = bitcoin.Psbt.fromBase64(signed.base64);
    expect(back.data.inputs.map((i) => (i.partialSig ?? []).length)).toEqual([1, 0, 0, 0]);
  });
});

describe('Sign Bitcoin by QR (issue 10 groundwork, wired into the flow)', () => {
  it('animated UR frames in any order → the review; the signed PSBT comes back as frames that scan to it', async () => {
    const { ok, call, walletId } = await setup();
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2tr', index: 1 }] });
    const frames = psbtFrames(built.bytes, 'ur2', { fragmentLength: 120 });
    expect(frames.length).toBeGreaterThan(4);
    let loaded = null;
    const order = [frames[2]!, 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', ...frames.slice(3), ...frames.slice(0, 2)];
    const statuses: string[] = [];
    for (const text of order) {
      const r = await ok('scanPsbtFrame', { walletId, network: 'mainnet', text });
      statuses.push(r.status.kind);
      if (r.loaded) {
        loaded = r.loaded;
        break;
      }
    }
    expect(statuses).toContain('invalid'); // the address QR in the middle is named, and does not break the stream
    expect(loaded).toMatchObject({ name: 'scanned', scannedAs: 'ur2', answerAs: 'ur2' });
    await ok('signPsbt', { psbtId: loaded!.psbtId, walletId, accept: [] });
    for (const format of ['ur2', 'ur1', 'bbqr'] as const) {
      const answer = await ok('getSignedFrames', { psbtId: loaded!.psbtId, format, fragmentLength: 200 });
      const back = new TransactionScan();
      // A fountain UR loops through its parts and as many mixed ones; a BBQr has its parts only.
      expect(answer.frames.length).toBe(format === 'bbqr' || answer.parts === 1 ? answer.parts : answer.parts * 2);
      for (const text of [...answer.frames].reverse()) if (back.add(text).kind === 'complete') break;
      const result = back.result();
      expect(result.kind).toBe('psbt');
      validateWithBitcoinjs((result as { bytes: Uint8Array }).bytes, [0, 1]);
    }
    expect(await call('getSignedFrames', { psbtId: loaded!.psbtId, format: 'ur2', fragmentLength: 10 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // BBQr density: the largest QR version asked for bounds every frame (version v is 17 + 4v modules wide).
    const low = await ok('getSignedFrames', { psbtId: loaded!.psbtId, format: 'bbqr', fragmentLength: 400, maxVersion: 5 });
    expect(low.frames.length).toBeGreaterThan(1);
    expect(Math.max(...low.frames.map((t) => frameMatrix(t).size))).toBeLessThanOrEqual(17 + 4 * 5);
    expect(await call('getSignedFrames', { psbtId: loaded!.psbtId, format: 'bbqr', fragmentLength: 400, maxVersion: 41 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
  it('a finished transaction scanned is not something to sign: said plainly', async () => {
    const { call, ok, walletId } = await setup();
    await ok('resetPsbtScan', undefined);
    const hex = '0200000001' + '11'.repeat(32) + '00000000' + '00' + 'fdffffff' + '01' + 'e803000000000000' + '16' + '0014' + '42'.repeat(20) + '00000000';
    expect(await call('scanPsbtFrame', { walletId, network: 'mainnet', text: hex })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringContaining('finished transaction') } });
  });
});
