/**
 * The signer's curve arithmetic, from @noble/curves primitives, for many inputs at once: RFC6979 ECDSA (low S)
 * and BIP340 Schnorr signing, and the verification of every signature against the public key the derivation
 * proved. The nonce points k·G of a whole batch are computed together (keys/base-mult.ts, secret mode: one
 * addition per window whatever the digit, a whole-window scan, blinded digits), and so are the inversions.
 *
 * The verification, and why it is the standard one. The caller hands each signature over with its key as
 * P = b·K_branch + c·G — K_branch the public key of a cached BIP32 branch node (…/change), b = ±1 and c a
 * scalar computed from public data only (the child tweak IL, and for taproot the BIP341 tweak and the parities).
 * That P was computed from public values and compared, before anything was signed, with the key the PSBT lists
 * and with the script the input spends. The branch's secret d_branch satisfies K_branch = d_branch·G (checked
 * with noble's own multiplication when the branch is first used and again after the last signature:
 * KeyCache.checkBranches). Hence, with d_v = b·d_branch + c, computed here afresh from the branch's bytes,
 *     P = b·d_branch·G + c·G = d_v·G,
 * and by linearity of scalar multiplication the verification equations become one multiplication of G:
 *     ECDSA (SEC1 4.1.4)  u1·G + u2·P = (u1 + u2·d_v)·G        u1 = z/s, u2 = r/s
 *     BIP340              s·G − e·P   = (s − e·d_v)·G          e = H(r ‖ x(P) ‖ m)
 * which is exactly the standard check against the script's key, not a weaker one. What it does not take from
 * the signing: not the secret the signature was made with (d_v is recomputed from the branch; a signature made
 * with a faulted d' ≠ d_v fails, since then (u1 + u2·d_v) = k·(z + r·d_v)/(z + r·d') ≠ k), not R (recomputed with
 * another table of G than the one signing used, so a fault in k·G or in that table is caught), not e or z
 * (recomputed from the signature's bytes, the script's key and the sighash). A faulty signature can leak the key
 * (RFC6979 fault attacks), so one that fails here is never returned. The scalar (u1 + u2·d_v) equals the nonce
 * for a valid signature, so it is secret: it is multiplied in secret mode too.
 * test/core/psbt-sign.test.ts checks that wrong r, wrong s, a signature made with one bit of d flipped and one made
 * over another sighash are all caught; test/core/sign-curve.test.ts that a faulty window in either table is (and
 * that it would not be, were both multiplications on one table). Not caught: the same fault in both tables.
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes } from '@noble/curves/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { BaseTable, multiplyBaseBatch, sharedBaseTable } from '../keys/base-mult';

export const Point = secp256k1.Point;
export type CurvePoint = typeof Point.BASE;
const Fn = Point.Fn;
const Fp = Point.Fp;
const N = Fn.ORDER;
const HALF_N = N >> 1n;
const taggedHash = schnorr.utils.taggedHash;

/** The signer's own table of G, for the nonces only. */
const signingTable = new BaseTable();
/**
 * Verification multiplies on the other table, the shared public one (keys/base-mult.ts): a fault in either table
 * makes R differ between signing and verifying (caught), and a fault in the shared one can only make a derived
 * key differ from the PSBT's (not ours: nothing signed) or a verification fail.
 */
const verifyTable = sharedBaseTable;

/**
 * x·G for public scalars (derived public keys, taproot tweaks): batched; a few at a time with noble's own
 * multiplication (a batch pays one field inversion per window, which only pays off over several lanes).
 */
export const multiplyPublic = (scalars: readonly bigint[]): CurvePoint[] =>
  scalars.length < 4 ? scalars.map((k) => (k === 0n ? Point.ZERO : Point.BASE.multiplyUnsafe(k))) : multiplyBaseBatch(scalars);

/** 1/a[j] mod n for every (nonzero) a[j]; the one real inversion sees the product times a random blind. */
function invertScalars(a: readonly bigint[]): bigint[] {
  const out = new Array<bigint>(a.length);
  if (a.length === 0) return out;
  let blind = 0n;
  while (blind === 0n) blind = Fn.create(bytesToNumberBE(randomBytes(48)));
  let acc = blind;
  for (let j = 0; j < a.length; j++) {
    out[j] = acc;
    acc = Fn.mul(acc, a[j] as bigint);
  }
  // acc = blind·Πa: uniformly random, so the inversion's variable running time says nothing about the a[j].
  let inv = Fn.inv(acc);
  blind = 0n;
  for (let j = a.length - 1; j >= 0; j--) {
    // inv = 1/(blind·a[0]···a[j]) and out[j] = blind·a[0]···a[j−1]
    out[j] = Fn.mul(inv, out[j] as bigint);
    inv = Fn.mul(inv, a[j] as bigint);
  }
  return out;
}

