import { isWalletError, WalletError } from '../core/errors';
import { FileExistsError } from '../node/safe-files';
import type { MultisigStore } from '../node/multisig-store';

/** One line a command asks for. At a terminal it is prompted on stderr with echo off; from a pipe, one line. */
export interface SecretPrompt {
  readonly label: string;
  /** At a terminal, ask twice and insist they match (a passphrase that protects a file must not hold a typo). */
  readonly confirm?: boolean;
}

/** What a command may touch: its output streams and its standard input. Tests pass in-memory ones. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * All of standard input, read once. Secrets come only from here, never from argv. With `prompts`, at a
   * terminal: one hidden line per prompt (the text then has exactly those lines); from a pipe they are ignored.
   * From a pipe, more than `maxBytes` (default MAX_STDIN_BYTES) is refused with a WalletError, never truncated.
   */
  readonly readStdin: (prompts?: readonly SecretPrompt[], options?: { readonly maxBytes?: number }) => Promise<string>;
  readonly platform: string;
  /** The bundled PDF fonts. */
  readonly readFonts: () => { regular: Uint8Array; bold: Uint8Array };
  readonly readTextFile: (path: string) => Promise<string>;
  /** A file's bytes; more than `maxBytes` (when given) are not read: the result is then maxBytes + 1 long. */
  readonly readFile: (path: string, options?: { readonly maxBytes?: number }) => Promise<Uint8Array>;
  /**
   * Writes a file readable by its owner only (0o600: every file the CLI writes holds secrets), safely (a new file
   * synced, then put in place). Without `overwrite` an existing file is a FileExistsError, never replaced.
   */
  readonly writeFile: (path: string, bytes: Uint8Array, options: { readonly overwrite: boolean }) => Promise<void>;
  /** Today, for the date printed on the seed card. */
  readonly today: () => string;
  /** Now, for the date inside an encrypted backup. */
  readonly now: () => Date;
  /** Where registered multisig wallets are kept (wallet.ts says where); absent: the wallet commands refuse. */
  readonly registrations?: MultisigStore;
  readonly networkInterfaces: () => Readonly<Record<string, ReadonlyArray<{ address: string; family: string | number; internal: boolean }> | undefined>>;
}

/**
 * What standard input may hold unless a command says otherwise: words, passphrases, rolls and shares are far
 * smaller. A command that reads QR parts from standard input (ur/bbqr decode, review -, sign -) allows more.
 */
export const MAX_STDIN_BYTES = 1024 * 1024;

/** Exit codes: 0 success, 1 the operation failed (bad input, failed check), 2 the command line itself is wrong, 130 cancelled (Ctrl-C). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Ctrl-C at a hidden prompt. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/** The system's error code (ENOENT…) of a failed file operation; never a WalletError's own code. */
const errnoOf = (e: unknown): string | undefined => {
  if (typeof e !== 'object' || e === null || isWalletError(e)) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

/** What a file named on the command line that cannot be read is, by the system's code. */
function unreadable(file: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return `no such file: ${file}`;
    case 'ENOTDIR':
      return `no such file: ${file} (a part of the path is not a folder)`;
    case 'EISDIR':
      return `${file} is a folder, not a file`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${file} (you may not read it)`;
    default:
      return `cannot read ${file}${code ? ` (${code})` : ''}`;
  }
}

/** Writes `--out`: never over an existing file unless `--force`; failures say what to do. */
export async function writeOutput(io: CliIo, file: string, bytes: Uint8Array, force: boolean): Promise<void> {
  try {
    await io.writeFile(file, bytes, { overwrite: force });
  } catch (e) {
    const code = errnoOf(e);
    if (e instanceof FileExistsError || code === 'EEXIST') throw new WalletError('SAVE_FAILED', `${file} already exists: choose another name, or add --force to replace it.`);
    // The safe write says what happened and that the earlier file is as it was.
    if (isWalletError(e)) throw e;
    throw new WalletError('SAVE_FAILED', `Could not write ${file}${code ? ` (${code})` : ''}: check the folder exists and the drive is writable.`);
  }
}

/** Reads an input file named on the command line; a missing file is a usage error. */
export async function readInput(io: CliIo, file: string, maxBytes: number): Promise<Uint8Array> {
  try {
    return await io.readFile(file, { maxBytes });
  } catch (e) {
    // Said in its own words (a device or a FIFO is "not a file"); a system error by the path as typed.
    if (isWalletError(e)) throw e;
    throw new UsageError(unreadable(file, errnoOf(e)));
  }
}
