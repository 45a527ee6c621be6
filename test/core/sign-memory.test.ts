/**
 * Review (issue 9): every copy of a private key the PSBT signer reads is zeroed after use, at the core's level
 * (test/main/secret-buffers.test.ts checks the app's flows). @scure/bip32's `privateKey` getter returns a fresh copy
 * each time, and the batched verification reads the branch secret once per signature: without the wipe, one copy of
 * the change-branch key stayed in the heap per signed input. The getter is observed here; every copy it handed out
 * must be zero once signing ends, also when a signature fails its check.
 */
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import { parsePsbt } from '../../electron/core/psbt/parse';
import { signPsbt, signPsbtWithSeam } from '../../electron/core/psbt/sign';
import { abandonMaster, buildPsbt, type InputSpec } from '../helpers/psbt-build';

const master = abandonMaster();

/** Runs f while recording every copy HDKey.privateKey hands out. */
function recordingCopies(f: () => void): Uint8Array[] {
  const descriptor = Object.getOwnPropertyDescriptor(HDKey.prototype, 'privateKey') as PropertyDescriptor;
  const get = descriptor.get as (this: HDKey) => Uint8Array | null;
  const copies: Uint8Array[] = [];
  Object.defineProperty(HDKey.prototype, 'privateKey', {
    ...descriptor,
    get(this: HDKey) {
      const copy = get.call(this);
      if (copy) copies.push(copy);
      return copy;
    },
  });
  try {
    f();
  } finally {
    Object.defineProperty(HDKey.prototype, 'privateKey', descriptor);
  }
  return copies;
}

describe('no copy of a private key is left behind by the signer', () => {
  it('P2WPKH and P2TR inputs on two branches: every copy read is zeroed', () => {
    const inputs: InputSpec[] = [0, 1, 2, 3, 4].map((index) => ({ type: 'p2wpkh', index }));
    const built = buildPsbt({ inputs: [...inputs, { type: 'p2tr', index: 0 }, { type: 'p2tr', index: 1 }] });
    let signed = 0;
    const copies = recordingCopies(() => {
      signed = signPsbt(parsePsbt(built.bytes), master, { network: 'mainnet' }).signedInputs;
    });
    expect(signed).toBe(7);
    expect(copies.length).toBeGreaterThan(0);
    copies.forEach((c, i) => expect(c, `copy ${i} of ${copies.length}`).toEqual(new Uint8Array(32)));
  });
  it('also when a signature fails its check', () => {
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0 }, { type: 'p2tr', index: 1 }] });
    const copies = recordingCopies(() => {
      expect(() => signPsbtWithSeam(parsePsbt(built.bytes), master, { network: 'mainnet' }, { afterSign: (s) => s.map((b) => b ^ 1) })).toThrow(/did not verify/);
    });
    copies.forEach((c, i) => expect(c, `copy ${i} of ${copies.length}`).toEqual(new Uint8Array(32)));
  });
});
