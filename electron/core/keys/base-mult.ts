/**
 * Many multiplications k·G at once, on a fixed-window table of the base point (33 windows × 128 multiples for
 * signed base-256 digits, built once per table, ~4k affine points), all lanes advanced window by window in affine coordinates with ONE batched
 * field inversion per window (Montgomery's trick): about 6 field multiplications per point addition instead of
 * ~11 in projective form, and no doublings.
 *
 * Two ways to walk the table:
 * - public scalars (`multiplyBaseBatch`, `BaseTable.multiplyPublic`: address lists, BIP32 public derivation, the
 *   signer's public keys): zero digits are skipped, the work depends on the scalar.
 * - secret scalars (`BaseTable.multiplySecret`: signature nonces, and the signer's verification, whose scalar is
 *   the nonce): the same shape noble gives its constant-time multiplication — every window does exactly one
 *   addition per lane (a zero digit adds to a throw-away accumulator), the table entry is chosen by scanning the
 *   whole window, and the scalar is blinded: with a fresh random b per call, the digits walked are those of
 *   k − b (mod n), starting from b·G (noble's own constant-time multiplication), so the digits of one lane say
 *   nothing about its k. The blind is ONE per call, shared by its lanes (a blind per lane would cost one
 *   constant-time multiplication each, what batching saves): the digits of two lanes would reveal k_i − k_j, and
 *   two ECDSA nonces' difference with their two signatures gives the key. So the protection is the
 *   digit-independent work; the blinding adds to it for one lane, not across lanes. (JavaScript BigInt arithmetic
 *   is not constant-time in any case, and the scan's select is a conditional per entry, not a masked load; this
 *   matches noble's posture, it does not exceed it. SECURITY.md, "What Permafrost cannot protect against".)
 *
 * A lane that hits an exceptional addition (equal x: a doubling or the point at infinity, probability ~2^-250 per
 * step) is recomputed with noble's own multiplication (constant-time for secrets). Cross-checked against noble in
 * test/core/base-mult.test.ts.
 */
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';

const Point = secp256k1.Point;
const Fp = Point.Fp;
const Fn = Point.Fn;
/** The field prime; the hot loops below use plain BigInt operations on values in [0, p) (one % per product). */
const PRIME = Fp.ORDER;
const subP = (a: bigint, b: bigint): bigint => {
  const d = a - b;
  return d < 0n ? d + PRIME : d;
};
type P = InstanceType<typeof Point>;

const WINDOW_BITS = 8;
/** Signed digits in [−127, 128]: 32 windows of 8 bits and one more for the last carry. */
const WINDOWS = 33;
const ENTRIES = 1 << (WINDOW_BITS - 1);

interface Window {
  readonly x: bigint[];
  readonly y: bigint[];
}

/** Affine results of a batch: k_i·G = (x[i], y[i]), or the point at infinity where inf[i]. */
export interface AffineBatch {
  readonly x: bigint[];
  readonly y: bigint[];
  readonly inf: boolean[];
}

/**
 * table[w][d − 1] = d · 2^(8w) · G for d = 1..128, affine (a negative digit uses the entry's negation). Built in
 * affine coordinates too: the 33 windows advance together, T_w[d] = T_w[d − 1] + B_w, one batched inversion a
 * step (d·B_w ≠ ±B_w for 2 ≤ d < n − 1, so no step is exceptional).
 */
function buildTable(): Window[] {
  const bases: P[] = [];
  let base = Point.BASE;
  for (let w = 0; w < WINDOWS; w++) {
    bases.push(base);
    for (let i = 0; i < WINDOW_BITS; i++) base = base.double(); // 256 · base = the next window's base
  }
  const firstTwo = normalizeZ(Point, [...bases, ...bases.map((p) => p.double())]).map((p) => p.toAffine());
  const out: Window[] = bases.map((_, w) => {
    const b = firstTwo[w] as { x: bigint; y: bigint };
    const b2 = firstTwo[WINDOWS + w] as { x: bigint; y: bigint };
    return { x: [b.x, b2.x], y: [b.y, b2.y] };
  });
  const dens: bigint[] = new Array<bigint>(WINDOWS);
  const invs: bigint[] = new Array<bigint>(WINDOWS);
  for (let d = 3; d <= ENTRIES; d++) {
    for (let w = 0; w < WINDOWS; w++) {
      const t = out[w] as Window;
      dens[w] = subP(t.x[0] as bigint, t.x[d - 2] as bigint);
      if (dens[w] === 0n) throw new Error('base-mult: exceptional addition while building the table');
    }
    invertAll(dens, WINDOWS, invs);
    for (let w = 0; w < WINDOWS; w++) {
      const t = out[w] as Window;
      const x1 = t.x[d - 2] as bigint;
      const y1 = t.y[d - 2] as bigint;
      const x2 = t.x[0] as bigint;
      const lambda = (subP(t.y[0] as bigint, y1) * (invs[w] as bigint)) % PRIME;
      const x3 = subP(subP((lambda * lambda) % PRIME, x1), x2);
      t.x.push(x3);
      t.y.push(subP((lambda * subP(x1, x3)) % PRIME, y1));
    }
  }
  return out;
}

