/**
 * The signer's keys. KeyCache derives each BIP32 node of the hardened levels and the branch (…/change) once
 * with @scure/bip32 and keeps them; the last, non-hardened level (the address index) is derived here from the
 * cached branch node (bip-0032 CKDpriv / CKDpub), the public key from public data only: K = K_branch + IL·G,
 * for a whole batch of leaves at once (`prefetch`: one batched base-point multiplication, keys/base-mult.ts).
 * See sign-curve.ts for why the verification relies on that. wipe() zeroes every private key it derived.
 * Also the BIP341 taproot tweak (BIP86: no script tree).
 */
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { WalletError } from '../errors';
import { HARDENED, hasPrivateKey, withPrivateKey, type HDKey } from '../keys/hd';
import { multiplyPublic, Point, type CurvePoint, type LinearKey } from './sign-curve';

const Fn = Point.Fn;
const Fp = Point.Fp;

/** A branch node (…/change) and the leaves derived from it. */
interface Branch {
  readonly point: CurvePoint;
  readonly node: HDKey;
}

/** A derived signing key. */
export interface LeafKey {
  /** 32 bytes; zeroed by KeyCache.wipe(). */
  readonly secretKey: Uint8Array;
  /** Compressed, computed from public data (K_branch + IL·G). */
  readonly publicKey: Uint8Array;
  readonly point: CurvePoint;
  readonly branch: Branch;
  /** K = branch.point + il·G. */
  readonly il: bigint;
}

const invalidChild = () =>
  // bip-0032: an invalid child (IL ≥ n or a zero key) has probability below 2^-127; the path is then unusable.
  new WalletError('BAD_KEY', 'The key at a PSBT derivation path cannot be derived (BIP32 invalid child).');

const watchOnly = () => new WalletError('BAD_KEY', 'This wallet has no private key (watch-only); it cannot sign.');

/** Derives each node once; `wipe()` zeroes every private key it derived (the master itself is the caller's). */
export class KeyCache {
  private readonly nodes = new Map<string, HDKey>();
  private readonly branches = new Map<HDKey, Branch>();
  private readonly leaves = new Map<string, LeafKey>();
  private readonly taproots = new Map<LeafKey, TaprootKey>();
  constructor(private readonly master: HDKey) {}

  /** The node at `path` (indices; hardened ones have bit 31 set), derived with @scure/bip32. */
  node(path: readonly number[]): HDKey {
    if (path.length === 0) return this.master;
    const key = path.join('/');
    const cached = this.nodes.get(key);
    if (cached) return cached;
    const parent = this.node(path.slice(0, -1));
    let child: HDKey;
    try {
      child = parent.deriveChild(path[path.length - 1] as number);
    } catch {
      throw invalidChild();
    }
    this.nodes.set(key, child);
    return child;
  }

  private branch(node: HDKey): Branch {
    let b = this.branches.get(node);
    if (!b) {
      if (!hasPrivateKey(node)) throw watchOnly();
      b = { point: Point.fromBytes(node.publicKey as Uint8Array), node };
      this.branches.set(node, b);
    }
    return b;
  }

  /** The signing key at `path`, derived once (`prefetch` derives many at once; this is the one-by-one way). */
  leaf(path: readonly number[]): LeafKey {
    const cached = this.leaves.get(path.join('/'));
    if (cached) return cached;
    this.prefetch([path]);
    return this.leaves.get(path.join('/')) as LeafKey;
  }

