/**
 * BIP32 (bitcoin/bips bip-0032.mediawiki) over @scure/bip32: master keys, paths, fingerprints, and reading
 * extended keys with messages that say what is wrong.
 */
import { HDKey } from '@scure/bip32';
import { WalletError } from '../errors';
import { allVersions, versions, type Network } from './networks';

export { HDKey };

export const HARDENED = 0x80000000;

export function masterFromSeed(seed: Uint8Array): HDKey {
  return HDKey.fromMasterSeed(seed, versions('mainnet'));
}

/** A key's own fingerprint (first 4 bytes of HASH160 of its public key) as 8 lower-case hex digits. */
export function fingerprintHex(key: HDKey): string {
  return (key.fingerprint >>> 0).toString(16).padStart(8, '0');
}

/** 255 steps (BIP32's depth is one byte) of at most 11 characters each, with their slashes. */
const MAX_PATH_LENGTH = 2 + 255 * 12;

/** "m/84'/0'/0'" or "m/84h/0h/0h" (or H) → indices; hardened indices have bit 31 set. */
export function parsePath(path: string): number[] {
  // The path is quoted in errors: a few dozen characters of it, never a megabyte.
  const quoted = path.length > 64 ? `${path.slice(0, 60)}… (${path.length} characters)` : path;
  if (path.length > MAX_PATH_LENGTH) throw new WalletError('INVALID_ARGUMENT', `A derivation path is at most ${MAX_PATH_LENGTH} characters: "${quoted}" is not a path.`);
  const parts = path.trim().split('/');
  if (parts[0] !== 'm') throw new WalletError('INVALID_ARGUMENT', `A derivation path starts with "m/": "${quoted}" does not.`);
  if (parts.length > 256) throw new WalletError('INVALID_ARGUMENT', `A derivation path has at most 255 steps (BIP32's depth is one byte); this one has ${parts.length - 1}.`);
  return parts.slice(1).map((part) => {
    const m = /^(\d+)(['hH]?)$/.exec(part);
    if (!m) throw new WalletError('INVALID_ARGUMENT', `"${part.slice(0, 16)}" in "${quoted}" is not a path step (a number, optionally followed by ' or h).`);
    const n = Number(m[1]);
    if (n >= HARDENED) throw new WalletError('INVALID_ARGUMENT', `Path step ${n} is too large (at most ${HARDENED - 1}).`);
    return m[2] ? n + HARDENED : n;
  });
}

export function formatPath(indices: readonly number[], hardenedMark: "'" | 'h' = "'"): string {
  return ['m', ...indices.map((i) => (i >= HARDENED ? `${i - HARDENED}${hardenedMark}` : String(i)))].join('/');
}

/** Derives a descendant; private intermediate nodes are wiped on the way (the input and the result are not). */
/**
 * Whether the node holds a private key. The library's `privateKey` getter hands out a copy each time: this one is
 * zeroed here, so the check leaves no key behind in memory (test/main/secret-buffers.test.ts).
 */
export function hasPrivateKey(node: HDKey): boolean {
  const copy = node.privateKey;
  copy?.fill(0);
  return copy !== null;
}

/** Runs `use` on a copy of the node's private key (null for a public node) and zeroes the copy afterwards. */
export function withPrivateKey<T>(node: HDKey, use: (key: Uint8Array | null) => T): T {
  const copy = node.privateKey;
  try {
    return use(copy);
  } finally {
    copy?.fill(0);
  }
}

export function derive(key: HDKey, indices: readonly number[]): HDKey {
  let node = key;
  for (const i of indices) {
    const child = node.deriveChild(i);
    if (node !== key) node.wipePrivateData();
    node = child;
  }
  return node;
}

/** Re-encodes a public extended key with other version bytes (SLIP-132 ypub/zpub…, or tpub on test networks). */
export function publicExtendedKey(key: HDKey, network: Network, kind: Parameters<typeof versions>[1] = 'x'): string {
  const pub = key.publicKey;
  const chainCode = key.chainCode;
  if (!pub || !chainCode) throw new WalletError('BAD_KEY', 'This key has no public key or chain code.');
  return new HDKey({
    versions: versions(network, kind),
    depth: key.depth,
    index: key.index,
    parentFingerprint: key.parentFingerprint,
    chainCode,
    publicKey: pub,
  }).publicExtendedKey;
}

const REASONS: ReadonlyArray<[RegExp, string]> = [
  [/checksum/i, 'its checksum is wrong (a character was mistyped or lost)'],
  [/version mismatch/i, 'its version bytes do not match its contents (a public version on a private key, or the reverse), or are unknown'],
  [/zero depth/i, 'it claims to be a master key (depth 0) but has a parent fingerprint or child index'],
  [/private key/i, 'its private key is out of range (zero, or not below the curve order)'],
  [/point|curve|length 33/i, 'its public key is not a valid point on secp256k1'],
];

/**
 * Reads an xpub/xprv (any SLIP-132 version: ypub, zpub, tpub, vpub…). Throws BAD_KEY with the reason, never with
 * the key itself (it may be private).
 */
export function parseExtendedKey(text: string): { key: HDKey; network: 'mainnet' | 'testnet'; kind: string; isPrivate: boolean } {
  const trimmed = text.trim();
  let lastError: unknown = null;
  for (const { network, kind, pair } of allVersions()) {
    try {
      const key = HDKey.fromExtendedKey(trimmed, pair);
      return { key, network, kind, isPrivate: hasPrivateKey(key) };
    } catch (e) {
      // Keep the most specific failure: a version mismatch is what every non-matching table entry reports.
      if (lastError === null || !/version mismatch/i.test(String((e as Error).message))) lastError = e;
    }
  }
  const message = String((lastError as Error | null)?.message ?? '');
  const reason = REASONS.find(([re]) => re.test(message))?.[1] ?? 'it is not a valid extended key';
  throw new WalletError('BAD_KEY', `This extended key cannot be used: ${reason}.`);
}
