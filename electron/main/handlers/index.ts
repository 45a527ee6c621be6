/**
 * The handlers, one module per capability: each turns a validated request into a core call, a vault call or a
 * read of main state. createHandlers joins them; the type checker proves every contract method has exactly one.
 */
import { AutoLock, DEFAULT_IDLE_SECONDS } from '../auto-lock';
import type { Handlers } from '../ipc';
import { autoLockHandlers } from './auto-lock';
import { accountsHandlers } from './accounts';
import { backupHandlers } from './backup';
import { encryptedBackupHandlers } from './encrypted-backup';
import { ethHandlers } from './eth';
import { keysHandlers } from './keys';
import { multisigHandlers } from './multisig';
import type { HandlerServices } from './services';
import { shamirHandlers } from './shamir';
import { signHandlers } from './sign';
import { statusHandlers } from './status';

export type { HandlerServices, SaveFileService, SaveRequest } from './services';
export { urFrames } from './accounts';

/**
 * Requests that are not the user's doing: they never postpone the auto-lock. The polls, and the camera's decoded
 * frames — a scanner left facing a QR code (a looping animation, a code that is not a transaction) sends one every
 * few hundred milliseconds and would otherwise keep the wallets open for ever. A user scanning is at the camera,
 * not the keyboard; a pasted text comes with key presses, which the renderer signals.
 */
const PASSIVE: ReadonlySet<keyof Handlers> = new Set([
  'getAutoLock',
  'getAirGapStatus',
  'scanPsbtFrame',
  'scanEthRequestFrame',
  'scanSeedQr',
]);

export function createHandlers(services: HandlerServices): Handlers {
  const lock = services.autoLock ?? new AutoLock(DEFAULT_IDLE_SECONDS, () => services.vault.closeAll());
  const handlers: Handlers = {
    ...autoLockHandlers(lock),
    ...statusHandlers(services),
    ...keysHandlers(services),
    ...accountsHandlers(services),
    ...backupHandlers(services),
    ...shamirHandlers(services),
    ...encryptedBackupHandlers(services),
    ...signHandlers(services),
    ...ethHandlers(services),
    ...multisigHandlers(services),
  };
  // Every other request is activity: the idle time starts again.
  const touching = Object.fromEntries(
    Object.entries(handlers).map(([method, handler]) => {
      if (PASSIVE.has(method as keyof Handlers)) return [method, handler];
      const call = handler as (...a: never[]) => unknown;
      return [
        method,
        (...args: never[]) => {
          lock.touch();
          return call(...args);
        },
      ];
    }),
  );
  return touching as unknown as Handlers;
}
