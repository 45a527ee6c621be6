/** The batch base-point multiplier agrees with noble's multiplyUnsafe on random and edge scalars. */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { BaseTable, multiplyBaseBatch } from '../../electron/core/keys/base-mult';

const N = secp256k1.Point.Fn.ORDER;
const random = () => BigInt(`0x${bytesToHex(randomBytes(32))}`) % N;

describe('multiplyBaseBatch', () => {
  it('equals k·G for 600 random scalars and the edge cases', () => {
    const edges = [1n, 2n, 255n, 256n, 257n, 2n ** 255n, N - 1n, N - 2n, (1n << 248n) - 1n, 0x0100000000000000000000000000000000000000000000000000000000000001n];
    const scalars = [...edges, ...Array.from({ length: 600 }, random)];
    const batch = multiplyBaseBatch(scalars);
    scalars.forEach((k, i) => expect(batch[i]!.equals(secp256k1.Point.BASE.multiplyUnsafe(k)), `k=${k}`).toBe(true));
  });
  it('0 gives the point at infinity, and an empty batch nothing', () => {
    expect(multiplyBaseBatch([0n])[0]!.is0()).toBe(true);
    expect(multiplyBaseBatch([])).toEqual([]);
  });
  it('equal scalars in one batch (exceptional additions handled lane by lane)', () => {
    const k = random();
    const [a, b] = multiplyBaseBatch([k, k]);
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(secp256k1.Point.BASE.multiplyUnsafe(k))).toBe(true);
  });
});

describe('BaseTable.multiplySecret (blinded, one addition per window)', () => {
  it('equals k·G for 300 random scalars and the edge cases, affine', () => {
    const edges = [1n, 2n, 127n, 128n, 129n, 255n, 256n, 2n ** 255n, N - 1n, N - 2n, (1n << 248n) - 1n, 0x8080808080808080808080808080808080808080808080808080808080808080n % N];
    const scalars = [...edges, ...Array.from({ length: 300 }, random)];
    const out = new BaseTable().multiplySecret(scalars, randomBytes);
    scalars.forEach((k, i) => {
      const want = secp256k1.Point.BASE.multiply(k).toAffine();
      expect([out.x[i], out.y[i], out.inf[i]], `k=${k}`).toEqual([want.x, want.y, false]);
    });
  });
  it('0 gives the point at infinity; the same scalar twice in one batch; an empty batch', () => {
    const k = random();
    const out = new BaseTable().multiplySecret([0n, k, k], randomBytes);
    expect(out.inf).toEqual([true, false, false]);
    expect(out.x[1]).toBe(out.x[2]);
    expect(new BaseTable().multiplySecret([], randomBytes).x).toEqual([]);
  });
  it('the blinding changes the walk, not the result (fixed and varying blinds agree)', () => {
    const ks = Array.from({ length: 20 }, random);
    const a = new BaseTable().multiplySecret(ks, (n) => new Uint8Array(n).fill(3));
    const b = new BaseTable().multiplySecret(ks, randomBytes);
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
  });
});

describe('the table itself', () => {
  it('every entry d·256^w·G (d = 1..128, w = 0..31), and the carry window, equal noble’s', () => {
    const scalars: bigint[] = [];
    for (let w = 0n; w < 32n; w++) for (let d = 1n; d <= 128n; d++) scalars.push(d << (8n * w));
    scalars.push(0x81n << 248n); // a carry into the 33rd window
    const batch = new BaseTable().multiplyPublic(scalars);
    scalars.forEach((k, i) => expect(batch[i]!.equals(secp256k1.Point.BASE.multiplyUnsafe(k)), `k=${k.toString(16)}`).toBe(true));
  });
});
