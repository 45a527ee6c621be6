/**
 * Batch public derivation for address lists: BIP32 CKDpub (bip-0032 "Public parent key → public child key")
 * for many consecutive indices at once, and the encodings of the two common address types.
 *
 * Everything here is public: the tweak HMAC-SHA512(chain code, K ‖ i) is computable by anyone holding the xpub,
 * so variable-time scalar multiplication is safe. The parent point is decoded once, the base-point products are
 * computed for the whole batch at once (base-mult.ts), and all children are normalised with one batched inversion. Cross-checked against @scure/bip32 and
 * @scure/btc-signer in test/core/fast-derive.test.ts.
 */
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bech32, bech32m } from '@scure/base';
import { WalletError } from '../errors';
import { multiplyBaseBatch } from './base-mult';

const Point = secp256k1.Point;
type P = InstanceType<typeof Point>;
const N = Point.Fn.ORDER;
const bytesToBig = (b: Uint8Array): bigint => (b.length ? BigInt(`0x${bytesToHex(b)}`) : 0n);

function childPoints(parentKey: Uint8Array, chainCode: Uint8Array, from: number, count: number): P[] {
  const parent = Point.fromBytes(parentKey);
  const data = new Uint8Array(37);
  data.set(parentKey, 0);
  const tweaks: bigint[] = [];
  for (let i = from; i < from + count; i++) {
    data[33] = (i >>> 24) & 0xff;
    data[34] = (i >>> 16) & 0xff;
    data[35] = (i >>> 8) & 0xff;
    data[36] = i & 0xff;
    const il = bytesToBig(hmac(sha512, chainCode, data).subarray(0, 32));
    // bip-0032: "In case parse256(IL) ≥ n or Ki is the point at infinity, the resulting key is invalid" (p ≈ 2^-127).
    if (il >= N) throw new WalletError('BAD_KEY', `Child ${i} of this key is invalid (BIP32: IL ≥ n); skip this index.`);
    tweaks.push(il);
  }
  const points = multiplyBaseBatch(tweaks).map((p, k) => {
    const child = p.add(parent);
    if (child.is0()) throw new WalletError('BAD_KEY', `Child ${from + k} of this key is invalid (BIP32: point at infinity); skip this index.`);
    return child;
  });
  return normalizeZ(Point, points);
}

/** Compressed public keys of children from..from+count-1 (non-hardened). */
export function publicChildren(parent: { publicKey: Uint8Array; chainCode: Uint8Array }, from: number, count: number): Uint8Array[] {
  return childPoints(parent.publicKey, parent.chainCode, from, count).map((p) => p.toBytes(true));
}

export const hash160 = (data: Uint8Array): Uint8Array => ripemd160(sha256(data));

/** P2WPKH (bip-0173): witness v0 bech32 of HASH160(pubkey). */
export function p2wpkhAddress(publicKey: Uint8Array, hrp: string): string {
  return bech32.encode(hrp, [0, ...bech32.toWords(hash160(publicKey))]);
}

/**
 * BIP86 P2TR addresses of children from..from+count-1: output key Q = P + int(hashTapTweak(x(P)))·G with P the
 * child key lifted to even y (bip-0341 taproot_tweak_pubkey, no script tree), encoded as witness v1 bech32m.
 */
export function p2trChildAddresses(parent: { publicKey: Uint8Array; chainCode: Uint8Array }, from: number, count: number, hrp: string): string[] {
  const children = childPoints(parent.publicKey, parent.chainCode, from, count);
  const evens = children.map((p) => (p.toAffine().y % 2n === 0n ? p : p.negate()));
  const tweaks = evens.map((p) => {
    const t = bytesToBig(schnorr.utils.taggedHash('TapTweak', p.toBytes(true).subarray(1)));
    if (t >= N) throw new WalletError('BAD_KEY', 'Taproot tweak out of range.');
    return t;
  });
  const tG = multiplyBaseBatch(tweaks);
  const outputs = evens.map((p, k) => p.add(tG[k] as P));
  return normalizeZ(Point, outputs).map((q) => bech32m.encode(hrp, [1, ...bech32m.toWords(q.toBytes(true).subarray(1))]));
}
