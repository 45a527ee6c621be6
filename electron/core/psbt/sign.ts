/**
 * The PSBT signer (BIP174 "Signer"): signs exactly the inputs whose derivation proves they are ours, for
 * P2PKH, P2SH-P2WPKH, P2WPKH and P2TR key path (BIP86), and keeps the signatures as partial_sig / tap_key_sig
 * for the coordinator. finalizeTransaction turns a complete PSBT into a network transaction on request.
 *
 * "Ours" means, for one derivation entry of the input: our master fingerprint, the key derived at that path
 * equal to the listed key, and the script that key makes equal to the script the input spends. A fingerprint
 * alone proves nothing (anyone can write ours into a PSBT).
 *
 * Linear in the number of inputs: one pass reads the inputs, the sighash midstates are computed once
 * (sighash.ts), each BIP32 node is derived once (sign-keys.ts), the signatures are written into one copy of the
 * inputs (sign-write.ts), and every signature is verified before it is kept — a faulty signature can leak the
 * key, so it must never leave this function (sign-curve.ts: how, and why the check is independent).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '@noble/curves/utils.js';
import { concatBytes, randomBytes } from '@noble/hashes/utils.js';
import { RawTx, type Transaction } from '@scure/btc-signer';
import { WalletError } from '../errors';
import { fingerprintHex, formatPath, HARDENED, hasPrivateKey, type HDKey } from '../keys/hd';
import type { Network } from '../keys/networks';
import { MAX_CLAIMS_TRIED, standardPath } from './paths';
import { SIGHASH_ALL, SIGHASH_DEFAULT, SIGHASH_SINGLE, SighashContext, type SighashTx, type SpentOutput } from './sighash';
import type { ParsedPsbt } from './parse';
import { signEcdsaBatch, signSchnorrBatch, verifyBatch, type VerifyJob } from './sign-curve';
import { KeyCache, type LeafKey, type TaprootKey } from './sign-keys';
import { withInputUpdates, type InputUpdate } from './sign-write';
import type { MultisigWallet } from '../wallets/multisig';
import { multisigStatus, ourCosigners, planMultisigInputs, signMultisigInputs, type MultisigInputStatus } from './sign-multisig';

export interface SignOptions {
  readonly network: Network;
  /** Called after each signed input: (signed so far, inputs to sign). */
  readonly onProgress?: (signed: number, total: number) => void;
  /**
   * Sighash types the holder accepted (the review warns on anything but ALL/DEFAULT). An input that asks for
   * another type is refused. Default: [SIGHASH_ALL, SIGHASH_DEFAULT].
   */
  readonly acceptSighash?: readonly number[];
  /**
   * The inputs the review proved ours, index → path ("m/84'/0'/0'/0/3"): when given, nothing else is signed, and
   * only at that path — what is signed is exactly what the holder was shown. The app and the CLI pass it.
   */
  readonly proven?: ReadonlyMap<number, string>;
  /** BIP340 auxiliary randomness; tests only (the default is 32 fresh random bytes per signature). */
  readonly auxRand?: (n: number) => Uint8Array;
  /** A registered multisig wallet this seed cosigns: its proven inputs are signed as one cosigner (sign-multisig.ts). */
  readonly multisig?: MultisigWallet;
}

export interface SignOutcome {
  /** A new PSBT: the input PSBT is not changed. */
  readonly psbt: ParsedPsbt;
  readonly signedInputs: number;
  readonly totalInputs: number;
  /** Every input is finalized or carries the signature its script needs (finalizeTransaction will succeed). */
  readonly complete: boolean;
  /** With a multisig wallet: each of its inputs' signatures of the M needed (the PSBT is never finalized here). */
  readonly multisig?: readonly MultisigInputStatus[];
}

/** Test seam: lets a test corrupt a signature after signing, to prove the verification catches it. */
export interface SignSeam {
  readonly afterSign?: (signature: Uint8Array, input: number) => Uint8Array;
  /** Called once signing ends with what was wiped: the BIP32 nodes (wipePrivateData) and the leaf keys' buffers. */
  readonly wiped?: (w: { readonly nodes: number; readonly leaves: readonly Uint8Array[] }) => void;
  /** false: write the signatures through the library's public clone + updateInput (compared in tests). */
  readonly fastWrite?: boolean;
  /** Faults injected into the signing only (the verification must catch them): the secret, or the hash signed. */
  readonly faultSecret?: (secret: Uint8Array, input: number) => Uint8Array;
  readonly faultHash?: (hash: Uint8Array, input: number) => Uint8Array;
}

