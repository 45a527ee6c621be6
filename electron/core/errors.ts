/**
 * Every failure the core reports is a WalletError with a code from this closed list, so the main process can
 * pass it across IPC intact and the renderer can say it in the user's words. Messages say what is wrong and
 * what to do, and never contain a secret (the words, a seed, a private key).
 */
export const WALLET_ERROR_CODES = [
  /** An argument is out of range or malformed (the message says which and why). */
  'INVALID_ARGUMENT',
  /** A valid request for something Permafrost does not do. */
  'UNSUPPORTED',
  /** A recovery word is not in the word list. */
  'UNKNOWN_WORD',
  /** Not 12, 15, 18, 21 or 24 words. */
  'WRONG_WORD_COUNT',
  /** Every word is valid but the BIP39 checksum does not match. */
  'BAD_CHECKSUM',
  /** Dice rolls or coin flips that are too few, or not rolls at all. */
  'BAD_ENTROPY_INPUT',
  /** A QR payload (SeedQR, UR) that cannot be decoded. */
  'BAD_QR',
  /** An extended key that is malformed (BIP32 vector 5 cases and the like). */
  'BAD_KEY',
  /** An opaque wallet id that is unknown or already closed. */
  'NO_SUCH_WALLET',
  /** A file could not be written (read-only drive, full, no permission). */
  'SAVE_FAILED',
  /** The passphrase of an encrypted backup file does not open it (the file itself looks intact). */
  'WRONG_PASSPHRASE',
  /** Not a Permafrost backup file: not age, damaged, cut short, encrypted to a key, or not our document inside. */
  'BAD_BACKUP_FILE',
  /** A passphrase chosen to encrypt a backup file is too easy to guess offline (the message says why and what to do). */
  'WEAK_PASSPHRASE',
  /**
   * A PSBT that cannot be read: not BIP174/BIP370, cut short, a field of the wrong size, or larger than the limits.
   * The message says where (global map, input N, output N — counted from 0) and what.
   */
  'BAD_PSBT',
  /**
   * An Ethereum signing request (EIP-4527 eth-sign-request) that cannot be read or is not ours: bad CBOR or RLP,
   * a transaction cut short, typed data that does not match its types, another wallet's fingerprint or path.
   */
  'BAD_ETH_REQUEST',
  /** A stored multisig registration whose authentication code does not match: it was changed on disk. */
  'TAMPERED',
] as const;

export type WalletErrorCode = (typeof WALLET_ERROR_CODES)[number];

export class WalletError extends Error {
  override readonly name = 'WalletError';
  constructor(
    readonly code: WalletErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isWalletError(e: unknown): e is WalletError {
  return e instanceof WalletError;
}

/** Ends an exhaustive switch: the type checker proves it unreachable, the runtime says which case was missed. */
export function missingCase(value: never, what: string): never {
  throw new Error(`missing case for ${what}: ${String(value)}`);
}
