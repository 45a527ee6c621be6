/**
 * Output descriptors, the subset a multisig cosigner reads (bitcoin/bips bip-0380 key expressions and checksum,
 * bip-0381 sh, bip-0382 wsh, bip-0383 multi/sortedmulti, bip-0389 multipath <a;b>): parsed into a small tree,
 * turned into scripts at a child index, and written back. Public keys only: a descriptor that holds a private key
 * (xprv, WIF) is refused — a registration is public data, and a private key pasted here would be one copied around.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { WalletError } from '../errors';
import { descriptorChecksum, verifyChecksum } from '../keys/descriptor';
import { HARDENED, parseExtendedKey, type HDKey } from '../keys/hd';

/** Longest descriptor text read (a 20-key descriptor with origins is about 2,600 characters). */
export const MAX_DESCRIPTOR_CHARS = 10_000;

/** A derivation step after the key: an index (hardened bit set) or a BIP389 multipath list. */
export type Step = { readonly index: number; readonly text: string } | { readonly multipath: ReadonlyArray<{ readonly index: number; readonly text: string }> };

export interface KeyOrigin {
  /** 8 lower-case hex digits. */
  readonly fingerprint: string;
  readonly path: readonly number[];
  /** As written ("deadbeef/48h/0h/0h/2h"), to write it back unchanged. */
  readonly text: string;
}

export type KeyExpression =
  | { readonly kind: 'pubkey'; readonly origin: KeyOrigin | null; readonly pubkey: Uint8Array; readonly text: string }
  | {
      readonly kind: 'xpub';
      readonly origin: KeyOrigin | null;
      /** As given (xpub, tpub, or a SLIP-132 variant). */
      readonly xpub: string;
      readonly node: HDKey;
      readonly network: 'mainnet' | 'testnet';
      readonly steps: readonly Step[];
      readonly wildcard: boolean;
    };

export interface MultiNode {
  readonly type: 'multi' | 'sortedmulti';
  readonly threshold: number;
  readonly keys: readonly KeyExpression[];
}
export interface WrapNode {
  readonly type: 'sh' | 'wsh';
  readonly inner: DescriptorNode;
}
export type DescriptorNode = MultiNode | WrapNode;

export function isWrap(n: DescriptorNode): n is WrapNode {
  return n.type === 'sh' || n.type === 'wsh';
}

export interface Descriptor {
  readonly root: DescriptorNode;
  /** The number of BIP389 branches (1 without multipath). */
  readonly branches: number;
  readonly hadChecksum: boolean;
}

const bad = (what: string) => new WalletError('INVALID_ARGUMENT', `Descriptor: ${what}`);

/* ---------- key expressions (BIP380) ---------- */

