/**
 * Saving and opening the user's files. A file that holds secrets (recovery words, share cards, the encrypted
 * backup) goes to a removable drive, or elsewhere only after a second confirmation that names the risk. Every
 * save writes a new file beside the target, syncs it and renames it over the target, so a failed save leaves
 * the user's earlier file exactly as it was; "saved" is said only once the data and the folder entry are on disk.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Dialog } from 'electron';
import { WalletError } from '../core';
import type { SaveFileService, SaveRequest } from './handlers';

/** Secret files are readable by their owner only; public exports by everyone, as any document. */
export const SECRET_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;

/** What the drive probe may call: injectable so the tests run every platform's rules on this one. */
export interface DriveProbeOps {
  readonly user: string;
  readonly list: (dir: string) => Promise<string[]>;
  readonly stat: (p: string) => Promise<Pick<Stats, 'dev' | 'isDirectory'>>;
  readonly realpath: (p: string) => Promise<string>;
  /** Runs PowerShell with one command and returns its standard output (Windows only). */
  readonly powershell: (command: string) => Promise<string>;
}

const realProbeOps = (): DriveProbeOps => ({
  user: os.userInfo().username,
  list: (dir) => fsp.readdir(dir),
  stat: (p) => fsp.stat(p),
  realpath: (p) => fsp.realpath(p),
  powershell: (command) =>
    new Promise((resolve, reject) => {
      execFile('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', command], { timeout: 5000, windowsHide: true }, (error, stdout) =>
        error ? reject(error) : resolve(String(stdout)),
      );
    }),
});

/** Win32_LogicalDisk DriveType 2 is "Removable Disk" (USB sticks, SD cards); USB hard disks report 3 and are not listed. */
export const WINDOWS_REMOVABLE_QUERY = "Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType = 2' | ForEach-Object { $_.DeviceID }";

/**
 * Mounted removable drives. Linux: mount points under /media/USER, /run/media/USER and /media (udisks and
 * older automounters); macOS: mount points under /Volumes other than the boot volume; Windows: drive letters
 * the OS calls removable. A folder counts only when it is a mount point (its device differs from its parent's):
 * an empty folder left behind after a drive was pulled out is on the internal disk.
 */
export async function removableDrives(platform: string, ops: DriveProbeOps = realProbeOps()): Promise<string[]> {
  if (platform === 'win32') {
    try {
      const out = await ops.powershell(WINDOWS_REMOVABLE_QUERY);
      return out
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => /^[A-Za-z]:$/.test(l))
        .map((l) => `${l.toUpperCase()}\\`);
    } catch {
      return [];
    }
  }
  const roots = platform === 'darwin' ? ['/Volumes'] : platform === 'linux' ? [`/media/${ops.user}`, `/run/media/${ops.user}`, '/media'] : [];
  const found: string[] = [];
  for (const root of roots) {
    let names: string[];
    let rootDev: number;
    try {
      names = await ops.list(root);
      rootDev = (await ops.stat(root)).dev;
    } catch {
      continue;
    }
    for (const name of names) {
      const full = path.posix.join(root, name);
      if (found.includes(full) || (root === '/media' && name === ops.user)) continue;
      try {
        const st = await ops.stat(full);
        if (!st.isDirectory() || st.dev === rootDev) continue;
        // macOS lists the boot volume in /Volumes as a link to /.
        if (platform === 'darwin' && (await ops.realpath(full)) === '/') continue;
        found.push(full);
      } catch {
        /* vanished or unreadable: skip */
      }
    }
  }
  return found;
}

/** True when the file lies on one of the drives (case-insensitively on Windows). */
export function isOnDrive(file: string, drives: readonly string[], platform: string): boolean {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const norm = (s: string) => (platform === 'win32' ? s.toLowerCase() : s);
  const target = norm(p.resolve(file));
  return drives.some((d) => {
    const drive = norm(p.resolve(d));
    return target === drive || target.startsWith(drive.endsWith(p.sep) ? drive : drive + p.sep);
  });
}

/** The file-system calls a save makes: injectable so a test can fail any step on a real folder. */
export interface WriteOps {
  readonly open: typeof fsp.open;
  readonly rename: typeof fsp.rename;
  readonly lstat: typeof fsp.lstat;
  readonly access: typeof fsp.access;
  readonly rm: typeof fsp.rm;
}
const realWriteOps: WriteOps = { open: fsp.open, rename: fsp.rename, lstat: fsp.lstat, access: fsp.access, rm: fsp.rm };

/**
 * Writes `contents` to `target` without ever destroying what is there: a new file beside it (created with
 * O_EXCL and O_NOFOLLOW, so nothing planted at that name is followed or reused), synced, renamed over the
 * target, then the folder synced. A target that is not a writable regular file is refused before anything is
 * written; on any failure only the new file is removed.
 */
