/**
 * A multisig wallet Permafrost is one cosigner of: M of N keys, each an xpub with its origin (master fingerprint and
 * path), in one of three scripts (P2WSH, P2SH-P2WSH, P2SH), receive addresses on branch 0 and change on branch 1
 * (the descriptor's /<0;1>/*, or /0/* whose change branch is /1/* by convention). Public data only; what makes it
 * "ours" is proven against the open wallet's seed (ourCosigners), never taken from a fingerprint.
 *
 * Limits: BIP381 and consensus allow at most 15 keys in P2SH (the redeem script is pushed, 520 bytes at most);
 * P2WSH and P2SH-P2WSH allow 20 (the CHECKMULTISIG consensus limit; the 3,600-byte standard witness script is far
 * above a 20-key script). M ≤ N, each key once.
 */
import { WalletError } from '../errors';
import { addChecksum } from '../keys/descriptor';
import { derive, formatPath, HARDENED, HDKey, parseExtendedKey, parsePath } from '../keys/hd';
import { coinType, type Network } from '../keys/networks';
import { addressOf } from '../psbt/scripts';
import { publicChildren } from '../keys/fast-derive';
import { compareBytes, isWrap, multiNode, multisigScript, p2shScript, p2wshScript, parseDescriptor, type Descriptor, type KeyExpression } from './descriptor';

export const MULTISIG_SCRIPT_TYPES = ['p2wsh', 'p2sh-p2wsh', 'p2sh'] as const;
export type MultisigScriptType = (typeof MULTISIG_SCRIPT_TYPES)[number];

export const MULTISIG_SCRIPT_LABELS: Readonly<Record<MultisigScriptType, string>> = {
  p2wsh: 'Native SegWit multisig (P2WSH)',
  'p2sh-p2wsh': 'Nested SegWit multisig (P2SH-P2WSH)',
  p2sh: 'Legacy multisig (P2SH)',
};

export interface Cosigner {
  /** Master fingerprint, 8 lower-case hex digits. */
  readonly fingerprint: string;
  /** The key's path from that master, "m/48'/0'/0'/2'". */
  readonly path: string;
  /** The extended public key as given (xpub/tpub or a SLIP-132 variant), checked against the wallet's network. */
  readonly xpub: string;
}

export interface MultisigWallet {
  readonly name: string;
  readonly m: number;
  readonly n: number;
  readonly scriptType: MultisigScriptType;
  /** sortedmulti (BIP67 key order) or multi (the order listed). */
  readonly sorted: boolean;
  readonly cosigners: readonly Cosigner[];
  readonly network: Network;
}

export const MAX_KEYS: Readonly<Record<MultisigScriptType, number>> = { p2wsh: 20, 'p2sh-p2wsh': 20, p2sh: 15 };
export const MAX_NAME_CHARS = 40;
/** Addresses listed or searched at most per request. */
export const MAX_MULTISIG_ADDRESSES = 1000;

const bad = (what: string) => new WalletError('INVALID_ARGUMENT', what);

/** What to do when the keys are of the other network than the one chosen. */
export function networkHint(keyNet: 'mainnet' | 'testnet'): string {
  return keyNet === 'mainnet' ? 'Choose mainnet as its network and read it again.' : 'Choose its test network (testnet, signet or regtest) as its network and read it again.';
}

function networkClass(n: Network): 'mainnet' | 'testnet' {
  return n === 'mainnet' ? 'mainnet' : 'testnet';
}

function checkName(name: string): string {
  const t = name.trim().replace(/\s+/g, ' ');
  if (t.length === 0) throw bad('The wallet needs a name.');
  if (t.length > MAX_NAME_CHARS) throw bad(`The wallet name is ${t.length} characters; at most ${MAX_NAME_CHARS}.`);
  if ([...t].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) throw bad('The wallet name contains control characters.');
  return t;
}

export function defaultName(m: number, n: number): string {
  return `${m}-of-${n} multisig`;
}

/** Parsed keys of a wallet, cached per wallet object. */
interface Keys {
  readonly nodes: readonly HDKey[];
  readonly paths: readonly (readonly number[])[];
}
const keysCache = new WeakMap<MultisigWallet, Keys>();