const HEX = /^[0-9a-fA-F]+$/;
const STEP = /^(\d+)(['h]?)$/;

function parseIndex(text: string, where: string): number {
  const m = STEP.exec(text);
  if (!m) throw bad(`"${text}" in ${where} is not a derivation step (a number, optionally followed by h or ').`);
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || n >= HARDENED) throw bad(`derivation step ${text} in ${where} is out of range (at most ${HARDENED - 1}).`);
  return m[2] ? n + HARDENED : n;
}

function parseOrigin(text: string): KeyOrigin {
  const parts = text.split('/');
  const fp = parts[0] as string;
  if (fp.length !== 8 || !HEX.test(fp)) throw bad(`the key origin "[${text}]" must start with an 8-digit hexadecimal fingerprint.`);
  const path = parts.slice(1).map((p) => {
    if (p.includes('<') || p.includes('*')) throw bad(`the key origin "[${text}]" may not contain ${p.includes('*') ? 'a wildcard' : 'a multipath list'}.`);
    return parseIndex(p, 'the key origin');
  });
  return { fingerprint: fp.toLowerCase(), path, text };
}

function looksPrivate(key: string): boolean {
  // xprv/tprv and SLIP-132 private variants; WIF (51 or 52 base58 characters starting 5, K, L, 9 or c).
  return /^[xtyzuvYZUV]prv/.test(key) || /^[5KL9c][1-9A-HJ-NP-Za-km-z]{50,51}$/.test(key);
}

export function parseKeyExpression(text: string): KeyExpression {
  let rest = text;
  let origin: KeyOrigin | null = null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) throw bad(`the key origin in "${short(text)}" has no closing "]".`);
    origin = parseOrigin(rest.slice(1, close));
    rest = rest.slice(close + 1);
    if (rest.startsWith('[')) throw bad('a key has more than one key origin.');
  } else if (rest.includes(']')) {
    throw bad(`"${short(text)}" has a "]" without its "[".`);
  }
  if (rest.length === 0) throw bad('a key origin is not followed by a key.');
  const [keyText, ...stepTexts] = rest.split('/');
  const key = keyText as string;
  if (looksPrivate(key)) {
    throw bad('it contains a private key. Permafrost registers public data only: export the descriptor from your coordinator without private keys (xpubs only).');
  }
  if (HEX.test(key) && (key.length === 66 || key.length === 130)) {
    if (stepTexts.length) throw bad('a plain public key cannot be followed by derivation steps.');
    let pubkey: Uint8Array;
    try {
      pubkey = Uint8Array.from(key.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
      secp256k1.Point.fromBytes(pubkey);
    } catch {
      throw bad(`${short(key)} is not a valid public key (not a point on secp256k1).`);
    }
    if (key.length === 66 ? !(pubkey[0] === 2 || pubkey[0] === 3) : pubkey[0] !== 4) throw bad(`${short(key)} is not a valid public key encoding.`);
    return { kind: 'pubkey', origin, pubkey, text };
  }
  if (!/^[xtyzuvYZUV]pub[1-9A-HJ-NP-Za-km-z]+$/.test(key)) throw bad(`"${short(key)}" is not a public key or an extended public key (xpub/tpub).`);
  const parsed = parseExtendedKey(key);
  if (parsed.isPrivate) throw bad('it contains a private key.');
  const steps: Step[] = [];
  let wildcard = false;
  stepTexts.forEach((s, k) => {
    if (wildcard) throw bad('a wildcard (*) must be the last step of a key.');
    if (s === '*') {
      wildcard = true;
      return;
    }
    if (s === "*'" || s === '*h' || s === '*H') throw bad('a hardened wildcard (*h) needs the private key: it cannot be derived from an xpub.');
    if (s.startsWith('<') || s.endsWith('>')) {
      if (!s.startsWith('<') || !s.endsWith('>')) throw bad(`the multipath step "${s}" must be written <a;b>.`);
      if (steps.some((x) => 'multipath' in x)) throw bad('a key may hold only one multipath step (BIP389).');
      const items = s.slice(1, -1).split(';');
      if (items.length < 2 || items.some((x) => x === '')) throw bad(`the multipath step "${s}" needs at least two indices (BIP389).`);
      const multipath = items.map((x) => ({ index: parseIndex(x, `the multipath step ${s}`), text: x }));
      if (new Set(multipath.map((x) => x.index)).size !== multipath.length) throw bad(`the multipath step "${s}" repeats an index (BIP389).`);
      steps.push({ multipath });
      return;
    }
    if (s === '' && k === stepTexts.length - 1) throw bad('a key ends with "/".');
    steps.push({ index: parseIndex(s, 'the key'), text: s });
  });
  for (const s of steps) {
    const hardened = 'index' in s ? s.index >= HARDENED : s.multipath.some((x) => x.index >= HARDENED);
    if (hardened) throw bad('a hardened step after an xpub needs the private key: it cannot be derived from public data.');
  }
  return { kind: 'xpub', origin, xpub: key, node: parsed.key, network: parsed.network, steps, wildcard };
}

function short(s: string): string {
  return s.length > 24 ? `${s.slice(0, 20)}…` : s;
}

/* ---------- script expressions ---------- */

/** Splits "a,b(c,d),e" at top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function call(text: string): { name: string; args: string } | null {
  const m = /^([a-z_]+)\((.*)\)$/s.exec(text);
  return m ? { name: m[1] as string, args: m[2] as string } : null;
}

/** BIP383: at most 20 keys in multi(); BIP381: at most 15 (the 520-byte P2SH redeem script limit) inside sh(). */
const MAX_KEYS_MULTI = 20;
const MAX_KEYS_P2SH = 15;

