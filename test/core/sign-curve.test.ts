/**
 * The signer's curve arithmetic (electron/core/psbt/sign-curve.ts, keys/base-mult.ts) against independent
 * implementations: RFC6979 ECDSA byte for byte with @noble/curves and tiny-secp256k1 (libsecp256k1), BIP340 with
 * noble and tiny-secp256k1's verification, the batched verification's edge cases, and the secret multiplication's
 * exceptional additions (doubling, P + (−P)) forced with a chosen blind. (Review findings, issue 9.)
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import * as ecc from 'tiny-secp256k1';
import { describe, expect, it, vi } from 'vitest';
import { BaseTable, sharedBaseTable } from '../../electron/core/keys/base-mult';
import { parsePsbt } from '../../electron/core/psbt/parse';
import { signPsbt } from '../../electron/core/psbt/sign';
import { KeyCache } from '../../electron/core/psbt/sign-keys';
import { signEcdsaBatch, signSchnorrBatch, verifyBatch, type LinearKey, type VerifyJob } from '../../electron/core/psbt/sign-curve';
import { abandonMaster, buildPsbt, type ScriptType } from '../helpers/psbt-build';

const Fn = secp256k1.Point.Fn;
const N = Fn.ORDER;
const secretArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => Fn.isValidNot0(BigInt(`0x${bytesToHex(b)}`)));
const hashArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
/** A key given as P = 1·K + 0·G with K = d·G (what verifyBatch needs). */
const keyOf = (d: bigint): LinearKey => ({ branchSecret: () => d, b: 1n, c: 0n });
const bytes32 = (v: bigint) => Fn.toBytes(v);

describe('RFC6979 ECDSA, low S: byte for byte with noble and tiny-secp256k1 (property)', () => {
  it('random keys and hashes, batches of 1 to 8', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ secret: secretArb, hash: hashArb }), { minLength: 1, maxLength: 8 }), (jobs) => {
        const ours = signEcdsaBatch(jobs);
        jobs.forEach((job, i) => {
          const der = ours[i] as Uint8Array;
          expect(bytesToHex(der)).toBe(bytesToHex(secp256k1.sign(job.hash, job.secret, { prehash: false, lowS: true, format: 'der' })));
          const compact = secp256k1.Signature.fromBytes(der, 'der').toBytes('compact');
          expect(bytesToHex(compact)).toBe(bytesToHex(ecc.sign(job.hash, job.secret)));
          expect(ecc.verify(job.hash, ecc.pointFromScalar(job.secret) as Uint8Array, compact, true)).toBe(true);
        });
      }),
      { numRuns: 60 },
    );
  });
  it('an empty batch signs nothing', () => {
    expect(signEcdsaBatch([])).toEqual([]);
  });
});

