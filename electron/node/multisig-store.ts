/**
 * Where registered multisig wallets are kept: one file per registration, "<our fingerprint>-<multisig id>.json", in
 * one folder (the app: <userData>/multisig; the CLI: $PERMAFROST_HOME/multisig or $XDG_CONFIG_HOME/permafrost/multisig).
 * The files hold public data only, authenticated by the core (sealRegistration / openRegistration): this module
 * only moves bytes, atomically (writeFileAtomic), owner-only (which wallets you cosign is nobody else's business).
 */
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { WalletError } from '../core/errors';
import { MAX_REGISTRATION_BYTES } from '../core/wallets/registration';
import { readFileLimited, writeFileAtomic } from './safe-files';

export interface StoredRegistration {
  /** The file name, "<fingerprint>-<id>.json". */
  readonly file: string;
  readonly bytes: Uint8Array;
}

export interface MultisigStore {
  /** Every registration file of this wallet fingerprint (unauthenticated bytes: the core opens them). */
  list(fingerprint: string): Promise<StoredRegistration[]>;
  write(fingerprint: string, multisigId: string, bytes: Uint8Array): Promise<void>;
  remove(fingerprint: string, multisigId: string): Promise<boolean>;
}

const NAME = /^([0-9a-f]{8})-([0-9a-f]{16})\.json$/;
/** At most this many registrations are read per wallet (a real holder has a handful). */
export const MAX_REGISTRATIONS = 200;

export function registrationFile(fingerprint: string, multisigId: string): string {
  const file = `${fingerprint}-${multisigId}.json`;
  if (!NAME.test(file)) throw new WalletError('INVALID_ARGUMENT', 'That is not a multisig wallet id.');
  return file;
}

/** The id part of a registration file name, or null. */
export function idOfFile(file: string): string | null {
  return NAME.exec(file)?.[2] ?? null;
}

/** A folder on disk; `dir` may be a function so the app asks Electron for userData only when first used. */
export function directoryStore(dir: string | (() => string), platform: string = process.platform): MultisigStore {
  const folder = () => (typeof dir === 'string' ? dir : dir());
  return {
    async list(fingerprint) {
      let names: string[];
      try {
        names = await fsp.readdir(folder());
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return [];
        throw new WalletError('SAVE_FAILED', `The multisig wallets folder cannot be read (${(e as { code?: string }).code ?? 'error'}).`);
      }
      const mine = names.filter((n) => NAME.exec(n)?.[1] === fingerprint).sort().slice(0, MAX_REGISTRATIONS);
      const out: StoredRegistration[] = [];
      for (const file of mine) {
        try {
          out.push({ file, bytes: await readFileLimited(path.join(folder(), file), MAX_REGISTRATION_BYTES) });
        } catch {
          out.push({ file, bytes: new Uint8Array(0) });
        }
      }
      return out;
    },
    async write(fingerprint, multisigId, bytes) {
      const d = folder();
      await fsp.mkdir(d, { recursive: true, mode: 0o700 });
      await writeFileAtomic(path.join(d, registrationFile(fingerprint, multisigId)), bytes, { mode: 0o600, platform });
    },
    async remove(fingerprint, multisigId) {
      try {
        await fsp.unlink(path.join(folder(), registrationFile(fingerprint, multisigId)));
        return true;
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return false;
        throw new WalletError('SAVE_FAILED', `The multisig wallet could not be deleted (${(e as { code?: string }).code ?? 'error'}).`);
      }
    },
  };
}

/** In memory (tests, and the app when no folder is given): lost when the process ends. */
export function memoryStore(files: Map<string, Uint8Array> = new Map()): MultisigStore & { readonly files: Map<string, Uint8Array> } {
  return {
    files,
    list: async (fingerprint) =>
      [...files.entries()]
        .filter(([f]) => NAME.exec(f)?.[1] === fingerprint)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([file, bytes]) => ({ file, bytes })),
    write: async (fingerprint, multisigId, bytes) => void files.set(registrationFile(fingerprint, multisigId), Uint8Array.from(bytes)),
    remove: async (fingerprint, multisigId) => files.delete(registrationFile(fingerprint, multisigId)),
  };
}

/**
 * The CLI's folder: $PERMAFROST_HOME/multisig when set, else $XDG_CONFIG_HOME/permafrost/multisig, else
 * ~/.config/permafrost/multisig (the XDG default; on Windows %APPDATA%\permafrost\multisig).
 */
export function cliRegistrationDir(env: NodeJS.ProcessEnv, home: string, platform: string = process.platform): string {
  if (env.PERMAFROST_HOME) return path.join(env.PERMAFROST_HOME, 'multisig');
  if (platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'permafrost', 'multisig');
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'permafrost', 'multisig');
}
