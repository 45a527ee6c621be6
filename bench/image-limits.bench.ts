/**
 * Issue 10 review: what `permafrost scan`'s image limits (electron/common/image-header.ts, electron/cli/images.ts)
 * cost and what the worst files they let through cost, in the same run:
 * - the review's three attacks in small versions, refused (a PNG with a second IHDR, an interlaced PNG whose data
 *   inflates to 256 MiB, a 47.6-megapixel progressive JPEG of 65 empty scans);
 * - the worst JPEG of that shape still read: 64 empty scans of 47.6 megapixels, beside the same frame with 1 scan;
 * - the walk and the bounded inflation on an honest file: a 2000×2000 screenshot PNG by readImage, beside pngjs
 *   alone (the image data is inflated twice: once within its bound, once by pngjs).
 * One iteration each (vitest repeats it). Results in docs/BENCHMARKS.md.
 */
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, bench, describe } from 'vitest';
import { readImage } from '../electron/cli/images';
import { chunk, IEND, ihdr, png, scansJpeg } from '../test/helpers/hostile-images';

const opts = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const lines: string[] = [];

function timed(name: string, bytes: Uint8Array, read: () => unknown): void {
  const t = performance.now();
  let outcome: string;
  try {
    read();
    outcome = 'read';
  } catch (e) {
    outcome = `refused: ${(e as Error).message.slice(0, 70)}…`;
  }
  lines.push(`${name} (${bytes.length.toLocaleString('en-US')} bytes): ${(performance.now() - t).toFixed(1)} ms, ${outcome}`);
}

afterAll(() => {
  process.stdout.write(`${lines.join('\n')}\n`);
});

const twoIhdr = png(ihdr(1, 1), ihdr(8000, 8000), chunk('IDAT', deflateSync(new Uint8Array(2))), IEND);
const bomb = png(ihdr(6900, 6900, { interlace: 1 }), chunk('IDAT', deflateSync(new Uint8Array(256 << 20), { level: 9 })), IEND);
const scans65 = scansJpeg(7000, 6800, 65);
const scans64 = scansJpeg(7000, 6800, 64);
const scans1 = scansJpeg(7000, 6800, 1);
const screenshot = (() => {
  const image = new PNG({ width: 2000, height: 2000 });
  for (let i = 0; i < image.data.length; i += 4) image.data.writeUInt32BE(((i >> 2) % 2000 >> 4) % 2 === ((i >> 2) / 2000 / 16 | 0) % 2 ? 0x000000ff : 0xffffffff, i);
  return new Uint8Array(PNG.sync.write(image));
})();

describe('the review of issue 10: hostile image files, refused', () => {
  bench('a PNG with a second IHDR (8000×8000)', () => timed('second IHDR', twoIhdr, () => readImage('f', twoIhdr)), opts);
  bench('an interlaced 6900×6900 PNG whose data inflates to 256 MiB', () => timed('interlaced bomb', bomb, () => readImage('f', bomb)), opts);
  bench('a 47.6-megapixel progressive JPEG of 65 empty scans', () => timed('65 scans', scans65, () => readImage('f', scans65)), opts);
});

describe('the worst JPEG of that shape still read', () => {
  bench('47.6 megapixels, 1 empty scan', () => timed('1 scan', scans1, () => readImage('f', scans1)), opts);
  bench('47.6 megapixels, 64 empty scans', () => timed('64 scans', scans64, () => readImage('f', scans64)), opts);
});

describe('an honest 2000×2000 screenshot PNG', () => {
  bench('pngjs alone', () => timed('pngjs alone', screenshot, () => PNG.sync.read(Buffer.from(screenshot))), opts);
  bench('readImage (walk, bounded inflation, then pngjs)', () => timed('readImage', screenshot, () => readImage('f', screenshot)), opts);
});
