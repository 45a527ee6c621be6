/**
 * Issue 10: every frame of a 30 fps 720p camera stream must be decoded off the UI thread with a fast decoder, within
 * 2.5× of native zxing-cpp (≈ 4–7 ms a frame here). A 1280×720 grey frame with mild noise shows one UR part of a
 * PSBT at a camera-like scale — a 400-byte fragment (Sparrow's default) and a dense 800-byte one — and a 640×480
 * frame shows a CompactSeedQR (raw bytes). Each is decoded, in the same run, by the function the app's worker runs
 * (renderer/workers/qr-decode.ts: paulmillr's `qr`, text and bytes modes), by jsQR (what the worker used before
 * for bytes) and by zxing-wasm (zxing-cpp compiled to WebAssembly, its wasm loaded from node_modules; a comparison
 * only, not in the app). Results in docs/BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { bench, describe } from 'vitest';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { psbtFrames, seedQrMatrix, textQr, type QrMatrix } from '../electron/core';
import { decodeFrame } from '../renderer/workers/qr-decode';
import { buildPsbt } from '../test/helpers/psbt-build';

function frameOf(m: QrMatrix, W: number, H: number): Uint8ClampedArray {
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

prepareZXingModule({ overrides: { wasmBinary: readFileSync('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm').buffer as ArrayBuffer }, fireImmediately: true });
/** Longer runs than the default: the machine is shared, and the minimum and median need samples. */
const OPTIONS = { time: 4000 };
const ZXING: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 1 };

const psbt = buildPsbt({ inputs: Array.from({ length: 12 }, (_, index) => ({ type: 'p2wpkh' as const, index, nonWitnessUtxo: true })) }).bytes;
const cases = [400, 800].map((fragmentLength) => {
  const part = psbtFrames(psbt, 'ur2', { fragmentLength })[0]!;
  const m = textQr(part);
  return { fragmentLength, part, size: m.size, image: { width: 1280, height: 720, data: frameOf(m, 1280, 720) } };
});
// SeedSigner's test vector 7 (Compact, its bytes include 0x0a): test/vectors/seedqr-vectors.json.
const seed = 'dignity utility vacant shiver thought canoe feel multiply item youth actor coyote';
const seedImage = { width: 640, height: 480, data: frameOf(seedQrMatrix(seed, 'compact'), 640, 480) };
const seedHex = '3e1e0bc1e31e0e4315348b76dfec0a98';

// Every decoder must read every frame, or its time means nothing.
for (const c of cases) {
  if (decodeFrame(c.image, 'text')?.text !== c.part) throw new Error(`the worker decoder did not read the ${c.fragmentLength}-byte frame`);
  if (jsQR(c.image.data, 1280, 720)?.data !== c.part) throw new Error(`jsQR did not read the ${c.fragmentLength}-byte frame`);
  if ((await readBarcodes(c.image as ImageData, ZXING))[0]?.text !== c.part) throw new Error(`zxing-wasm did not read the ${c.fragmentLength}-byte frame`);
}
if (Buffer.from(decodeFrame(seedImage, 'bytes')!.bytes).toString('hex') !== seedHex) throw new Error('the worker decoder did not read the SeedQR bytes');
if (Buffer.from(jsQR(seedImage.data, 640, 480)!.binaryData).toString('hex') !== seedHex) throw new Error('jsQR did not read the SeedQR bytes');

for (const c of cases) {
  describe(`one 1280×720 camera frame, a ${c.fragmentLength}-byte UR part (QR ${c.size}×${c.size} modules)`, () => {
    bench('qr (paulmillr) — the app worker’s decoder, text mode', () => {
      decodeFrame(c.image, 'text');
    }, OPTIONS);
    bench('zxing-wasm 3.1 (zxing-cpp in WebAssembly; comparison)', async () => {
      await readBarcodes(c.image as ImageData, ZXING);
    }, OPTIONS);
    bench('jsQR 1.4 (comparison)', () => {
      jsQR(c.image.data, 1280, 720);
    }, OPTIONS);
  });
}

describe('one 640×480 camera frame, a CompactSeedQR (raw bytes)', () => {
  bench('qr (paulmillr) — the app worker’s decoder, bytes mode', () => {
    decodeFrame(seedImage, 'bytes');
  }, OPTIONS);
  bench('jsQR 1.4 — the worker’s bytes decoder before (comparison)', () => {
    jsQR(seedImage.data, 640, 480);
  }, OPTIONS);
});
