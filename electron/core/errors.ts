/**
 * Every failure the core reports is a WalletError with a code from this closed list, so the main process can
 * pass it across IPC intact and the renderer can say it in the user's words. Messages say what is wrong and
 * what to do, and never contain a secret (the words, a seed, a private key).
 */
export const WALLET_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNSUPPORTED',
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
