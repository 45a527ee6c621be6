/**
 * Saving the user's files (issue 8, findings 1 and 2): removable drives found on Linux, macOS and Windows; a
 * secret file goes elsewhere only after a second confirmation naming the risk; every save is a new file synced
 * and renamed over the target, so a failed save leaves the earlier file byte for byte, on a real folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ALIASES } from '../../scripts/aliases.mjs';
import { describe, expect, it } from 'vitest';
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { dialogSaveService, isOnDrive, readFileLimited, removableDrives, windowsPowerShell, writeFileAtomic, type DriveProbeOps, type WriteOps } from '../../electron/main/files';

const mountinfo = (rows: Array<[device: string, mountPoint: string, fsType: string]>) =>
  rows.map(([dev, mp, fs], i) => `${30 + i} 1 ${dev} / ${mp.replace(/ /g, '\\040')} rw,nosuid shared:1 - ${fs} /dev/x rw`).join('\n');

/** The OS answers the probe reads: files (mountinfo, sysfs flags), real paths, diskutil plists, PowerShell. */
function probe(answers: { files?: Record<string, string>; realpaths?: Record<string, string>; volumes?: string[]; plists?: Record<string, string>; powershell?: () => Promise<string> }): DriveProbeOps {
  return {
    user: 'alice',
    list: async (dir) => {
      if (dir !== '/Volumes' || !answers.volumes) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return answers.volumes;
    },
    readText: async (f) => {
      const t = answers.files?.[f];
      if (t === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return t;
    },
    realpath: async (p) => {
      const r = answers.realpaths?.[p];
      if (r === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return r;
    },
    diskutil: async (m) => {
      const plist = answers.plists?.[m];
      if (plist === undefined) throw new Error('Could not find disk');
      return plist;
    },
    powershell: answers.powershell ?? (async () => ''),
  };
}

const plist = (o: Record<string, boolean | string>) =>
  `<?xml version="1.0"?><plist version="1.0"><dict>${Object.entries(o)
    .map(([k, v]) => `<key>${k}</key>\n\t${typeof v === 'boolean' ? `<${v}/>` : `<string>${v}</string>`}`)
    .join('\n')}</dict></plist>`;

describe('removable drives', () => {
  it('Linux: mount points under /media/USER, /run/media/USER and /media on a USB or SD bus, or flagged removable by the kernel', async () => {
    const ops = probe({
      files: {
        '/proc/self/mountinfo': mountinfo([
          ['8:1', '/', 'ext4'],
          ['8:17', '/media/alice/USB STICK', 'vfat'],
          ['179:1', '/run/media/alice/SD', 'exfat'],
          ['8:33', '/media/CARD', 'vfat'],
          ['8:2', '/media/alice/DATA', 'ext4'], // an internal partition udisks mounted
          ['0:55', '/media/alice/NAS', 'cifs'], // a network share
          ['8:49', '/mnt/usb', 'vfat'], // not where desktops mount drives
        ]),
        '/sys/devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sdc/removable': '1',
      },
      realpaths: {
        '/sys/dev/block/8:17': '/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb/sdb1',
        '/sys/dev/block/179:1': '/sys/devices/platform/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0/mmcblk0p1',
        '/sys/dev/block/8:33': '/sys/devices/pci0000:00/0000:00:17.0/ata3/host2/target2:0:0/2:0:0:0/block/sdc/sdc1',
        '/sys/dev/block/8:2': '/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2',
        '/sys/dev/block/0:55': '/sys/devices/virtual/bdi/0:55',
        '/sys/dev/block/8:49': '/sys/devices/pci0000:00/0000:00:14.0/usb2/2-2/block/sdd/sdd1',
      },
    });
    expect(await removableDrives('linux', ops)).toEqual(['/media/alice/USB STICK', '/run/media/alice/SD', '/media/CARD']);
    expect(await removableDrives('linux', probe({}))).toEqual([]);
  });
  it('macOS: external or ejectable volumes under /Volumes — not the boot volume, not a disk image (our installer), not a network share', async () => {
    const ops = probe({
      volumes: ['Macintosh HD', 'BACKUP', 'Permafrost 0.1.0', 'Shared', 'SDCARD'],
      realpaths: { '/Volumes/Macintosh HD': '/', '/Volumes/BACKUP': '/Volumes/BACKUP', '/Volumes/Permafrost 0.1.0': '/Volumes/Permafrost 0.1.0', '/Volumes/Shared': '/Volumes/Shared', '/Volumes/SDCARD': '/Volumes/SDCARD' },
      plists: {
        '/Volumes/BACKUP': plist({ BusProtocol: 'USB', Internal: false, Ejectable: true }),
        '/Volumes/Permafrost 0.1.0': plist({ BusProtocol: 'Disk Image', Internal: false, Ejectable: true }),
        '/Volumes/SDCARD': plist({ BusProtocol: 'Secure Digital', Internal: true, RemovableMedia: true }),
      },
    });
    expect(await removableDrives('darwin', ops)).toEqual(['/Volumes/BACKUP', '/Volumes/SDCARD']);
  });
  it('Windows: the drive letters Win32_LogicalDisk calls removable (DriveType 2), asked of PowerShell by its absolute path', async () => {
    const asked: string[] = [];
    const ops = probe({ powershell: async () => 'E:\r\nf:\r\n\r\nnonsense\r\n' });
    expect(await removableDrives('win32', { ...ops, powershell: async (c) => (asked.push(c), ops.powershell(c)) })).toEqual(['E:\\', 'F:\\']);
    expect(asked[0]).toContain('DriveType = 2');
    expect(await removableDrives('win32', probe({ powershell: async () => Promise.reject(new Error('no powershell')) }))).toEqual([]);
    expect(windowsPowerShell({ SystemRoot: 'D:\\WINNT' })).toBe('D:\\WINNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(windowsPowerShell({})).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });
  it('a path is on a drive when it lies inside it (case-insensitively on Windows)', () => {
    expect(isOnDrive('/media/alice/USB/kit.pdf', ['/media/alice/USB'], 'linux')).toBe(true);
    expect(isOnDrive('/media/alice/USB2/kit.pdf', ['/media/alice/USB'], 'linux')).toBe(false);
    expect(isOnDrive('/media/alice/USB/../../../home/alice/kit.pdf', ['/media/alice/USB'], 'linux')).toBe(false);
    expect(isOnDrive('e:\\backups\\kit.pdf', ['E:\\'], 'win32')).toBe(true);
    expect(isOnDrive('C:\\Users\\alice\\kit.pdf', ['E:\\'], 'win32')).toBe(false);
  });
});

/** The native dialogs, scripted: each message box answers the next scripted button label. */
function fakeDialogs(script: { messageBoxes?: string[]; savePath?: string | null; openPath?: string | null }) {
  const boxes: MessageBoxOptions[] = [];
  const saves: SaveDialogOptions[] = [];
  const opens: OpenDialogOptions[] = [];
  const answers = [...(script.messageBoxes ?? [])];
  const dialog = {
    showMessageBox: async (o: MessageBoxOptions) => {
      boxes.push(o);
      const label = answers.shift();
      const response = label === undefined ? (o.cancelId ?? 0) : o.buttons!.indexOf(label);
      if (response < 0) throw new Error(`no button "${label}" in ${JSON.stringify(o.buttons)}`);
      return { response, checkboxChecked: false };
    },
    showSaveDialog: async (o: SaveDialogOptions) => {
      saves.push(o);
      return script.savePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: script.savePath ?? path.join(path.dirname(o.defaultPath!), path.basename(o.defaultPath!)) };
    },
    showOpenDialog: async (o: OpenDialogOptions) => {
      opens.push(o);
      return script.openPath ? { canceled: false, filePaths: [script.openPath] } : { canceled: true, filePaths: [] };
    },
  };
  return { dialog: dialog as never, boxes, saves, opens };
}

const SECRET = { title: 'Save the backup kit — it holds the recovery words', secret: true };

describe('where a file is saved', () => {
  it('a secret file with no removable drive: plug one in and try again, and the dialog opens on it', async () => {
    const d = fakeDialogs({ messageBoxes: ['Try again'] });
    let drives: string[] = [];
    const service = dialogSaveService(d.dialog, { platform: 'linux', home: '/home/alice', drives: async () => drives });
    const pending = service.chooseSavePath('kit.pdf', SECRET);
    drives = ['/media/alice/USB'];
    expect(await pending).toBe('/media/alice/USB/kit.pdf');
    expect(d.boxes[0]).toMatchObject({ type: 'warning', title: 'No removable drive', buttons: ['Try again', 'Cancel', 'Save on this computer’s disk anyway'], defaultId: 0, cancelId: 1 });
    expect(d.boxes[0]!.detail).toContain('Anyone who can read this file can take the funds');
    expect(d.saves[0]).toMatchObject({ title: SECRET.title, defaultPath: '/media/alice/USB/kit.pdf' });
    expect(d.boxes).toHaveLength(1);
  });
  it('a secret file with no removable drive: Cancel saves nothing and opens no save dialog', async () => {
    const d = fakeDialogs({ messageBoxes: ['Cancel'] });
    const service = dialogSaveService(d.dialog, { platform: 'win32', home: 'C:\\Users\\alice', drives: async () => [] });
    expect(await service.chooseSavePath('kit.pdf', SECRET)).toBeNull();
    expect(d.saves).toHaveLength(0);
  });
  it('a secret file saved on the internal disk only after saying so: the home folder, no second question', async () => {
    const d = fakeDialogs({ messageBoxes: ['Save on this computer’s disk anyway'] });
    const service = dialogSaveService(d.dialog, { platform: 'linux', home: '/home/alice', drives: async () => [] });
    expect(await service.chooseSavePath('kit.pdf', SECRET)).toBe('/home/alice/kit.pdf');
    expect(d.boxes).toHaveLength(1);
  });
  it('a secret file steered off the drive in the dialog: a second confirmation naming the risk, Cancel by default', async () => {
    const drives = async () => ['/media/alice/USB'];
    const refused = fakeDialogs({ savePath: '/home/alice/Documents/kit.pdf' });
    expect(await dialogSaveService(refused.dialog, { platform: 'linux', drives }).chooseSavePath('kit.pdf', SECRET)).toBeNull();
    expect(refused.boxes[0]).toMatchObject({ title: 'Not a removable drive', message: '/home/alice/Documents is not on a removable drive.', buttons: ['Cancel', 'Save here anyway'], defaultId: 0, cancelId: 0 });
    expect(refused.boxes[0]!.detail).toContain('synced to the cloud');
    const accepted = fakeDialogs({ savePath: '/home/alice/Documents/kit.pdf', messageBoxes: ['Save here anyway'] });
    expect(await dialogSaveService(accepted.dialog, { platform: 'linux', drives }).chooseSavePath('kit.pdf', SECRET)).toBe('/home/alice/Documents/kit.pdf');
  });
  it('a watch-only file: no questions, its own title, the drive if there is one, else home', async () => {
    const d = fakeDialogs({});
    const service = dialogSaveService(d.dialog, { platform: 'darwin', home: '/Users/alice', drives: async () => [] });
    expect(await service.chooseSavePath('x.txt', { title: 'Save the watch-only export', secret: false })).toBe('/Users/alice/x.txt');
    expect(d.boxes).toHaveLength(0);
    expect(d.saves[0]!.title).toBe('Save the watch-only export');
  });
  it('opening a file starts on the removable drive and filters by extension', async () => {
    const d = fakeDialogs({ openPath: '/media/alice/USB/w.age' });
    const service = dialogSaveService(d.dialog, { platform: 'linux', drives: async () => ['/media/alice/USB'] });
    expect(await service.chooseOpenPath({ title: 'Open', extensions: ['age'] })).toBe('/media/alice/USB/w.age');
    expect(d.opens[0]).toMatchObject({ defaultPath: '/media/alice/USB', properties: ['openFile'], filters: [{ extensions: ['age'] }, { extensions: ['*'] }] });
  });
});

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'permafrost-save-'));
const mode = (p: string) => statSync(p).mode & 0o777;

describe('writing a file', () => {
  it('a secret file is owner-only (0600), whatever the umask; a public one 0644; nothing else is left in the folder', async () => {
    const dir = tempDir();
    const old = process.umask(0o000);
    try {
      await writeFileAtomic(path.join(dir, 'kit.pdf'), new Uint8Array([1, 2, 3]), { mode: 0o600 });
      await writeFileAtomic(path.join(dir, 'watch.txt'), 'xpub', { mode: 0o644 });
    } finally {
      process.umask(old);
    }
    expect(mode(path.join(dir, 'kit.pdf'))).toBe(0o600);
    expect(mode(path.join(dir, 'watch.txt'))).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['kit.pdf', 'watch.txt']);
    expect(readFileSync(path.join(dir, 'watch.txt'), 'utf8')).toBe('xpub');
  });
  it('replacing a world-readable file leaves an owner-only one with the new bytes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kit.pdf');
    writeFileSync(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, 'new', { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(mode(file)).toBe(0o600);
  });
  it('the data and the folder entry are synced before the save returns: write, sync, rename, then the folder', async () => {
    const dir = tempDir();
    const calls: string[] = [];
    const ops: WriteOps = {
      ...{ rename: fsp.rename, lstat: fsp.lstat, access: fsp.access, rm: fsp.rm, link: fsp.link, unlink: fsp.unlink },
      open: (async (p: string, flags: number, m?: number) => {
        const h = await fsp.open(p, flags, m);
        const label = p === dir ? 'folder' : 'file';
        return new Proxy(h, {
          get: (t, k) => {
            const v = Reflect.get(t, k, t) as unknown;
            if (typeof v !== 'function') return v;
            return (...a: unknown[]) => (calls.push(`${label}.${String(k)}`), (v as (...x: unknown[]) => unknown).apply(t, a));
          },
        });
      }) as unknown as WriteOps['open'],
      rename: async (a, b) => (calls.push('rename'), fsp.rename(a, b)),
    };
    await writeFileAtomic(path.join(dir, 'kit.pdf'), 'x', { mode: 0o600 }, ops);
    expect(calls).toEqual(['file.writeFile', 'file.chmod', 'file.sync', 'file.close', 'rename', 'folder.sync', 'folder.close']);
  });
  it('a failure at any step (the rename refused, the drive full while writing) leaves the earlier file byte for byte and no stray file', async () => {
    for (const failing of ['rename', 'write'] as const) {
      const dir = tempDir();
      const file = path.join(dir, 'kit.pdf');
      const original = new Uint8Array([37, 80, 68, 70, 0, 255, 1]);
      writeFileSync(file, original);
      const ops: WriteOps = {
        open: fsp.open,
        link: fsp.link,
        unlink: fsp.unlink,
        lstat: fsp.lstat,
        access: fsp.access,
        rm: fsp.rm,
        rename: failing === 'rename' ? async () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })) : fsp.rename,
      };
      if (failing === 'write') {
        (ops as { open: WriteOps['open'] }).open = (async (p: string, f: number, m?: number) => {
          const h = await fsp.open(p, f, m);
          return Object.assign(Object.create(h) as object, {
            writeFile: async () => Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })),
            close: () => h.close(),
            chmod: (x: number) => h.chmod(x),
            sync: () => h.sync(),
          });
        }) as unknown as WriteOps['open'];
      }
      const error = await writeFileAtomic(file, new Uint8Array(5000).fill(7), { mode: 0o600 }, ops).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SAVE_FAILED' });
      expect((error as Error).message).toMatch(failing === 'rename' ? /Nothing was changed: the file already there is as it was\.$/ : /the drive is full\. Nothing was changed/);
      expect(new Uint8Array(readFileSync(file))).toEqual(original);
      expect(readdirSync(dir)).toEqual(['kit.pdf']);
    }
  });
  it('a folder with the target name is refused; so is a folder that does not exist (nothing is created)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'kit.pdf'));
    await expect(writeFileAtomic(path.join(dir, 'kit.pdf'), 'x', { mode: 0o600 })).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('a folder has that name') });
    await expect(writeFileAtomic(path.join(dir, 'gone', 'kit.pdf'), 'x', { mode: 0o600 })).rejects.toMatchObject({
      code: 'SAVE_FAILED',
      message: 'Could not save kit.pdf: that folder no longer exists (was the drive removed?). Nothing was changed.',
    });
    expect(readdirSync(dir)).toEqual(['kit.pdf']);
  });

  it('EACCES for real: saving over a read-only file in a writable folder, as an unprivileged user, keeps the original byte for byte', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const bundle = path.join(dir, 'files.mjs');
    await build({ entryPoints: ['electron/main/files.ts'], bundle: true, platform: 'node', format: 'esm', outfile: bundle, external: ['electron'], alias: ALIASES, logLevel: 'silent' });
    const folder = path.join(dir, 'drive');
    mkdirSync(folder);
    const target = path.join(folder, 'kit.pdf');
    const original = Buffer.from('%PDF-1.7 the user’s earlier backup\n');
    writeFileSync(target, original, { mode: 0o444 });
    const script = `import(${JSON.stringify(bundle)}).then((m) => m.writeFileAtomic(${JSON.stringify(target)}, 'new bytes', { mode: 0o600 }).then(() => console.log('saved'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message }))))`;
    // As root every permission check passes: run the save as "nobody" in a folder nobody may write to.
    const root = process.getuid?.() === 0;
    if (root) {
      chownSync(folder, 65534, 65534);
      chmodSync(folder, 0o755);
    }
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', ...(root ? { uid: 65534, gid: 65534 } : {}), timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ code: 'SAVE_FAILED', message: 'Could not save kit.pdf: the file there is read-only or there is no permission to replace it. Nothing was changed: the file already there is as it was.' });
    expect(readFileSync(target)).toEqual(original);
    expect(readdirSync(folder)).toEqual(['kit.pdf']);
  });
});

