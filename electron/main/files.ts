/**
 * Saving and opening the user's files. A file that holds secrets (recovery words, share cards, the encrypted
 * backup) goes to a removable drive, or elsewhere only after a second confirmation that names the risk. Every
 * save writes a new file beside the target, syncs it and renames it over the target, so a failed save leaves
 * the user's earlier file exactly as it was; "saved" is said only once the data and the folder entry are on disk.
 */
import { execFile } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Dialog } from 'electron';
import { readFileLimited, writeFileAtomic, type WriteOps } from '../node/safe-files';
import type { SaveFileService, SaveRequest } from './handlers';

export { readFileLimited, saveError, writeFileAtomic, type WriteOps } from '../node/safe-files';

/** Secret files are readable by their owner only; public exports by everyone, as any document. */
export const SECRET_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;

/** What the drive probe may call: injectable so the tests run every platform's rules on this one. */
export interface DriveProbeOps {
  readonly user: string;
  readonly list: (dir: string) => Promise<string[]>;
  readonly readText: (file: string) => Promise<string>;
  readonly realpath: (p: string) => Promise<string>;
  /** `diskutil info -plist MOUNT` (macOS). */
  readonly diskutil: (mount: string) => Promise<string>;
  /** Runs PowerShell with one command and returns its standard output (Windows only). */
  readonly powershell: (command: string) => Promise<string>;
}

const run = (file: string, args: readonly string[]) =>
  new Promise<string>((resolve, reject) => {
    execFile(file, [...args], { timeout: 5000, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(String(stdout))));
  });

/** By absolute path: a powershell.exe in the current folder must never be the one that runs. */
export const windowsPowerShell = (env: NodeJS.ProcessEnv = process.env): string =>
  path.win32.join(env.SystemRoot ?? env.windir ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');

const realProbeOps = (): DriveProbeOps => ({
  user: os.userInfo().username,
  list: (dir) => fsp.readdir(dir),
  readText: (file) => fsp.readFile(file, 'utf8'),
  realpath: (p) => fsp.realpath(p),
  diskutil: (mount) => run('/usr/sbin/diskutil', ['info', '-plist', mount]),
  powershell: (command) => run(windowsPowerShell(), ['-NoProfile', '-NonInteractive', '-Command', command]),
});

/** Win32_LogicalDisk DriveType 2 is "Removable Disk" (USB sticks, SD cards); USB hard disks report 3 and are not listed. */
export const WINDOWS_REMOVABLE_QUERY = "Get-CimInstance -ClassName Win32_LogicalDisk -Filter 'DriveType = 2' | ForEach-Object { $_.DeviceID }";

/** File systems that live on another computer: never "a removable drive", whatever their mount point. */
const NETWORK_FS = /^(nfs4?|cifs|smb3?|smbfs|ncpfs|9p|ceph|glusterfs|davfs|afs|fuse\.(sshfs|rclone|s3fs|gvfsd-fuse))$/;

interface Mount {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
}

/** /proc/self/mountinfo: "id parent MAJ:MIN root mountpoint options [optional…] - fstype source superoptions". */
export function parseMountInfo(text: string): Mount[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    const dash = f.indexOf('-');
    if (f.length < 10 || dash < 6) continue;
    mounts.push({ device: f[2] as string, mountPoint: unescape(f[4] as string), fsType: f[dash + 1] as string });
  }
  return mounts;
}

