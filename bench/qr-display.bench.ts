/**
 * Issue 10: "a 100 KB PSBT by QR at the display's full frame rate without dropping frames". The signed PSBT's
 * frames (UR, 400-byte fragments: 512 frames, QR 81×81 modules) are drawn the way AnimatedQr draws them — one SVG
 * path per frame, made once by the component's own qrPath(), the `d` attribute swapped on each display frame
 * (requestAnimationFrame) — in headless Chromium (software rendering, --disable-gpu). One bench iteration shows 120
 * frames, a new QR on every display frame; the page records each frame's interval, so dropped frames show as
 * intervals well over the display's period. React's own work per frame (one small re-render) is not in it.
 * Results in docs/BENCHMARKS.md.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { psbtFrames, textQr } from '../electron/core';
import { qrPath } from '../renderer/components/qr-path';
import { findChromium } from '../scripts/system-tools.mjs';

const PSBT_BYTES = 100_000;
const psbt = Uint8Array.from({ length: PSBT_BYTES }, (_, i) => (i * 7919 + 13) & 0xff);
const frames = psbtFrames(psbt, 'ur2', { fragmentLength: 400 }).map((t) => textQr(t, 'L'));
const paths = frames.map((m) => qrPath(m));
const side = frames[0]!.size + 8;

let browser: Browser;
let page: Page;
const intervals: Record<'swap' | 'still', number[]> = { swap: [], still: [] };

/** Shows 120 display frames; `swap`: a new QR path on each (what AnimatedQr does), else the same one (control). */
async function show(swap: boolean): Promise<number[]> {
  return page.evaluate(
    (swap) =>
      new Promise<number[]>((resolve) => {
        const w = window as unknown as { paths: string[]; at?: number };
        const path = document.getElementById('p')!;
        const times: number[] = [];
        const tick = (now: number) => {
          times.push(now);
          if (swap) w.at = ((w.at ?? 0) + 1) % w.paths.length;
          path.setAttribute('d', w.paths[w.at ?? 0]!);
          if (times.length <= 120) requestAnimationFrame(tick);
          else resolve(times.slice(1).map((t, i) => t - times[i]!));
        };
        requestAnimationFrame(tick);
      }),
    swap,
  );
}

function report(name: string, xs: readonly number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const late = xs.filter((x) => x > median * 1.5).length;
  return `${name}: ${xs.length} display intervals, median ${median.toFixed(2)} ms, p99 ${(sorted[Math.floor(sorted.length * 0.99)] ?? 0).toFixed(2)} ms, ` +
    `max ${(sorted.at(-1) ?? 0).toFixed(2)} ms, over 1.5× the median: ${late} (${((100 * late) / Math.max(xs.length, 1)).toFixed(1)} %)`;
}

beforeAll(async () => {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium is needed for this benchmark');
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent(`<svg id="qr" width="700" height="700" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path id="p" fill="#000"/></svg>`);
  await page.evaluate((p) => ((window as unknown as { paths: string[] }).paths = p), paths);
});

afterAll(async () => {
  await browser?.close();
  process.stdout.write(`${frames.length} frames of ${frames[0]!.size}×${frames[0]!.size} modules\n`);
  process.stdout.write(`${report('a new QR every display frame', intervals.swap)}\n`);
  process.stdout.write(`${report('control, the same QR every frame', intervals.still)}\n`);
});

describe(`a ${PSBT_BYTES / 1000} KB PSBT as an animated UR (400-byte fragments) in Chromium, 120 display frames`, () => {
  bench('a new QR on every display frame (the path swapped, as AnimatedQr does)', async () => {
    intervals.swap.push(...(await show(true)));
  }, { iterations: 8, time: 0 });
  bench('control: the same QR on every frame', async () => {
    intervals.still.push(...(await show(false)));
  }, { iterations: 8, time: 0 });
});
