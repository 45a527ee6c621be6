/**
 * The two ways Permafrost uses SLIP-39, named honestly:
 * - "wallet" (Shamir wallet): the SLIP-39 master secret IS the BIP32 seed, as Trezor, Keystone, Electrum and
 *   Sparrow recover it. It is a different wallet from any BIP39 phrase.
 * - "bip39" (split my BIP39 phrase): the shared secret is the phrase's entropy, so recovery gives back the same
 *   words and the same wallet. Other SLIP-39 tools recover the entropy, not a wallet, unless it is turned back
 *   into words — which Permafrost does.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { WalletError } from '../../errors';
import { fingerprintHex, masterFromSeed } from '../../keys/hd';
import { entropyToMnemonic, mnemonicToSeed, parseMnemonic } from '../../keys/mnemonic';
import { decrypt, type CipherProgress } from './cipher';
import { checkQuorums, combineShares, splitMasterSecret, type GroupSpec, type QuorumReport, type SplitResult } from './slip39';

export type ShamirMode = 'wallet' | 'bip39';

export interface SplitRequest {
  readonly mode: ShamirMode;
  /** wallet: the master secret (16-32 bytes); bip39: the phrase (its entropy is shared). */
  readonly secret: { readonly masterSecret: Uint8Array } | { readonly mnemonic: string };
  readonly groupThreshold: number;
  readonly groups: readonly GroupSpec[];
  /** SLIP-39 passphrase (wallet mode only: in bip39 mode a BIP39 passphrase stays separate from the shares). */
  readonly passphrase?: string;
  readonly iterationExponent?: number;
  readonly onQuorumProgress?: (checked: number, total: number) => void;
}

export interface SplitOutcome {
  readonly mode: ShamirMode;
  readonly split: SplitResult;
  readonly quorums: QuorumReport;
  /** The fingerprint every quorum restores (bip39 mode: of the phrase without a BIP39 passphrase). */
  readonly fingerprint: string;
}

/** The wallet's fingerprint; the seed and the master key made for it are zeroed before returning. */
async function fingerprintOf(mode: ShamirMode, secret: Uint8Array): Promise<string> {
  const seed = mode === 'wallet' ? secret : await mnemonicToSeed(entropyToMnemonic(secret));
  const master = masterFromSeed(seed);
  if (seed !== secret) seed.fill(0);
  const fingerprint = fingerprintHex(master);
  master.wipePrivateData();
  return fingerprint;
}

export async function splitIntoShares(req: SplitRequest): Promise<SplitOutcome> {
  let secret: Uint8Array;
  if ('mnemonic' in req.secret) {
    if (req.mode !== 'bip39') throw new WalletError('INVALID_ARGUMENT', 'A Shamir wallet starts from a master secret, not from words: use the bip39 mode to split a phrase.');
    secret = parseMnemonic(req.secret.mnemonic, 'english').entropy;
  } else {
    if (req.mode !== 'wallet') throw new WalletError('INVALID_ARGUMENT', 'The bip39 mode splits a recovery phrase: give its words.');
    secret = req.secret.masterSecret;
  }
  if (req.mode === 'bip39' && req.passphrase) {
    throw new WalletError('INVALID_ARGUMENT', 'In bip39 mode the shares hold the words only: a BIP39 passphrase stays separate (remember it as before).');
  }
  const passphrase = req.passphrase ?? '';
  // The entropy parsed from the words is ours to zero; a master secret given by the caller is the caller's.
  const ours = 'mnemonic' in req.secret;
  try {
    const split = await splitMasterSecret(secret, { groupThreshold: req.groupThreshold, groups: req.groups, passphrase, ...(req.iterationExponent === undefined ? {} : { iterationExponent: req.iterationExponent }) });
    const quorums = await checkQuorums(split, req.onQuorumProgress ? { onProgress: req.onQuorumProgress } : {});
    // Every quorum restored the same encrypted secret; decrypt it once and compare with what was split.
    const restored = await decrypt(split.encryptedSecret, passphrase, split.iterationExponent, split.identifier, split.extendable);
    const same = equalBytes(restored, secret);
    restored.fill(0);
    if (!same) throw new WalletError('INVALID_ARGUMENT', 'The shares do not decrypt to the secret: do not use them.');
    return { mode: req.mode, split, quorums, fingerprint: await fingerprintOf(req.mode, secret) };
  } finally {
    if (ours) secret.fill(0);
  }
}

export interface CombineOutcome {
  readonly masterSecret: Uint8Array;
  /** bip39 mode: the phrase the shares restore. */
  readonly mnemonic: string | null;
  readonly fingerprint: string;
}

export async function combineIntoWallet(mode: ShamirMode, shares: readonly string[], passphrase = '', progress: CipherProgress = {}): Promise<CombineOutcome> {
  if (mode === 'bip39' && passphrase) throw new WalletError('INVALID_ARGUMENT', 'bip39 mode: the shares hold the words only; give the BIP39 passphrase when opening the wallet.');
  const masterSecret = await combineShares(shares, passphrase, progress);
  // BIP32: "Generate a seed byte sequence S of a chosen length (between 128 and 512 bits)".
  if (mode === 'wallet' && masterSecret.length > 64) {
    const length = masterSecret.length;
    masterSecret.fill(0);
    throw new WalletError(
      'INVALID_ARGUMENT',
      `These shares hold a ${length}-byte secret: a Shamir wallet's secret is its BIP32 seed, 16 to 64 bytes, so no wallet can be opened from them. Check that these are the right shares.`,
    );
  }
  if (mode === 'bip39' && ![16, 20, 24, 28, 32].includes(masterSecret.length)) {
    masterSecret.fill(0);
    throw new WalletError(
      'INVALID_ARGUMENT',
      `These shares hold a ${masterSecret.length}-byte secret, which is no BIP39 phrase: they are a Shamir wallet (SLIP-39, as Trezor or Keystone make them). Recover them as a Shamir wallet.`,
    );
  }
  try {
    const mnemonic = mode === 'bip39' ? entropyToMnemonic(masterSecret) : null;
    return { masterSecret, mnemonic, fingerprint: await fingerprintOf(mode, masterSecret) };
  } catch (e) {
    masterSecret.fill(0);
    throw e;
  }
}

/** "2of3,3of5" → groups. */
export function parseGroups(text: string): GroupSpec[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*(?:of|-of-|\/)\s*(\d+)\s*$/i.exec(part);
    if (!m) throw new WalletError('INVALID_ARGUMENT', `"${part.trim()}" is not a group like 3of5.`);
    return { threshold: Number(m[1]), count: Number(m[2]) };
  });
}
