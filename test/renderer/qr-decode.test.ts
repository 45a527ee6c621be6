/**
 * The worker's QR decoder (renderer/workers/qr-decode.ts) — the same function the camera, image and video inputs
 * use: SeedSigner's SeedQR test vectors (Compact: raw bytes, some of them the "problem characters" \n, \r, 0x00
 * that a text decoder would mangle; Standard: digits) come back exactly; a UR part and a base64 PSBT as text;
 * a frame with no code is null, never an exception.
 */
import { hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { psbtFrames, qrMatrix, seedQrMatrix, textQr } from '../../electron/core';
import { decodeFrame } from '../../renderer/workers/qr-decode';
import { matrixToRgba } from '../helpers/qr-image';
import { buildPsbt } from '../helpers/psbt-build';
import { SEEDQR_VECTORS } from '../helpers/seedqr-vectors';

describe('the worker decoder, bytes mode: SeedQR vectors', () => {
  SEEDQR_VECTORS.forEach((v, i) => {
    it(`vector ${i + 1} (${v.title}): Compact SeedQR gives back its exact bytes, Standard its digits`, () => {
      const compact = decodeFrame(matrixToRgba(seedQrMatrix(v.mnemonic, 'compact')), 'bytes');
      expect(compact && hex.encode(compact.bytes)).toBe(v.compact_bytes_hex);
      const standard = decodeFrame(matrixToRgba(seedQrMatrix(v.mnemonic, 'standard')), 'bytes');
      expect(standard?.text).toBe(v.standard_digit_stream);
    });
  });

  it('every byte value 0–255 in one byte segment comes back unchanged', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const found = decodeFrame(matrixToRgba(qrMatrix([{ data: all, mode: 'byte' }])), 'bytes');
    expect(found && hex.encode(found.bytes)).toBe(hex.encode(all));
  });
});

describe('the worker decoder, text mode: transactions', () => {
  const psbt = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0 }] }).bytes;
  it('a 400-byte UR part of a PSBT', () => {
    const part = psbtFrames(psbt, 'ur2', { fragmentLength: 400 })[0]!;
    expect(decodeFrame(matrixToRgba(textQr(part), 3), 'text')?.text).toBe(part);
  });
  it('a base64 PSBT in byte mode', () => {
    const b64 = Buffer.from(psbt).toString('base64');
    expect(decodeFrame(matrixToRgba(textQr(b64), 3), 'text')?.text).toBe(b64);
  });
  it('a frame with no QR code is null', () => {
    expect(decodeFrame({ width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4).fill(200) }, 'text')).toBeNull();
    expect(decodeFrame({ width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4).fill(200) }, 'bytes')).toBeNull();
  });
});
