/**
 * Issue 10: "The same decoders take pasted text and text files, one part per line." qrPartLines tells a text (or a
 * file's bytes) of UR/BBQr parts from a PSBT in binary, base64 or hex; readStream reads those lines through the same
 * TransactionScan as the camera — a single part on one line too. Parts made by the other side's own encoders
 * (@keystonehq/bc-ur-registry CryptoPSBT, as Keystone and Sparrow show it) and by ours.
 */
import { CryptoPSBT } from '@keystonehq/bc-ur-registry';
import { base64, hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { encodeBbqr, numberLines, psbtFrames, qrPartLines, readStream } from '../../electron/core';
import { buildPsbt } from '../helpers/psbt-build';

const PSBT = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0 }] }).bytes;
const utf8 = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => {
  const lines = qrPartLines(text);
  expect(lines).not.toBeNull();
  return readStream('any', numberLines(lines!), { where: 'the pasted text' });
};

describe('qrPartLines: parts or a PSBT', () => {
  it('a PSBT in binary, base64 or hex (text or bytes, one line or wrapped) is not parts', () => {
    const b64 = base64.encode(PSBT);
    for (const input of [PSBT, b64, utf8(b64), hex.encode(PSBT), utf8(`${hex.encode(PSBT)}\n`), b64.replace(/(.{64})/g, '$1\n')]) {
      expect(qrPartLines(input)).toBeNull();
    }
  });

  it('one UR or BBQr part on one line, parts with CRLF, lower-case ur: and b$: parts (as text and as a file’s bytes)', () => {
    const [ur] = new CryptoPSBT(Buffer.from(PSBT)).toUREncoder(2000).nextPart().split('\n');
    const [bbqr] = encodeBbqr(PSBT, 'P');
    for (const text of [ur!, `${ur!.toLowerCase()}\n`, bbqr!, `  ${bbqr!}\r\n\r\n`, 'b$hp0100abcd', 'UR:CRYPTO-PSBT/abc\r\nUR:CRYPTO-PSBT/def']) {
      expect(qrPartLines(text)).toEqual(text.split(/\r?\n/));
      expect(qrPartLines(utf8(text))).toEqual(text.split(/\r?\n/));
    }
  });
});

describe('readStream over pasted or file lines', () => {
  it('a single-part UR v1 from Keystone’s registry, upper case (as a QR holds it): the PSBT', () => {
    const part = new CryptoPSBT(Buffer.from(PSBT)).toUREncoder(2000).nextPart().toUpperCase();
    expect(part.startsWith('UR:CRYPTO-PSBT/')).toBe(true);
    expect(read(part)).toMatchObject({ result: { kind: 'psbt', bytes: PSBT, format: 'ur1' }, parts: 1, notes: [] });
  });

  it('a one-part BBQr: the PSBT', () => {
    const parts = encodeBbqr(PSBT, 'P');
    expect(parts).toHaveLength(1);
    expect(read(parts[0]!)).toMatchObject({ result: { kind: 'psbt', bytes: PSBT, format: 'bbqr' }, parts: 1 });
  });

  it('multi-part UR v2 lines in any order with a blank line and a repeat: the PSBT', () => {
    const parts = psbtFrames(PSBT, 'ur2', { fragmentLength: 30 });
    expect(parts.length).toBeGreaterThan(3);
    expect(read([...parts].reverse().join('\n') + `\n\n${parts[0]!}\n`)).toMatchObject({ result: { kind: 'psbt', bytes: PSBT, format: 'ur2' } });
  });

  it('BBQr with parts missing: a BAD_QR that says how many', () => {
    const parts = encodeBbqr(PSBT, 'P', { encoding: 'H', maxChars: 60 });
    expect(parts.length).toBeGreaterThan(4);
    const r = read(parts.slice(0, 2).join('\n'));
    expect(r.result).toBeNull();
    expect(r.result === null && r.missing).toMatchObject({ code: 'BAD_QR', message: `Incomplete: 2 of ${parts.length} BBQr parts read; ${parts.length - 2} still missing.` });
  });

  it('a line that is no part: skipped and said', () => {
    const r = read(`bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu\nb$hp0100abcd`);
    expect(r.result).toBeNull();
    expect(r.notes[0]).toBe('line 1: skipped, this QR code is a Bitcoin address, not a transaction');
    expect(r.result === null && r.missing.message).toBe('No transaction QR code (UR, BBQr, base64 or hex PSBT) was read from the pasted text.');
  });
});
