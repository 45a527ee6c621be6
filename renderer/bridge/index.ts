/**
 * The only module that touches window.permafrost. Screens call `ask(...)`, which never throws: a missing bridge,
 * a failed call or an error result all come back as a Result with words for the user.
 */
import type { Bridge, IpcError, Method, RequestOf, ResponseOf, Result } from '../../electron/ipc';

const BRIDGE_KEY = 'permafrost';

declare global {
  interface Window {
    readonly permafrost?: Bridge;
  }
}

export function getBridge(): Bridge | null {
  const bridge = (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
  return bridge && typeof bridge === 'object' ? (bridge as Bridge) : null;
}

/** User words for each code; the message from main is precise and is shown under it. */
export function describeError(error: IpcError): string {
  switch (error.code) {
    case 'BAD_REQUEST':
      return 'The app sent a request the wallet could not accept.';
    case 'FORBIDDEN':
      return 'This request was refused because it did not come from the Permafrost window.';
    case 'INTERNAL':
      return 'Something unexpected went wrong. Nothing was changed.';
    case 'INVALID_ARGUMENT':
      return 'That input is not valid.';
    case 'UNSUPPORTED':
      return 'That is not supported.';
    case 'UNKNOWN_WORD':
      return 'A word is not in the word list.';
    case 'WRONG_WORD_COUNT':
      return 'The number of words is wrong.';
    case 'BAD_CHECKSUM':
      return 'The words do not check out: one is wrong or two are swapped.';
    case 'BAD_ENTROPY_INPUT':
      return 'The dice rolls or coin flips cannot be used.';
    case 'BAD_QR':
      return 'That QR code, or its parts, could not be read.';
    case 'BAD_KEY':
      return 'That key cannot be used.';
    case 'NO_SUCH_WALLET':
      return 'That wallet is closed. Open it again.';
    case 'SAVE_FAILED':
      return 'The file could not be saved.';
    case 'WRONG_PASSPHRASE':
      return 'The file did not open.';
    case 'BAD_BACKUP_FILE':
      return 'That file is not a Permafrost backup, or it is damaged.';
    case 'WEAK_PASSPHRASE':
      return 'That passphrase is too easy to guess.';
    case 'BAD_PSBT':
      return 'That transaction (PSBT) cannot be read, or it is damaged.';
    case 'BAD_ETH_REQUEST':
      return 'That Ethereum signing request cannot be read, or it is not for this wallet.';
    case 'TAMPERED':
      return 'That saved multisig wallet was changed on disk and is not used.';
  }
}

type Args<M extends Method> = RequestOf<M> extends undefined ? [] : [request: RequestOf<M>];

/** Calls a bridge method. Never throws: a missing bridge or a failed call is an error Result. */
export async function ask<M extends Method>(method: M, ...request: Args<M>): Promise<Result<ResponseOf<M>>> {
  const bridge = getBridge();
  if (!bridge) return { ok: false, error: { code: 'INTERNAL', message: 'The secure bridge to the wallet is missing.' } };
  try {
    const call = bridge[method] as (...args: unknown[]) => Promise<Result<ResponseOf<M>>>;
    return await call(...request);
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `The call ${method} failed.` } };
  }
}
