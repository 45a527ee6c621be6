/**
 * Shamir's secret sharing over GF(256) as SLIP-39 defines it (satoshilabs/slips slip-0039.md "Shamir's secret
 * sharing"): the Rijndael field (x^8 + x^4 + x^3 + x + 1), Lagrange interpolation per byte, and the digest share
 * (index 254) that lets recovery detect a wrong set of shares.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../errors';

const EXP = new Uint8Array(255);
const LOG = new Uint8Array(256);
{
  let poly = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = poly;
    LOG[poly] = i;
    // Multiply by the generator 3 (x + 1), reducing by the Rijndael polynomial.
    poly = (poly << 1) ^ poly;
    if (poly & 0x100) poly ^= 0x11b;
  }
}

export const DIGEST_INDEX = 254;
export const SECRET_INDEX = 255;
export const DIGEST_LENGTH = 4;

export interface RawShare {
  readonly x: number;
  readonly value: Uint8Array;
}

/** The polynomial through the shares, evaluated at x (slip-0039 "interpolate"). */
export function interpolate(shares: readonly RawShare[], x: number): Uint8Array {
  const xs = shares.map((s) => s.x);
  if (new Set(xs).size !== xs.length) throw new WalletError('INVALID_ARGUMENT', 'Invalid set of shares: share indices must be unique.');
  const length = shares[0]?.value.length ?? 0;
  if (shares.some((s) => s.value.length !== length)) throw new WalletError('INVALID_ARGUMENT', 'Invalid set of shares: all share values must have the same length.');
  const known = shares.find((s) => s.x === x);
  if (known) return Uint8Array.from(known.value);
  const logProd = xs.reduce((sum, xi) => sum + (LOG[xi ^ x] as number), 0);
  const result = new Uint8Array(length);
  for (const s of shares) {
    const others = xs.reduce((sum, xj) => sum + (LOG[s.x ^ xj] as number), 0); // includes LOG[0] = 0 for itself
    const logBasis = (((logProd - (LOG[s.x ^ x] as number) - others) % 255) + 255) % 255;
    for (let i = 0; i < length; i++) {
      const v = s.value[i] as number;
      if (v !== 0) result[i] = (result[i] as number) ^ (EXP[((LOG[v] as number) + logBasis) % 255] as number);
    }
  }
  return result;
}

/** The digest share's first bytes: HMAC-SHA256(randomPart, secret)[:4] (the full HMAC is zeroed). */
function digestOf(randomPart: Uint8Array, secret: Uint8Array): Uint8Array {
  const full = hmac(sha256, randomPart, secret);
  const digest = full.slice(0, DIGEST_LENGTH);
  full.fill(0);
  return digest;
}

/** Splits a secret into `count` shares of which any `threshold` recover it. */
export function splitSecret(threshold: number, count: number, secret: Uint8Array, random: (n: number) => Uint8Array = randomBytes): RawShare[] {
  if (threshold < 1 || threshold > count || count > 16) throw new WalletError('INVALID_ARGUMENT', `Cannot make ${count} shares with threshold ${threshold} (1 ≤ threshold ≤ count ≤ 16).`);
  if (threshold === 1) return Array.from({ length: count }, (_, x) => ({ x, value: Uint8Array.from(secret) }));
  const randomCount = threshold - 2;
  const shares: RawShare[] = Array.from({ length: randomCount }, (_, x) => ({ x, value: random(secret.length) }));
  const randomPart = random(secret.length - DIGEST_LENGTH);
  const digestShare = new Uint8Array(secret.length);
  const digest = digestOf(randomPart, secret);
  digestShare.set(digest, 0);
  digestShare.set(randomPart, DIGEST_LENGTH);
  digest.fill(0);
  randomPart.fill(0);
  const base = [...shares, { x: DIGEST_INDEX, value: digestShare }, { x: SECRET_INDEX, value: secret }];
  try {
    for (let x = randomCount; x < count; x++) shares.push({ x, value: interpolate(base, x) });
    return shares;
  } finally {
    digestShare.fill(0);
  }
}

/** Recovers the secret from exactly `threshold` shares, checking the digest share (zeroed after; so is a refused secret). */
export function recoverSecret(threshold: number, shares: readonly RawShare[]): Uint8Array {
  if (threshold === 1) return Uint8Array.from((shares[0] as RawShare).value);
  const secret = interpolate(shares, SECRET_INDEX);
  const digestShare = interpolate(shares, DIGEST_INDEX);
  const expected = digestOf(digestShare.subarray(DIGEST_LENGTH), secret);
  const same = expected.every((b, i) => b === digestShare[i]);
  digestShare.fill(0);
  expected.fill(0);
  if (!same) {
    secret.fill(0);
    throw new WalletError('INVALID_ARGUMENT', 'Invalid digest of the shared secret: these shares do not belong together (or one was mistyped in a way the checksum missed).');
  }
  return secret;
}