describe('BIP340 from primitives: noble’s signature and libsecp256k1’s verification (property)', () => {
  it('random keys, messages and auxiliary randomness', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ secret: secretArb, message: hashArb, aux: hashArb }), { minLength: 1, maxLength: 6 }), (raw) => {
        const jobs = raw.map(({ secret, message, aux }) => {
          const d0 = Fn.fromBytes(secret);
          const P = secp256k1.Point.BASE.multiply(d0);
          const d = P.toAffine().y % 2n === 0n ? d0 : Fn.neg(d0);
          return { secret: d, px: P.toBytes(true).subarray(1), message, aux: aux.slice() };
        });
        const sigs = signSchnorrBatch(jobs);
        raw.forEach(({ secret, message, aux }, i) => {
          const sig = sigs[i] as Uint8Array;
          expect(bytesToHex(sig)).toBe(bytesToHex(schnorr.sign(message, secret, aux)));
          expect(ecc.verifySchnorr(message, (jobs[i] as { px: Uint8Array }).px, sig)).toBe(true);
          // The auxiliary randomness is zeroed once used (never reused by the caller by mistake).
          expect((jobs[i] as { aux: Uint8Array }).aux.every((b) => b === 0)).toBe(true);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('verifyBatch: the standard equations, its edge cases', () => {
  const d = 0x1234567890abcdefn;
  const other = d + 1n;
  const hash = new Uint8Array(32).fill(9);
  const der = signEcdsaBatch([{ secret: bytes32(d), hash }])[0] as Uint8Array;
  const px = secp256k1.Point.BASE.multiply(d).toBytes(true).subarray(1);
  const dEven = secp256k1.Point.BASE.multiply(d).toAffine().y % 2n === 0n ? d : Fn.neg(d);
  const sig = schnorr.sign(hash, bytes32(d), new Uint8Array(32));

  it('an empty batch; a batch of one; valid signatures pass', () => {
    expect(verifyBatch([])).toEqual([]);
    expect(verifyBatch([{ kind: 'ecdsa', der, hash, key: keyOf(d) }])).toEqual([true]);
    expect(verifyBatch([{ kind: 'schnorr', sig, message: hash, px, key: keyOf(dEven) }])).toEqual([true]);
  });
  it('a valid signature for another key, a high S, r = 0, r ≥ p, s ≥ n, the other parity and non-DER all fail; the rest of the batch is unaffected', () => {
    const s = secp256k1.Signature.fromBytes(der, 'der');
    const highS = new Uint8Array([...s.toBytes('compact').subarray(0, 32), ...bytes32(N - s.s)]);
    const highSDer = secp256k1.Signature.fromBytes(highS, 'compact').toBytes('der');
    const p = secp256k1.Point.Fp.ORDER;
    const bigR = new Uint8Array([...secp256k1.Point.Fp.toBytes(p - 1n).map((_, i) => (i < 32 ? 0xff : 0)), ...sig.subarray(32)]);
    const bigS = new Uint8Array([...sig.subarray(0, 32), ...new Uint8Array(32).fill(0xff)]);
    const jobs: VerifyJob[] = [
      { kind: 'ecdsa', der, hash, key: keyOf(other) },
      { kind: 'ecdsa', der: highSDer, hash, key: keyOf(d) },
      { kind: 'ecdsa', der: Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01), hash, key: keyOf(d) },
      { kind: 'ecdsa', der: der.subarray(1), hash, key: keyOf(d) },
      { kind: 'schnorr', sig, message: hash, px, key: keyOf(Fn.neg(dEven)) },
      { kind: 'schnorr', sig: bigR, message: hash, px, key: keyOf(dEven) },
      { kind: 'schnorr', sig: bigS, message: hash, px, key: keyOf(dEven) },
      { kind: 'schnorr', sig: sig.subarray(1), message: hash, px, key: keyOf(dEven) },
      { kind: 'ecdsa', der, hash, key: keyOf(d) },
      { kind: 'schnorr', sig, message: hash, px, key: keyOf(dEven) },
    ];
    expect(verifyBatch(jobs)).toEqual([false, false, false, false, false, false, false, false, true, true]);
  });
});

describe('BaseTable.multiplySecret: exceptional additions forced with a chosen blind', () => {
  /** A "random" source returning the blind b (the walk is k − b from b·G). */
  const blind = (b: bigint) => () => bytes32(b);
  const check = (b: bigint, scalars: bigint[]) => {
    const out = new BaseTable().multiplySecret(scalars, blind(b));
    scalars.forEach((k, i) => {
      if (k % N === 0n) return expect(out.inf[i], `b=${b} k=${k}`).toBe(true);
      const want = secp256k1.Point.BASE.multiply(k % N).toAffine();
      expect([out.x[i], out.y[i], out.inf[i]], `b=${b} k=${k}`).toEqual([want.x, want.y, false]);
    });
  };
  it('b = 1: a doubling in the first window (k = 2), P + (−P) on the last addition (k = 0), a zero digit whose throw-away addition is exceptional', () => {
    check(1n, [2n, 0n, 1n, 1n + 256n, 3n, N - 1n, 129n, 130n, 257n]);
  });
  it('b = 256^w and b = n − 1, n − 128: doublings and cancellations in later windows', () => {
    for (const b of [256n, 1n << 64n, 1n << 248n, N - 1n, N - 128n]) check(b, [2n * b, 0n, b, N - b, b + 1n, 2n * b + 1n, 5n]);
  });
  it('a batch of one and a batch of zero', () => {
    check(7n, [3n]);
    expect(new BaseTable().multiplySecret([], blind(7n)).inf).toEqual([]);
  });
});

describe('a faulty table of G is caught (sign-curve.ts: nonces on one table, verification on the other)', () => {
  type Table = Array<{ x: bigint[]; y: bigint[] }>;
  /** BaseTable's private table(), with window 5 replaced by window 6 (valid points, wrong ones) on the chosen tables. */
  function withFaultyWindow<T>(faulty: (table: BaseTable) => boolean, f: () => T): T {
    const proto = BaseTable.prototype as unknown as { table: () => Table };
    const table = proto.table;
    const spy = vi.spyOn(proto, 'table').mockImplementation(function (this: BaseTable) {
      const t = table.call(this);
      return faulty(this) ? t.map((w, i) => (i === 5 ? (t[6] as Table[number]) : w)) : t;
    });
    try {
      return f();
    } finally {
      spy.mockRestore();
    }
  }
  const master = abandonMaster();
  for (const type of ['p2wpkh', 'p2tr'] as ScriptType[]) {
    it(`${type}: a fault in the signing table (the nonce points) makes the signatures fail their check; nothing is returned`, () => {
      const built = buildPsbt({ inputs: [0, 1, 2].map((index) => ({ type, index })) });
      const sign = () => signPsbt(parsePsbt(built.bytes), master, { network: 'mainnet' });
      expect(() => withFaultyWindow((t) => t !== sharedBaseTable, sign)).toThrow(/did not verify; nothing was signed/);
      // The same fault in the verification's table alone: also refused (the derived keys or the check differ).
      expect(() => withFaultyWindow((t) => t === sharedBaseTable, sign)).toThrow();
      expect(sign().signedInputs).toBe(3);
    });
  }
});

describe('KeyCache.checkBranches: the verification’s premise K_branch = d_branch·G', () => {
  it('holds for the branches used, and fails once a branch’s secret no longer matches the point the leaves were built on', () => {
    const H = 0x80000000;
    const branchPath = [84 + H, H, H, 0];
    const keys = new KeyCache(abandonMaster());
    keys.prefetch([0, 1, 2, 3, 4].map((i) => [...branchPath, i]));
    expect(keys.checkBranches()).toBe(true);
    // A fault in the branch node's key (scure keeps it in _privateKey).
    const secret = (keys.node(branchPath) as unknown as { _privateKey: Uint8Array })._privateKey;
    secret[7] = (secret[7] as number) ^ 0x10;
    expect(keys.checkBranches()).toBe(false);
    keys.wipe();
  });
});

describe('BIP340 auxiliary randomness in the signer: fresh for each signature', () => {
  it('three P2TR inputs ask for three separate 32-byte draws, each zeroed once used', () => {
    const built = buildPsbt({ inputs: [0, 1, 2].map((index) => ({ type: 'p2tr' as ScriptType, index })) });
    const draws: Uint8Array[] = [];
    const out = signPsbt(parsePsbt(built.bytes), abandonMaster(), {
      network: 'mainnet',
      auxRand: (n) => {
        const b = Uint8Array.from({ length: n }, (_, i) => (draws.length * 31 + i + 1) & 0xff);
        draws.push(b);
        return b;
      },
    });
    expect(out.signedInputs).toBe(3);
    expect(draws.map((d) => d.length)).toEqual([32, 32, 32]);
    expect(new Set(draws).size).toBe(3);
    for (const d of draws) expect(d).toEqual(new Uint8Array(32));
  });
});
