/**
 * BIP341 wallet test vectors, keyPathSpending (bitcoin/bips bip-0341/wallet-test-vectors.json; test/vectors/README.md):
 * the transaction-wide intermediary hashes (sha_prevouts, sha_amounts, sha_scriptpubkeys, sha_sequences, sha_outputs),
 * and for each of the 7 inputs: internal key, tweak, tweaked secret key, SigMsg, sighash, and the published witness
 * signature re-made with BIP340 and all-zero auxiliary randomness (what the vector generator used).
 */
import { readFileSync } from 'node:fs';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { RawTx } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { SighashContext, type SighashTx } from '../../electron/core/psbt/sighash';
import { taprootOutputKey, taprootTweak, taprootTweakSecretKey } from '../../electron/core/psbt/sign-keys';

interface KeyPathCase {
  given: { rawUnsignedTx: string; utxosSpent: Array<{ scriptPubKey: string; amountSats: number }> };
  intermediary: { hashAmounts: string; hashOutputs: string; hashPrevouts: string; hashScriptPubkeys: string; hashSequences: string };
  inputSpending: Array<{
    given: { txinIndex: number; internalPrivkey: string; merkleRoot: string | null; hashType: number };
    intermediary: { internalPubkey: string; tweak: string; tweakedPrivkey: string; sigMsg: string; sigHash: string };
    expected: { witness: string[] };
  }>;
}
const data = JSON.parse(readFileSync('test/vectors/bip341-wallet-test-vectors.json', 'utf8')) as { keyPathSpending: KeyPathCase[] };

function context(c: KeyPathCase): SighashContext {
  const raw = RawTx.decode(hexToBytes(c.given.rawUnsignedTx));
  const tx: SighashTx = {
    version: raw.version,
    lockTime: raw.lockTime,
    inputs: raw.inputs.map((i) => ({ txid: i.txid, index: i.index, sequence: i.sequence })),
    outputs: raw.outputs.map((o) => ({ amount: o.amount, script: o.script })),
  };
  return new SighashContext(
    tx,
    c.given.utxosSpent.map((u) => ({ amount: BigInt(u.amountSats), script: hexToBytes(u.scriptPubKey) })),
  );
}

describe('BIP341 keyPathSpending', () => {
  data.keyPathSpending.forEach((c, k) => {
    it(`case ${k + 1}: transaction-wide hashes, computed once`, () => {
      const m = context(c).midstatesV1();
      expect(bytesToHex(m.prevouts)).toBe(c.intermediary.hashPrevouts);
      expect(bytesToHex(m.amounts)).toBe(c.intermediary.hashAmounts);
      expect(bytesToHex(m.scriptPubKeys)).toBe(c.intermediary.hashScriptPubkeys);
      expect(bytesToHex(m.sequences)).toBe(c.intermediary.hashSequences);
      expect(bytesToHex(m.outputs)).toBe(c.intermediary.hashOutputs);
    });
    const ctx = context(c);
    for (const input of c.inputSpending) {
      const { txinIndex, internalPrivkey, merkleRoot, hashType } = input.given;
      it(`case ${k + 1} input ${txinIndex} (hash type 0x${hashType.toString(16)}, ${merkleRoot ? 'with' : 'no'} script tree)`, () => {
        const root = merkleRoot ? hexToBytes(merkleRoot) : undefined;
        const internal = schnorr.getPublicKey(hexToBytes(internalPrivkey));
        expect(bytesToHex(internal)).toBe(input.intermediary.internalPubkey);
        expect(bytesToHex(taprootTweak(internal, root))).toBe(input.intermediary.tweak);
        const tweaked = taprootTweakSecretKey(hexToBytes(internalPrivkey), root);
        expect(bytesToHex(tweaked.secretKey)).toBe(input.intermediary.tweakedPrivkey);
        // The output key both ways: from the internal key (taproot_tweak_pubkey) and from the tweaked secret.
        const spk = c.given.utxosSpent[txinIndex]?.scriptPubKey;
        expect(`5120${bytesToHex(taprootOutputKey(internal, root))}`).toBe(spk);
        expect(`5120${bytesToHex(tweaked.outputKey)}`).toBe(spk);
        // Passing the known public key gives the same result.
        expect(bytesToHex(taprootTweakSecretKey(hexToBytes(internalPrivkey), root, secp256k1.getPublicKey(hexToBytes(internalPrivkey))).secretKey)).toBe(
          input.intermediary.tweakedPrivkey,
        );
        expect(bytesToHex(ctx.bip341SigMsg(txinIndex, hashType))).toBe(input.intermediary.sigMsg);
        const sighash = ctx.bip341(txinIndex, hashType);
        expect(bytesToHex(sighash)).toBe(input.intermediary.sigHash);
        const sig = schnorr.sign(sighash, tweaked.secretKey, new Uint8Array(32));
        const suffix = hashType === 0 ? '' : hashType.toString(16).padStart(2, '0');
        expect([bytesToHex(sig) + suffix]).toEqual(input.expected.witness);
      });
    }
  });
});
