/**
 * Writing and reading the user's files safely, for the app's main process and the CLI alike. A save never
 * destroys what is there: a new file beside the target (created with O_EXCL and O_NOFOLLOW, so nothing planted at
 * that name is followed or reused), written, synced, optionally checked, then renamed over the target (or linked,
 * when it must not replace one), and the folder synced. On any failure only the new file is removed.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { WalletError } from '../core/errors';

/** The file-system calls a save makes: injectable so a test can fail any step on a real folder. */
export interface WriteOps {
  readonly open: typeof fsp.open;
  readonly rename: typeof fsp.rename;
  readonly link: typeof fsp.link;
  readonly unlink: typeof fsp.unlink;
  readonly lstat: typeof fsp.lstat;
  readonly access: typeof fsp.access;
  readonly rm: typeof fsp.rm;
}
export const realWriteOps: WriteOps = { open: fsp.open, rename: fsp.rename, link: fsp.link, unlink: fsp.unlink, lstat: fsp.lstat, access: fsp.access, rm: fsp.rm };

/** The target exists and the save may not replace it (overwrite: false). */
export class FileExistsError extends WalletError {
  readonly exists = true;
}

export interface AtomicWriteOptions {
  readonly mode: number;
  readonly platform?: string;
  /** false: an existing file is never replaced (EEXIST), like open(…, 'wx'). Default true. */
  readonly overwrite?: boolean;
  /** Runs on the bytes read back from the new, synced file before it takes the target's place; throwing aborts the save. */
  readonly verify?: (written: Uint8Array) => Promise<void>;
}

export async function writeFileAtomic(target: string, contents: string | Uint8Array, options: AtomicWriteOptions, ops: WriteOps = realWriteOps): Promise<void> {
  const platform = options.platform ?? process.platform;
  const overwrite = options.overwrite ?? true;
  const dir = path.dirname(target);
  let existing: Stats | null = null;
  try {
    existing = await ops.lstat(target);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw saveError(target, e);
  }
  if (existing && !overwrite) throw new FileExistsError('SAVE_FAILED', `Could not save ${path.basename(target)}: a file with that name is already there (nothing was changed). Choose another name.`);
  if (existing?.isDirectory()) throw new WalletError('SAVE_FAILED', `Could not save ${path.basename(target)}: a folder has that name. Nothing was changed.`);
  if (existing && !existing.isSymbolicLink()) {
    try {
      await ops.access(target, constants.W_OK);
    } catch (e) {
      throw saveError(target, e, true);
    }
  }
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  let handle: fsp.FileHandle | null = null;
  try {
    handle = await ops.open(temp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), options.mode);
  } catch (e) {
    throw saveError(target, e, existing !== null);
  }
  let tempExists = true;
  try {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    await handle.writeFile(bytes);
    // The umask may have taken bits away from a public file; a secret file must be exactly owner-only. FAT and
    // exFAT (most USB sticks) keep no modes and refuse chmod: there the mode means nothing (SECURITY.md says so).
    if (platform !== 'win32') await handle.chmod(options.mode).catch((e: unknown) => (NO_MODES.has((e as { code?: string }).code ?? '') ? undefined : Promise.reject(e)));
    await handle.sync();
    if (options.verify) {
      const back = Buffer.alloc(bytes.length + 1);
      const { bytesRead } = await handle.read(back, 0, back.length, 0);
      await options.verify(new Uint8Array(back.subarray(0, bytesRead)));
    }
    await handle.close();
    handle = null;
    if (overwrite) {
      await ops.rename(temp, target);
    } else {
      // link() refuses an existing name: no check-then-write race. The temp name goes once the link stands.
      let linked = true;
      try {
        await ops.link(temp, target);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'EEXIST') throw new FileExistsError('SAVE_FAILED', `Could not save ${path.basename(target)}: a file with that name appeared while saving (nothing was changed).`);
        // FAT and exFAT (most USB sticks) have no hard links: check, then rename — a tiny window instead of none.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
        linked = false;
      }
      if (linked) {
        await ops.unlink(temp).catch(() => {});
      } else {
        const there = await ops.lstat(target).then(
          () => true,
          (e: unknown) => ((e as { code?: string }).code === 'ENOENT' ? false : Promise.reject(e)),
        );
        if (there) throw new FileExistsError('SAVE_FAILED', `Could not save ${path.basename(target)}: a file with that name appeared while saving (nothing was changed).`);
        await ops.rename(temp, target);
      }
    }
    tempExists = false;
    await syncFolder(dir, platform, ops);
  } catch (e) {
    await handle?.close().catch(() => {});
    if (!tempExists) {
      const code = (e as { code?: string } | null)?.code ?? 'no';
      throw new WalletError('SAVE_FAILED', `${path.basename(target)} was written, but the drive did not confirm it is stored (the system said ${code}). Save it again before you rely on it.`);
    }
    await ops.rm(temp, { force: true }).catch(() => {});
    if (e instanceof WalletError) throw e;
    throw saveError(target, e, existing !== null);
  }
}