/**
 * The signed base-256 digits of 0 ≤ k < 2^256, least significant first, into out[at..at+33): k = Σ d_w·256^w,
 * each digit in [−127, 128] (a byte above 128 becomes byte − 256 with a carry into the next window).
 */
function signedDigits(k: bigint, out: Int16Array, at: number): void {
  const hex = k.toString(16).padStart(64, '0');
  let carry = 0;
  for (let w = 0; w < 32; w++) {
    let d = parseInt(hex.slice(62 - 2 * w, 64 - 2 * w), 16) + carry;
    carry = d > 128 ? 1 : 0;
    d -= carry << 8;
    out[at + w] = d;
  }
  out[at + 32] = carry;
}

/** inv[j] = 1 / a[j] for nonzero a[j] (Montgomery's trick: one field inversion for the whole list). */
function invertAll(a: readonly bigint[], count: number, inv: bigint[]): void {
  if (count === 0) return;
  let acc = 1n;
  for (let j = 0; j < count; j++) {
    inv[j] = acc;
    acc = (acc * (a[j] as bigint)) % PRIME;
  }
  let accInv = Fp.inv(acc);
  for (let j = count - 1; j >= 0; j--) {
    const aj = a[j] as bigint;
    inv[j] = (accInv * (inv[j] as bigint)) % PRIME;
    accInv = (accInv * aj) % PRIME;
  }
}

/** A table of G's multiples. Each instance builds its own on first use (the signer keeps one apart, see sign-curve.ts). */
export class BaseTable {
  private windows: Window[] | null = null;

  private table(): Window[] {
    return (this.windows ??= buildTable());
  }

  /** k_i · G for public scalars (0 ≤ k < n), as points. Not for secrets: the work depends on the digits. */
  multiplyPublic(scalars: readonly bigint[]): P[] {
    const t = this.table();
    const n = scalars.length;
    const digits = new Int16Array(n * WINDOWS);
    scalars.forEach((k, i) => signedDigits(k, digits, i * WINDOWS));
    const ax: bigint[] = new Array<bigint>(n).fill(0n);
    const ay: bigint[] = new Array<bigint>(n).fill(0n);
    const started: boolean[] = new Array<boolean>(n).fill(false);
    const special: boolean[] = new Array<boolean>(n).fill(false);
    const lanes: number[] = [];
    const dens: bigint[] = [];
    const invs: bigint[] = [];
    const qx: bigint[] = [];
    const qy: bigint[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const { x: tx, y: ty } = t[w] as Window;
      lanes.length = 0;
      dens.length = 0;
      qx.length = 0;
      qy.length = 0;
      for (let i = 0; i < n; i++) {
        if (special[i]) continue;
        const d = digits[i * WINDOWS + w] as number;
        if (d === 0) continue;
        const x2 = tx[Math.abs(d) - 1] as bigint;
        const y2 = d < 0 ? PRIME - (ty[-d - 1] as bigint) : (ty[d - 1] as bigint);
        if (!started[i]) {
          ax[i] = x2;
          ay[i] = y2;
          started[i] = true;
          continue;
        }
        const den = subP(x2, ax[i] as bigint);
        if (den === 0n) {
          special[i] = true;
          continue;
        }
        lanes.push(i);
        dens.push(den);
        qx.push(x2);
        qy.push(y2);
      }
      invertAll(dens, dens.length, invs);
      for (let j = 0; j < lanes.length; j++) {
        const i = lanes[j] as number;
        const x1 = ax[i] as bigint;
        const y1 = ay[i] as bigint;
        const lambda = (subP(qy[j] as bigint, y1) * (invs[j] as bigint)) % PRIME;
        const x3 = subP(subP((lambda * lambda) % PRIME, x1), qx[j] as bigint);
        ay[i] = subP((lambda * subP(x1, x3)) % PRIME, y1);
        ax[i] = x3;
      }
    }
    return scalars.map((k, i) =>
      special[i] ? Point.BASE.multiplyUnsafe(k) : started[i] ? Point.fromAffine({ x: ax[i] as bigint, y: ay[i] as bigint }) : Point.ZERO,
    );
  }

