/**
 * What a PSBT does, proven where it can be: a pure function from the parsed PSBT (and the open wallet, if any) to
 * the summary the app, the CLI and the tests show. Ours means our fingerprint AND a standard path (BIP44/49/84/86)
 * whose derived script equals the script on the transaction — never the fingerprint alone. Amounts are whole
 * satoshis as numbers: every amount is checked to be at most 21,000,000 BTC (below 2^53) and so is every total.
 * Indices (input 0, output 0) count from 0 as in the transaction.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { p2tr, RawTx } from '@scure/btc-signer';
import { missingCase, WalletError } from '../errors';
import type { AccountSpec } from '../keys/accounts';
import { publicChildren } from '../keys/fast-derive';
import { MAX_CLAIMS_TRIED, standardPath } from './paths';
import { formatPath, HARDENED, HDKey } from '../keys/hd';
import type { Network } from '../keys/networks';
import { MAX_MONEY } from './frame';
import { checkOurKeys, type MultisigWallet } from '../wallets/multisig';
import { claimsWallet, ourPathText, partialSigChecker, prefetchClaimed, proveMultisig, signatureCount, type MultisigMatch, type PartialSigCheck } from './multisig';
import type { ParsedPsbt } from './parse';
import { SighashContext, type SighashTx } from './sighash';
import { addressOf, compactSizeLength, dustThreshold, opReturnData, outputType, printable, type ScriptType } from './scripts';

export type OutputKind = 'payment' | 'change' | 'consolidation';

export interface PsbtWallet {
  /** The open wallet's master key (the review derives public keys only). */
  readonly master: HDKey;
  /** Master fingerprint, 8 lower-case hex digits. */
  readonly fingerprint: string;
  readonly network: Network;
  /**
   * A registered multisig wallet this seed is a cosigner of: its inputs are proven ours (and signable) when the
   * script derived from its keys equals the input's, and change only when it derives from this same wallet.
   */
  readonly multisig?: MultisigWallet;
}

/** Each warning a review can carry; `needsAck` ones change what is signed or what it costs and need a yes. */
export const PSBT_WARNING_CODES = [
  /** The fee is above 10% of what leaves the wallet, or above HIGH_FEE_RATE sat/vB. */
  'HIGH_FEE',
  /** A segwit v0 or legacy input without non_witness_utxo: its amount is the coordinator's word (the fee-lying attack). */
  'MISSING_NON_WITNESS_UTXO',
  /** An input with no UTXO data at all: its amount, and so the fee, are unknown. */
  'MISSING_UTXO',
  /**
   * Outputs exceed inputs. (A non_witness_utxo that is not the transaction spent, or a witness_utxo that disagrees
   * with it, is refused outright by parsePsbt — BAD_PSBT naming the input — and again here: an amount that cannot be
   * trusted is not something to acknowledge.)
   */
  'AMOUNTS_DONT_ADD_UP',
  /** An input asks for a sighash other than ALL/DEFAULT (NONE, SINGLE, ANYONECANPAY: parts left unsigned). */
  'SIGHASH_NOT_ALL',
  /** The PSBT's derivation paths are for another network than the wallet's. */
  'NETWORK_MISMATCH',
  /** Inputs that are not ours (someone else signs them; or they claim our fingerprint but do not derive). */
  'FOREIGN_INPUTS',
  /** A wallet is open and no input is ours: there is nothing to sign. */
  'NOTHING_OURS',
  /** An OP_RETURN output (data on the chain; the text is shown when printable). */
  'OP_RETURN',
  /** An output of 0 sats (other than OP_RETURN). */
  'ZERO_VALUE_OUTPUT',
  /** An output below the dust threshold: it may not relay, and costs more to spend than it holds. */
  'DUST_OUTPUT',
  /** Two outputs pay the same address. */
  'DUPLICATE_ADDRESS',
  /**
   * An output claims our fingerprint but its key does not derive to its script: it is NOT change. With a registered
   * multisig wallet, also an output that names one of its cosigners but does not derive from its keys, M and script
   * type — "Unknown output" (the swapped-change attack). Needs acknowledging.
   */
  'CHANGE_NOT_OURS',
  /** Our change or consolidation at an index beyond HIGH_INDEX or an account beyond HIGH_ACCOUNT: a restored wallet will not see it. Needs acknowledging. */
  'HIGH_INDEX',
] as const;
export type PsbtWarningCode = (typeof PSBT_WARNING_CODES)[number];

/** Fee-rate ceiling for the HIGH_FEE warning (sat/vB): far above what a busy mempool has needed. */
export const HIGH_FEE_RATE = 500;
/** Fee share of the amount sent above which HIGH_FEE is raised. */
export const HIGH_FEE_SHARE = 0.1;
/** Change and consolidation indices above this are flagged (wallets scan a gap of 20 to a few hundred). */
export const HIGH_INDEX = 1000;
/** Accounts beyond this are flagged like high indexes (wallets scan account 0, some a few more). */
export const HIGH_ACCOUNT = 100;

