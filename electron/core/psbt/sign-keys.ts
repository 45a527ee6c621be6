/**
 * The signer's keys: a cache that derives each BIP32 node once (every prefix of every path is kept, so the
 * last two levels of m/purpose'/coin'/account'/change/index come from the cached change node, not the master),
 * wipes them all when signing ends; and the BIP341 taproot tweak (BIP86: no script tree).
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { WalletError } from '../errors';
import type { HDKey } from '../keys/hd';

const Point = secp256k1.Point;
const Fn = Point.Fn;

/** Derives each node once; `wipe()` zeroes every private key it derived (the master itself is the caller's). */
export class KeyCache {
  private readonly nodes = new Map<string, HDKey>();
  constructor(private readonly master: HDKey) {}

  /** The node at `path` (indices; hardened ones have bit 31 set). */
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
      // bip-0032: an invalid child (IL ≥ n or a zero key) has probability below 2^-127; the path is then unusable.
      throw new WalletError('BAD_KEY', `The key at a PSBT derivation path cannot be derived (BIP32 invalid child).`);
    }
    this.nodes.set(key, child);
    return child;
  }

  /** Zeroes every derived private key (HDKey.wipePrivateData) and forgets the nodes. */
  wipe(): void {
    for (const node of this.nodes.values()) node.wipePrivateData();
    this.nodes.clear();
  }
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
