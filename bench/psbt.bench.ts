/**
 * Issue 9: signing 100 / 500 / 1000-input P2WPKH and P2TR PSBTs ("abandon … about", BIP84 / BIP86 account 0,
 * one key per input), in the same process: ours (signPsbt: derivation proof, key derivation from the account node,
 * sighash, sign, verify), bitcoinjs-lib + tiny-secp256k1 (wasm), and @scure/btc-signer's own signIdx.
 * Targets at 500 inputs: ≤ 0.6 ms/input P2WPKH, ≤ 2 ms/input P2TR; per-input cost at 1000 within 1.2× of 100.
 * The competitors get their private keys derived in advance (not timed) — ours derives and proves inside the run.
 * Parsing is measured on its own, and signing on an already parsed PSBT. Results in docs/BENCHMARKS.md.
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { Transaction } from '@scure/btc-signer';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import { bench, describe } from 'vitest';
import { parsePsbt } from '../electron/core/psbt/parse';
import { signPsbt } from '../electron/core/psbt/sign';
import { abandonMaster, buildPsbt, leafKey, type ScriptType } from '../test/helpers/psbt-build';

const master = abandonMaster();
const SIZES = [100, 500, 1000] as const;
const TYPES: ReadonlyArray<ScriptType> = ['p2wpkh', 'p2tr'];

function tweakedSigner(secret: Uint8Array): bitcoin.Signer {
  const pub = ecc.pointFromScalar(secret, true) as Uint8Array;
  const d = pub[0] === 3 ? ecc.privateNegate(secret) : secret;
  const tweak = schnorr.utils.taggedHash('TapTweak', pub.subarray(1));
  const tweaked = ecc.privateAdd(d, tweak) as Uint8Array;
  const tweakedPub = ecc.pointFromScalar(tweaked, true) as Uint8Array;
  return { publicKey: tweakedPub, sign: (h) => ecc.sign(h, tweaked), signSchnorr: (h) => ecc.signSchnorr(h, tweaked, new Uint8Array(32).fill(1)) };
}

for (const type of TYPES) {
  for (const n of SIZES) {
    const built = buildPsbt({ inputs: Array.from({ length: n }, (_, index) => ({ type, index })) });
    const secrets = Array.from({ length: n }, (_, index) => leafKey(master, type, 'mainnet', 0, 0, index).privateKey as Uint8Array);
    const opts = { iterations: n >= 500 ? 3 : 8, warmupIterations: 1, time: 0 };
    describe(`${type}, ${n} inputs`, () => {
      bench('ours: parsePsbt + signPsbt', () => {
        signPsbt(parsePsbt(built.bytes), master, { network: 'mainnet' });
      }, opts);
      const parsed = parsePsbt(built.bytes);
      bench('ours: signPsbt only (parsed beforehand)', () => {
        signPsbt(parsed, master, { network: 'mainnet' });
      }, opts);
      bench('ours: parsePsbt only', () => {
        parsePsbt(built.bytes);
      }, opts);
      bench('bitcoinjs-lib + tiny-secp256k1: fromBuffer + signInput each', () => {
        const psbt = bitcoin.Psbt.fromBuffer(built.bytes);
        for (let i = 0; i < n; i++) {
          const secret = secrets[i] as Uint8Array;
          if (type === 'p2tr') psbt.signTaprootInput(i, tweakedSigner(secret));
          else psbt.signInput(i, { publicKey: ecc.pointFromScalar(secret, true) as Uint8Array, sign: (h) => ecc.sign(h, secret) });
        }
      }, opts);
      bench('@scure/btc-signer: fromPSBT + signIdx each', () => {
        const tx = Transaction.fromPSBT(built.bytes);
        for (let i = 0; i < n; i++) tx.signIdx(secrets[i] as Uint8Array, i);
      }, { ...opts, iterations: n >= 500 ? 1 : 3 });
      bench('@scure/btc-signer: fromPSBT only', () => {
        Transaction.fromPSBT(built.bytes);
      }, opts);
    });
  }
}
