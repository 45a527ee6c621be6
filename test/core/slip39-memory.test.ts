/**
 * Review of issue 13 ("Memory"): the SLIP-39 code zeroes its working buffers, not only what it returns. Every
 * Uint8Array made while splitting and combining is recorded (test/helpers/allocations.ts); once the caller has
 * zeroed what it was handed (as the vault does at close: the master secret, the split's encrypted secret), no array
 * made on the way may still hold the master secret, the encrypted master secret, or either half of them — the
 * Feistel network's halves `l` and `r` are exactly those halves before encrypting and after decrypting.
 */
import { describe, expect, it } from 'vitest';
import { combineIntoWallet, splitIntoShares } from '../../electron/core/backup/slip39/modes';
import { recordingAllocations, stillHolding, type Allocation } from '../helpers/allocations';

const SECRET = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i * 3);

/** The secret and its halves, as needles. */
const withHalves = (name: string, s: Uint8Array): Record<string, Uint8Array> => ({
  [name]: s.slice(),
  [`${name}, first half`]: s.slice(0, s.length / 2),
  [`${name}, second half`]: s.slice(s.length / 2),
});

function leftBehind(made: readonly Allocation[], encrypted: Uint8Array): string[] {
  return stillHolding(made, { ...withHalves('the master secret', SECRET), ...withHalves('the encrypted master secret', encrypted) });
}

/** A wallet-mode split of a copy of SECRET (the copy is the caller's: the vault zeroes it when the wallet closes). */
async function split(threshold: number, count: number, passphrase: string, masterSecret = SECRET.slice()) {
  return splitIntoShares({ mode: 'wallet', secret: { masterSecret }, groupThreshold: 1, groups: [{ threshold, count }], passphrase, iterationExponent: 0 });
}

describe('SLIP-39: no working buffer keeps the master secret or a half of it', () => {
  for (const [threshold, count] of [[1, 1], [2, 3]] as const) {
    it(`split ${threshold} of ${count} (every quorum checked, decrypted once more): only the split's encrypted secret is left, and the caller zeroes it`, async () => {
      const masterSecret = SECRET.slice();
      const { result, made } = await recordingAllocations(() => split(threshold, count, 'TREZOR', masterSecret));
      masterSecret.fill(0);
      const encrypted = result.split.encryptedSecret.slice();
      expect(made.length).toBeGreaterThan(0);
      expect(leftBehind(made, encrypted).length).toBeGreaterThan(0); // the split holds it, until closed…
      result.split.encryptedSecret.fill(0);
      expect(leftBehind(made, encrypted)).toEqual([]);
    });

    it(`combineIntoWallet('wallet', …) from ${threshold} of ${count}: only the master secret returned, which the caller zeroes`, async () => {
      const { split: s } = await split(threshold, count, 'TREZOR');
      const encrypted = s.encryptedSecret.slice();
      const shares = s.groups[0]!.shares.slice(0, threshold);
      const { result, made } = await recordingAllocations(() => combineIntoWallet('wallet', shares, 'TREZOR'));
      expect(result.masterSecret).toEqual(SECRET);
      result.masterSecret.fill(0);
      expect(leftBehind(made, encrypted)).toEqual([]);
    });
  }

  it('a recovery stopped after its second round leaves nothing: the halves of that moment are zeroed too', async () => {
    const { split: s } = await split(1, 1, '');
    const encrypted = s.encryptedSecret.slice();
    const signal = { aborted: false };
    const { made } = await recordingAllocations(() =>
      combineIntoWallet('wallet', s.groups[0]!.shares, '', { signal, onRound: (done) => (signal.aborted = done === 2) }).then(
        () => expect.fail('stopped'),
        (e: Error) => expect(e.message).toMatch(/stopped/),
      ),
    );
    expect(leftBehind(made, encrypted)).toEqual([]);
  });

  it('a combine refused after decrypting (an 18-byte Shamir wallet secret recovered as BIP39 words) leaves nothing either', async () => {
    const odd = SECRET.slice(0, 18);
    const { split: s } = await splitIntoShares({ mode: 'wallet', secret: { masterSecret: odd.slice() }, groupThreshold: 1, groups: [{ threshold: 1, count: 1 }], iterationExponent: 0 });
    const encrypted = s.encryptedSecret.slice();
    const { made } = await recordingAllocations(() => combineIntoWallet('bip39', s.groups[0]!.shares).then(
      () => expect.fail('an 18-byte secret is no BIP39 entropy'),
      (e: Error) => expect(e.message).toMatch(/18-byte secret, which is no BIP39 phrase/),
    ));
    expect(stillHolding(made, { ...withHalves('the master secret', odd), ...withHalves('the encrypted master secret', encrypted) })).toEqual([]);
  });
});