type ScriptKind = 'p2pkh' | 'p2sh-p2wpkh' | 'p2wpkh' | 'p2tr';

interface Plan {
  readonly index: number;
  readonly kind: ScriptKind;
  readonly leaf: LeafKey;
  /** Compressed public key (ECDSA) or x-only internal key (P2TR). */
  readonly publicKey: Uint8Array;
  /** P2TR: the output key the spent script commits to, and how to sign and verify for it. */
  readonly taproot?: TaprootKey;
  readonly hashType: number;
  readonly redeemScript?: Uint8Array;
}

type Input = ReturnType<Transaction['getInput']>;

const hash160 = (b: Uint8Array): Uint8Array => ripemd160(sha256(b));
const concat = concatBytes;
const p2pkhScript = (h: Uint8Array) => concat(new Uint8Array([0x76, 0xa9, 0x14]), h, new Uint8Array([0x88, 0xac]));
const p2wpkhScript = (h: Uint8Array) => concat(new Uint8Array([0x00, 0x14]), h);
const p2shScript = (h: Uint8Array) => concat(new Uint8Array([0xa9, 0x14]), h, new Uint8Array([0x87]));
const p2trScript = (q: Uint8Array) => concat(new Uint8Array([0x51, 0x20]), q);

const ECDSA_TYPES = new Set([0x01, 0x02, 0x03, 0x81, 0x82, 0x83]);
const TAPROOT_TYPES = new Set([0x00, 0x01, 0x02, 0x03, 0x81, 0x82, 0x83]);

function sighashName(t: number): string {
  const base = ({ 0: 'DEFAULT', 1: 'ALL', 2: 'NONE', 3: 'SINGLE' } as Record<number, string>)[t & 0x7f] ?? `0x${t.toString(16)}`;
  return t & 0x80 ? `${base}|ANYONECANPAY` : base;
}

/** A PSBT that is inconsistent or lacks what signing needs. */
const bad = (message: string) => new WalletError('BAD_PSBT', message);

/** The txid of a non_witness_utxo (its serialization without witnesses, double SHA256, display order). */
function txidOf(prev: NonNullable<Input['nonWitnessUtxo']>): Uint8Array {
  const raw = RawTx.encode({ ...prev, segwitFlag: false, witnesses: undefined });
  return sha256(sha256(raw)).reverse();
}

/** The output input `i` spends, checked: a non_witness_utxo must hash to the outpoint's txid. */
function spentOutput(input: Input, i: number): SpentOutput | undefined {
  if (input.nonWitnessUtxo) {
    if (!input.txid || !equalBytes(txidOf(input.nonWitnessUtxo), input.txid)) {
      throw bad(`PSBT input ${i}: non_witness_utxo does not hash to the txid the input spends; the PSBT is inconsistent or tampered with.`);
    }
    const out = input.nonWitnessUtxo.outputs[input.index ?? -1];
    if (!out) throw bad(`PSBT input ${i}: non_witness_utxo has no output ${input.index}.`);
    if (input.witnessUtxo && (input.witnessUtxo.amount !== out.amount || !equalBytes(input.witnessUtxo.script, out.script))) {
      throw bad(`PSBT input ${i}: witness_utxo differs from the output in non_witness_utxo.`);
    }
    return { amount: out.amount, script: out.script };
  }
  if (input.witnessUtxo) return { amount: input.witnessUtxo.amount, script: input.witnessUtxo.script };
  return undefined;
}

const isFinal = (input: Input): boolean => Boolean(input.finalScriptSig?.length || input.finalScriptWitness?.length);

/** Why inputs were not ours, for the refusal message when nothing is. */
interface Reasons {
  claimedButWrong: string[];
  coinTypes: Set<number>;
}

interface PlanContext {
  readonly fingerprint: number;
  readonly keys: KeyCache;
  readonly accept: readonly number[];
  readonly reasons: Reasons;
  readonly network: Network;
  readonly proven: ReadonlyMap<number, string> | undefined;
  readonly outputCount: number;
}