function parseNode(text: string, context: 'top' | 'sh' | 'wsh'): DescriptorNode {
  const c = call(text);
  if (!c) throw bad(`"${short(text)}" is not a script expression such as wsh(…) or sortedmulti(…).`);
  switch (c.name) {
    case 'sh':
      if (context !== 'top') throw bad('sh() can only be the outermost expression.');
      return { type: 'sh', inner: parseNode(c.args, 'sh') };
    case 'wsh':
      if (context === 'wsh') throw bad('wsh() cannot be inside wsh().');
      return { type: 'wsh', inner: parseNode(c.args, 'wsh') };
    case 'multi':
    case 'sortedmulti': {
      const args = splitArgs(c.args);
      const kText = args[0] ?? '';
      if (!/^\d+$/.test(kText)) throw bad(`the threshold of ${c.name}() must be a number, not "${short(kText)}".`);
      const threshold = Number(kText);
      const keyTexts = args.slice(1);
      if (threshold < 1) throw bad(`the threshold of ${c.name}() is ${threshold}; it must be at least 1.`);
      if (keyTexts.length === 0) throw bad(`${c.name}() lists no keys.`);
      if (threshold > keyTexts.length) throw bad(`${c.name}() needs ${threshold} signatures but lists only ${keyTexts.length} keys (M is larger than N).`);
      const max = context === 'sh' ? MAX_KEYS_P2SH : MAX_KEYS_MULTI;
      if (keyTexts.length > max) {
        throw bad(`${c.name}() lists ${keyTexts.length} keys; at most ${max} are allowed ${context === 'sh' ? 'in P2SH (its redeem script is limited to 520 bytes)' : '(the CHECKMULTISIG limit)'}.`);
      }
      const keys = keyTexts.map((k) => parseKeyExpression(k));
      if (context === 'wsh' && keys.some((k) => k.kind === 'pubkey' && k.pubkey.length === 65)) throw bad('wsh() allows compressed public keys only (BIP382).');
      return { type: c.name, threshold, keys };
    }
    default:
      throw bad(`${c.name}() is not supported here: a multisig wallet is wsh(sortedmulti(…)), sh(wsh(sortedmulti(…))) or sh(sortedmulti(…)) (or multi).`);
  }
}

function multiOf(node: DescriptorNode): MultiNode {
  return isWrap(node) ? multiOf(node.inner) : node;
}

export function multiNode(d: Descriptor): MultiNode {
  return multiOf(d.root);
}

/** Parses a descriptor, with or without its "#checksum" (a wrong checksum is refused). */
export function parseDescriptor(input: string): Descriptor {
  if (typeof input !== 'string') throw bad('it must be text.');
  if (input.length > MAX_DESCRIPTOR_CHARS) throw bad(`it is ${input.length} characters; at most ${MAX_DESCRIPTOR_CHARS} are read.`);
  const text = input.trim();
  if (text.length === 0) throw bad('it is empty.');
  let body = text;
  const hash = text.indexOf('#');
  const hadChecksum = hash !== -1;
  if (hadChecksum) {
    const sum = text.slice(hash + 1);
    body = text.slice(0, hash);
    if (sum.length !== 8) throw bad(`the checksum after "#" must be 8 characters, not ${sum.length}.`);
    let ok = false;
    try {
      ok = verifyChecksum(text);
    } catch {
      ok = false;
    }
    if (!ok) throw bad('the checksum does not match: a character was changed or lost. Copy the descriptor again.');
  } else {
    try {
      descriptorChecksum(body);
    } catch {
      throw bad('it contains a character descriptors cannot hold.');
    }
  }
  if (/\s/.test(body)) throw bad('it contains spaces or line breaks inside.');
  const root = parseNode(body, 'top');
  const counts = new Set<number>();
  for (const k of multiOf(root).keys) {
    if (k.kind !== 'xpub') continue;
    for (const s of k.steps) if ('multipath' in s) counts.add(s.multipath.length);
  }
  if (counts.size > 1) throw bad('its multipath steps have different lengths (BIP389: all must have the same number of indices).');
  return { root, branches: counts.size ? ([...counts][0] as number) : 1, hadChecksum };
}

/* ---------- writing ---------- */

function keyText(k: KeyExpression, branch: number | null): string {
  if (k.kind === 'pubkey') return k.text;
  const origin = k.origin ? `[${k.origin.text}]` : '';
  const steps = k.steps.map((s) => ('index' in s ? s.text : branch === null ? `<${s.multipath.map((x) => x.text).join(';')}>` : (s.multipath[branch] as { text: string }).text));
  return [origin + k.xpub, ...steps, ...(k.wildcard ? ['*'] : [])].join('/');
}

