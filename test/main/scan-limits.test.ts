/**
 * scanPsbtFrame through the real registered listener (review of issue 10): two BBQr codes of the same size are
 * refused with a plain status and read after resetPsbtScan (Start over); a pasted line longer than any QR code is
 * refused by name, not as a request the wallet could not accept.
 */
import { describe, expect, it } from 'vitest';
import { encodeBbqr } from '../../electron/core';
import { handlerHarness } from '../helpers/ipc';
import { ABANDON } from '../helpers/psbt-build';
import { buildFixture, pathFor, type FixtureInput } from '../helpers/psbt-fixtures';

async function setup() {
  const h = handlerHarness();
  const { walletId } = await h.ok('openWallet', { source: { words: ABANDON, language: null }, passphrase: '' });
  return { ...h, walletId };
}

/** Two PSBTs of the same length (amounts differ), as BBQr hex parts of at most 200 characters: the same headers. */
const psbtPaying = (base: number) => {
  const inputs: FixtureInput[] = Array.from({ length: 4 }, (_, i) => ({ type: 'p2tr', path: pathFor('p2tr', 0, i), value: base + i }));
  return new Uint8Array(buildFixture(inputs, [{ to: 'stranger', value: base }]).psbt.toBuffer());
};
const A = encodeBbqr(psbtPaying(100_000), 'P', { encoding: 'H', maxChars: 200 });
const B = encodeBbqr(psbtPaying(200_000), 'P', { encoding: 'H', maxChars: 200 });

describe('scanPsbtFrame: two BBQr codes of the same size', () => {
  it('the part that shows both is refused plainly (mixed), nothing loads; after resetPsbtScan one code alone loads', async () => {
    const { ok, walletId } = await setup();
    const k = A.findIndex((part, i) => part !== B[i]);
    expect(A[0]!.slice(0, 8)).toBe(B[0]!.slice(0, 8));
    const first = await ok('scanPsbtFrame', { walletId, network: 'mainnet', text: A[k]! });
    expect(first.status.kind).toBe('added');
    const clash = await ok('scanPsbtFrame', { walletId, network: 'mainnet', text: B[k]! });
    expect(clash).toEqual({ status: { kind: 'invalid', format: 'bbqr', why: 'two different BBQr codes of the same size are in view — show only one', mixed: true, progress: { received: 1, estimated: A.length } }, loaded: null });
    for (const text of [...A, ...B]) {
      const r = await ok('scanPsbtFrame', { walletId, network: 'mainnet', text });
      expect([r.status.mixed, r.loaded]).toEqual([true, null]);
    }
    await ok('resetPsbtScan', undefined);
    let loaded = null;
    for (const text of B) loaded ??= (await ok('scanPsbtFrame', { walletId, network: 'mainnet', text })).loaded;
    expect(loaded).toMatchObject({ name: 'scanned', scannedAs: 'bbqr' });
    expect(loaded!.review.outputs[0]).toMatchObject({ value: 200_000 });
  });
});

describe('scanPsbtFrame: a line longer than a QR code holds', () => {
  it('4297 characters: "this part is longer than a QR code can hold (4297 characters; at most 4296)"; 4296 reach the scan', async () => {
    const { call, ok, walletId } = await setup();
    const long = `B$HP0100${'0'.repeat(4289)}`;
    expect(long).toHaveLength(4297);
    expect(await call('scanPsbtFrame', { walletId, network: 'mainnet', text: long })).toEqual({
      ok: false,
      error: { code: 'BAD_QR', message: 'This part is longer than a QR code can hold (4297 characters; at most 4296).' },
    });
    const r = await ok('scanPsbtFrame', { walletId, network: 'mainnet', text: long.slice(0, 4296) });
    expect(r.status.kind).toBe('invalid');
    expect(r.status.why).not.toMatch(/longer than a QR code/);
  });
});