/** Decides whether input i is ours, and how to sign it; null when it is not (or already final). */
function planInput(input: Input, i: number, spent: SpentOutput | undefined, ctx: PlanContext): Plan | null {
  const { fingerprint, keys, accept, reasons } = ctx;
  if (isFinal(input)) return null;
  if (ctx.proven && !ctx.proven.has(i)) return null;
  let tried = 0;
  /** A claim of ours on a path we may sign: standard, and the one the review proved when it says. */
  const signable = (path: readonly number[], where: string): ScriptKind | null => {
    // As the review: only the first few claims of our fingerprint on one input are tried.
    if (++tried > MAX_CLAIMS_TRIED) return null;
    const kind = standardPath(path, ctx.network)?.type ?? null;
    if (!kind) {
      reasons.claimedButWrong.push(`${where}: not a BIP44/49/84/86 path of this network's wallet`);
      return null;
    }
    if (ctx.proven && ctx.proven.get(i) !== formatPath(path)) return null;
    return kind;
  };
  const script = spent?.script;
  // BIP341 key path (BIP86): tap_bip32_derivation with no leaf hashes.
  for (const [xOnly, { hashes, der }] of input.tapBip32Derivation ?? []) {
    if (der.fingerprint >>> 0 !== fingerprint >>> 0 || hashes.length > 0) continue;
    if (der.path.length >= 2) reasons.coinTypes.add((der.path[1] as number) - HARDENED);
    const where = `input ${i} (${formatPath(der.path)})`;
    if (signable(der.path, where) !== 'p2tr') continue;
    const leaf = keys.leaf(der.path);
    const pub = leaf.publicKey;
    if (!equalBytes(pub.subarray(1), xOnly)) {
      reasons.claimedButWrong.push(`${where}: the key at this path is not the listed key`);
      continue;
    }
    // A script tree would change the tweak; BIP86 key path spends have none.
    if (input.tapMerkleRoot?.length) {
      reasons.claimedButWrong.push(`${where}: has a taproot script tree (only BIP86 key path is signed)`);
      continue;
    }
    if (input.tapInternalKey && !equalBytes(input.tapInternalKey, xOnly)) continue;
    const taproot = keys.taproot(leaf);
    if (!script || !equalBytes(script, p2trScript(taproot.outputKey))) {
      reasons.claimedButWrong.push(`${where}: the BIP86 script of this key is not the script the input spends`);
      continue;
    }
    const hashType = input.sighashType ?? SIGHASH_DEFAULT;
    checkSighash(hashType, TAPROOT_TYPES, accept, i);
    return { index: i, kind: 'p2tr', leaf, publicKey: xOnly, taproot, hashType };
  }
  for (const [pub, der] of input.bip32Derivation ?? []) {
    if (der.fingerprint >>> 0 !== fingerprint >>> 0) continue;
    if (der.path.length >= 2) reasons.coinTypes.add((der.path[1] as number) - HARDENED);
    const where = `input ${i} (${formatPath(der.path)})`;
    const pathKind = signable(der.path, where);
    if (!pathKind || pathKind === 'p2tr') continue;
    const leaf = keys.leaf(der.path);
    if (!equalBytes(leaf.publicKey, pub)) {
      reasons.claimedButWrong.push(`${where}: the key at this path is not the listed key`);
      continue;
    }
    const h = hash160(pub);
    let kind: ScriptKind | null = null;
    let redeemScript: Uint8Array | undefined;
    if (script && equalBytes(script, p2wpkhScript(h))) kind = 'p2wpkh';
    else if (script && equalBytes(script, p2pkhScript(h))) kind = 'p2pkh';
    else if (script) {
      const redeem = p2wpkhScript(h);
      if (equalBytes(script, p2shScript(hash160(redeem))) && (!input.redeemScript || equalBytes(input.redeemScript, redeem))) {
        kind = 'p2sh-p2wpkh';
        redeemScript = redeem;
      }
    }
    if (kind && kind !== pathKind) {
      reasons.claimedButWrong.push(`${where}: a ${kind} script on a ${pathKind} path (each account type signs its own scripts only)`);
      continue;
    }
    if (kind && kind !== pathKind) {
      reasons.claimedButWrong.push(`${where}: a ${kind} script on a ${pathKind} path (each account type signs its own scripts only)`);
      continue;
    }
    if (!kind) {
      reasons.claimedButWrong.push(
        script ? `${where}: no single-key script of this key (P2PKH, P2SH-P2WPKH, P2WPKH) is the script the input spends` : `${where}: the PSBT does not say which output the input spends`,
      );
      continue;
    }
    // BIP174: a non-witness input needs non_witness_utxo (its amount is not signed, so it must be proven).
    if (kind === 'p2pkh' && !input.nonWitnessUtxo) throw bad(`PSBT input ${i}: a P2PKH input needs non_witness_utxo (the previous transaction) to be signed.`);
    const hashType = input.sighashType ?? SIGHASH_ALL;
    checkSighash(hashType, ECDSA_TYPES, accept, i);
    // BIP143 (and legacy) SIGHASH_SINGLE with no output of the same number commits to no output at all
    // (legacy even signs the constant 1): refused, as the taproot path refuses it.
    if ((hashType & 0x1f) === SIGHASH_SINGLE && i >= ctx.outputCount) {
      throw bad(`PSBT input ${i} asks for SIGHASH_SINGLE but the transaction has no output ${i}: the signature would commit to no output. Not signed.`);
    }
    return { index: i, kind, leaf, publicKey: pub, hashType, ...(redeemScript ? { redeemScript } : {}) };
  }
  return null;
}

