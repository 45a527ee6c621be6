/**
 * Issue 10 review, finding 1: the main process's work to produce the signed PSBT's animated QR answer
 * (getSignedFrames) for a 100 KB and a 1 MB PSBT as UR crypto-psbt at 400-byte fragments (the default answer) and
 * as BBQr at QR version 17, in the same run:
 * - before: every frame's text and its QR matrix made in main (psbtFrames + textQr for each, as sign.ts did), all
 *   of it sent over IPC;
 * - after: psbtAnswer — the texts only, none made past 1,000 parts (the page draws each QR as it shows it).
 * The bytes that would cross IPC are counted (texts + matrices). One iteration each (the 1 MB "before" takes about
 * a minute). Results in docs/BENCHMARKS.md.
 */
import { afterAll, bench, describe } from 'vitest';
import { MAX_ANSWER_PARTS, psbtAnswer, psbtFrames } from '../electron/core/codecs/answer';
import { textQr } from '../electron/core/codecs/qr';

/** Incompressible bytes (as a PSBT's signatures and hashes mostly are), the same every run. */
function bytes(length: number): Uint8Array {
  let x = 1;
  return Uint8Array.from({ length }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x >>> 24));
}

const opts = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 };
const lines: string[] = [];
const note = (name: string, ms: number, frames: number, parts: number, ipcBytes: number) =>
  lines.push(`${name}: ${ms.toFixed(0)} ms, ${frames} frames made for ${parts} parts, ${(ipcBytes / 1e6).toFixed(2)} MB over IPC`);

function before(psbt: Uint8Array, format: 'ur1' | 'bbqr'): void {
  const t = performance.now();
  let texts: string[];
  try {
    texts = psbtFrames(psbt, format, format === 'bbqr' ? { maxVersion: 17 } : { fragmentLength: 400 });
  } catch (e) {
    lines.push(`before ${format} ${psbt.length / 1000} KB: an error after ${(performance.now() - t).toFixed(0)} ms (${(e as Error).message})`);
    return;
  }
  const qrs = texts.map((text) => ({ text, ...textQr(text, 'L') }));
  const ms = performance.now() - t;
  note(`before ${format} ${psbt.length / 1000} KB`, ms, qrs.length, qrs.length, qrs.reduce((n, q) => n + q.text.length + q.modules.length, 0));
}

function after(psbt: Uint8Array, format: 'ur1' | 'bbqr'): void {
  const t = performance.now();
  const answer = psbtAnswer(psbt, format, { maxParts: MAX_ANSWER_PARTS, ...(format === 'bbqr' ? { maxVersion: 17 } : { fragmentLength: 400 }) });
  const ms = performance.now() - t;
  note(`after ${format} ${psbt.length / 1000} KB`, ms, answer.frames.length, answer.parts, answer.frames.reduce((n, f) => n + f.length, 0));
}

afterAll(() => {
  process.stdout.write(`${lines.join('\n')}\n`);
});

for (const size of [100_000, 1_000_000]) {
  const psbt = bytes(size);
  for (const format of ['ur1', 'bbqr'] as const) {
    describe(`the signed PSBT's QR answer in main: ${size / 1000} KB as ${format === 'ur1' ? 'UR crypto-psbt, 400-byte fragments' : 'BBQr, QR version 17'}`, () => {
      bench('before: texts and every QR matrix in main', () => before(psbt, format), opts);
      bench('after: the texts only (psbtAnswer), none past 1,000 parts', () => after(psbt, format), opts);
    });
  }
}
