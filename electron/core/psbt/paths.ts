/**
 * The derivation paths a single-signature wallet of ours uses (BIP44/49/84/86: purpose'/coin'/account'/change/index)
 * and the script each purpose makes. The review proves ownership on these paths only, and the signer signs on
 * these paths only: one rule for both, so what is signed can never be more than what was shown as ours.
 */
import { HARDENED } from '../keys/hd';
import { coinType, type Network } from '../keys/networks';

export type SingleSigType = 'p2pkh' | 'p2sh-p2wpkh' | 'p2wpkh' | 'p2tr';

const PURPOSES: Readonly<Record<number, { readonly kind: 'bip44' | 'bip49' | 'bip84' | 'bip86'; readonly type: SingleSigType }>> = {
  44: { kind: 'bip44', type: 'p2pkh' },
  49: { kind: 'bip49', type: 'p2sh-p2wpkh' },
  84: { kind: 'bip84', type: 'p2wpkh' },
  86: { kind: 'bip86', type: 'p2tr' },
};

/** Claims of our fingerprint tried per input or output (a 15-of-15 multisig lists 15 keys); the rest are ignored. */
export const MAX_CLAIMS_TRIED = 16;

export interface StandardPath {
  readonly kind: 'bip44' | 'bip49' | 'bip84' | 'bip86';
  readonly type: SingleSigType;
  /** The account number, without the hardened bit. */
  readonly account: number;
  readonly change: 0 | 1;
  readonly index: number;
}

/** The account and script type of a standard single-sig path of this network, or null for any other path. */
export function standardPath(path: readonly number[], network: Network): StandardPath | null {
  if (path.length !== 5) return null;
  const [purpose, coin, account, change, index] = path as [number, number, number, number, number];
  if (purpose < HARDENED || coin !== HARDENED + coinType(network) || account < HARDENED || (change !== 0 && change !== 1) || index >= HARDENED) return null;
  const spec = PURPOSES[purpose - HARDENED];
  return spec ? { ...spec, account: account - HARDENED, change, index } : null;
}