function keysOf(w: MultisigWallet): Keys {
  let k = keysCache.get(w);
  if (!k) {
    k = { nodes: w.cosigners.map((c) => parseExtendedKey(c.xpub).key), paths: w.cosigners.map((c) => parsePath(c.path)) };
    keysCache.set(w, k);
  }
  return k;
}

/**
 * Checks a wallet and returns it normalised (name trimmed, fingerprints lower case, paths in one notation). Every
 * rule says what is wrong in words: M and N, the number of keys for the script, duplicate keys, the network of
 * each xpub, and that each xpub's depth is its path's length (a key exported at another path than stated).
 */
export function validateMultisig(w: MultisigWallet): MultisigWallet {
  if (!(MULTISIG_SCRIPT_TYPES as readonly string[]).includes(w.scriptType)) throw bad(`"${String(w.scriptType)}" is not a multisig script type (p2wsh, p2sh-p2wsh, p2sh).`);
  const n = w.cosigners.length;
  if (!Number.isInteger(w.m) || w.m < 1) throw bad(`M (signatures needed) must be at least 1, not ${w.m}.`);
  if (w.n !== n) throw bad(`The wallet says ${w.n} cosigners but lists ${n} keys.`);
  if (w.m > n) throw bad(`The wallet needs ${w.m} signatures but has only ${n} keys (M is larger than N): it could never spend.`);
  if (n < 1) throw bad('The wallet lists no keys.');
  const max = MAX_KEYS[w.scriptType];
  if (n > max) throw bad(`${MULTISIG_SCRIPT_LABELS[w.scriptType]} allows at most ${max} keys; this wallet lists ${n}.`);
  const seen = new Map<string, number>();
  const cosigners = w.cosigners.map((c, i) => {
    const label = `Key ${i + 1} (${c.fingerprint})`;
    if (!/^[0-9a-fA-F]{8}$/.test(c.fingerprint)) throw bad(`Key ${i + 1}: the fingerprint "${c.fingerprint}" is not 8 hexadecimal digits.`);
    const path = parsePath(c.path);
    if (path.length > 255) throw bad(`${label}: its path is longer than BIP32 allows.`);
    const parsed = parseExtendedKey(c.xpub);
    if (parsed.isPrivate) throw bad(`${label} is a private key. Register public keys (xpubs) only.`);
    if (parsed.network !== networkClass(w.network)) {
      throw bad(`${label} is a ${parsed.network === 'mainnet' ? 'mainnet' : 'test network'} key, but the wallet is on ${w.network}.`);
    }
    if (parsed.key.depth !== path.length) {
      throw bad(`${label}: the xpub is at depth ${parsed.key.depth} but its path ${formatPath(path)} has ${path.length} steps: the key was not exported at the stated path.`);
    }
    if (path.length > 0 && parsed.key.index !== (path[path.length - 1] as number)) {
      throw bad(`${label}: the xpub is child ${formatPath([parsed.key.index]).slice(2)} but its path ends in ${formatPath([path[path.length - 1] as number]).slice(2)}: the key was not exported at the stated path.`);
    }
    // BIP44-style purposes (and BIP48) put the coin type second: 0' mainnet, 1' test networks.
    if (path.length >= 2 && [44, 48, 49, 84, 86].includes((path[0] as number) - HARDENED) && (path[1] as number) >= HARDENED && (path[1] as number) - HARDENED !== coinType(w.network)) {
      throw bad(`${label}: its path ${formatPath(path)} has coin type ${(path[1] as number) - HARDENED}', which is not ${w.network}'s (${coinType(w.network)}').`);
    }
    const pub = Array.from(parsed.key.publicKey as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('');
    const first = seen.get(pub);
    if (first !== undefined) throw bad(`Keys ${first + 1} and ${i + 1} are the same key: a key listed twice makes the wallet weaker than it says (M of N with fewer distinct signers).`);
    seen.set(pub, i);
    return { fingerprint: c.fingerprint.toLowerCase(), path: formatPath(path), xpub: c.xpub.trim() };
  });
  return { name: checkName(w.name), m: w.m, n, scriptType: w.scriptType, sorted: Boolean(w.sorted), cosigners, network: w.network };
}

/* ---------- from a descriptor ---------- */

export interface ParseOptions {
  /** The wallet's network; a test key (tpub) alone cannot tell testnet, signet and regtest apart. Default: from the keys. */
  readonly network?: Network;
  readonly name?: string;
}

function scriptTypeOf(d: Descriptor): MultisigScriptType {
  const r = d.root;
  if (isWrap(r) && r.type === 'wsh' && !isWrap(r.inner)) return 'p2wsh';
  if (isWrap(r) && r.type === 'sh' && isWrap(r.inner) && r.inner.type === 'wsh' && !isWrap(r.inner.inner)) return 'p2sh-p2wsh';
  if (isWrap(r) && r.type === 'sh' && !isWrap(r.inner)) return 'p2sh';
  throw bad('This descriptor is not a multisig wallet: it must be wsh(sortedmulti(…)), sh(wsh(sortedmulti(…))) or sh(sortedmulti(…)) (or multi).');
}

function branchesOf(k: Extract<KeyExpression, { kind: 'xpub' }>, i: number): string {
  // Receive /0/* and change /1/*: the descriptor says /<0;1>/* or /0/* (change then /1/*).
  const s = k.steps;
  const ok =
    k.wildcard &&
    s.length === 1 &&
    ('multipath' in (s[0] as object)
      ? (() => {
          const mp = (s[0] as { multipath: ReadonlyArray<{ index: number }> }).multipath;
          return mp.length === 2 && mp[0]?.index === 0 && mp[1]?.index === 1;
        })()
      : (s[0] as { index: number }).index === 0);
  if (!ok) throw bad(`Key ${i + 1} must end in /<0;1>/* (or /0/*): receive addresses on branch 0 and change on branch 1, as wallets use.`);
  return 'multipath' in (s[0] as object) ? '/<0;1>/*' : '/0/*';
}

/** A multisig wallet from a descriptor (wsh/sh-wsh/sh of multi/sortedmulti; xpubs with origins; /<0;1>/* or /0/*). */
export function multisigFromDescriptor(text: string, options: ParseOptions = {}): MultisigWallet {
  const d = parseDescriptor(text);
  const scriptType = scriptTypeOf(d);
  const multi = multiNode(d);
  const nets = new Set<string>();
  let ending: { form: string; key: number } | null = null;
  const cosigners = multi.keys.map((k, i) => {
    if (k.kind !== 'xpub') throw bad(`Key ${i + 1} is a single public key; a multisig wallet's keys are xpubs with their origin ([fingerprint/path]xpub/<0;1>/*).`);
    if (!k.origin) throw bad(`Key ${i + 1} has no origin [fingerprint/path]: without it no signer can find its key. Export the descriptor with key origins.`);
    // BIP389 keeps a key without <0;1> on the same path in both branches: mixed, the change addresses would not be ours.
    const form = branchesOf(k, i);
    if (ending && ending.form !== form) {
      throw bad(`Keys ${ending.key + 1} and ${i + 1} end differently (${ending.form} and ${form}): in a multipath descriptor every key ends in /<0;1>/*, or none does (BIP389 would put change on /0/* for the others).`);
    }
    ending ??= { form, key: i };
    nets.add(k.network);
    return { fingerprint: k.origin.fingerprint, path: formatPath(k.origin.path), xpub: k.xpub };
  });
  if (nets.size > 1) throw bad('This descriptor mixes mainnet keys (xpub) and test network keys (tpub).');
  const keyNet = [...nets][0] as 'mainnet' | 'testnet';
  const network = options.network ?? keyNet;
  if (networkClass(network) !== keyNet) throw bad(`This descriptor's keys are for ${keyNet === 'mainnet' ? 'mainnet' : 'a test network'}, not ${network}. ${networkHint(keyNet)}`);
  return validateMultisig({
    name: options.name ?? defaultName(multi.threshold, cosigners.length),
    m: multi.threshold,
    n: cosigners.length,
    scriptType,
    sorted: multi.type === 'sortedmulti',
    cosigners,
    network,
  });
}

/* ---------- descriptors out ---------- */

function wrap(w: MultisigWallet, inner: string): string {
  switch (w.scriptType) {
    case 'p2wsh':
      return `wsh(${inner})`;
    case 'p2sh-p2wsh':
      return `sh(wsh(${inner}))`;
    case 'p2sh':
      return `sh(${inner})`;
  }
}

/** The plain BIP32 form of a key (descriptors take xpub/tpub, not SLIP-132 Zpub/Vpub). */
function plainXpub(c: Cosigner, network: Network): string {
  const { key } = parseExtendedKey(c.xpub);
  const versions = network === 'mainnet' ? { private: 0x0488ade4, public: 0x0488b21e } : { private: 0x04358394, public: 0x043587cf };
  return new HDKey({ versions, depth: key.depth, index: key.index, parentFingerprint: key.parentFingerprint, chainCode: key.chainCode as Uint8Array, publicKey: key.publicKey as Uint8Array }).publicExtendedKey;
}

function descriptorWith(w: MultisigWallet, suffix: string): string {
  const keys = w.cosigners.map((c) => `[${c.fingerprint}${formatPath(parsePath(c.path), 'h').slice(1)}]${plainXpub(c, w.network)}${suffix}`);
  return addChecksum(wrap(w, `${w.sorted ? 'sortedmulti' : 'multi'}(${[String(w.m), ...keys].join(',')})`));
}

export interface MultisigDescriptors {
  /** BIP389 multipath, /<0;1>/* (Sparrow, Bitcoin Core 29+, BlueWallet). */
  readonly multipath: string;
  /** Receive (/0/*) and change (/1/*), for wallets that read no multipath. */
  readonly receive: string;
  readonly change: string;
}

export function multisigDescriptors(w: MultisigWallet): MultisigDescriptors {
  return { multipath: descriptorWith(w, '/<0;1>/*'), receive: descriptorWith(w, '/0/*'), change: descriptorWith(w, '/1/*') };
}

/* ---------- scripts and addresses ---------- */

export interface MultisigScripts {
  readonly script: Uint8Array;
  readonly witnessScript?: Uint8Array;
  readonly redeemScript?: Uint8Array;
  /** Each cosigner's public key at this branch and index, in cosigner order (not script order). */
  readonly pubkeys: readonly Uint8Array[];
}

const childCache = new WeakMap<HDKey, Map<number, HDKey>>();
function child(node: HDKey, i: number): HDKey {
  let m = childCache.get(node);
  if (!m) childCache.set(node, (m = new Map()));
  let c = m.get(i);
  if (!c) {
    c = node.deriveChild(i);
    m.set(i, c);
  }
  return c;
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED) throw bad(`The address index must be a whole number from 0 to ${HARDENED - 1}.`);
}

