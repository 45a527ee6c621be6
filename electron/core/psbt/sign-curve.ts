/**
 * The signer's curve arithmetic, from @noble/curves primitives: BIP340 signing without noble's built-in second
 * verification, and the verification of every signature (ECDSA and BIP340) against the public key the
 * derivation proved, computed cheaply and independently of the signing.
 *
 * Why this verification is sound against faults. Every key we sign with is a BIP32 child of a cached branch node
 * (…/change): K = K_branch + IL·G with IL from HMAC-SHA512 of public data (the branch public key and the index).
 * K is computed that way — from public values only — and compared with the PSBT's listed key (and the script)
 * before anything is signed; the secret d = d_branch + IL is computed separately. A key used for verification is
 * kept as b·K_branch + c·G (b = ±1, c a public scalar; taproot folds the BIP86 tweak and the parities in), so
 *   ECDSA  u1·G + u2·K  = (u1 + u2·c)·G + (u2·b)·K_branch
 *   BIP340 s·G − e·P    = (s − e·c)·G  − (e·b)·K_branch
 * which is the standard verification equation evaluated with two fixed-base multiplications: one on a private
 * copy of G with its own precomputed table (GENERATOR, not the table noble signs with), one on K_branch with a
 * table built once per branch. Nothing is taken from the signing: not the secret (a bit flip in d makes a
 * signature for another key — caught, because the check uses K, not d), not R (a fault in k·G — caught, R is
 * recomputed from another table), not e (recomputed from the signature bytes and the script's key). So a
 * faulty signature, which can leak the key (RFC6979 fault attacks), is never returned.
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes } from '@noble/curves/utils.js';

export const Point = secp256k1.Point;
export type CurvePoint = typeof Point.BASE;
const Fn = Point.Fn;
const Fp = Point.Fp;
const taggedHash = schnorr.utils.taggedHash;

let generator: CurvePoint | null = null;
/**
 * A copy of G with its own width-8 table (built once per process, ~4,200 points): public-data multiplications
 * (derived public keys, taproot tweaks, verification). Signing uses noble's own table for G.
 */
export function publicGenerator(): CurvePoint {
  if (!generator) generator = Point.fromAffine(Point.BASE.toAffine()).precompute(8, false);
  return generator;
}

/** A public key as b·base + c·G (b = 1 or n − 1), base carrying a precomputed table. */
export interface LinearKey {
  readonly base: CurvePoint;
  readonly b: bigint;
  readonly c: bigint;
}

/** x·G + y·base for public scalars. */
function combine(key: LinearKey, x: bigint, y: bigint): CurvePoint {
  return publicGenerator().multiplyUnsafe(x).add(key.base.multiplyUnsafe(y));
}

/**
 * ECDSA verification (SEC1 4.1.4) of a DER signature over a 32-byte hash, low S required (BIP146), against
 * the key b·base + c·G.
 */
export function verifyEcdsa(der: Uint8Array, hash: Uint8Array, key: LinearKey): boolean {
  try {
    const sig = secp256k1.Signature.fromBytes(der, 'der');
    const { r, s } = sig;
    if (!Fn.isValidNot0(r) || !Fn.isValidNot0(s) || sig.hasHighS()) return false;
    const z = Fn.create(bytesToNumberBE(hash));
    const w = Fn.inv(s);
    const u1 = Fn.mul(z, w);
    const u2 = Fn.mul(r, w);
    const R = combine(key, Fn.add(u1, Fn.mul(u2, key.c)), Fn.mul(u2, key.b));
    if (R.is0()) return false;
    return Fn.create(R.toAffine().x) === r;
  } catch {
    return false;
  }
}

/**
 * BIP340 Sign (the spec's steps) with the secret d already negated for an even-y key, and px the x-only key
 * it signs for. Unlike noble's schnorr.sign it does not verify itself: the caller verifies once, independently
 * (verifySchnorr). The intermediate secrets are zeroed.
 */
export function signSchnorr(d: bigint, px: Uint8Array, message: Uint8Array, aux: Uint8Array): Uint8Array {
  if (!Fn.isValidNot0(d)) throw new RangeError('BIP340: the secret key is out of range');
  if (aux.length !== 32) throw new RangeError('BIP340: auxiliary randomness is 32 bytes');
  const dBytes = Fn.toBytes(d);
  const t = taggedHash('BIP0340/aux', aux);
  // "Let t be the byte-wise xor of bytes(d) and hash_BIP0340/aux(a)."
  for (let i = 0; i < 32; i++) t[i] = (t[i] as number) ^ (dBytes[i] as number);
  // "Let rand = hash_BIP0340/nonce(t || bytes(P) || m)."
  const rand = taggedHash('BIP0340/nonce', t, px, message);
  try {
    // "Let k' = int(rand) mod n. Fail if k' = 0. Let R = k'⋅G."
    const k0 = Fn.create(bytesToNumberBE(rand));
    if (k0 === 0n) throw new RangeError('BIP340: the nonce is zero');
    const R = Point.BASE.multiply(k0).toAffine();
    // "Let k = k' if has_even_y(R), otherwise let k = n - k'."
    const k = (R.y & 1n) === 1n ? Fn.neg(k0) : k0;
    const rx = Fp.toBytes(R.x);
    // "Let e = int(hash_BIP0340/challenge(bytes(R) || bytes(P) || m)) mod n."
    const e = Fn.create(bytesToNumberBE(taggedHash('BIP0340/challenge', rx, px, message)));
    // "Let sig = bytes(R) || bytes((k + ed) mod n)."
    return concatBytes(rx, Fn.toBytes(Fn.add(k, Fn.mul(e, d))));
  } finally {
    dBytes.fill(0);
    t.fill(0);
    rand.fill(0);
  }
}

/** BIP340 Verify against the x-only key px, whose point is b·base + c·G (proven equal to lift_x(px) by the caller). */
export function verifySchnorr(sig: Uint8Array, message: Uint8Array, px: Uint8Array, key: LinearKey): boolean {
  if (sig.length !== 64 || px.length !== 32) return false;
  const rBytes = sig.subarray(0, 32);
  const r = bytesToNumberBE(rBytes);
  const s = bytesToNumberBE(sig.subarray(32));
  // "Fail if r ≥ p." "Fail if s ≥ n."
  if (r >= Fp.ORDER || !Fn.isValid(s)) return false;
  const e = Fn.create(bytesToNumberBE(taggedHash('BIP0340/challenge', rBytes, px, message)));
  try {
    // "Let R = s⋅G - e⋅P." "Fail if is_infinite(R). Fail if not has_even_y(R). Fail if x(R) ≠ r."
    const R = combine(key, Fn.sub(s, Fn.mul(e, key.c)), Fn.neg(Fn.mul(e, key.b)));
    if (R.is0()) return false;
    const a = R.toAffine();
    return (a.y & 1n) === 0n && a.x === r;
  } catch {
    return false;
  }
}
