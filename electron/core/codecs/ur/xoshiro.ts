/**
 * Xoshiro256** as bc-ur uses it (src/xoshiro256.cpp): seeded from SHA-256 of a byte string, state words read
 * big-endian from the digest; nextDouble = next / 2^64.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { uint32BE } from './crc32';

/**
 * The 64-bit state words are kept as pairs of 32-bit halves (hi, lo): the same numbers as with BigInt, several times
 * faster (a part of a 10,000-fragment message draws thousands of them; issue 10).
 */
export class Xoshiro256 {
  /** s0 hi, s0 lo, s1 hi, s1 lo, s2 hi, s2 lo, s3 hi, s3 lo. */
  private readonly s = new Uint32Array(8);
  private hi = 0;
  private lo = 0;

  constructor(seed: Uint8Array | string | number) {
    const bytes = typeof seed === 'string' ? utf8ToBytes(seed) : typeof seed === 'number' ? uint32BE(seed) : seed;
    const digest = sha256(bytes);
    for (let i = 0; i < 8; i++) {
      this.s[i] = (((digest[4 * i] as number) << 24) | ((digest[4 * i + 1] as number) << 16) | ((digest[4 * i + 2] as number) << 8) | (digest[4 * i + 3] as number)) >>> 0;
    }
  }

  /** One step; the result in this.hi, this.lo. */
  private step(): void {
    const s = this.s;
    const s1h = s[2] as number;
    const s1l = s[3] as number;
    // result = rotl(s1 × 5, 7) × 9 (mod 2^64)
    const m = s1l * 5;
    let lo = m >>> 0;
    let hi = (Math.imul(s1h, 5) + Math.floor(m / 0x100000000)) >>> 0;
    const rh = ((hi << 7) | (lo >>> 25)) >>> 0;
    const rl = ((lo << 7) | (hi >>> 25)) >>> 0;
    const n = rl * 9;
    lo = n >>> 0;
    hi = (Math.imul(rh, 9) + Math.floor(n / 0x100000000)) >>> 0;
    this.hi = hi;
    this.lo = lo;
    // t = s1 << 17
    const th = ((s1h << 17) | (s1l >>> 15)) >>> 0;
    const tl = (s1l << 17) >>> 0;
    s[4] = (s[4] as number) ^ (s[0] as number); // s2 ^= s0
    s[5] = (s[5] as number) ^ (s[1] as number);
    s[6] = (s[6] as number) ^ s1h; // s3 ^= s1
    s[7] = (s[7] as number) ^ s1l;
    s[2] = s1h ^ (s[4] as number); // s1 ^= s2
    s[3] = s1l ^ (s[5] as number);
    s[0] = (s[0] as number) ^ (s[6] as number); // s0 ^= s3
    s[1] = (s[1] as number) ^ (s[7] as number);
    s[4] = (s[4] as number) ^ th; // s2 ^= t
    s[5] = (s[5] as number) ^ tl;
    // s3 = rotl(s3, 45): the halves swapped, then rotated by 13
    const h3 = s[6] as number;
    const l3 = s[7] as number;
    s[6] = ((l3 << 13) | (h3 >>> 19)) >>> 0;
    s[7] = ((h3 << 13) | (l3 >>> 19)) >>> 0;
  }

  next(): bigint {
    this.step();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  nextDouble(): number {
    this.step();
    // hi × 2^32 is exact; adding lo rounds once, to nearest, as Number(next()) does.
    return (this.hi * 0x100000000 + this.lo) / 2 ** 64;
  }

  nextInt(low: number, high: number): number {
    return Math.floor(this.nextDouble() * (high - low + 1)) + low;
  }

  nextData(count: number): Uint8Array {
    return Uint8Array.from({ length: count }, () => this.nextInt(0, 255));
  }
}

/** bc-ur's shuffled(): repeatedly remove a random element. */
export function shuffled<T>(items: readonly T[], rng: Xoshiro256): T[] {
  const remaining = [...items];
  const result: T[] = [];
  while (remaining.length) result.push(remaining.splice(rng.nextInt(0, remaining.length - 1), 1)[0] as T);
  return result;
}

/** Vose's alias method, as bc-ur's random-sampler.cpp. */
export class RandomSampler {
  private readonly probs: number[];
  private readonly aliases: number[];

  constructor(weights: readonly number[]) {
    if (weights.some((w) => w < 0)) throw new RangeError('RandomSampler: negative weight');
    const sum = weights.reduce((a, b) => a + b, 0);
    if (!(sum > 0)) throw new RangeError('RandomSampler: weights sum to zero');
    const n = weights.length;
    const P = weights.map((w) => (w * n) / sum);
    const S: number[] = [];
    const L: number[] = [];
    for (let i = n - 1; i >= 0; i--) ((P[i] as number) < 1 ? S : L).push(i);
    this.probs = new Array<number>(n).fill(0);
    this.aliases = new Array<number>(n).fill(0);
    while (S.length && L.length) {
      const a = S.pop() as number;
      const g = L.pop() as number;
      this.probs[a] = P[a] as number;
      this.aliases[a] = g;
      P[g] = (P[g] as number) + (P[a] as number) - 1;
      ((P[g] as number) < 1 ? S : L).push(g);
    }
    while (L.length) this.probs[L.pop() as number] = 1;
    while (S.length) this.probs[S.pop() as number] = 1;
  }

  next(rng: Xoshiro256): number {
    const r1 = rng.nextDouble();
    const r2 = rng.nextDouble();
    const i = Math.floor(this.probs.length * r1);
    return r2 < (this.probs[i] as number) ? i : (this.aliases[i] as number);
  }
}
