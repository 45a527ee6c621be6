// The fuzz engine's own oracles: a hang is a call over budget twice (once can be the machine), a crash is any throw
// but a WalletError.
import { describe, expect, it } from 'vitest';
import { WalletError } from '../../electron/core/errors';
import { fuzz, type Harness } from './engine';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const harness = (run: (input: number) => unknown): Harness<number> => ({ name: 'test', seeds: [1], input: () => 1, run, hangMs: 20 });

describe('fuzz engine', () => {
  it('reports an input that is over budget every time as a hang', async () => {
    const report = await fuzz(harness(() => busy(40)), 2);
    expect(report.failures.map((f) => f.kind)).toEqual(['hang', 'hang']);
    expect(report.failures[0]!.detail).toMatch(/^\d+ ms, then \d+ ms \(budget 20 ms\)$/);
  });
  it('does not report a call that was slow once (a pause of the machine) as a hang', async () => {
    let calls = 0;
    const report = await fuzz(harness(() => busy(calls++ === 0 ? 40 : 0)), 3);
    expect(calls).toBe(4);
    expect(report.failures).toEqual([]);
  });
  it('judges a throw on the first call only: a WalletError is a refusal, anything else a crash', async () => {
    const refused = await fuzz(harness(() => { throw new WalletError('BAD_PSBT', 'no'); }), 2);
    expect(refused.failures).toEqual([]);
    const crashed = await fuzz(harness(() => { throw new TypeError('boom'); }), 1);
    expect(crashed.failures.map((f) => f.kind)).toEqual(['crash']);
  });
});
