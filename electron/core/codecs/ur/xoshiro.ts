/**
 * Xoshiro256** as bc-ur uses it (src/xoshiro256.cpp): seeded from SHA-256 of a byte string, state words read
 * big-endian from the digest; nextDouble = next / 2^64.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { uint32BE } from './crc32';

const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK;

export class Xoshiro256 {
  private s: [bigint, bigint, bigint, bigint];

  constructor(seed: Uint8Array | string | number) {
    const bytes = typeof seed === 'string' ? utf8ToBytes(seed) : typeof seed === 'number' ? uint32BE(seed) : seed;
    const digest = sha256(bytes);
    const words: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      let v = 0n;
      for (let n = 0; n < 8; n++) v = (v << 8n) | BigInt(digest[8 * i + n] as number);
      words.push(v);
    }
    this.s = words as [bigint, bigint, bigint, bigint];
  }

  next(): bigint {
    const s = this.s;
    const result = (rotl((s[1] * 5n) & MASK, 7n) * 9n) & MASK;
    const t = (s[1] << 17n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return result;
  }

  nextDouble(): number {
    return Number(this.next()) / 2 ** 64;
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
