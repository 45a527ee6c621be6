/**
 * A private temp directory for the whole process tree. Chromium's GTK print path writes each job to a temp file
 * (base::CreateTemporaryFile) before handing it to CUPS, and a backup job holds the seed: keep it in a 0700
 * directory, in RAM where the OS has a writable tmpfs, and delete it when the app quits.
 */
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';

/** statfs f_type of tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;

/** Where a RAM-backed temp directory may live on this platform (none on macOS and Windows by default). */
export function ramTempCandidates(platform: string): readonly string[] {
  return platform === 'linux' ? ['/dev/shm'] : [];
}

/** A directory we may write to whose filesystem is tmpfs (RAM and swap, never written to a disk file system). */
export function isWritableTmpfs(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    accessSync(dir, constants.W_OK | constants.X_OK);
    return statfsSync(dir).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
}

export interface PrivateTempOptions {
  readonly platform: string;
  /** The OS temp directory, used when no RAM-backed one is available. */
  readonly osTempDir: string;
  /** The environment to point at the new directory (process.env in the app). */
  readonly env: Record<string, string | undefined>;
  readonly ramCandidates?: readonly string[];
  readonly isRamBacked?: (dir: string) => boolean;
}

export interface PrivateTempDir {
  readonly path: string;
  readonly ramBacked: boolean;
  /** Deletes the directory and everything in it; safe to call more than once. */
  readonly remove: () => void;
}

export const TEMP_ENV_VARS = ['TMPDIR', 'TMP', 'TEMP'] as const;

export function createPrivateTempDir(options: PrivateTempOptions): PrivateTempDir {
  const isRamBacked = options.isRamBacked ?? isWritableTmpfs;
  const ram = (options.ramCandidates ?? ramTempCandidates(options.platform)).find((dir) => isRamBacked(dir));
  const dir = mkdtempSync(path.join(ram ?? options.osTempDir, 'permafrost-'));
  // mkdtemp already creates 0700; say it explicitly rather than depend on it.
  chmodSync(dir, 0o700);
  for (const name of TEMP_ENV_VARS) options.env[name] = dir;
  return { path: dir, ramBacked: ram !== undefined, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