/**
 * RFC 6979 section 3.2 with HMAC-SHA256 (qlen = hlen = 256): the first candidate k for secret x over hash h, or
 * null when it is not in [1, n) (probability ~2^-128; the caller then signs that input with noble's own loop).
 */
function rfc6979First(x: Uint8Array, h: Uint8Array): bigint | null {
  const h1 = Fn.toBytes(Fn.create(bytesToNumberBE(h))); // bits2octets(h1)
  let V = new Uint8Array(32).fill(1);
  let K = new Uint8Array(32);
  K = hmac(sha256, K, concatBytes(V, Uint8Array.of(0), x, h1)); // d.
  V = hmac(sha256, K, V); // e.
  K = hmac(sha256, K, concatBytes(V, Uint8Array.of(1), x, h1)); // f.
  V = hmac(sha256, K, V); // g.
  V = hmac(sha256, K, V); // h.2 (tlen = qlen: one block)
  const k = bytesToNumberBE(V); // h.3
  K.fill(0);
  V.fill(0);
  return k >= 1n && k < N ? k : null;
}

export interface EcdsaJob {
  /** 32-byte sighash. */
  readonly hash: Uint8Array;
  /** The secret key, 32 bytes. */
  readonly secret: Uint8Array;
}

/** RFC6979 deterministic ECDSA with low S (BIP62/BIP146), DER, for every job: the same bytes as noble's secp256k1.sign. */
export function signEcdsaBatch(jobs: readonly EcdsaJob[]): Uint8Array[] {
  const ks: bigint[] = [];
  const lanes: number[] = [];
  const out = new Array<Uint8Array>(jobs.length);
  jobs.forEach((job, j) => {
    const k = rfc6979First(job.secret, job.hash);
    if (k === null) out[j] = secp256k1.sign(job.hash, job.secret, { prehash: false, lowS: true, format: 'der' });
    else {
      ks.push(k);
      lanes.push(j);
    }
  });
  const R = signingTable.multiplySecret(ks, randomBytes);
  const rs = ks.map((_, i) => (R.inf[i] ? 0n : Fn.create(R.x[i] as bigint)));
  const kInv = invertScalars(ks);
  for (let i = 0; i < lanes.length; i++) {
    const j = lanes[i] as number;
    const job = jobs[j] as EcdsaJob;
    const r = rs[i] as bigint;
    const d = Fn.fromBytes(job.secret);
    const m = Fn.create(bytesToNumberBE(job.hash));
    let s = Fn.mul(kInv[i] as bigint, Fn.add(m, Fn.mul(r, d)));
    if (r === 0n || s === 0n) {
      // RFC6979 goes on to the next candidate; noble's loop does exactly that.
      out[j] = secp256k1.sign(job.hash, job.secret, { prehash: false, lowS: true, format: 'der' });
      continue;
    }
    if (s > HALF_N) s = Fn.neg(s);
    out[j] = new secp256k1.Signature(r, s).toBytes('der');
  }
  ks.fill(0n);
  kInv.fill(0n);
  return out;
}

export interface SchnorrJob {
  /** The BIP340 secret, already negated for an even-y key. */
  readonly secret: bigint;
  /** The x-only key it signs for. */
  readonly px: Uint8Array;
  readonly message: Uint8Array;
  /** 32 bytes of fresh auxiliary randomness (zeroed here once used). */
  readonly aux: Uint8Array;
}

/** BIP340 Sign (the spec's steps) for every job; it does not verify itself (verifyBatch does, once). */
export function signSchnorrBatch(jobs: readonly SchnorrJob[]): Uint8Array[] {
  const k0s = jobs.map(({ secret: d, px, message, aux }) => {
    if (!Fn.isValidNot0(d)) throw new RangeError('BIP340: the secret key is out of range');
    if (aux.length !== 32) throw new RangeError('BIP340: auxiliary randomness is 32 bytes');
    const dBytes = Fn.toBytes(d);
    const t = taggedHash('BIP0340/aux', aux);
    // "Let t be the byte-wise xor of bytes(d) and hash_BIP0340/aux(a)."
    for (let i = 0; i < 32; i++) t[i] = (t[i] as number) ^ (dBytes[i] as number);
    // "Let rand = hash_BIP0340/nonce(t || bytes(P) || m)."
    const rand = taggedHash('BIP0340/nonce', t, px, message);
    // "Let k' = int(rand) mod n. Fail if k' = 0."
    const k0 = Fn.create(bytesToNumberBE(rand));
    dBytes.fill(0);
    t.fill(0);
    rand.fill(0);
    aux.fill(0);
    if (k0 === 0n) throw new RangeError('BIP340: the nonce is zero');
    return k0;
  });
  // "Let R = k'⋅G."
  const R = signingTable.multiplySecret(k0s, randomBytes);
  const out = jobs.map(({ secret: d, px, message }, i) => {
    if (R.inf[i]) throw new RangeError('BIP340: R is the point at infinity');
    const k0 = k0s[i] as bigint;
    // "Let k = k' if has_even_y(R), otherwise let k = n - k'."
    const k = ((R.y[i] as bigint) & 1n) === 1n ? Fn.neg(k0) : k0;
    const rx = Fp.toBytes(R.x[i] as bigint);
    // "Let e = int(hash_BIP0340/challenge(bytes(R) || bytes(P) || m)) mod n."
    const e = Fn.create(bytesToNumberBE(taggedHash('BIP0340/challenge', rx, px, message)));
    // "Let sig = bytes(R) || bytes((k + ed) mod n)."
    return concatBytes(rx, Fn.toBytes(Fn.add(k, Fn.mul(e, d))));
  });
  k0s.fill(0n);
  return out;
}