/**
 * Derives, in one batch, the leaf keys that inputs from..to−1 claim on our fingerprint at a path we may sign (the
 * claims planInput will try), and their BIP86 keys for taproot claims: planInput then finds them derived.
 */
function prefetchClaims(inputs: readonly Input[], from: number, to: number, keys: KeyCache, fingerprint: number, options: SignOptions): void {
  const paths: number[][] = [];
  const tapPaths: number[][] = [];
  for (let i = from; i < to; i++) {
    const input = inputs[i] as Input;
    if (isFinal(input) || (options.proven && !options.proven.has(i))) continue;
    const claims: Array<{ path: number[]; tap: boolean }> = [];
    for (const [, { hashes, der }] of input.tapBip32Derivation ?? []) {
      if (der.fingerprint >>> 0 === fingerprint >>> 0 && hashes.length === 0) claims.push({ path: der.path, tap: true });
    }
    for (const [, der] of input.bip32Derivation ?? []) if (der.fingerprint >>> 0 === fingerprint >>> 0) claims.push({ path: der.path, tap: false });
    for (const { path, tap } of claims.slice(0, MAX_CLAIMS_TRIED)) {
      const type = standardPath(path, options.network)?.type;
      if (!type || (type === 'p2tr') !== tap) continue;
      if (options.proven && options.proven.get(i) !== formatPath(path)) continue;
      paths.push(path);
      if (tap) tapPaths.push(path);
    }
  }
  keys.prefetch(paths);
  keys.prefetchTaproot(tapPaths.map((path) => keys.leaf(path)));
}

function checkSighash(hashType: number, valid: ReadonlySet<number>, accept: readonly number[], i: number): void {
  if (!valid.has(hashType)) throw bad(`PSBT input ${i}: sighash type 0x${hashType.toString(16)} is not valid for this script.`);
  if (!accept.includes(hashType)) {
    throw new WalletError(
      'UNSUPPORTED',
      `PSBT input ${i} asks for sighash ${sighashName(hashType)}, which lets others change parts of the transaction after you sign; sign it only after accepting that warning.`,
    );
  }
}

/** Inputs signed (and verified) together: their nonce points and inversions share one batch. */
const SIGN_CHUNK = 256;

/**
 * Signs the inputs of `plans` and verifies every signature (sign-curve.ts: against the proven public key, with
 * the standard equations, independently of the signing); returns each with its sighash byte (ECDSA,
 * non-default taproot), in the order of `plans`. Throws if any signature does not verify.
 */