export interface PsbtWarning {
  readonly code: PsbtWarningCode;
  readonly message: string;
  readonly needsAck: boolean;
  /** The input or output it is about, when it is about one. */
  readonly input?: number;
  readonly output?: number;
}

export interface OwnedPath {
  readonly fingerprint: string;
  /** "m/84'/0'/0'/1/3". */
  readonly path: string;
  readonly account: AccountSpec;
  readonly change: boolean;
  readonly index: number;
  /** A multisig input or output of the registered wallet: its name, M of N, and (inputs) the signatures it carries. */
  readonly multisig?: { readonly name: string; readonly m: number; readonly n: number; readonly signatures: number };
}

export interface ReviewInput {
  readonly index: number;
  /** Display order (as explorers show it). */
  readonly txid: string;
  readonly vout: number;
  /** Sats; null when the PSBT carries no UTXO for this input. */
  readonly value: number | null;
  readonly scriptType: ScriptType;
  /** m-of-n when the input is multisig (for the multisig issue; not ours yet). */
  readonly multisig: { readonly m: number; readonly n: number } | null;
  readonly sighash: number | null;
  readonly sequence: number;
  readonly ours: OwnedPath | null;
}

export interface ReviewOutput {
  readonly index: number;
  readonly address: string | null;
  /** Hex. */
  readonly script: string;
  readonly scriptType: ScriptType;
  readonly value: number;
  readonly kind: OutputKind;
  /** The path that proves change or consolidation. */
  readonly path: string | null;
  readonly opReturnText?: string;
  readonly opReturnHex?: string;
}

export interface PsbtReview {
  readonly network: Network;
  readonly inputs: readonly ReviewInput[];
  readonly outputs: readonly ReviewOutput[];
  /** Sats; null when an input amount is unknown. */
  readonly fee: number | null;
  /** Sats per virtual byte, 2 decimals; null when the fee is unknown. */
  readonly feeRate: number | null;
  /** Virtual size of the signed transaction (estimated where inputs are not yet signed). */
  readonly vsize: number;
  /** True when every input was final or its size known exactly; else the estimates below were used. */
  readonly vsizeExact: boolean;
  readonly totalIn: number | null;
  readonly totalOut: number;
  /** What leaves the wallet: payments (every output that is not change or consolidation). */
  readonly sentOut: number;
  readonly locktime: { readonly value: number; readonly words: string };
  readonly rbf: { readonly replaceable: boolean; readonly words: string };
  readonly warnings: readonly PsbtWarning[];
  /** The registered multisig wallet the review proved against, when one was given. */
  readonly multisig?: { readonly name: string; readonly m: number; readonly n: number; readonly scriptType: MultisigWallet['scriptType'] };
}

/* ---------- derivation (ours) ---------- */

export { MAX_CLAIMS_TRIED } from './paths';

interface Claim {
  readonly fingerprint: number;
  readonly path: readonly number[];
}

/** Accounts the review derives at most for one PSBT (a real one uses one or two). */
export const MAX_ACCOUNTS_PROVED = 100;

/** Derives public keys with a cache per account and branch, so each index costs one public derivation. */
class Deriver {
  private readonly nodes = new Map<string, HDKey>();
  private accounts = 0;
  constructor(private readonly wallet: PsbtWallet) {}
  publicKey(path: readonly number[]): Uint8Array | null {
    const cached = this.ahead.get(path.join('/'));
    if (cached) return cached;
    const parentKey = path.slice(0, -1).join('/');
    let parent = this.nodes.get(parentKey);
    try {
      if (!parent) {
        const account = path.slice(0, 3);
        const accountKey = account.join('/');
        let acc = this.nodes.get(accountKey);
        if (!acc) {
          // Each account costs three hardened derivations: a PSBT claiming our fingerprint at thousands of
          // accounts is not a real wallet's, and must not make the review take minutes.
          if (++this.accounts > MAX_ACCOUNTS_PROVED) return null;
          let node = this.wallet.master;
          for (const i of account) {
            const next = node.deriveChild(i);
            if (node !== this.wallet.master) node.wipePrivateData();
            node = next;
          }
          // Keep only the public account node: everything below it is public derivation.
          acc = HDKey.fromExtendedKey(node.publicExtendedKey, node.versions);
          if (node !== this.wallet.master) node.wipePrivateData();
          this.nodes.set(accountKey, acc);
        }
        parent = acc.deriveChild(path[3] as number);
        this.nodes.set(parentKey, parent);
      }
      return parent.deriveChild(path[4] as number).publicKey;
    } catch {
      return null;
    }
  }
  /** Children derived ahead in batches: "parentPath/index" → public key. */
  private readonly ahead = new Map<string, Uint8Array>();
  /**
   * Derives, per branch, the children the PSBT claims in one batch (one batched inversion for the whole range:
   * ~8× faster than one at a time), when the claimed indices lie close together; scattered ones are derived
   * one by one on demand. Public data only: the batch is variable-time by design (see fast-derive.ts).
   */
  prefetch(paths: readonly (readonly number[])[]): void {
    const byBranch = new Map<string, { path: readonly number[]; indices: number[] }>();
    for (const p of paths) {
      if (p.length !== 5 || (p[4] as number) >= HARDENED || (p[3] as number) >= HARDENED) continue;
      const key = p.slice(0, 4).join('/');
      const b = byBranch.get(key) ?? { path: p.slice(0, 4), indices: [] };
      b.indices.push(p[4] as number);
      byBranch.set(key, b);
    }
    for (const [key, { path, indices }] of byBranch) {
      if (indices.length < 8) continue;
      const from = Math.min(...indices);
      const span = Math.max(...indices) - from + 1;
      if (span > 2 * indices.length + 64) continue;
      const parent = this.branch(path);
      if (!parent?.publicKey || !parent.chainCode) continue;
      try {
        publicChildren({ publicKey: parent.publicKey, chainCode: parent.chainCode }, from, span).forEach((pub, k) => this.ahead.set(`${key}/${from + k}`, pub));
      } catch {
        /* an invalid child in the range (p ≈ 2^-127): derive one by one instead */
      }
    }
  }
  private branch(path: readonly number[]): HDKey | null {
    const key = path.join('/');
    const known = this.nodes.get(key);
    if (known) return known;
    try {
      this.publicKey([...path, 0]);
      return this.nodes.get(key) ?? null;
    } catch {
      return null;
    }
  }
  wipe(): void {
    for (const n of this.nodes.values()) n.wipePrivateData();
    this.nodes.clear();
    this.ahead.clear();
  }
}

