/**
 * Issue 11: a multisig cosigner's review and signature of a 2-of-3 P2WSH sortedmulti PSBT built by bitcoinjs-lib
 * (test/helpers/multisig-psbt.ts), N inputs at receive indices 0..N-1 with every cosigner's bip32_derivation and the
 * previous transactions, change to the same wallet. Timed: parse, review against the registered wallet (each input
 * and the change proven by deriving the wallet's script), sign as one cosigner (sign, verify, serialize). Also the
 * registration itself: parse a descriptor, prove our key, seal and open the authenticated file. docs/BENCHMARKS.md.
 */
import { bench, describe } from 'vitest';
import { fingerprintHex } from '../electron/core/keys/hd';
import { parsePsbt, serializePsbt } from '../electron/core/psbt/parse';
import { reviewPsbt } from '../electron/core/psbt/review';
import { signPsbt } from '../electron/core/psbt/sign';
import { multisigFromDescriptor, requireOurKey } from '../electron/core/wallets/multisig';
import { openRegistration, sealRegistration } from '../electron/core/wallets/registration';
import { descriptorFor, keysFor, masters } from '../test/helpers/multisig';
import { buildMultisigPsbt } from '../test/helpers/multisig-psbt';

const keys = keysFor('p2wsh');
const text = descriptorFor('p2wsh', keys);
const fingerprint = fingerprintHex(masters.ours);
const opts = { iterations: 5, warmupIterations: 1, time: 0 };

for (const n of [10, 200]) {
  const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: Array.from({ length: n }, (_, index) => ({ index })), change: { index: 0 } });
  describe(`2-of-3 P2WSH, ${n} inputs (${(built.bytes.length / 1024).toFixed(0)} KiB)`, () => {
    bench('parse + review + sign as one cosigner', () => {
      // A fresh wallet object each time: nothing derived in an earlier iteration is reused.
      const wallet = multisigFromDescriptor(text);
      const p = parsePsbt(built.bytes);
      const review = reviewPsbt(p, { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
      const proven = new Map(review.inputs.flatMap((i) => (i.ours ? [[i.index, i.ours.path] as const] : [])));
      const out = signPsbt(p, masters.ours, { network: 'mainnet', multisig: wallet, proven });
      if (out.signedInputs !== n) throw new Error('not every input was signed');
      serializePsbt(out.psbt);
    }, opts);
  });
}

describe('registration', () => {
  bench('descriptor → wallet → our key proven → sealed → opened', () => {
    const w = multisigFromDescriptor(text);
    requireOurKey(w, masters.ours, fingerprint);
    openRegistration(sealRegistration(w, masters.ours), masters.ours);
  }, opts);
});