describe('checks before the file takes its place, and never replacing', () => {
  it('a verify step that fails leaves the earlier file byte for byte and no stray file; one that passes lets the save through', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'wallet.age');
    writeFileSync(file, 'the good backup');
    const seen: string[] = [];
    const bad = writeFileAtomic(file, 'new bytes', {
      mode: 0o600,
      verify: async (written) => {
        seen.push(new TextDecoder().decode(written));
        throw new Error('does not decrypt');
      },
    });
    await expect(bad).rejects.toMatchObject({ code: 'SAVE_FAILED' });
    expect(seen).toEqual(['new bytes']);
    expect(readFileSync(file, 'utf8')).toBe('the good backup');
    expect(readdirSync(dir)).toEqual(['wallet.age']);
    await writeFileAtomic(file, 'new bytes', { mode: 0o600, verify: async () => {} });
    expect(readFileSync(file, 'utf8')).toBe('new bytes');
  });
  it('overwrite: false refuses an existing file (and a link standing there), writes a new one, leaves nothing else', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kit.pdf');
    writeFileSync(file, 'earlier');
    await expect(writeFileAtomic(file, 'x', { mode: 0o600, overwrite: false })).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('already there') });
    expect(readFileSync(file, 'utf8')).toBe('earlier');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'not yours');
    symlinkSync(victim, path.join(dir, 'link.pdf'));
    await expect(writeFileAtomic(path.join(dir, 'link.pdf'), 'seed', { mode: 0o600, overwrite: false })).rejects.toMatchObject({ code: 'SAVE_FAILED' });
    expect(readFileSync(victim, 'utf8')).toBe('not yours');
    await writeFileAtomic(path.join(dir, 'new.pdf'), 'fresh', { mode: 0o600, overwrite: false });
    expect(readFileSync(path.join(dir, 'new.pdf'), 'utf8')).toBe('fresh');
    expect(mode(path.join(dir, 'new.pdf'))).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['kit.pdf', 'link.pdf', 'new.pdf', 'victim.txt']);
  });
  it('overwrite: false on a drive with no hard links (FAT, exFAT: link() says EPERM) still saves, and still never replaces', async () => {
    const dir = tempDir();
    const noLinks: WriteOps = { open: fsp.open, rename: fsp.rename, lstat: fsp.lstat, access: fsp.access, rm: fsp.rm, unlink: fsp.unlink, link: async () => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' })) };
    await writeFileAtomic(path.join(dir, 'signed.psbt'), 'psbt', { mode: 0o644, overwrite: false }, noLinks);
    expect(readFileSync(path.join(dir, 'signed.psbt'), 'utf8')).toBe('psbt');
    await expect(writeFileAtomic(path.join(dir, 'signed.psbt'), 'other', { mode: 0o644, overwrite: false }, noLinks)).rejects.toMatchObject({ exists: true });
    expect(readFileSync(path.join(dir, 'signed.psbt'), 'utf8')).toBe('psbt');
    expect(readdirSync(dir)).toEqual(['signed.psbt']);
  });

  it('a FAT stick that refuses chmod (EPERM) and folder sync (EINVAL) still gets the file', async () => {
    const dir = tempDir();
    const fat: WriteOps = {
      ...{ rename: fsp.rename, lstat: fsp.lstat, access: fsp.access, rm: fsp.rm, link: fsp.link, unlink: fsp.unlink },
      open: (async (p: string, f: number, m?: number) => {
        const h = await fsp.open(p, f, m);
        const refuse = (code: string) => async () => Promise.reject(Object.assign(new Error(code), { code }));
        return Object.assign(Object.create(h) as object, {
          writeFile: (b: Uint8Array) => h.writeFile(b),
          read: (...a: Parameters<typeof h.read>) => h.read(...a),
          chmod: refuse('EPERM'),
          sync: p === dir ? refuse('EINVAL') : () => h.sync(),
          close: () => h.close(),
        });
      }) as unknown as WriteOps['open'],
    };
    await writeFileAtomic(path.join(dir, 'kit.pdf'), 'seed', { mode: 0o600 }, fat);
    expect(readFileSync(path.join(dir, 'kit.pdf'), 'utf8')).toBe('seed');
  });

  it('replacing a link replaces the link, never writes through it', async () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'not yours');
    symlinkSync(victim, path.join(dir, 'kit.pdf'));
    await writeFileAtomic(path.join(dir, 'kit.pdf'), 'seed', { mode: 0o600 });
    expect(readFileSync(victim, 'utf8')).toBe('not yours');
    expect(lstatSync(path.join(dir, 'kit.pdf')).isSymbolicLink()).toBe(false);
  });
  it('a secret steered to a folder on the stick that links back to the home folder needs the second confirmation', async () => {
    const d = fakeDialogs({ savePath: '/media/alice/USB/Sync/kit.pdf' });
    const service = dialogSaveService(d.dialog, {
      platform: 'linux',
      drives: async () => ['/media/alice/USB'],
      realpath: async (p) => (p === '/media/alice/USB/Sync' ? '/home/alice/Dropbox' : p),
    });
    expect(await service.chooseSavePath('kit.pdf', SECRET)).toBeNull();
    expect(d.boxes[0]).toMatchObject({ title: 'Not a removable drive' });
  });
});

describe('reading a chosen file', () => {
  it('reads at most the limit + 1 bytes (the caller says "too large"), and says why a missing one cannot open', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'big.age'), new Uint8Array(2000));
    expect(await readFileLimited(path.join(dir, 'big.age'), 1000)).toHaveLength(1001);
    expect(await readFileLimited(path.join(dir, 'big.age'), 2000)).toHaveLength(2000);
    await expect(readFileLimited(path.join(dir, 'none.age'), 1000)).rejects.toMatchObject({ message: 'Could not open none.age: it is no longer there (was the drive removed?).' });
    await expect(readFileLimited(dir, 1000)).rejects.toMatchObject({ message: `${path.basename(dir)} is not a file.` });
  });
  it('a FIFO named like a backup is refused at once, not waited on', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'wallet.age');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const started = Date.now();
    await expect(readFileLimited(fifo, 1000)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'wallet.age is not a file.' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
