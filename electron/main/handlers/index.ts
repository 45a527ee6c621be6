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
 * Requests that are not the user's doing: they never postpone the auto-lock. The polls (the progress of a long
 * signing or share decryption included: a screen left showing it would otherwise keep the wallets open until the
 * work ends, and the lock stops that work), and the camera's decoded
 * frames — a scanner left facing a QR code (a looping animation, a code that is not a transaction) sends one every
 * few hundred milliseconds and would otherwise keep the wallets open for ever. A user scanning is at the camera,
 * not the keyboard; a pasted text comes with key presses, which the renderer signals.
 */
const PASSIVE: ReadonlySet<keyof Handlers> = new Set([
  'getAutoLock',
  'getAirGapStatus',
  'getSignProgress',
  'getRecoveryUnlockProgress',
  'scanPsbtFrame',
  'scanEthRequestFrame',
  'scanSeedQr',
]);

/**
 * The file dialogs, with the lock in mind: a dialog open while the app locked (a native dialog sends no key presses,
 * and a passer-by may be the one who clicks Save) gives nothing — a secret is never saved, nor a file loaded, after a lock.
 */
function dialogsEndingAtLock(services: HandlerServices): HandlerServices['files'] {
  const { files, vault } = services;
  return {
    ...files,
    chooseSavePath: async (defaultName, request) => {
      const session = vault.session;
      const path = await files.chooseSavePath(defaultName, request);
      vault.requireSession(session, 'the save dialog was open');
      return path;
    },
    chooseOpenPath: async (request) => {
      const session = vault.session;
      const path = await files.chooseOpenPath(request);
      vault.requireSession(session, 'the open dialog was open');
      return path;
    },
  };
}

export function createHandlers(given: HandlerServices): Handlers {
  const services: HandlerServices = { ...given, files: dialogsEndingAtLock(given) };
  const { vault } = services;
  const lock = services.autoLock ?? new AutoLock(DEFAULT_IDLE_SECONDS, () => vault.closeAll());
  const handlers: Handlers = {
    ...autoLockHandlers(lock, services.settings),
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
  // Every other request is activity: the idle time starts again. And an answer that took so long that the app
  // locked meanwhile is not delivered: the screen that asked is gone, and a fresh one must not receive it.
  const guarded = Object.fromEntries(
    Object.entries(handlers).map(([method, handler]) => {
      const call = handler as (...a: never[]) => unknown;
      const passive = PASSIVE.has(method as keyof Handlers);
      return [
        method,
        (...args: never[]) => {
          if (!passive) lock.touch();
          const session = vault.session;
          const answer = call(...args);
          if (!(answer instanceof Promise)) return answer;
          return answer.then((value) => {
            vault.requireSession(session, 'this was being done');
            return value;
          });
        },
      ];
    }),
  );
  return guarded as unknown as Handlers;
}
