/**
 * The renderer draws the answer's QR frames itself (renderer/components/qr-frame.ts, the `qr` package's encoder):
 * each drawing reads back with an independent decoder (jsQR) to its text, at the same QR version the core's
 * encoder picks (alphanumeric mode for upper-case UR and BBQr, byte mode for base64), and the frame cache keeps
 * the most recently shown frames.
 */
import { describe, expect, it } from 'vitest';
import { psbtFrames, textQr } from '../../electron/core';
import { frameMatrix, QrFrameCache } from '../../renderer/components/qr-frame';
import { qrPath } from '../../renderer/components/qr-path';
import { decodeMatrix } from '../helpers/qr-image';
import { buildPsbt } from '../helpers/psbt-build';

const psbt = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2tr', index: 1 }] }).bytes;
const texts = {
  'UR crypto-psbt part': psbtFrames(psbt, 'ur1', { fragmentLength: 200 })[0]!,
  'BBQr part (version 17)': psbtFrames(psbt, 'bbqr', { maxVersion: 17 })[0]!,
  'base64 PSBT (byte mode)': Buffer.from(psbt).toString('base64'),
};

describe('frameMatrix', () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`${name}: jsQR reads the drawing back, at the version the core's encoder picks`, () => {
      const m = frameMatrix(text);
      expect(decodeMatrix(m).text).toBe(text);
      expect(m.size).toBe(textQr(text, 'L').size);
    });
  }
  it('text too long for any QR code throws (AnimatedQr shows a message instead)', () => {
    expect(() => frameMatrix('A'.repeat(5000))).toThrow();
  });
});

describe('QrFrameCache', () => {
  it('draws a text once, gives the path of its dark modules, and lets the least recently shown go first', () => {
    const cache = new QrFrameCache(2);
    const a = cache.get('A');
    expect(a).toEqual({ size: 21, path: qrPath(frameMatrix('A')) });
    expect(cache.get('A')).toBe(a);
    cache.get('B');
    cache.get('A'); // A shown again: B is now the oldest
    cache.get('C');
    expect([cache.has('A'), cache.has('B'), cache.has('C'), cache.size]).toEqual([true, false, true, 2]);
  });
});
