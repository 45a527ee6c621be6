/**
 * Signing as one cosigner of a registered multisig wallet (P2WSH, P2SH-P2WSH, P2SH): an input is signed only when
 * its script derives from the registered wallet (psbt/multisig.ts), at the path the review showed, with our key at
 * that path. The signature goes into partial_sig; the input is never finalized (the coordinator combines the M
 * signatures). BIP143 signs the witness script as scriptCode (P2WSH and P2SH-P2WSH); P2SH signs the redeem script
 * with the legacy algorithm and needs the previous transaction (non_witness_utxo) to trust the amount.
 */
import type { Transaction } from '@scure/btc-signer';
import { WalletError } from '../errors';
import { formatPath, type HDKey } from '../keys/hd';
import { checkOurKeys, type MultisigWallet } from '../wallets/multisig';
import { ourPathAt, partialSigChecker, proveMultisig, signatureCount, type MultisigMatch } from './multisig';
import { SIGHASH_ALL, SIGHASH_SINGLE, type SighashContext, type SpentOutput } from './sighash';
import { signEcdsaBatch, verifyBatch } from './sign-curve';
import type { KeyCache } from './sign-keys';
import type { InputUpdate } from './sign-write';

type Input = ReturnType<Transaction['getInput']>;

export interface MultisigPlan {
  readonly index: number;
  readonly match: MultisigMatch;
  readonly path: readonly number[];
  readonly hashType: number;
}

/** Per multisig input of the registered wallet: how many of its M signatures it has (after signing). */
export interface MultisigInputStatus {
  readonly input: number;
  readonly signatures: number;
  readonly required: number;
}

const ECDSA_TYPES = new Set([0x01, 0x02, 0x03, 0x81, 0x82, 0x83]);
const bad = (message: string) => new WalletError('BAD_PSBT', message);
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, k) => x === b[k]);

function claimsOf(input: Input): Array<{ fingerprint: number; path: readonly number[] }> {
  return (input.bip32Derivation ?? []).map(([, d]) => ({ fingerprint: d.fingerprint, path: d.path }));
}

/** Our cosigners in the wallet (their xpub derives from this seed); refuses a wallet that holds none. */
export function ourCosigners(w: MultisigWallet, master: HDKey, fingerprint: string): readonly number[] {
  const { ours } = checkOurKeys(w, master, fingerprint);
  if (ours.length === 0) throw new WalletError('INVALID_ARGUMENT', `The multisig wallet "${w.name}" holds no key of the open wallet (fingerprint ${fingerprint}).`);
  return ours;
}

/** The multisig inputs we sign: proven the wallet's, at the path `proven` names (when given), not final. */
export function planMultisigInputs(
  inputs: readonly Input[],
  spent: readonly (SpentOutput | undefined)[],
  ctx: { wallet: MultisigWallet; ours: readonly number[]; proven: ReadonlyMap<number, string> | undefined; accept: readonly number[]; outputCount: number },
): MultisigPlan[] {
  const plans: MultisigPlan[] = [];
  inputs.forEach((input, i) => {
    if (input.finalScriptSig?.length || input.finalScriptWitness?.length) return;
    if (ctx.proven && !ctx.proven.has(i)) return;
    const script = spent[i]?.script;
    if (!script) return;
    const match = proveMultisig(ctx.wallet, claimsOf(input), script);
    if (!match) return;
    const path = ourPathAt(ctx.wallet, ctx.ours[0] as number, match);
    if (ctx.proven && ctx.proven.get(i) !== formatPath(path)) return;
    // BIP174: a witness or redeem script in the PSBT must be the one the output commits to (here: the proven one).
    for (const [name, given, proven] of [
      ['witness_script', input.witnessScript, match.scripts.witnessScript],
      ['redeem_script', input.redeemScript, match.scripts.redeemScript],
    ] as const) {
      if (given && !(proven && sameBytes(given, proven))) {
        throw bad(`PSBT input ${i}: its ${name} is not the script this input spends (the registered wallet's at ${formatPath(path)}): the PSBT is inconsistent or altered. Nothing was signed.`);
      }
    }
    const hashType = input.sighashType ?? SIGHASH_ALL;
    if (!ECDSA_TYPES.has(hashType)) throw bad(`PSBT input ${i}: sighash type 0x${hashType.toString(16)} is not valid for this script.`);
    if (!ctx.accept.includes(hashType)) {
      throw new WalletError('UNSUPPORTED', `PSBT input ${i} asks for sighash 0x${hashType.toString(16)}, which lets others change parts of the transaction after you sign; sign it only after accepting that warning.`);
    }
    if ((hashType & 0x1f) === SIGHASH_SINGLE && i >= ctx.outputCount) throw bad(`PSBT input ${i} asks for SIGHASH_SINGLE but the transaction has no output ${i}. Not signed.`);
    if (ctx.wallet.scriptType === 'p2sh' && !input.nonWitnessUtxo) throw bad(`PSBT input ${i}: a P2SH multisig input needs non_witness_utxo (the previous transaction) to be signed.`);
    plans.push({ index: i, match, path, hashType });
  });
  return plans;
}

