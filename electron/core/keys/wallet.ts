/**
 * One place that turns words (+ passphrase) into an open wallet: seed, master key, fingerprint. Used by the main
 * process's vault and by the CLI, so both derive identically.
 */
import { WalletError } from '../errors';
import { masterFromSeed, fingerprintHex, type HDKey } from './hd';
import { detectLanguage, mnemonicToSeed, parseMnemonic } from './mnemonic';
import type { Language } from './wordlists';

export interface OpenedWallet {
  readonly master: HDKey;
  /** The words in the wordlist's spelling: kept for paper backups and verification, in main memory only. */
  readonly words: readonly string[];
  readonly fingerprint: string;
  readonly language: Language;
  readonly wordCount: number;
  readonly hasPassphrase: boolean;
}

/** Parses the words (language detected unless given), derives the BIP39 seed and the BIP32 master key. */
export async function openWallet(words: string, passphrase = '', language?: Language): Promise<OpenedWallet> {
  const lang = language ?? detectLanguage(words) ?? 'english';
  const parsed = parseMnemonic(words, lang);
  if (passphrase.length > 1024) throw new WalletError('INVALID_ARGUMENT', 'The passphrase is longer than 1024 characters.');
  // The words' entropy and the seed are not kept: zero them once the master key is made.
  parsed.entropy.fill(0);
  const seed = await mnemonicToSeed(parsed.mnemonic, passphrase);
  const master = masterFromSeed(seed);
  seed.fill(0);
  return { master, words: parsed.words, fingerprint: fingerprintHex(master), language: lang, wordCount: parsed.words.length, hasPassphrase: passphrase.length > 0 };
}
