/**
 * Issue 10: "a 100 KB PSBT by QR at the display's full frame rate without dropping frames". The signed PSBT's
 * frames (UR, 400-byte fragments: 502 frames, QR 81×81 modules) are drawn the way AnimatedQr draws them since the
 * review of issue 10 — main sends the texts; on each display frame (requestAnimationFrame) the page draws the QR of
 * the frame coming up with the component's own QrFrameCache (renderer/components/qr-frame.ts: the `qr` encoder,
 * then qrPath; 48 frames kept, so a 502-frame loop draws every frame afresh, the worst case) and swaps the path's
 * `d` — in headless Chromium (software rendering, --disable-gpu). One bench iteration shows 120 frames, a new QR on
 * every display frame; the page records each frame's interval, so dropped frames show as intervals well over the
 * display's period, and how long each drawing took. React's own work per frame (one small re-render) is not in it.
 * Results in docs/BENCHMARKS.md.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { psbtFrames } from '../electron/core/codecs/answer';
import { frameMatrix } from '../renderer/components/qr-frame';
import { findChromium } from '../scripts/system-tools.mjs';

const PSBT_BYTES = 100_000;
const psbt = Uint8Array.from({ length: PSBT_BYTES }, (_, i) => (i * 7919 + 13) & 0xff);
const texts = psbtFrames(psbt, 'ur2', { fragmentLength: 400 });
const side = frameMatrix(texts[0]!).size + 8;

let browser: Browser;
let page: Page;
const intervals: Record<'swap' | 'still', number[]> = { swap: [], still: [] };
const drawing: number[] = [];

/** Shows 120 display frames; `swap`: a new QR drawn from its text on each (what AnimatedQr does), else the same one (control). */
async function show(swap: boolean): Promise<{ intervals: number[]; drawing: number[] }> {
  return page.evaluate(
    (swap) =>
      new Promise<{ intervals: number[]; drawing: number[] }>((resolve) => {
        type Cache = { get(text: string): { path: string } };
        const w = window as unknown as { texts: string[]; at?: number; cache: Cache };
        const path = document.getElementById('p')!;
        const times: number[] = [];
        const drawing: number[] = [];
        const tick = (now: number) => {
          times.push(now);
          if (swap) w.at = ((w.at ?? 0) + 1) % w.texts.length;
          const t = performance.now();
          const frame = w.cache.get(w.texts[w.at ?? 0]!);
          drawing.push(performance.now() - t);
          path.setAttribute('d', frame.path);
          if (times.length <= 120) requestAnimationFrame(tick);
          else resolve({ intervals: times.slice(1).map((x, i) => x - times[i]!), drawing });
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
  // The component's own drawing code, bundled for the page as the app's build bundles it.
  const bundle = await build({ entryPoints: ['renderer/components/qr-frame.ts'], bundle: true, write: false, format: 'iife', globalName: 'QrFrames', platform: 'browser', logLevel: 'warning' });
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent(`<svg id="qr" width="700" height="700" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path id="p" fill="#000"/></svg>`);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  await page.evaluate((t) => {
    const w = window as unknown as { texts: string[]; cache: unknown; QrFrames: { QrFrameCache: new () => unknown } };
    w.texts = t;
    w.cache = new w.QrFrames.QrFrameCache();
  }, texts);
});

afterAll(async () => {
  await browser?.close();
  process.stdout.write(`${texts.length} frames of ${side - 8}×${side - 8} modules\n`);
  const sorted = [...drawing].sort((a, b) => a - b);
  process.stdout.write(`drawing a frame from its text: median ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} ms, p99 ${(sorted[Math.floor(sorted.length * 0.99)] ?? 0).toFixed(2)} ms, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms (${sorted.length} frames)\n`);
  process.stdout.write(`${report('a new QR every display frame', intervals.swap)}\n`);
  process.stdout.write(`${report('control, the same QR every frame', intervals.still)}\n`);
});

describe(`a ${PSBT_BYTES / 1000} KB PSBT as an animated UR (400-byte fragments) in Chromium, 120 display frames`, () => {
  bench('a new QR on every display frame (drawn from its text, as AnimatedQr does)', async () => {
    const r = await show(true);
    intervals.swap.push(...r.intervals);
    drawing.push(...r.drawing);
  }, { iterations: 8, time: 0 });
  bench('control: the same QR on every frame', async () => {
    intervals.still.push(...(await show(false)).intervals);
  }, { iterations: 8, time: 0 });
});