/** A block device (MAJ:MIN) on a USB or SD/MMC bus, or one the kernel flags removable (a partition's disk counts). */
async function isRemovableBlockDevice(device: string, ops: DriveProbeOps): Promise<boolean> {
  const sys = `/sys/dev/block/${device}`;
  let real: string;
  try {
    real = await ops.realpath(sys);
  } catch {
    return false;
  }
  if (/\/(usb\d*|mmc_host|mmc\d+)\//.test(real)) return true;
  for (const flag of [`${real}/removable`, `${path.posix.dirname(real)}/removable`]) {
    try {
      if ((await ops.readText(flag)).trim() === '1') return true;
    } catch {
      /* no such flag at this level */
    }
  }
  return false;
}

/** diskutil's plist, read for the few facts that matter: on an internal bus, a disk image, or ejectable media. */
function plistFlag(plist: string, key: string): boolean | null {
  const m = new RegExp(`<key>${key}</key>\\s*<(true|false)\\s*/>`).exec(plist);
  return m ? m[1] === 'true' : null;
}
function plistString(plist: string, key: string): string | null {
  return new RegExp(`<key>${key}</key>\\s*<string>([^<]*)</string>`).exec(plist)?.[1] ?? null;
}

/**
 * Mounted removable drives, as the OS describes them — never a folder name alone:
 * - Linux: mount points under /media/USER, /run/media/USER or /media whose block device sits on a USB or SD/MMC
 *   bus or is flagged removable by the kernel (an internal partition udisks mounted there is not; a network
 *   share is not; an empty folder left after unplugging is no mount at all).
 * - macOS: volumes under /Volumes that diskutil calls external or ejectable, not disk images (our own installer
 *   among them) and not network shares (diskutil knows none).
 * - Windows: the drive letters Windows calls removable, asked of PowerShell by its absolute path.
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
  if (platform === 'linux') {
    let mounts: Mount[];
    try {
      mounts = parseMountInfo(await ops.readText('/proc/self/mountinfo'));
    } catch {
      return [];
    }
    const roots = [`/media/${ops.user}`, `/run/media/${ops.user}`, '/media'];
    const found: string[] = [];
    for (const m of mounts) {
      if (found.includes(m.mountPoint) || NETWORK_FS.test(m.fsType)) continue;
      if (!roots.some((r) => path.posix.dirname(m.mountPoint) === r)) continue;
      if (await isRemovableBlockDevice(m.device, ops)) found.push(m.mountPoint);
    }
    return found;
  }
  if (platform === 'darwin') {
    let names: string[];
    try {
      names = await ops.list('/Volumes');
    } catch {
      return [];
    }
    const found: string[] = [];
    for (const name of names) {
      const full = path.posix.join('/Volumes', name);
      try {
        // The boot volume is listed as a link to /.
        if ((await ops.realpath(full)) === '/') continue;
        const plist = await ops.diskutil(full);
        if (plistString(plist, 'BusProtocol') === 'Disk Image') continue;
        const external = plistFlag(plist, 'Internal') === false;
        if (external || plistFlag(plist, 'Ejectable') === true || plistFlag(plist, 'RemovableMedia') === true) found.push(full);
      } catch {
        /* vanished, or diskutil does not know it (a network share): skip */
      }
    }
    return found;
  }
  return [];
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

export interface SaveServiceOptions {
  readonly platform: string;
  readonly drives?: () => Promise<string[]>;
  readonly home?: string;
  readonly writeOps?: WriteOps;
  readonly realpath?: (p: string) => Promise<string>;
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
  const realpath = options.realpath ?? ((p: string) => fsp.realpath(p));

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
      // Compared by real path: a folder on the stick that links to the home folder (or a synced one) is not the stick.
      const resolve = async (p: string) => realpath(p).catch(() => p);
      const realChosen = path.join(await resolve(path.dirname(chosen)), path.basename(chosen));
      const realDrives = await Promise.all((await drives()).map(resolve));
      if (request.secret && !confirmedInternal && !isOnDrive(realChosen, realDrives, platform)) {
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
    writeFile: (file, contents, { secret, verify, overwrite }) =>
      writeFileAtomic(file, contents, { mode: secret ? SECRET_FILE_MODE : PUBLIC_FILE_MODE, platform, ...(verify ? { verify } : {}), ...(overwrite === false ? { overwrite } : {}) }, options.writeOps),
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