interface Proof {
  readonly owned: OwnedPath | null;
  /** A claim carried our fingerprint but did not derive to the script. */
  readonly falseClaim: string | null;
}

/** hash160 of a key we derived (a valid point by construction: the library's payment builders would check it again). */
const keyHash = (pub: Uint8Array): Uint8Array => ripemd160(sha256(pub));

function scriptFor(type: ScriptType, pub: Uint8Array): Uint8Array | null {
  switch (type) {
    case 'p2pkh':
      return Uint8Array.from([0x76, 0xa9, 0x14, ...keyHash(pub), 0x88, 0xac]);
    case 'p2sh-p2wpkh':
      return Uint8Array.from([0xa9, 0x14, ...keyHash(Uint8Array.from([0x00, 0x14, ...keyHash(pub)])), 0x87]);
    case 'p2wpkh':
      return Uint8Array.from([0x00, 0x14, ...keyHash(pub)]);
    case 'p2tr':
      return p2tr(pub.subarray(1)).script; // BIP86: x-only internal key, no script tree
    default:
      return null;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function prove(claims: readonly Claim[], script: Uint8Array, wallet: PsbtWallet | null, deriver: Deriver | null): Proof {
  if (!wallet || !deriver) return { owned: null, falseClaim: null };
  const ourFp = Number.parseInt(wallet.fingerprint, 16) >>> 0;
  let falseClaim: string | null = null;
  let tried = 0;
  for (const c of claims) {
    if (c.fingerprint >>> 0 !== ourFp) continue;
    // A key is listed once; a multisig script lists each cosigner once. Thousands of our-fingerprint claims on
    // one input or output are no wallet's doing: the first few are tried, so they cannot cost minutes.
    if (++tried > MAX_CLAIMS_TRIED) break;
    const shown = formatPath(c.path);
    const spec = standardPath(c.path, wallet.network);
    if (!spec) {
      falseClaim ??= shown;
      continue;
    }
    const pub = deriver.publicKey(c.path);
    const derived = pub ? scriptFor(spec.type, pub) : null;
    if (derived && equalBytes(derived, script)) {
      return {
        owned: {
          fingerprint: wallet.fingerprint,
          path: shown,
          account: { kind: spec.kind, network: wallet.network, account: spec.account },
          change: spec.change === 1,
          index: spec.index,
        },
        falseClaim: null,
      };
    }
    falseClaim ??= shown;
  }
  return { owned: null, falseClaim };
}

/** Context of the registered multisig wallet for one review: the wallet and which of its cosigners are ours. */
interface MultisigContext {
  readonly wallet: MultisigWallet;
  readonly ours: readonly number[];
}

function multisigOwned(ctx: MultisigContext, match: MultisigMatch, network: Network, fingerprint: string, partialSig: Parameters<typeof signatureCount>[1], check: PartialSigCheck | null): OwnedPath {
  const ourIndex = ctx.ours[0] as number;
  const path = ourPathText(ctx.wallet, ourIndex, match);
  const steps = path.split('/');
  // BIP48 m/48'/coin'/account'/script': the account is the third step; other paths count as account 0.
  const account = steps[1] === "48'" && steps[3] ? Number.parseInt(steps[3], 10) || 0 : 0;
  return {
    fingerprint,
    path,
    account: { kind: 'bip48', network, account },
    change: match.change,
    index: match.index,
    multisig: { name: ctx.wallet.name, m: ctx.wallet.m, n: ctx.wallet.n, signatures: signatureCount(match, partialSig, check) },
  };
}

/* ---------- sizes (fee rate) ---------- */

/**
 * Witness and scriptSig sizes of inputs not yet signed, by script type (low-S ECDSA signatures are at most 71 bytes
 * DER plus 1 sighash byte = 72; a 33-byte compressed key; Schnorr 64 bytes, 65 with a non-default sighash):
 *   P2PKH        scriptSig 1+72 + 1+33 = 107 bytes
 *   P2SH-P2WPKH  scriptSig 23 (push of the 22-byte redeem script); witness 1 + 1+72 + 1+33 = 108
 *   P2WPKH       witness 108
 *   P2TR key     witness 1 + 1+64 = 66 (67 with a sighash byte)
 *   multisig     OP_0 + m signatures of 1+72, plus the pushed script (P2SH) or witness script (P2WSH)
 * An estimate is an upper bound: the signed transaction is at most 1 vbyte smaller per ECDSA signature.
 */
const ECDSA_SIG = 72;
const PUBKEY = 33;

interface InputSize {
  /** scriptSig bytes (without its length prefix). */
  readonly scriptSig: number;
  /** Witness bytes (with the item count), 0 for none. */
  readonly witness: number;
  readonly exact: boolean;
}

function witnessLength(items: readonly Uint8Array[]): number {
  return compactSizeLength(items.length) + items.reduce((a, w) => a + compactSizeLength(w.length) + w.length, 0);
}

function pushLength(n: number): number {
  return n < 0x4c ? 1 + n : n <= 0xff ? 2 + n : 3 + n;
}

function multisigOf(script: Uint8Array | undefined): { m: number; n: number } | null {
  if (!script || script.length < 3 || script[script.length - 1] !== 0xae) return null;
  const m = (script[0] as number) - 0x50;
  const n = (script[script.length - 2] as number) - 0x50;
  return m >= 1 && m <= 16 && n >= m && n <= 16 ? { m, n } : null;
}

type ScureInput = ReturnType<ParsedPsbt['tx']['getInput']>;

function estimateInput(input: ScureInput, type: ScriptType): InputSize {
  if (input.finalScriptSig || input.finalScriptWitness) {
    return { scriptSig: input.finalScriptSig?.length ?? 0, witness: input.finalScriptWitness ? witnessLength(input.finalScriptWitness) : 0, exact: true };
  }
  const partial = input.partialSig?.[0];
  const sig = partial ? partial[1].length : ECDSA_SIG;
  const pub = partial ? partial[0].length : PUBKEY;
  const exact = partial !== undefined;
  switch (type) {
    case 'p2pkh':
      return { scriptSig: 1 + sig + 1 + pub, witness: 0, exact };
    case 'p2sh-p2wpkh':
      return { scriptSig: 23, witness: 1 + 1 + sig + 1 + pub, exact };
    case 'p2wpkh':
      return { scriptSig: 0, witness: 1 + 1 + sig + 1 + pub, exact };
    case 'p2tr': {
      const s = input.tapKeySig?.length ?? (input.sighashType ? 65 : 64);
      return { scriptSig: 0, witness: 1 + 1 + s, exact: input.tapKeySig !== undefined };
    }
    case 'p2sh': {
      const ms = multisigOf(input.redeemScript);
      const rs = input.redeemScript?.length ?? 0;
      return { scriptSig: 1 + (ms ? ms.m : 1) * (1 + ECDSA_SIG) + pushLength(rs), witness: 0, exact: false };
    }
    case 'p2wsh':
    case 'p2sh-p2wsh': {
      const ms = multisigOf(input.witnessScript);
      const ws = input.witnessScript?.length ?? 0;
      const items = 1 + (ms ? ms.m : 1) + 1;
      return {
        scriptSig: type === 'p2sh-p2wsh' ? 35 : 0,
        witness: compactSizeLength(items) + 1 + (ms ? ms.m : 1) * (1 + ECDSA_SIG) + compactSizeLength(ws) + ws,
        exact: false,
      };
    }
    case 'multisig':
    case 'op_return':
    case 'unknown':
      return { scriptSig: 1 + ECDSA_SIG, witness: 0, exact: false };
    default:
      return missingCase(type, 'script type');
  }
}

/* ---------- words ---------- */

function locktimeWords(locktime: number, anyNonFinal: boolean): string {
  if (locktime === 0) return 'None: the transaction can be mined at once.';
  const when =
    locktime < 500_000_000 ? `block ${locktime.toLocaleString('en-US')}` : `${new Date(locktime * 1000).toISOString().replace('T', ' ').slice(0, 16)} UTC (median time past)`;
  if (!anyNonFinal) return `Set to ${when}, but not in force: every input's sequence is final.`;
  return `Cannot be mined before ${when}.`;
}

/** The sighash types Bitcoin defines (BIP341 adds 0x00, DEFAULT, for Taproot only). */
const DEFINED_SIGHASH = new Set([0x01, 0x02, 0x03, 0x81, 0x82, 0x83]);

function sighashWords(sighash: number): string {
  const hex = `0x${sighash.toString(16).padStart(2, '0')}`;
  if (sighash === 0) return `DEFAULT (${hex}), which only Taproot inputs may use; this input is not Taproot, so it will not be signed`;
  if (!DEFINED_SIGHASH.has(sighash)) {
    // e.g. 0x41: ALL with Bitcoin Cash's FORKID bit (0x40) — a signature for another chain's rules.
    const forkid = sighash & 0x40 ? ` (0x40 is Bitcoin Cash's FORKID flag: a signature for another chain's rules)` : '';
    return `${hex}, a type Bitcoin does not define${forkid}; this wallet will not sign it`;
  }
  const base = sighash & 0x1f;
  const acp = (sighash & 0x80) !== 0;
  const parts: string[] = [];
  if (base === 2) parts.push('NONE: the outputs are not signed, so anyone who sees this signature can send the money anywhere');
  else if (base === 3) parts.push('SINGLE: only the output with the same number as this input is signed; every other output can be changed');
  if (acp) parts.push('ANYONECANPAY: other inputs can be added or removed (this signature then pays into a different transaction)');
  if (parts.length === 0) return 'ALL';
  return parts.join('; and ');
}

function btc(sats: number): string {
  return `${(sats / 1e8).toFixed(8)} BTC`;
}

/* ---------- the review ---------- */

function sat(amount: bigint, where: string): number {
  if (amount < 0n || amount > BigInt(MAX_MONEY)) throw new WalletError('BAD_PSBT', `PSBT ${where}: the amount is outside 0..21,000,000 BTC.`);
  return Number(amount);
}

function txidOfRaw(tx: NonNullable<ScureInput['nonWitnessUtxo']>): string {
  const raw = RawTx.encode({ ...tx, segwitFlag: false, witnesses: undefined });
  return toHex(sha256(sha256(raw)).reverse());
}

function networkOfPaths(tx: ParsedPsbt['tx']): 'mainnet' | 'test' | null {
  const coins = new Set<number>();
  const look = (path: readonly number[]) => {
    if (path.length >= 2 && (path[0] as number) >= HARDENED) coins.add((path[1] as number) - HARDENED);
  };
  const n = Math.min(tx.inputsLength, 50);
  for (let i = 0; i < n; i++) {
    const inp = tx.getInput(i);
    for (const [, d] of inp.bip32Derivation ?? []) look(d.path);
    for (const [, d] of inp.tapBip32Derivation ?? []) look(d.der.path);
  }
  for (let i = 0; i < Math.min(tx.outputsLength, 50); i++) {
    const out = tx.getOutput(i);
    for (const [, d] of out.bip32Derivation ?? []) look(d.path);
    for (const [, d] of out.tapBip32Derivation ?? []) look(d.der.path);
  }
  if (coins.has(0) && !coins.has(1)) return 'mainnet';
  if (coins.has(1) && !coins.has(0)) return 'test';
  return null;
}

function claimsOf(x: Pick<ScureInput, 'bip32Derivation' | 'tapBip32Derivation'>): Claim[] {
  const out: Claim[] = [];
  for (const [, d] of x.bip32Derivation ?? []) out.push({ fingerprint: d.fingerprint, path: d.path });
  for (const [, d] of x.tapBip32Derivation ?? []) if (d.hashes.length === 0) out.push({ fingerprint: d.der.fingerprint, path: d.der.path });
  return out;
}

/** The fields every sighash commits to, or null when an input or output lacks one (nothing can then be verified). */
function sighashContextOf(tx: ParsedPsbt['tx']): SighashContext | null {
  const inputs: Array<SighashTx['inputs'][number]> = [];
  for (let i = 0; i < tx.inputsLength; i++) {
    const inp = tx.getInput(i);
    if (!inp.txid || inp.index === undefined) return null;
    inputs.push({ txid: inp.txid, index: inp.index, sequence: inp.sequence ?? 0xffffffff });
  }
  const outputs: Array<SighashTx['outputs'][number]> = [];
  for (let j = 0; j < tx.outputsLength; j++) {
    const out = tx.getOutput(j);
    if (out.amount === undefined || !out.script) return null;
    outputs.push({ amount: out.amount, script: out.script });
  }
  return new SighashContext({ version: tx.version, lockTime: tx.lockTime, inputs, outputs });
}

export function reviewPsbt(p: ParsedPsbt, wallet: PsbtWallet | null): PsbtReview {
  const tx = p.tx;
  const warnings: PsbtWarning[] = [];
  const warn = (code: PsbtWarningCode, message: string, needsAck: boolean, at: { input?: number; output?: number } = {}) =>
    warnings.push({ code, message, needsAck, ...at });

  const pathNetwork = networkOfPaths(tx);
  const network: Network = wallet?.network ?? (pathNetwork === 'test' ? 'testnet' : 'mainnet');
  if (wallet && pathNetwork && (pathNetwork === 'mainnet') !== (wallet.network === 'mainnet')) {
    warn(
      'NETWORK_MISMATCH',
      `This PSBT's derivation paths are for ${pathNetwork === 'mainnet' ? 'mainnet' : 'a test network'}; the open wallet is on ${wallet.network}. Addresses are shown for ${wallet.network}.`,
      true,
    );
  }
  const deriver = wallet ? new Deriver(wallet) : null;
  let ms: MultisigContext | null = null;
  if (wallet?.multisig) {
    const ours = checkOurKeys(wallet.multisig, wallet.master, wallet.fingerprint).ours;
    if (ours.length === 0) throw new WalletError('INVALID_ARGUMENT', `The multisig wallet "${wallet.multisig.name}" holds no key of the open wallet (fingerprint ${wallet.fingerprint}).`);
    ms = { wallet: wallet.multisig, ours };
    const lists: Claim[][] = [];
    for (let i = 0; i < tx.inputsLength; i++) lists.push(claimsOf(tx.getInput(i)));
    for (let j = 0; j < tx.outputsLength; j++) lists.push(claimsOf(tx.getOutput(j)));
    prefetchClaimed(wallet.multisig, lists);
  }
  if (deriver && wallet) {
    const ourFp = Number.parseInt(wallet.fingerprint, 16) >>> 0;
    const claimed: (readonly number[])[] = [];
    for (let i = 0; i < tx.inputsLength; i++) for (const c of claimsOf(tx.getInput(i))) if (c.fingerprint >>> 0 === ourFp) claimed.push(c.path);
    for (let j = 0; j < tx.outputsLength; j++) for (const c of claimsOf(tx.getOutput(j))) if (c.fingerprint >>> 0 === ourFp) claimed.push(c.path);
    deriver.prefetch(claimed);
  }

  // Partial signatures already in multisig inputs are counted only when they verify: the sighashes, built once.
  let sighashes: SighashContext | null | undefined;
  const checkerAt = (i: number, match: MultisigMatch, amount: bigint): PartialSigCheck | null => {
    if (sighashes === undefined) sighashes = sighashContextOf(tx);
    return sighashes ? partialSigChecker(sighashes, i, match, amount) : null;
  };

  try {
    /* inputs */
    const inputs: ReviewInput[] = [];
    let totalIn = 0n;
    let unknownIn = false;
    let inputBytes = 0; // non-witness bytes of the inputs
    let witnessBytes = 0; // each input's witness, 1 byte (an empty stack) when it has none
    let exact = true;
    let anyWitness = false;
    let anyNonFinal = false;
    let replaceable = false;
    const missingNwu: number[] = [];
    const foreign: number[] = [];
    for (let i = 0; i < tx.inputsLength; i++) {
      const inp = tx.getInput(i);
      const txid = toHex(inp.txid as Uint8Array);
      const vout = inp.index as number;
      const sequence = inp.sequence ?? 0xffffffff;
      if (sequence < 0xffffffff) anyNonFinal = true;
      if (sequence < 0xfffffffe) replaceable = true;
      let prev: { amount: bigint; script: Uint8Array } | null = null;
      if (inp.nonWitnessUtxo) {
        const nwu = inp.nonWitnessUtxo;
        if (txidOfRaw(nwu) !== txid) {
          throw new WalletError('BAD_PSBT', `PSBT input ${i}: non_witness_utxo is not the transaction ${txid.slice(0, 16)}… it spends: its amount cannot be trusted.`);
        }
        const out = nwu.outputs[vout];
        if (!out) throw new WalletError('BAD_PSBT', `PSBT input ${i}: spends output ${vout} but its non_witness_utxo has ${nwu.outputs.length} outputs.`);
        prev = out;
        if (inp.witnessUtxo && (inp.witnessUtxo.amount !== out.amount || !equalBytes(inp.witnessUtxo.script, out.script))) {
          throw new WalletError('BAD_PSBT', `PSBT input ${i}: witness_utxo says ${btc(sat(inp.witnessUtxo.amount, `input ${i}`))} but its non_witness_utxo says ${btc(sat(out.amount, `input ${i}`))}: the amount cannot be trusted.`);
        }
      } else if (inp.witnessUtxo) {
        prev = inp.witnessUtxo;
      }
      let type: ScriptType = prev ? outputType(prev.script) : 'unknown';
      if (type === 'p2sh' && inp.redeemScript) {
        const inner = outputType(inp.redeemScript);
        if (inner === 'p2wpkh') type = 'p2sh-p2wpkh';
        else if (inner === 'p2wsh') type = 'p2sh-p2wsh';
      }
      const multisig = type === 'p2wsh' || type === 'p2sh-p2wsh' ? multisigOf(inp.witnessScript) : type === 'p2sh' ? multisigOf(inp.redeemScript) : null;
      let value: number | null = null;
      if (prev) {
        value = sat(prev.amount, `input ${i}`);
        totalIn += prev.amount;
      } else {
        unknownIn = true;
        warn('MISSING_UTXO', `Input ${i}: the PSBT does not say what it spends (no witness_utxo or non_witness_utxo), so its amount and the fee are unknown.`, true, { input: i });
      }
      if (prev && !inp.nonWitnessUtxo && type !== 'p2tr') missingNwu.push(i);
      const msMatch = ms && prev && (type === 'p2wsh' || type === 'p2sh-p2wsh' || type === 'p2sh') ? proveMultisig(ms.wallet, claimsOf(inp), prev.script) : null;
      const proof: Proof =
        ms && msMatch && wallet
          ? { owned: multisigOwned(ms, msMatch, network, wallet.fingerprint, inp.partialSig, inp.partialSig?.length && prev ? checkerAt(i, msMatch, prev.amount) : null), falseClaim: null }
          : prev
            ? prove(claimsOf(inp), prev.script, wallet, deriver)
            : { owned: null, falseClaim: null };
      if (!proof.owned) foreign.push(i);
      if (proof.falseClaim) {
        const multisigInput = multisig !== null && !ms;
        warn(
          'FOREIGN_INPUTS',
          multisigInput
            ? `Input ${i} is a ${multisig.m}-of-${multisig.n} multisig input naming our key at ${proof.falseClaim}: a single-signature wallet does not sign it. Choose its registered multisig wallet to review and sign it as a cosigner.`
            : `Input ${i} claims our fingerprint at ${proof.falseClaim}, but that key does not derive to the script it spends. It is not ours.`,
          false,
          { input: i },
        );
      }
      const sighash = inp.sighashType ?? null;
      if (sighash !== null && sighash !== 1 && !(sighash === 0 && type === 'p2tr')) {
        warn('SIGHASH_NOT_ALL', `Input ${i} asks to be signed with SIGHASH ${sighashWords(sighash)}.`, true, { input: i });
      }
      const size = estimateInput(inp, type);
      if (!size.exact) exact = false;
      if (size.witness > 0) anyWitness = true;
      inputBytes += 36 + compactSizeLength(size.scriptSig) + size.scriptSig + 4;
      witnessBytes += size.witness > 0 ? size.witness : 1;
      inputs.push({ index: i, txid, vout, value, scriptType: type, multisig, sighash, sequence, ours: proof.owned });
    }
    if (missingNwu.length) {
      const list = missingNwu.length > 8 ? `${missingNwu.slice(0, 8).join(', ')} and ${missingNwu.length - 8} more` : missingNwu.join(', ');
      warn(
        'MISSING_NON_WITNESS_UTXO',
        `Input${missingNwu.length > 1 ? 's' : ''} ${list} carr${missingNwu.length > 1 ? 'y' : 'ies'} only the amount the coordinator states (no non_witness_utxo). A lying coordinator can make the fee far larger than shown (the segwit fee attack); sign only if you trust the software that made this PSBT.`,
        true,
      );
    }
    if (wallet && tx.inputsLength > 0 && foreign.length === tx.inputsLength) {
      warn('NOTHING_OURS', 'No input of this PSBT belongs to the open wallet (fingerprint and derivation checked): there is nothing to sign.', false);
    } else if (foreign.length > 0 && tx.inputsLength > 0) {
      const list = foreign.length > 8 ? `${foreign.slice(0, 8).join(', ')} and ${foreign.length - 8} more` : foreign.join(', ');
      warn('FOREIGN_INPUTS', `Input${foreign.length > 1 ? 's' : ''} ${list} ${foreign.length > 1 ? 'are' : 'is'} not ours: someone else must sign ${foreign.length > 1 ? 'them' : 'it'}.`, false);
    }

    /* outputs */
    const outputs: ReviewOutput[] = [];
    let totalOut = 0n;
    let sent = 0n;
    const inputAccounts = new Set(inputs.flatMap((x) => (x.ours ? [`${x.ours.account.kind}/${x.ours.account.account}`] : [])));
    const seen = new Map<string, number>();
    let outBytes = 0;
    for (let j = 0; j < tx.outputsLength; j++) {
      const out = tx.getOutput(j);
      const script = out.script as Uint8Array;
      const value = sat(out.amount as bigint, `output ${j}`);
      totalOut += out.amount as bigint;
      outBytes += 8 + compactSizeLength(script.length) + script.length;
      const scriptType = outputType(script);
      const address = addressOf(script, network);
      const outClaims = claimsOf(out);
      const msMatch = ms && (scriptType === 'p2wsh' || scriptType === 'p2sh') ? proveMultisig(ms.wallet, outClaims, script) : null;
      const unknownOutput = ms !== null && !msMatch && claimsWallet(ms.wallet, outClaims);
      const proof: Proof =
        ms && msMatch && wallet
          ? { owned: multisigOwned(ms, msMatch, network, wallet.fingerprint, undefined, null), falseClaim: null }
          : unknownOutput
            ? { owned: null, falseClaim: null }
            : prove(outClaims, script, wallet, deriver);
      if (ms && unknownOutput) {
        warn(
          'CHANGE_NOT_OURS',
          `Unknown output: output ${j} says it belongs to the multisig wallet "${ms.wallet.name}", but it is not one of its addresses — its keys, M or script type differ. It is NOT your change: treat it as a payment to someone else.`,
          true,
          { output: j },
        );
      }
      let kind: OutputKind = 'payment';
      if (proof.owned) {
        // Multisig change: from the same registered wallet as an input (the multisig entries' account is "bip48/…").
        const sameAccount = proof.owned.multisig
          ? inputs.some((x) => x.ours?.multisig !== undefined)
          : inputAccounts.has(`${proof.owned.account.kind}/${proof.owned.account.account}`);
        kind = proof.owned.change && sameAccount ? 'change' : 'consolidation';
        // Money sent where a restored wallet will not look is as good as lost: acknowledged, not just shown.
        if (proof.owned.index > HIGH_INDEX) {
          warn('HIGH_INDEX', `Output ${j} goes to ${proof.owned.path}: index ${proof.owned.index} is beyond ${HIGH_INDEX}, where a wallet restored from the words may not look.`, true, { output: j });
        } else if (proof.owned.account.account > HIGH_ACCOUNT) {
          warn('HIGH_INDEX', `Output ${j} goes to ${proof.owned.path}: account ${proof.owned.account.account} is one no wallet opens by itself; a restored wallet will not see this money.`, true, { output: j });
        }
      } else if (proof.falseClaim) {
        warn('CHANGE_NOT_OURS', `Output ${j} claims to be ours at ${proof.falseClaim}, but that key does not derive to its script. Treat it as a payment to someone else.`, true, { output: j });
      }
      if (kind === 'payment') sent += out.amount as bigint;
      const extra: { opReturnText?: string; opReturnHex?: string } = {};
      if (scriptType === 'op_return') {
        const data = opReturnData(script);
        const text = data ? printable(data) : null;
        extra.opReturnHex = toHex(data ?? script.subarray(1));
        if (text !== null) extra.opReturnText = text;
        warn('OP_RETURN', `Output ${j} writes data on the chain${text !== null ? `: "${text.length > 80 ? `${text.slice(0, 80)}…` : text}"` : ` (${extra.opReturnHex.length / 2} bytes, not text)`}${value > 0 ? `, and burns ${btc(value)}` : ''}.`, value > 0, { output: j });
      } else if (value === 0) {
        warn('ZERO_VALUE_OUTPUT', `Output ${j} pays 0 sats.`, false, { output: j });
      } else if (value < dustThreshold(script)) {
        warn('DUST_OUTPUT', `Output ${j} pays ${value} sats, below the dust threshold of ${dustThreshold(script)} for its type: nodes may not relay it, and spending it costs more than it holds.`, false, { output: j });
      }
      if (address) {
        const first = seen.get(address);
        if (first !== undefined) warn('DUPLICATE_ADDRESS', `Outputs ${first} and ${j} pay the same address ${address}.`, false, { output: j });
        else seen.set(address, j);
      }
      outputs.push({ index: j, address, script: toHex(script), scriptType, value, kind, path: proof.owned ? proof.owned.path : null, ...extra });
    }
    if (totalIn > BigInt(MAX_MONEY) || totalOut > BigInt(MAX_MONEY)) {
      throw new WalletError('BAD_PSBT', 'PSBT: its amounts add up to more than 21,000,000 BTC.');
    }

    /* size, fee */
    // BIP141: weight = 4 × the size without witnesses + the witness part (marker, flag, every input's stack).
    const nonWitness = 4 + compactSizeLength(tx.inputsLength) + inputBytes + compactSizeLength(tx.outputsLength) + outBytes + 4;
    const vsize = Math.ceil((4 * nonWitness + (anyWitness ? 2 + witnessBytes : 0)) / 4);
    const fee = unknownIn ? null : Number(totalIn - totalOut);
    if (fee !== null && fee < 0) {
      warn('AMOUNTS_DONT_ADD_UP', `The outputs (${btc(Number(totalOut))}) are more than the inputs (${btc(Number(totalIn))}): this transaction is invalid.`, true);
    }
    const feeRate = fee === null || vsize === 0 ? null : Math.round((fee / vsize) * 100) / 100;
    if (fee !== null && fee > 0 && feeRate !== null) {
      // A transfer to ourselves sends nothing away: the fee is then weighed against what it moves.
      const sentNumber = Number(sent);
      const moved = sentNumber > 0 ? sentNumber : Number(totalOut);
      if (feeRate > HIGH_FEE_RATE) {
        warn('HIGH_FEE', `The fee is ${fee.toLocaleString('en-US')} sats, ${feeRate} sat/vB: far above what miners need (${HIGH_FEE_RATE} sat/vB).`, false);
      } else if (fee > HIGH_FEE_SHARE * moved) {
        warn('HIGH_FEE', `The fee (${btc(fee)}) is more than ${HIGH_FEE_SHARE * 100}% of ${sentNumber > 0 ? 'what leaves the wallet' : 'what this transfer to yourself moves'} (${btc(moved)}).`, false);
      }
    }

    const locktime = tx.lockTime;
    return {
      network,
      inputs,
      outputs,
      fee,
      feeRate,
      vsize,
      vsizeExact: exact,
      totalIn: unknownIn ? null : Number(totalIn),
      totalOut: Number(totalOut),
      sentOut: Number(sent),
      locktime: { value: locktime, words: locktimeWords(locktime, anyNonFinal) },
      rbf: {
        replaceable,
        words: replaceable
          ? 'Replaceable (BIP125): the sender can raise the fee later, which replaces this transaction until it is mined.'
          : 'Not marked replaceable (BIP125). Many nodes still accept a higher-fee replacement (full RBF).',
      },
      warnings,
      ...(ms ? { multisig: { name: ms.wallet.name, m: ms.wallet.m, n: ms.wallet.n, scriptType: ms.wallet.scriptType } } : {}),
    };
  } finally {
    deriver?.wipe();
  }
}

