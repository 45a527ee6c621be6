/**
 * Round trips as properties (fast-check): any valid wallet (M of N from a pool of keys, each script type, sorted or
 * not) exports a descriptor that reads back as the same wallet with the same addresses; a sealed registration opens
 * to the same wallet; and any single byte changed in a sealed registration is refused — never a different wallet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWalletError } from '../../electron/core/errors';
import { formatPath } from '../../electron/core/keys/hd';
import { multisigAddress, multisigDescriptors, multisigFromDescriptor, validateMultisig, type MultisigScriptType, type MultisigWallet } from '../../electron/core/wallets/multisig';
import { openRegistration, sealRegistration } from '../../electron/core/wallets/registration';
import { cosignerKey, masters } from '../helpers/multisig';

const H = 0x80000000;
// A pool of keys: four seeds × two accounts, per script type (ours is "abandon … about", account 0).
const pool = (type: MultisigScriptType) =>
  (['ours', 'b', 'c', 'd'] as const).flatMap((who) =>
    [0, 1].map((account) => cosignerKey(masters[who], type, 'mainnet', type === 'p2sh' ? [45 + H, account] : [48 + H, H, account + H, (type === 'p2wsh' ? 2 : 1) + H])),
  );
const pools = { p2wsh: pool('p2wsh'), 'p2sh-p2wsh': pool('p2sh-p2wsh'), p2sh: pool('p2sh') };

const walletArb = fc
  .record({
    scriptType: fc.constantFrom<MultisigScriptType>('p2wsh', 'p2sh-p2wsh', 'p2sh'),
    picks: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 6 }),
    sorted: fc.boolean(),
    mSeed: fc.nat(),
  })
  .map(({ scriptType, picks, sorted, mSeed }): MultisigWallet => {
    const keys = [0, ...picks].map((i) => pools[scriptType][i]!);
    const n = keys.length;
    const m = 1 + (mSeed % n);
    return validateMultisig({ name: 'Prop', m, n, scriptType, sorted, network: 'mainnet', cosigners: keys.map((k) => ({ fingerprint: k.fingerprint, path: formatPath(k.path), xpub: k.xpub })) });
  });

describe('multisig round trips (properties)', () => {
  it('descriptor out → descriptor in: the same wallet, the same addresses', () => {
    fc.assert(
      fc.property(walletArb, fc.integer({ min: 0, max: 50 }), (w, index) => {
        const d = multisigDescriptors(w);
        const back = multisigFromDescriptor(d.multipath, { name: 'Prop' });
        expect(back).toEqual(w);
        expect(multisigAddress(back, index % 2 === 1, index).address).toBe(multisigAddress(w, index % 2 === 1, index).address);
      }),
      { numRuns: 40 },
    );
  });

  it('seal → open is the same wallet; one byte changed is refused, never another wallet', () => {
    fc.assert(
      fc.property(walletArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (w, at, xor) => {
        const sealed = sealRegistration(w, masters.ours);
        expect(openRegistration(sealed, masters.ours)).toEqual(w);
        const bad = Uint8Array.from(sealed);
        const i = at % bad.length;
        bad[i] = (bad[i] as number) ^ xor;
        try {
          const opened = openRegistration(bad, masters.ours);
          // Only a change that leaves the same canonical bytes could open (e.g. none): it must be the same wallet.
          expect(opened).toEqual(w);
        } catch (e) {
          expect(isWalletError(e)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
