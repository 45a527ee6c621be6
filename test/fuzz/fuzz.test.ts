/**
 * Issue 13: every parser of untrusted input fuzzed with an oracle (test/fuzz/harnesses.ts). Inside `npm test` a
 * few thousand inputs per parser; `npm run fuzz` runs the same harnesses with FUZZ_COUNT=100000 in its own
 * process, with time and memory limits (scripts/fuzz.mjs), and writes test-results/fuzz.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fuzz, type FuzzReport } from './engine';
import { HARNESSES } from './harnesses';

const FULL = process.env.FUZZ_COUNT !== undefined;
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 13);
const reports: FuzzReport[] = [];

describe.sequential('fuzzing every parser of untrusted input', () => {
  for (const { harness, testShare } of HARNESSES) {
    const count = FULL ? COUNT : Math.max(100, Math.round(COUNT * testShare));
    it(`${harness.name}: ${count} inputs, no crash, no hang, no wrong accept`, async () => {
      const report = await fuzz(harness, count, SEED);
      reports.push(report);
      if (FULL) process.stdout.write(`${report.name}: ${report.inputs} inputs, ${report.accepted} accepted, slowest ${report.slowestMs.toFixed(1)} ms, ${(report.totalMs / 1000).toFixed(1)} s\n`);
      expect(report.failures).toEqual([]);
    }, FULL ? 3_600_000 : 60_000);
  }
  it.runIf(FULL)('writes test-results/fuzz.json (only under npm run fuzz)', () => {
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/fuzz.json', `${JSON.stringify({ seed: SEED, count: COUNT, reports }, null, 2)}\n`);
  });
});
