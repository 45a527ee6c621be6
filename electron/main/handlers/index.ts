/**
 * The handlers, one module per capability: each turns a validated request into a core call, a vault call or a
 * read of main state. createHandlers joins them; the type checker proves every contract method has exactly one.
 */
import type { Handlers } from '../ipc';
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

export function createHandlers(services: HandlerServices): Handlers {
  return {
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
}