/** A proven public key as P = b·K_branch + c·G; `branchSecret()` reads d_branch (K_branch = d_branch·G) afresh. */
export interface LinearKey {
  readonly branchSecret: () => bigint;
  readonly b: bigint;
  readonly c: bigint;
}

export type VerifyJob =
  | { readonly kind: 'ecdsa'; readonly der: Uint8Array; readonly hash: Uint8Array; readonly key: LinearKey }
  | { readonly kind: 'schnorr'; readonly sig: Uint8Array; readonly message: Uint8Array; readonly px: Uint8Array; readonly key: LinearKey };

/** The secret of P = b·K_branch + c·G, computed afresh (never the one the signature was made with). */
const secretOf = (key: LinearKey): bigint => Fn.add(Fn.mul(key.b, key.branchSecret()), key.c);

/** Verifies every job (see the file comment): true where the signature is valid for its key. */
export function verifyBatch(jobs: readonly VerifyJob[]): boolean[] {
  const ok = new Array<boolean>(jobs.length).fill(false);
  // ECDSA: parse (strict DER), ranges, low S; then 1/s for all at once.
  const ecdsa: Array<{ j: number; r: bigint; s: bigint; z: bigint }> = [];
  const schnorrLanes: Array<{ j: number; r: bigint; v: bigint }> = [];
  jobs.forEach((job, j) => {
    if (job.kind === 'ecdsa') {
      try {
        const sig = secp256k1.Signature.fromBytes(job.der, 'der');
        const { r, s } = sig;
        if (!Fn.isValidNot0(r) || !Fn.isValidNot0(s) || sig.hasHighS()) return;
        ecdsa.push({ j, r, s, z: Fn.create(bytesToNumberBE(job.hash)) });
      } catch {
        // not a DER signature: invalid
      }
      return;
    }
    const { sig, message, px } = job;
    if (sig.length !== 64 || px.length !== 32) return;
    const rBytes = sig.subarray(0, 32);
    const r = bytesToNumberBE(rBytes);
    const s = bytesToNumberBE(sig.subarray(32));
    // "Fail if r ≥ p." "Fail if s ≥ n."
    if (r >= Fp.ORDER || !Fn.isValid(s)) return;
    const e = Fn.create(bytesToNumberBE(taggedHash('BIP0340/challenge', rBytes, px, message)));
    // "Let R = s⋅G - e⋅P" = (s − e·d)·G.
    schnorrLanes.push({ j, r, v: Fn.sub(s, Fn.mul(e, secretOf(job.key))) });
  });
  const w = ecdsa.length ? Fn.invertBatch(ecdsa.map((e) => e.s)) : [];
  // u1·G + u2·P = (u1 + u2·d)·G
  const vs = ecdsa.map(({ j, r, z }, i) => {
    const wi = w[i] as bigint;
    return Fn.add(Fn.mul(z, wi), Fn.mul(Fn.mul(r, wi), secretOf((jobs[j] as { key: LinearKey }).key)));
  });
  const all = [...vs, ...schnorrLanes.map((l) => l.v)];
  const R = verifyTable.multiplySecret(all, randomBytes);
  ecdsa.forEach(({ j, r }, i) => {
    // "If R = O, reject." "v = x_R mod n; accept iff v = r."
    ok[j] = (vs[i] as bigint) !== 0n && !R.inf[i] && Fn.create(R.x[i] as bigint) === r;
  });
  schnorrLanes.forEach(({ j, r, v }, l) => {
    const i = ecdsa.length + l;
    // "Fail if is_infinite(R). Fail if not has_even_y(R). Fail if x(R) ≠ r."
    ok[j] = v !== 0n && !R.inf[i] && ((R.y[i] as bigint) & 1n) === 0n && R.x[i] === r;
  });
  vs.fill(0n);
  all.fill(0n);
  return ok;
}
