/**
 * Issue 10: every frame of a 30 fps 720p camera stream must be decoded off the UI thread with a fast decoder. A
 * 1280×720 grey frame showing one UR part of a PSBT (400-byte fragment, as Sparrow shows them) at a camera-like
 * scale, with mild noise, decoded by the worker's two decoders in the same run: paulmillr's `qr` (text mode, used
 * for transactions) and jsQR (bytes mode, kept for CompactSeedQR). Results in docs/BENCHMARKS.md.
 */
import jsQR from 'jsqr';
import decodeQR from 'qr/decode.js';
import { bench, describe } from 'vitest';
import { psbtFrames, textQr } from '../electron/core';
import { buildPsbt } from '../test/helpers/psbt-build';

const W = 1280;
const H = 720;

function frameOf(text: string): Uint8ClampedArray {
  const m = textQr(text);
  const data = new Uint8ClampedArray(W * H * 4);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 24) - 12;
  const scale = Math.floor((H * 0.85) / (m.size + 8));
  const x0 = Math.floor((W - m.size * scale) / 2);
  const y0 = Math.floor((H - m.size * scale) / 2);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const r = Math.floor((y - y0) / scale);
      const c = Math.floor((x - x0) / scale);
      const dark = r >= 0 && c >= 0 && r < m.size && c < m.size && m.modules[r * m.size + c] === 1;
      const v = Math.max(0, Math.min(255, (dark ? 40 : 215) + noise()));
      const i = (y * W + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = v;
      data[i + 3] = 255;
    }
  }
  return data;
}

const psbt = buildPsbt({ inputs: Array.from({ length: 6 }, (_, index) => ({ type: 'p2wpkh' as const, index, nonWitnessUtxo: true })) }).bytes;
const part = psbtFrames(psbt, 'ur2', { fragmentLength: 400 })[0] as string;
const frame = frameOf(part);
if (decodeQR({ width: W, height: H, data: frame }) !== part) throw new Error('qr did not decode the bench frame');
if (jsQR(frame, W, H)?.data !== part) throw new Error('jsQR did not decode the bench frame');

describe('one 1280×720 camera frame with a 400-byte UR part', () => {
  bench('qr (paulmillr) — the worker’s text mode', () => {
    decodeQR({ width: W, height: H, data: frame });
  });
  bench('jsQR — the worker’s bytes mode (comparison)', () => {
    jsQR(frame, W, H);
  });
});