function signChunk(plans: readonly Plan[], ctx: SighashContext, spent: readonly (SpentOutput | undefined)[], keys: KeyCache, options: SignOptions, seam: SignSeam): Uint8Array[] {
  const hashes = plans.map((plan) => {
    const { index, hashType } = plan;
    if (plan.taproot) return ctx.bip341(index, hashType);
    const amount = (spent[index] as SpentOutput).amount;
    const h = hash160(plan.publicKey);
    return plan.kind === 'p2pkh'
      ? ctx.legacy(index, p2pkhScript(h), hashType)
      : // BIP143: "For P2WPKH witness program, the scriptCode is 0x1976a914{20-byte-pubkey-hash}88ac."
        ctx.bip143(index, p2pkhScript(h), amount, hashType);
  });
  const signed = new Array<Uint8Array>(plans.length);
  const ecdsa: number[] = [];
  const taproot: number[] = [];
  plans.forEach((plan, k) => (plan.taproot ? taproot : ecdsa).push(k));
  // The signing sees the seam's faults (tests only); the verification below never does.
  const signedHash = (k: number) => (seam.faultHash ? seam.faultHash(hashes[k] as Uint8Array, (plans[k] as Plan).index) : (hashes[k] as Uint8Array));
  try {
    // RFC6979 deterministic nonce, low S (BIP62/BIP146 standardness).
    const ecdsaSigs = signEcdsaBatch(
      ecdsa.map((k) => {
        const plan = plans[k] as Plan;
        const secret = seam.faultSecret ? seam.faultSecret(plan.leaf.secretKey.slice(), plan.index) : plan.leaf.secretKey;
        return { hash: signedHash(k), secret };
      }),
    );
    ecdsa.forEach((k, i) => (signed[k] = ecdsaSigs[i] as Uint8Array));
    const schnorrSigs = signSchnorrBatch(
      taproot.map((k) => {
        const plan = plans[k] as Plan;
        let secret = (plan.taproot as TaprootKey).secret();
        if (seam.faultSecret) secret = secp256k1.Point.Fn.fromBytes(seam.faultSecret(secp256k1.Point.Fn.toBytes(secret), plan.index));
        // The x-only key the script commits to (planInput proved it equal to the derived output key).
        const px = (spent[plan.index] as SpentOutput).script.subarray(2);
        return { secret, px, message: signedHash(k), aux: options.auxRand ? options.auxRand(32) : randomBytes(32) };
      }),
    );
    taproot.forEach((k, i) => (signed[k] = schnorrSigs[i] as Uint8Array));
  } catch (e) {
    if (e instanceof WalletError) throw e;
    throw faulty((plans[0] as Plan).index);
  }
  if (seam.afterSign) plans.forEach((plan, k) => (signed[k] = (seam.afterSign as NonNullable<SignSeam['afterSign']>)(signed[k] as Uint8Array, plan.index)));
  const jobs: VerifyJob[] = plans.map((plan, k) =>
    plan.taproot
      ? { kind: 'schnorr', sig: signed[k] as Uint8Array, message: hashes[k] as Uint8Array, px: (spent[plan.index] as SpentOutput).script.subarray(2), key: plan.taproot.key() }
      : { kind: 'ecdsa', der: signed[k] as Uint8Array, hash: hashes[k] as Uint8Array, key: keys.ecdsaKey(plan.leaf) },
  );
  let valid: boolean[];
  try {
    valid = verifyBatch(jobs);
  } catch (e) {
    if (e instanceof WalletError) throw e;
    valid = [];
  }
  return plans.map((plan, k) => {
    if (!valid[k]) throw faulty(plan.index);
    const sig = signed[k] as Uint8Array;
    return plan.taproot && plan.hashType === SIGHASH_DEFAULT ? sig : concat(sig, new Uint8Array([plan.hashType]));
  });
}

const faulty = (index: number) =>
  new WalletError('BAD_KEY', `The signature for input ${index} did not verify; nothing was signed. This points to a hardware or memory fault: do not use this computer for signing until it is checked.`);

/** Input status after signing: is it complete (finalizable) for the single-key scripts we know? */
function isComplete(input: Input, spent: SpentOutput | undefined): boolean {
  if (isFinal(input)) return true;
  if (input.tapKeySig?.length) return true;
  const script = spent?.script;
  if (!script || !input.partialSig?.length) return false;
  const [pub] = input.partialSig[0] as [Uint8Array, Uint8Array];
  const h = hash160(pub);
  if (equalBytes(script, p2wpkhScript(h)) || equalBytes(script, p2pkhScript(h))) return true;
  return Boolean(input.redeemScript && equalBytes(input.redeemScript, p2wpkhScript(h)) && equalBytes(script, p2shScript(hash160(input.redeemScript))));
}