  /**
   * Derives the leaves at `paths` not derived yet, their public keys in one batch: for each, bip-0032 CKDpriv
   * (i < 2^31): I = HMAC-SHA512(c_par, serP(point(k_par)) || ser32(i)), k_i = IL + k_par, K_i = IL·G + K_par.
   */
  prefetch(paths: ReadonlyArray<readonly number[]>): void {
    const todo: Array<{ id: string; branch: Branch; il: bigint; d: bigint }> = [];
    const seen = new Set<string>();
    for (const path of paths) {
      const id = path.join('/');
      if (this.leaves.has(id) || seen.has(id)) continue;
      seen.add(id);
      const index = path[path.length - 1];
      if (index === undefined || index >= HARDENED) {
        // Not a BIP44-style leaf (the master, or a hardened last step): the node itself is the "branch".
        const node = this.node(path);
        const branch = this.branch(node);
        this.leaves.set(id, { secretKey: withPrivateKey(node, (k) => Uint8Array.from(k as Uint8Array)), publicKey: node.publicKey as Uint8Array, point: branch.point, branch, il: 0n });
        continue;
      }
      const parent = this.node(path.slice(0, -1));
      const branch = this.branch(parent);
      const data = new Uint8Array(37);
      data.set(parent.publicKey as Uint8Array);
      new DataView(data.buffer).setUint32(33, index, false);
      const I = hmac(sha512, parent.chainCode as Uint8Array, data);
      const il = bytesToNumberBE(I.subarray(0, 32));
      I.fill(0);
      if (!Fn.isValid(il)) throw invalidChild();
      const d = Fn.add(il, withPrivateKey(parent, (k) => Fn.fromBytes(k as Uint8Array)));
      if (d === 0n) throw invalidChild();
      todo.push({ id, branch, il, d });
    }
    if (todo.length === 0) return;
    const ilG = multiplyPublic(todo.map((t) => t.il));
    const points = todo.map((t, k) => {
      const point = t.branch.point.add(ilG[k] as CurvePoint);
      if (point.is0()) throw invalidChild();
      return point;
    });
    normalizeZ(Point, points).forEach((point, k) => {
      const { id, branch, il, d } = todo[k] as (typeof todo)[number];
      this.leaves.set(id, { secretKey: Fn.toBytes(d), publicKey: point.toBytes(true), point, branch, il });
    });
  }

  /** The leaf's public key as a LinearKey (b = 1, c = IL over K_branch), for the verification. */
  ecdsaKey(leaf: LeafKey): LinearKey {
    return { branchSecret: branchSecret(leaf.branch), b: 1n, c: leaf.il };
  }

  /** The BIP86 key path of a leaf (computed once; `prefetchTaproot` computes many at once). */
  taproot(leaf: LeafKey): TaprootKey {
    let t = this.taproots.get(leaf);
    if (!t) {
      this.prefetchTaproot([leaf]);
      t = this.taproots.get(leaf) as TaprootKey;
    }
    return t;
  }

  prefetchTaproot(leaves: readonly LeafKey[]): void {
    const todo = [...new Set(leaves)].filter((l) => !this.taproots.has(l));
    taprootKeys(todo).forEach((t, k) => this.taproots.set(todo[k] as LeafKey, t));
  }

  /**
   * Checks K_branch = d_branch·G for every branch used (noble's own multiplication, apart from both tables): the
   * verification's premise (sign-curve.ts). Called before the signatures are returned.
   */
  checkBranches(): boolean {
    for (const b of this.branches.values()) {
      if (!withPrivateKey(b.node, (d) => d !== null && Point.BASE.multiply(Fn.fromBytes(d)).equals(b.point))) return false;
    }
    return true;
  }

  /**
   * Zeroes every derived private key (HDKey.wipePrivateData for the nodes, fill(0) for the leaves) and forgets
   * them. Returns what was wiped (for the tests: the leaf buffers, now zero, and the number of nodes).
   */
  wipe(): { nodes: number; leaves: Uint8Array[] } {
    const leaves = [...this.leaves.values()].map((leaf) => leaf.secretKey.fill(0));
    for (const node of this.nodes.values()) node.wipePrivateData();
    const nodes = this.nodes.size;
    this.leaves.clear();
    this.nodes.clear();
    this.branches.clear();
    this.taproots.clear();
    return { nodes, leaves };
  }
}

/** d_branch, read afresh from the node's bytes each time (the verification's own copy). */
const branchSecret = (b: Branch) => (): bigint => {
  return withPrivateKey(b.node, (d) => {
    if (!d) throw watchOnly();
    return Fn.fromBytes(d);
  });
};

/** A BIP86 key path: the output key and what signing and verifying need. */
export interface TaprootKey {
  /** x-only output key Q (the key the P2TR script commits to). */
  readonly outputKey: Uint8Array;
  /** lift_x(Q) = b·K_branch + c·G. */
  key(): LinearKey;
  /** The BIP340 secret for Q (already negated for an even y); the caller wipes nothing: it is a bigint. */
  secret(): bigint;
}

/**
 * BIP341 taproot_tweak_pubkey for derived leaves, from public data: P = lift_x(x(K)) = σ·K (σ = ±1 for an even y),
 * Q = P + t·G, t = hashTapTweak(x(P)); the BIP340 key is lift_x(x(Q)) = τ·Q. Then lift_x(Q) = τσ·K_branch +
 * τ(σ·IL + t)·G, and its secret τ(σ·d + t). The t·G of all leaves in one batch.
 */