/** The rename is durable only once the folder's entry is on disk (POSIX; Windows cannot open a folder to sync). */
async function syncFolder(dir: string, platform: string, ops: WriteOps): Promise<void> {
  if (platform === 'win32') return;
  const handle = await ops.open(dir, constants.O_RDONLY);
  try {
    // Some file systems cannot sync a folder (EINVAL): the file itself was synced before the rename.
    await handle.sync().catch((e: unknown) => (NO_MODES.has((e as { code?: string }).code ?? '') ? undefined : Promise.reject(e)));
  } finally {
    await handle.close();
  }
}

/** Errors of file systems that keep no Unix modes or cannot sync folders (FAT, exFAT, some FUSE drives). */
const NO_MODES = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EINVAL', 'ENOSYS']);

/**
 * Reads a regular file the user chose, at most maxBytes + 1 bytes (so the caller can say "more than maxBytes").
 * Opened without blocking, so a FIFO or a device named like a backup cannot hang the process; anything but a
 * regular file is refused before a byte is read.
 */
export async function readFileLimited(file: string, maxBytes: number): Promise<Uint8Array> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    throw openError(file, e);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new FileOpenError(st.isDirectory() ? 'EISDIR' : '', `${path.basename(file)} is not a file.`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let total = 0;
    while (total < buffer.length) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return new Uint8Array(buffer.subarray(0, total));
  } catch (e) {
    throw e instanceof WalletError ? e : openError(file, e);
  } finally {
    await handle.close();
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'there is no permission to write there',
  EPERM: 'there is no permission to write there',
  EROFS: 'the drive is read-only (check its lock switch)',
  ENOSPC: 'the drive is full',
  EDQUOT: 'the drive is full (quota)',
  ENOENT: 'that folder no longer exists (was the drive removed?)',
  EIO: 'the drive reported an error (was it removed?)',
  EEXIST: 'a file appeared there while saving',
  ELOOP: 'a link stands where the file would go',
};

export function saveError(file: string, e: unknown, earlierFileKept = false): WalletError {
  const code = (e as { code?: string } | null)?.code ?? '';
  const reason = code === 'EACCES' && earlierFileKept ? 'the file there is read-only or there is no permission to replace it' : (REASONS[code] ?? `the system said ${code || 'no'}`);
  return new WalletError('SAVE_FAILED', `Could not save ${path.basename(file)}: ${reason}. Nothing was changed${earlierFileKept ? ': the file already there is as it was' : ''}.`);
}

/**
 * A file that could not be opened, or is not a regular file: said in the app's words, with the system's code kept
 * (`errno`: ENOENT, EACCES, EISDIR…; empty when there is none) for a caller that words it its own way (the CLI names
 * the path as typed).
 */
export class FileOpenError extends WalletError {
  constructor(
    readonly errno: string,
    message: string,
  ) {
    super('INVALID_ARGUMENT', message);
  }
}

export function openError(file: string, e: unknown): FileOpenError {
  const code = (e as { code?: string } | null)?.code ?? '';
  const reason = code === 'ENOENT' ? 'it is no longer there (was the drive removed?)' : code === 'EACCES' || code === 'EPERM' ? 'there is no permission to read it' : `the system said ${code || 'no'}`;
  return new FileOpenError(code, `Could not open ${path.basename(file)}: ${reason}.`);
}