export function signPsbt(p: ParsedPsbt, master: HDKey, options: SignOptions): SignOutcome {
  return signPsbtWithSeam(p, master, options, {});
}

/** signPsbt with a test seam (not exported from the core's index). */
export function signPsbtWithSeam(p: ParsedPsbt, master: HDKey, options: SignOptions, seam: SignSeam): SignOutcome {
  const steps = signSteps(p, master, options, seam);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface AsyncSignOptions extends SignOptions {
  /** Lets the caller's event loop run (the main process answers the progress poll); the core has no timers. */
  readonly yieldNow: () => Promise<void>;
  /** Inputs signed between two yields (default 16). */
  readonly batch?: number;
}

/**
 * signPsbt for the app: the same steps, pausing every `batch` inputs so the main process stays responsive while
 * hundreds of inputs are signed. Abandoning it midway (a failing yield) still wipes every derived key.
 */
export async function signPsbtAsync(p: ParsedPsbt, master: HDKey, options: AsyncSignOptions): Promise<SignOutcome> {
  const steps = signSteps(p, master, options, {});
  const batch = Math.max(1, options.batch ?? 16);
  let done = false;
  try {
    for (let k = 1; ; k++) {
      const r = steps.next();
      if (r.done) {
        done = true;
        return r.value;
      }
      if (k % batch === 0) await options.yieldNow();
    }
  } finally {
    // Runs the generator's own finally (the wipe) if we leave before it ended.
    if (!done) steps.return(undefined as never);
  }
}

/** The signer, one input a step (a generator, so the sync and the async driver share every line). */
function* signSteps(p: ParsedPsbt, master: HDKey, options: SignOptions, seam: SignSeam): Generator<void, SignOutcome, void> {
  if (!hasPrivateKey(master)) throw new WalletError('BAD_KEY', 'This wallet has no private key (watch-only); it cannot sign.');
  const accept = options.acceptSighash ?? [SIGHASH_ALL, SIGHASH_DEFAULT];
  const tx = p.tx;
  const n = tx.inputsLength;
  const inputs: Input[] = [];
  for (let i = 0; i < n; i++) inputs.push(tx.getInput(i));
  const outputs: Array<{ amount: bigint; script: Uint8Array }> = [];
  for (let o = 0; o < tx.outputsLength; o++) {
    const out = tx.getOutput(o);
    if (out.amount === undefined || !out.script) throw bad(`PSBT output ${o} has no amount or script.`);
    outputs.push({ amount: out.amount, script: out.script });
  }
  const spent = inputs.map((input, i) => spentOutput(input, i));
  const sighashTx: SighashTx = {
    version: tx.version,
    lockTime: tx.lockTime,
    inputs: inputs.map((input, i) => {
      if (!input.txid || input.index === undefined) throw bad(`PSBT input ${i} has no outpoint.`);
      return { txid: input.txid, index: input.index, sequence: input.sequence ?? 0xffffffff };
    }),
    outputs,
  };
  const ctx = new SighashContext(sighashTx, spent);
  const keys = new KeyCache(master);
  try {
    const reasons: Reasons = { claimedButWrong: [], coinTypes: new Set() };
    const plans: Plan[] = [];
    for (let i = 0; i < n; i++) {
      if (i % SIGN_CHUNK === 0) prefetchClaims(inputs, i, Math.min(n, i + SIGN_CHUNK), keys, master.fingerprint, options);
      const plan = planInput(inputs[i] as Input, i, spent[i], { fingerprint: master.fingerprint, keys, accept, reasons, network: options.network, proven: options.proven, outputCount: outputs.length });
      if (plan) plans.push(plan);
      // Planning derives keys too: pause here as well, so a big PSBT never blocks before its first signature.
      yield;
    }
    const msPlans = options.multisig
      ? planMultisigInputs(inputs, spent, { wallet: options.multisig, ours: ourCosigners(options.multisig, master, fingerprintHex(master)), proven: options.proven, accept, outputCount: outputs.length })
      : [];
    if (plans.length === 0 && msPlans.length === 0) throw new WalletError('INVALID_ARGUMENT', nothingOursMessage(master, n, reasons, options.network));

    const updates = new Map<number, InputUpdate>();
    for (let from = 0; from < plans.length; from += SIGN_CHUNK) {
      const chunk = plans.slice(from, from + SIGN_CHUNK);
      const signatures = signChunk(chunk, ctx, spent, keys, options, seam);
      for (let k = 0; k < chunk.length; k++) {
        const plan = chunk[k] as Plan;
        const signature = signatures[k] as Uint8Array;
        if (plan.kind === 'p2tr') updates.set(plan.index, { tapKeySig: signature });
        else {
          const input = inputs[plan.index] as Input;
          // The proven redeem script is added when the PSBT lacks it (the finalizer needs it).
          updates.set(plan.index, { partialSig: [[plan.publicKey, signature]], ...(plan.redeemScript && !input.redeemScript ? { redeemScript: plan.redeemScript } : {}) });
        }
        options.onProgress?.(updates.size, plans.length + msPlans.length);
        yield;
      }
    }
    for (let from = 0; from < msPlans.length; from += SIGN_CHUNK) {
      for (const [index, update] of signMultisigInputs(msPlans.slice(from, from + SIGN_CHUNK), inputs, ctx, spent, keys)) {
        updates.set(index, update);
        options.onProgress?.(updates.size, plans.length + msPlans.length);
        yield;
      }
    }
    // The premise of the verification (sign-curve.ts), checked again after the last signature: K_branch = d_branch·G.
    if (!keys.checkBranches()) throw faulty((plans[plans.length - 1] ?? msPlans[msPlans.length - 1] ?? { index: 0 }).index);
    // Every signature is verified: only now is the new PSBT written (one copy of the inputs, not one per input).
    const signed = withInputUpdates(tx, updates, seam.fastWrite ?? true);
    const msStatus = options.multisig ? multisigStatus(options.multisig, inputs, spent, updates, ctx) : null;
    let complete = true;
    for (let i = 0; i < n && complete; i++) {
      const u = updates.get(i);
      const ms = msStatus?.find((x) => x.input === i);
      complete = ms ? ms.signatures >= ms.required : isComplete(u ? { ...(inputs[i] as Input), ...u } : (inputs[i] as Input), spent[i]);
    }
    return { psbt: { version: p.version, tx: signed }, signedInputs: updates.size, totalInputs: n, complete, ...(msStatus ? { multisig: msStatus } : {}) };
  } finally {
    const wiped = keys.wipe();
    seam.wiped?.(wiped);
  }
}

function nothingOursMessage(master: HDKey, n: number, reasons: Reasons, network: Network): string {
  const fp = fingerprintHex(master);
  const head = `Nothing in this PSBT is ours to sign: none of its ${n} input${n === 1 ? '' : 's'} has a derivation that proves it belongs to this wallet (fingerprint ${fp}).`;
  if (reasons.claimedButWrong.length) {
    return `${head} Some inputs name our fingerprint but do not derive: ${reasons.claimedButWrong.slice(0, 3).join('; ')}${reasons.claimedButWrong.length > 3 ? '; …' : ''}. Check that the right wallet (and passphrase) is open.`;
  }
  const expectedCoin = network === 'mainnet' ? 0 : 1;
  if (reasons.coinTypes.size && !reasons.coinTypes.has(expectedCoin)) {
    return `${head} Its paths use coin type ${[...reasons.coinTypes].join(', ')}' while this wallet is open on ${network}.`;
  }
  return `${head} Check that the right wallet (and passphrase) is open, or that the PSBT carries key origins (bip32_derivation).`;
}

/** Finalizes every input (BIP174 Finalizer + Extractor) of a complete PSBT; the input PSBT is not changed. */
export function finalizeTransaction(p: ParsedPsbt): { hex: string; txid: string; vsize: number } {
  const tx = p.tx.clone();
  for (let i = 0; i < tx.inputsLength; i++) {
    const input = tx.getInput(i);
    if (isFinal(input)) continue;
    try {
      tx.finalizeIdx(i);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new WalletError('INVALID_ARGUMENT', `PSBT input ${i} is not complete (${why}); the transaction can be finalized only when every input is signed.`);
    }
  }
  try {
    return { hex: tx.hex, txid: tx.id, vsize: tx.vsize };
  } catch (e) {
    throw new WalletError('INVALID_ARGUMENT', `The transaction cannot be extracted: ${e instanceof Error ? e.message : String(e)}.`);
  }
}