export async function writeFileAtomic(target: string, contents: string | Uint8Array, options: { readonly mode: number; readonly platform?: string }, ops: WriteOps = realWriteOps): Promise<void> {
  const platform = options.platform ?? process.platform;
  const dir = path.dirname(target);
  let existing: Stats | null = null;
  try {
    existing = await ops.lstat(target);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw saveError(target, e);
  }
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
    handle = await ops.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), options.mode);
  } catch (e) {
    throw saveError(target, e, existing !== null);
  }
  let tempExists = true;
  try {
    await handle.writeFile(typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents);
    // The umask may have taken bits away from a public file; a secret file must be exactly owner-only.
    if (platform !== 'win32') await handle.chmod(options.mode);
    await handle.sync();
    await handle.close();
    handle = null;
    await ops.rename(temp, target);
    tempExists = false;
    await syncFolder(dir, platform, ops);
  } catch (e) {
    await handle?.close().catch(() => {});
    if (!tempExists) {
      const code = (e as { code?: string } | null)?.code ?? 'no';
      throw new WalletError('SAVE_FAILED', `${path.basename(target)} was written, but the drive did not confirm it is stored (the system said ${code}). Save it again before you rely on it.`);
    }
    await ops.rm(temp, { force: true }).catch(() => {});
    throw saveError(target, e, existing !== null);
  }
}

/** The rename is durable only once the folder's entry is on disk (POSIX; Windows cannot open a folder to sync). */
async function syncFolder(dir: string, platform: string, ops: WriteOps): Promise<void> {
  if (platform === 'win32') return;
  const handle = await ops.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface SaveServiceOptions {
  readonly platform: string;
  readonly drives?: () => Promise<string[]>;
  readonly home?: string;
  readonly writeOps?: WriteOps;
}

type Dialogs = Pick<Dialog, 'showSaveDialog' | 'showOpenDialog' | 'showMessageBox'>;

const SECRET_RISK =
  'Anyone who can read this file can take the funds. On this computer’s own disk it may be copied by backups, ' +
  'synced to the cloud, left behind when the laptop is sold, or read by other programs. A USB drive or SD card ' +
  'that you then lock away is the place for it.';

/** The native dialogs and the safe write, as the handlers see them. */
export function dialogSaveService(dialog: Dialogs, platformOrOptions: string | SaveServiceOptions): SaveFileService {
  const options: SaveServiceOptions = typeof platformOrOptions === 'string' ? { platform: platformOrOptions } : platformOrOptions;
  const { platform } = options;
  const drives = options.drives ?? (() => removableDrives(platform));
  const home = options.home ?? os.homedir();

  /** No removable drive: plug one in and try again, cancel, or (said plainly) use this computer's disk. */
  const noDrive = async (request: SaveRequest): Promise<'retry' | 'cancel' | 'internal'> => {
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'No removable drive',
      message: 'Plug in a USB drive or SD card for this file.',
      detail: `${request.title}.\n\nNo removable drive is connected. ${SECRET_RISK}`,
      buttons: ['Try again', 'Cancel', 'Save on this computer’s disk anyway'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    return response === 0 ? 'retry' : response === 2 ? 'internal' : 'cancel';
  };

  return {
    chooseSavePath: async (defaultName, request) => {
      let found = await drives();
      let confirmedInternal = false;
      while (request.secret && found.length === 0 && !confirmedInternal) {
        const answer = await noDrive(request);
        if (answer === 'cancel') return null;
        if (answer === 'internal') confirmedInternal = true;
        else found = await drives();
      }
      const result = await dialog.showSaveDialog({
        title: request.title,
        defaultPath: path.join(found[0] ?? home, defaultName),
        buttonLabel: 'Save',
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return null;
      const chosen = result.filePath;
      if (request.secret && !confirmedInternal && !isOnDrive(chosen, await drives(), platform)) {
        const { response } = await dialog.showMessageBox({
          type: 'warning',
          title: 'Not a removable drive',
          message: `${path.dirname(chosen)} is not on a removable drive.`,
          detail: `${request.title}.\n\n${SECRET_RISK}`,
          buttons: ['Cancel', 'Save here anyway'],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        if (response !== 1) return null;
      }
      return chosen;
    },
    writeFile: (file, contents, { secret }) => writeFileAtomic(file, contents, { mode: secret ? SECRET_FILE_MODE : PUBLIC_FILE_MODE, platform }, options.writeOps),
    chooseOpenPath: async ({ title, extensions }) => {
      const found = await drives();
      const result = await dialog.showOpenDialog({
        title,
        defaultPath: found[0] ?? home,
        properties: ['openFile'],
        filters: [{ name: extensions.map((e) => `.${e}`).join(', '), extensions: [...extensions] }, { name: 'All files', extensions: ['*'] }],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    readFile: (file, maxBytes) => readFileLimited(file, maxBytes),
  };
}

/** Reads a file the user chose, refusing one larger than maxBytes before reading it. */
export async function readFileLimited(file: string, maxBytes: number): Promise<Uint8Array> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, constants.O_RDONLY);
  } catch (e) {
    throw openError(file, e);
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new WalletError('INVALID_ARGUMENT', `${path.basename(file)} is not a file.`);
    if (size > maxBytes) throw new WalletError('INVALID_ARGUMENT', `${path.basename(file)} is ${size} bytes; a backup file is at most ${maxBytes}. It is not a Permafrost backup.`);
    return new Uint8Array(await handle.readFile());
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

function openError(file: string, e: unknown): WalletError {
  const code = (e as { code?: string } | null)?.code ?? '';
  const reason = code === 'ENOENT' ? 'it is no longer there (was the drive removed?)' : code === 'EACCES' || code === 'EPERM' ? 'there is no permission to read it' : `the system said ${code || 'no'}`;
  return new WalletError('INVALID_ARGUMENT', `Could not open ${path.basename(file)}: ${reason}.`);
}