/** Scripts already derived, per wallet: the review, the signer and its status pass ask for the same indices. */
const scriptsCache = new WeakMap<MultisigWallet, Map<string, MultisigScripts>>();
const MAX_CACHED_SCRIPTS = 4096;

/** The scripts at branch (0 receive, 1 change) and index. */
export function multisigScripts(w: MultisigWallet, change: boolean, index: number): MultisigScripts {
  checkIndex(index);
  let cache = scriptsCache.get(w);
  if (!cache) scriptsCache.set(w, (cache = new Map()));
  const id = `${change ? 1 : 0}/${index}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const scripts = deriveMultisigScripts(w, change, index);
  if (cache.size >= MAX_CACHED_SCRIPTS) cache.clear();
  cache.set(id, scripts);
  return scripts;
}

function deriveMultisigScripts(w: MultisigWallet, change: boolean, index: number): MultisigScripts {
  const { nodes } = keysOf(w);
  let pubkeys: Uint8Array[];
  try {
    pubkeys = nodes.map((node) => child(node, change ? 1 : 0).deriveChild(index).publicKey as Uint8Array);
  } catch {
    throw new WalletError('BAD_KEY', `A cosigner key has no valid child at index ${index} (BIP32 invalid child, probability below 2^-127).`);
  }
  return scriptsOf(w, pubkeys);
}

/**
 * Derives the scripts of many indices at once (fast-derive.ts: one batch of base-point products and one inversion
 * per cosigner and branch), for the indices a PSBT names or an address list shows; scattered ones are left to
 * multisigScripts. Public data only.
 */
export function prefetchMultisigScripts(w: MultisigWallet, wanted: ReadonlyArray<{ readonly change: boolean; readonly index: number }>): void {
  let cache = scriptsCache.get(w);
  if (!cache) scriptsCache.set(w, (cache = new Map()));
  const known = cache;
  for (const change of [false, true]) {
    const b = change ? 1 : 0;
    const indices = [...new Set(wanted.filter((x) => x.change === change && Number.isInteger(x.index) && x.index >= 0 && x.index < HARDENED).map((x) => x.index))].filter((i) => !known.has(`${b}/${i}`));
    if (indices.length < 4 || known.size + indices.length > MAX_CACHED_SCRIPTS) continue;
    const from = Math.min(...indices);
    const span = Math.max(...indices) - from + 1;
    if (span > 2 * indices.length + 64 || from + span > HARDENED) continue;
    let perKey: Uint8Array[][];
    try {
      perKey = keysOf(w).nodes.map((node) => {
        const branchNode = child(node, b);
        return publicChildren({ publicKey: branchNode.publicKey as Uint8Array, chainCode: branchNode.chainCode as Uint8Array }, from, span);
      });
    } catch {
      continue; // an invalid child in the range (p ≈ 2^-127): derived one by one instead
    }
    for (const i of indices) known.set(`${b}/${i}`, scriptsOf(w, perKey.map((keys) => keys[i - from] as Uint8Array)));
  }
}

function scriptsOf(w: MultisigWallet, pubkeys: Uint8Array[]): MultisigScripts {
  const ms = multisigScript(w.m, w.sorted ? [...pubkeys].sort(compareBytes) : pubkeys, false);
  switch (w.scriptType) {
    case 'p2wsh':
      return { script: p2wshScript(ms), witnessScript: ms, pubkeys };
    case 'p2sh-p2wsh': {
      const redeemScript = p2wshScript(ms);
      return { script: p2shScript(redeemScript), witnessScript: ms, redeemScript, pubkeys };
    }
    case 'p2sh':
      return { script: p2shScript(ms), redeemScript: ms, pubkeys };
  }
}

export interface MultisigAddress {
  readonly index: number;
  readonly change: boolean;
  readonly address: string;
  /** The branch and index below every cosigner's path: "0/5". */
  readonly path: string;
}

export function multisigAddress(w: MultisigWallet, change: boolean, index: number): MultisigAddress {
  const address = addressOf(multisigScripts(w, change, index).script, w.network);
  if (!address) throw new WalletError('BAD_KEY', 'This wallet’s script has no address.');
  return { index, change, address, path: `${change ? 1 : 0}/${index}` };
}

export function multisigAddresses(w: MultisigWallet, options: { change?: boolean; from?: number; count?: number } = {}): MultisigAddress[] {
  const { change = false, from = 0, count = 20 } = options;
  checkIndex(from);
  if (!Number.isInteger(count) || count < 1 || count > MAX_MULTISIG_ADDRESSES) throw bad(`The count must be from 1 to ${MAX_MULTISIG_ADDRESSES}.`);
  if (from + count > HARDENED) throw bad('Those indices run past the last non-hardened index.');
  prefetchMultisigScripts(w, Array.from({ length: count }, (_, k) => ({ change, index: from + k })));
  return Array.from({ length: count }, (_, k) => multisigAddress(w, change, from + k));
}

/** "Is this address ours?": receive and change indices 0..gapLimit-1; null when not found. */
export function findMultisigAddress(w: MultisigWallet, address: string, gapLimit = 200): MultisigAddress | null {
  if (!Number.isInteger(gapLimit) || gapLimit < 1 || gapLimit > MAX_MULTISIG_ADDRESSES) throw bad(`The search depth must be from 1 to ${MAX_MULTISIG_ADDRESSES}.`);
  const a = address.trim();
  const wanted = /^(bc|tb|bcrt)1/i.test(a) ? a.toLowerCase() : a;
  const kind = w.scriptType === 'p2wsh' ? 'native SegWit multisig (bc1q…, 62 characters)' : 'P2SH (3… on mainnet, 2… on test networks)';
  const looks = w.scriptType === 'p2wsh' ? /^(bc|tb|bcrt)1q[02-9ac-hj-np-z]{58}$/.test(wanted) : /^[23][1-9A-HJ-NP-Za-km-z]{33}$/.test(wanted);
  if (!looks) throw bad(`This is not a ${kind} address, the kind this wallet makes.`);
  for (let i = 0; i < gapLimit; i++) {
    // Derived 100 indices of each branch at a time (one batch each), so an early match costs little.
    if (i % 100 === 0) prefetchMultisigScripts(w, Array.from({ length: Math.min(100, gapLimit - i) * 2 }, (_, k) => ({ change: k % 2 === 1, index: i + (k >> 1) })));
    for (const change of [false, true]) {
      const found = multisigAddress(w, change, i);
      if (found.address === wanted) return found;
    }
  }
  return null;
}

/* ---------- our key ---------- */

export interface OurKeyCheck {
  /** Indices of the cosigners whose xpub derives from this seed at their path, with our fingerprint. */
  readonly ours: readonly number[];
  /** Cosigners that name our fingerprint but whose xpub is not the key at their path: another path, another passphrase, or an attack. */
  readonly wrongKey: readonly number[];
}

function sameKey(a: HDKey, b: HDKey): boolean {
  const pa = a.publicKey as Uint8Array;
  const pb = b.publicKey as Uint8Array;
  const ca = a.chainCode as Uint8Array;
  const cb = b.chainCode as Uint8Array;
  return pa.length === pb.length && pa.every((x, i) => x === pb[i]) && ca.every((x, i) => x === cb[i]);
}

/** Which cosigners are ours: our fingerprint AND the xpub equal to the key derived from our seed at its path. */
export function checkOurKeys(w: MultisigWallet, master: HDKey, masterFingerprint: string): OurKeyCheck {
  const { nodes, paths } = keysOf(w);
  const ours: number[] = [];
  const wrongKey: number[] = [];
  w.cosigners.forEach((c, i) => {
    if (c.fingerprint !== masterFingerprint.toLowerCase()) return;
    let derived: HDKey | null = null;
    try {
      derived = derive(master, paths[i] as number[]);
    } catch {
      derived = null;
    }
    const match = derived !== null && sameKey(derived, nodes[i] as HDKey);
    if (derived && derived !== master) derived.wipePrivateData();
    (match ? ours : wrongKey).push(i);
  });
  return { ours, wrongKey };
}

/**
 * Refuses a wallet that holds none of our keys, saying which fingerprints it has and what is wrong with ours; and
 * one that holds exactly one but also lists a key posing as ours (our fingerprint, another xpub: the holder would
 * believe they hold two keys while someone else does), or two keys of this seed (one seed counted as two signers).
 */
export function requireOurKey(w: MultisigWallet, master: HDKey, masterFingerprint: string): OurKeyCheck {
  const check = checkOurKeys(w, master, masterFingerprint);
  if (check.ours.length > 0 && check.wrongKey.length > 0) {
    const i = check.wrongKey[0] as number;
    const c = w.cosigners[i] as Cosigner;
    throw bad(
      `Key ${i + 1} names our fingerprint ${masterFingerprint} at ${c.path}, but its xpub is not the key this seed has there: it poses as ours, so the wallet would look as if you hold more of its keys than you do. Not registered.`,
    );
  }
  if (check.ours.length > 1) {
    const list = check.ours.map((i) => i + 1);
    throw bad(
      `This wallet holds ${list.length} keys of the open wallet (keys ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}): one seed would count as ${list.length} of its ${w.n} signers, so ${w.m} of ${w.n} protects less than it says. Use one key per seed. Not registered.`,
    );
  }
  if (check.ours.length > 0) return check;
  const fps = [...new Set(w.cosigners.map((c) => c.fingerprint))].join(', ');
  if (check.wrongKey.length > 0) {
    const c = w.cosigners[check.wrongKey[0] as number] as Cosigner;
    throw bad(
      `This wallet names our fingerprint ${masterFingerprint} at ${c.path}, but the xpub listed there is not the key this seed has at that path. It is not ours: a wrong path, another passphrase, or a key put there to deceive. Not registered.`,
    );
  }
  throw bad(`This wallet does not include a key of the open wallet (fingerprint ${masterFingerprint}); its keys are ${fps}. Open the right wallet (and passphrase), or export our key to the coordinator first.`);
}