/**
 * Signs planned inputs together (one batch of nonces and inversions, as the single-key signer does: sign-curve.ts),
 * verifies every signature against the key recomputed from its branch, and returns the PSBT fields to add.
 */
export function signMultisigInputs(
  plans: readonly MultisigPlan[],
  inputs: readonly Input[],
  sighashes: SighashContext,
  spent: readonly (SpentOutput | undefined)[],
  keys: KeyCache,
): Map<number, InputUpdate> {
  keys.prefetch(plans.map((p) => p.path));
  const leaves = plans.map((plan) => {
    const leaf = keys.leaf(plan.path);
    // The key at our path must be the one in the wallet's script at this index (proved from the xpub, now from the seed).
    if (!plan.match.scripts.pubkeys.some((k) => k.length === leaf.publicKey.length && k.every((x, j) => x === leaf.publicKey[j]))) {
      throw new WalletError('BAD_KEY', `PSBT input ${plan.index}: the key this seed has at ${formatPath(plan.path)} is not in the wallet's script; nothing was signed.`);
    }
    return leaf;
  });
  const hashes = plans.map(({ index, hashType, match }) => {
    const { witnessScript, redeemScript } = match.scripts;
    const amount = (spent[index] as SpentOutput).amount;
    return witnessScript ? sighashes.bip143(index, witnessScript, amount, hashType) : sighashes.legacy(index, redeemScript as Uint8Array, hashType);
  });
  let signatures: Uint8Array[] = [];
  let valid: boolean[] = [];
  try {
    // RFC6979 deterministic nonces, low S (BIP62/BIP146); each verified against the key recomputed from its branch.
    signatures = signEcdsaBatch(plans.map((_, k) => ({ hash: hashes[k] as Uint8Array, secret: (leaves[k] as (typeof leaves)[number]).secretKey })));
    valid = verifyBatch(plans.map((_, k) => ({ kind: 'ecdsa' as const, der: signatures[k] as Uint8Array, hash: hashes[k] as Uint8Array, key: keys.ecdsaKey(leaves[k] as (typeof leaves)[number]) })));
  } catch (e) {
    if (e instanceof WalletError) throw e;
    valid = [];
  }
  const updates = new Map<number, InputUpdate>();
  plans.forEach((plan, k) => {
    if (valid[k] !== true) {
      throw new WalletError('BAD_KEY', `The signature for input ${plan.index} did not verify; nothing was signed. This points to a hardware or memory fault: do not use this computer for signing until it is checked.`);
    }
    const signature = signatures[k] as Uint8Array;
    const withType = new Uint8Array(signature.length + 1);
    withType.set(signature);
    withType[signature.length] = plan.hashType;
    const input = inputs[plan.index] as Input;
    const { witnessScript, redeemScript } = plan.match.scripts;
    updates.set(plan.index, {
      partialSig: [[(leaves[k] as (typeof leaves)[number]).publicKey, withType]],
      // The finalizer needs the scripts: added when the PSBT lacks them (they are the ones proven).
      ...(witnessScript && !input.witnessScript ? { witnessScript } : {}),
      ...(redeemScript && !input.redeemScript ? { redeemScript } : {}),
    });
  });
  return updates;
}

/**
 * Signatures of the wallet's keys in each multisig input of the wallet, after `updates`: ours (verified when made)
 * and the PSBT's own partial signatures only where they verify for the input.
 */
export function multisigStatus(
  w: MultisigWallet,
  inputs: readonly Input[],
  spent: readonly (SpentOutput | undefined)[],
  updates: ReadonlyMap<number, InputUpdate>,
  sighashes: SighashContext,
): MultisigInputStatus[] {
  const out: MultisigInputStatus[] = [];
  inputs.forEach((input, i) => {
    const script = spent[i]?.script;
    if (!script) return;
    const match = proveMultisig(w, claimsOf(input), script);
    if (!match) return;
    const final = Boolean(input.finalScriptSig?.length || input.finalScriptWitness?.length);
    const u = updates.get(i);
    const made = u?.partialSig ?? [];
    const check = partialSigChecker(sighashes, i, match, (spent[i] as SpentOutput).amount);
    // Our signatures were verified before they were written; the PSBT's are checked here.
    const sigs = [...(input.partialSig ?? []), ...made];
    const count = signatureCount(match, sigs, (p, sig) => made.some(([q, s]) => s === sig && q === p) || check(p, sig));
    out.push({ input: i, signatures: final ? w.m : Math.min(count, w.n), required: w.m });
  });
  return out;
}