function taprootKeys(leaves: readonly LeafKey[]): TaprootKey[] {
  const ts = leaves.map((leaf) => tapTweak(leaf.publicKey.subarray(1), undefined));
  const tG = multiplyPublic(ts);
  const Qs = leaves.map((leaf, k) => {
    const P = leaf.publicKey[0] === 0x03 ? leaf.point.negate() : leaf.point;
    const Q = P.add(tG[k] as CurvePoint);
    if (Q.is0()) throw new WalletError('BAD_KEY', 'The tweaked taproot key is the point at infinity.');
    return Q;
  });
  return normalizeZ(Point, Qs).map((Qn, k) => {
    const leaf = leaves[k] as LeafKey;
    const t = ts[k] as bigint;
    const sigmaNeg = leaf.publicKey[0] === 0x03;
    const q = Qn.toAffine();
    const tauNeg = (q.y & 1n) === 1n;
    const sign = (v: bigint, neg: boolean) => (neg ? Fn.neg(v) : v);
    const b = sign(1n, sigmaNeg !== tauNeg);
    const c = sign(Fn.add(sign(leaf.il, sigmaNeg), t), tauNeg);
    return {
      outputKey: Fp.toBytes(q.x),
      key: () => ({ branchSecret: branchSecret(leaf.branch), b, c }),
      secret: () => {
        const d = sign(Fn.add(sign(Fn.fromBytes(leaf.secretKey), sigmaNeg), t), tauNeg);
        if (d === 0n) throw new WalletError('BAD_KEY', 'The tweaked taproot key is zero.');
        return d;
      },
    };
  });
}

/** BIP341 taproot_tweak_pubkey's t = int(hashTapTweak(x(P) ‖ merkle_root)); the merkle root is empty for BIP86. */
function tapTweak(internalXOnly: Uint8Array, merkleRoot: Uint8Array | undefined): bigint {
  const t = Fn.fromBytes(schnorr.utils.taggedHash('TapTweak', internalXOnly, merkleRoot ?? new Uint8Array(0)));
  // BIP341: "if t >= SECP256K1_ORDER: raise ValueError" (Fn.fromBytes already rejects ≥ n; kept as the spec says).
  if (t >= Fn.ORDER) throw new WalletError('BAD_KEY', 'The taproot tweak is out of range.');
  return t;
}

/** The tweak scalar as 32 bytes (the BIP341 wallet vectors print it). */
export function taprootTweak(internalXOnly: Uint8Array, merkleRoot?: Uint8Array): Uint8Array {
  return Fn.toBytes(tapTweak(internalXOnly, merkleRoot));
}

/** BIP341 taproot_tweak_pubkey: the x-only output key Q = lift_x(P) + t·G. */
export function taprootOutputKey(internalXOnly: Uint8Array, merkleRoot?: Uint8Array): Uint8Array {
  const P = schnorr.utils.lift_x(Fn.fromBytes(internalXOnly));
  const Q = P.add(Point.BASE.multiply(tapTweak(internalXOnly, merkleRoot)));
  return Q.toBytes(true).subarray(1);
}

/**
 * BIP341 taproot_tweak_seckey: negate d if d·G has odd y, then add t. Returns the tweaked secret key (the caller
 * zeroes it) and the x-only output key it signs for.
 */
export function taprootTweakSecretKey(
  secretKey: Uint8Array,
  merkleRoot?: Uint8Array,
  /** d·G compressed, when the caller has it (saves a multiplication). */
  publicKey?: Uint8Array,
): { secretKey: Uint8Array; outputKey: Uint8Array } {
  const d0 = Fn.fromBytes(secretKey);
  const P = publicKey ? Point.fromBytes(publicKey) : Point.BASE.multiply(d0);
  const d = P.toAffine().y % 2n === 0n ? d0 : Fn.neg(d0);
  const xOnly = P.toBytes(true).subarray(1);
  const tweaked = Fn.add(d, tapTweak(xOnly, merkleRoot));
  if (tweaked === 0n) throw new WalletError('BAD_KEY', 'The tweaked taproot key is zero.');
  // Q = d'·G; equal to taproot_tweak_pubkey(x(P)) by construction (the vectors check both).
  return { secretKey: Fn.toBytes(tweaked), outputKey: Point.BASE.multiply(tweaked).toBytes(true).subarray(1) };
}
