/**
 * Multisig inputs and outputs proven against a registered wallet (electron/core/wallets): a PSBT entry belongs to
 * the wallet only when the script derived from the wallet's own keys, M and script type — at the branch and index
 * a bip32_derivation entry names below one of its cosigners' paths — equals the script on the transaction. The
 * PSBT's keys, witness or redeem scripts are never trusted: a coordinator can write any of them (the swapped-change
 * attack: change to a wallet with a foreign key set that still lists our fingerprint).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { formatPath, HARDENED, parsePath } from '../keys/hd';
import { multisigScripts, prefetchMultisigScripts, type MultisigScripts, type MultisigWallet } from '../wallets/multisig';
import { MAX_CLAIMS_TRIED } from './paths';
import type { SighashContext } from './sighash';

export interface MultisigClaim {
  readonly fingerprint: number;
  readonly path: readonly number[];
}

export interface MultisigMatch {
  readonly change: boolean;
  readonly index: number;
  readonly scripts: MultisigScripts;
}

const cosignerPathsCache = new WeakMap<MultisigWallet, ReadonlyArray<{ fp: number; path: readonly number[] }>>();
function cosignerPaths(w: MultisigWallet): ReadonlyArray<{ fp: number; path: readonly number[] }> {
  let p = cosignerPathsCache.get(w);
  if (!p) {
    p = w.cosigners.map((c) => ({ fp: Number.parseInt(c.fingerprint, 16) >>> 0, path: parsePath(c.path) }));
    cosignerPathsCache.set(w, p);
  }
  return p;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The (branch, index) a claim names below a cosigner's path, or null. */
function branchIndex(w: MultisigWallet, claim: MultisigClaim): { change: boolean; index: number } | null {
  for (const c of cosignerPaths(w)) {
    if (claim.fingerprint >>> 0 !== c.fp || claim.path.length !== c.path.length + 2) continue;
    if (!c.path.every((x, i) => claim.path[i] === x)) continue;
    const b = claim.path[c.path.length] as number;
    const i = claim.path[c.path.length + 1] as number;
    if ((b === 0 || b === 1) && i < HARDENED) return { change: b === 1, index: i };
  }
  return null;
}

/** True when some claim names one of the wallet's cosigners at its path: the entry says it is the wallet's. */
export function claimsWallet(w: MultisigWallet, claims: readonly MultisigClaim[]): boolean {
  // A cosigner's fingerprint below that cosigner's path: our fingerprint on a single-key path (our BIP84 change next
  // to a multisig spend) does not say "this wallet".
  const cosigners = cosignerPaths(w);
  return claims.some((c) => cosigners.some((k) => c.fingerprint >>> 0 === k.fp && c.path.length > k.path.length && k.path.every((x, i) => c.path[i] === x)));
}

/** Derives, in batches, the wallet's scripts at every branch and index the claims name (see prefetchMultisigScripts). */
export function prefetchClaimed(w: MultisigWallet, claimLists: ReadonlyArray<readonly MultisigClaim[]>): void {
  const wanted: Array<{ change: boolean; index: number }> = [];
  for (const claims of claimLists) {
    for (const c of claims.slice(0, MAX_CLAIMS_TRIED)) {
      const at = branchIndex(w, c);
      if (at) wanted.push(at);
    }
  }
  prefetchMultisigScripts(w, wanted);
}

/** Proves `script` is the wallet's at a branch and index named by the claims; null when none derives to it. */
export function proveMultisig(w: MultisigWallet, claims: readonly MultisigClaim[], script: Uint8Array): MultisigMatch | null {
  const tried = new Set<string>();
  for (const claim of claims) {
    const at = branchIndex(w, claim);
    if (!at) continue;
    const key = `${at.change ? 1 : 0}/${at.index}`;
    if (tried.has(key)) continue;
    tried.add(key);
    if (tried.size > MAX_CLAIMS_TRIED) break;
    let scripts: MultisigScripts;
    try {
      scripts = multisigScripts(w, at.change, at.index);
    } catch {
      continue;
    }
    if (equal(scripts.script, script)) return { ...at, scripts };
  }
  return null;
}

/** Our cosigner's full path at a match: "m/48'/0'/0'/2'/1/4". */
export function ourPathAt(w: MultisigWallet, ourCosigner: number, match: Pick<MultisigMatch, 'change' | 'index'>): number[] {
  return [...parsePath((w.cosigners[ourCosigner] as { path: string }).path), match.change ? 1 : 0, match.index];
}

export function ourPathText(w: MultisigWallet, ourCosigner: number, match: Pick<MultisigMatch, 'change' | 'index'>): string {
  return formatPath(ourPathAt(w, ourCosigner, match));
}

/** Whether a partial signature (DER + sighash byte) is valid for a key of the input. */
export type PartialSigCheck = (pubkey: Uint8Array, signature: Uint8Array) => boolean;

const ECDSA_HASH_TYPES = new Set([0x01, 0x02, 0x03, 0x81, 0x82, 0x83]);

/**
 * Checks partial signatures of input `index` against its sighash (BIP143 over the witness script, or legacy over the
 * redeem script), so "signed by another cosigner" is never taken from the PSBT's word: a coordinator can write any
 * bytes there. Verified with the public key only (no secret involved).
 */
export function partialSigChecker(sighashes: SighashContext, index: number, match: MultisigMatch, amount: bigint): PartialSigCheck {
  const { witnessScript, redeemScript } = match.scripts;
  return (pubkey, signature) => {
    const hashType = signature[signature.length - 1] as number;
    if (signature.length < 9 || !ECDSA_HASH_TYPES.has(hashType)) return false;
    try {
      const hash = witnessScript ? sighashes.bip143(index, witnessScript, amount, hashType) : sighashes.legacy(index, redeemScript as Uint8Array, hashType);
      return secp256k1.verify(signature.subarray(0, -1), hash, pubkey, { prehash: false, format: 'der', lowS: false });
    } catch {
      return false;
    }
  };
}

/**
 * How many of the wallet's keys at this match have a partial signature in the input that `check` accepts (without
 * a check, none counts: an unverified signature is only the PSBT's claim).
 */
export function signatureCount(match: MultisigMatch, partialSig: ReadonlyArray<readonly [Uint8Array, Uint8Array]> | undefined, check: PartialSigCheck | null): number {
  if (!partialSig || !check) return 0;
  return match.scripts.pubkeys.filter((k) => partialSig.some(([p, sig]) => equal(p, k) && check(p, sig))).length;
}