  /**
   * k_i · G for SECRET scalars (0 ≤ k < n), affine: one addition per lane and window whatever the digit, the
   * entry picked by a scan of the whole window, the digits blinded by a fresh random b (see the file comment).
   * `random(32)` supplies the blinding.
   */
  multiplySecret(scalars: readonly bigint[], random: (n: number) => Uint8Array): AffineBatch {
    const t = this.table();
    const n = scalars.length;
    const out: AffineBatch = { x: new Array<bigint>(n).fill(0n), y: new Array<bigint>(n).fill(0n), inf: new Array<boolean>(n).fill(false) };
    if (n === 0) return out;
    // b uniform in [1, n): the walked scalar k − b is uniform whatever k is.
    let b = 0n;
    while (b === 0n) {
      const bytes = random(32);
      b = Fn.create(bytesToNumberBE(bytes));
      bytes.fill(0);
    }
    const start = Point.BASE.multiply(b).toAffine();
    const digits = new Int16Array(n * WINDOWS);
    scalars.forEach((k, i) => signedDigits(Fn.sub(Fn.create(k), b), digits, i * WINDOWS));
    b = 0n;
    const ax: bigint[] = new Array<bigint>(n).fill(start.x);
    const ay: bigint[] = new Array<bigint>(n).fill(start.y);
    // The throw-away accumulators zero digits add to (the same work as a real addition).
    const fx: bigint[] = new Array<bigint>(n).fill(start.x);
    const fy: bigint[] = new Array<bigint>(n).fill(Fp.neg(start.y));
    const special: boolean[] = new Array<boolean>(n).fill(false);
    const dens: bigint[] = new Array<bigint>(n);
    const invs: bigint[] = new Array<bigint>(n);
    const selX: bigint[] = new Array<bigint>(n);
    const selY: bigint[] = new Array<bigint>(n);
    const real: boolean[] = new Array<boolean>(n);
    for (let w = 0; w < WINDOWS; w++) {
      const { x: tx, y: ty } = t[w] as Window;
      for (let i = 0; i < n; i++) {
        const d = digits[i * WINDOWS + w] as number;
        // Data-oblivious select (as noble's wnafCachedCT): touch every entry of the window, compute both signs;
        // digit 0 picks entry 1 for the throw-away addition.
        const idx = (d < 0 ? -d : d) - 1;
        let sx = tx[0] as bigint;
        let sy = ty[0] as bigint;
        for (let e = 1; e < ENTRIES; e++) {
          sx = e === idx ? (tx[e] as bigint) : sx;
          sy = e === idx ? (ty[e] as bigint) : sy;
        }
        const negY = PRIME - sy;
        const isReal = d !== 0;
        real[i] = isReal;
        selX[i] = sx;
        selY[i] = d < 0 ? negY : sy;
        let den = subP(sx, isReal ? (ax[i] as bigint) : (fx[i] as bigint));
        if (den === 0n) {
          // Exceptional: a real lane is recomputed at the end; a throw-away one just restarts elsewhere.
          if (isReal) special[i] = true;
          else fx[i] = ((fx[i] as bigint) + 1n) % PRIME;
          den = 1n;
        }
        dens[i] = den;
      }
      invertAll(dens, n, invs);
      for (let i = 0; i < n; i++) {
        const isReal = real[i] as boolean;
        const x1 = isReal ? (ax[i] as bigint) : (fx[i] as bigint);
        const y1 = isReal ? (ay[i] as bigint) : (fy[i] as bigint);
        const lambda = (subP(selY[i] as bigint, y1) * (invs[i] as bigint)) % PRIME;
        const x3 = subP(subP((lambda * lambda) % PRIME, x1), selX[i] as bigint);
        const y3 = subP((lambda * subP(x1, x3)) % PRIME, y1);
        if (isReal) {
          ax[i] = x3;
          ay[i] = y3;
        } else {
          fx[i] = x3;
          fy[i] = y3;
        }
      }
    }
    digits.fill(0);
    for (let i = 0; i < n; i++) {
      if (special[i]) {
        const k = Fn.create(scalars[i] as bigint);
        if (k === 0n) {
          out.inf[i] = true;
          continue;
        }
        const a = Point.BASE.multiply(k).toAffine();
        out.x[i] = a.x;
        out.y[i] = a.y;
      } else {
        out.x[i] = ax[i] as bigint;
        out.y[i] = ay[i] as bigint;
      }
    }
    return out;
  }
}

/** The shared table: public multiplications (address lists, public derivation) and the signer's verification. */
export const sharedBaseTable = new BaseTable();

/** k_i · G for every PUBLIC scalar (0 ≤ k < n), as points. */
export function multiplyBaseBatch(scalars: readonly bigint[]): P[] {
  return sharedBaseTable.multiplyPublic(scalars);
}