function nodeText(n: DescriptorNode, branch: number | null): string {
  if (isWrap(n)) return `${n.type}(${nodeText(n.inner, branch)})`;
  return `${n.type}(${[String(n.threshold), ...n.keys.map((k) => keyText(k, branch))].join(',')})`;
}

/** The descriptor as text without checksum; with `branch`, its BIP389 expansion for that branch. */
export function descriptorText(d: Descriptor, branch: number | null = null): string {
  if (branch !== null && (!Number.isInteger(branch) || branch < 0 || branch >= d.branches)) throw bad(`it has no branch ${branch}.`);
  return nodeText(d.root, branch);
}

/* ---------- scripts ---------- */

const hash160 = (b: Uint8Array) => ripemd160(sha256(b));

const concat = (parts: readonly Uint8Array[]): Uint8Array => concatBytes(...parts);

/** A small number as a script push: OP_1..OP_16, else a minimal 1-byte push (17..20). */
function pushNumber(n: number): Uint8Array {
  return n <= 16 ? Uint8Array.of(0x50 + n) : Uint8Array.of(0x01, n);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** <m> <key>… <n> OP_CHECKMULTISIG; sortedmulti sorts the keys as bytes (BIP67 order for compressed keys). */
export function multisigScript(threshold: number, pubkeys: readonly Uint8Array[], sorted: boolean): Uint8Array {
  const keys = sorted ? [...pubkeys].sort(compareBytes) : pubkeys;
  return concat([pushNumber(threshold), ...keys.map((k) => concat([Uint8Array.of(k.length), k])), pushNumber(keys.length), Uint8Array.of(0xae)]);
}

export const p2wshScript = (witnessScript: Uint8Array) => concat([Uint8Array.of(0x00, 0x20), sha256(witnessScript)]);
export const p2shScript = (redeemScript: Uint8Array) => concat([Uint8Array.of(0xa9, 0x14), hash160(redeemScript), Uint8Array.of(0x87)]);

/** Derives one key's public key for a branch and a child index (for wildcards), caching the non-wildcard part. */
const branchCache = new WeakMap<HDKey, Map<string, HDKey>>();
export function keyAt(k: KeyExpression, branch: number, index: number): Uint8Array {
  if (k.kind === 'pubkey') return k.pubkey;
  const path = k.steps.map((s) => ('index' in s ? s.index : (s.multipath[branch] as { index: number }).index));
  let cache = branchCache.get(k.node);
  if (!cache) branchCache.set(k.node, (cache = new Map()));
  const id = path.join('/');
  let node = cache.get(id);
  try {
    if (!node) {
      node = k.node;
      for (const i of path) node = node.deriveChild(i);
      cache.set(id, node);
    }
    const leaf = k.wildcard ? node.deriveChild(index) : node;
    return leaf.publicKey as Uint8Array;
  } catch {
    throw new WalletError('BAD_KEY', `The key ${short(k.xpub)} has no valid child at this index (BIP32 invalid child, probability below 2^-127).`);
  }
}

export interface DerivedScripts {
  /** The output script (scriptPubKey). */
  readonly script: Uint8Array;
  readonly witnessScript?: Uint8Array;
  readonly redeemScript?: Uint8Array;
  /** The multisig script's keys, in script order. */
  readonly pubkeys: readonly Uint8Array[];
}

/** The scripts of the descriptor at a branch (multipath index) and child index (for wildcard keys). */
export function deriveScripts(d: Descriptor, branch: number, index: number): DerivedScripts {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED) throw bad(`child index ${index} is out of range (0 to ${HARDENED - 1}).`);
  const multi = multiOf(d.root);
  const raw = multi.keys.map((k) => keyAt(k, branch, index));
  const pubkeys = multi.type === 'sortedmulti' ? [...raw].sort(compareBytes) : raw;
  const ms = multisigScript(multi.threshold, pubkeys, false);
  const root = d.root;
  if (!isWrap(root)) return { script: ms, pubkeys };
  if (root.type === 'wsh') return { script: p2wshScript(ms), witnessScript: ms, pubkeys };
  if (root.inner.type === 'wsh') {
    const redeemScript = p2wshScript(ms);
    return { script: p2shScript(redeemScript), witnessScript: ms, redeemScript, pubkeys };
  }
  return { script: p2shScript(ms), redeemScript: ms, pubkeys };
}
