/**
 * Saving exports: a native save dialog that opens on a removable drive when one is mounted, and a plain write.
 * Only watch-only (public) data is ever written by this module.
 */
import { readdirSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Dialog } from 'electron';
import { WalletError } from '../core';
import type { SaveFileService } from './handlers';

/** Mounted removable drives, where the OS mounts them: /media/USER/* and /run/media/USER/* (Linux), /Volumes/* (macOS). */
export function removableDrives(platform: string, user = os.userInfo().username, list = (dir: string) => readdirSync(dir)): string[] {
  const roots = platform === 'darwin' ? ['/Volumes'] : platform === 'linux' ? [`/media/${user}`, `/run/media/${user}`] : [];
  const found: string[] = [];
  for (const root of roots) {
    try {
      for (const name of list(root)) {
        if (platform === 'darwin' && name === 'Macintosh HD') continue;
        const full = path.join(root, name);
        try {
          if (statSync(full).isDirectory()) found.push(full);
        } catch {
          /* vanished or unreadable: skip */
        }
      }
    } catch {
      /* no such root */
    }
  }
  return found;
}

export function dialogSaveService(dialog: Pick<Dialog, 'showSaveDialog'>, platform: string): SaveFileService {
  return {
    chooseSavePath: async (defaultName) => {
      const dir = removableDrives(platform)[0] ?? os.homedir();
      const result = await dialog.showSaveDialog({
        title: 'Save the watch-only export',
        defaultPath: path.join(dir, defaultName),
        buttonLabel: 'Save',
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    writeFile: async (file, contents) => {
      try {
        await writeFile(file, contents, typeof contents === 'string' ? { encoding: 'utf8', mode: 0o644 } : { mode: 0o644 });
      } catch (e) {
        // Leave no half-written file behind, and say why in the user's words.
        await rm(file, { force: true }).catch(() => {});
        throw saveError(file, e);
      }
    },
  };
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'there is no permission to write there',
  EPERM: 'there is no permission to write there',
  EROFS: 'the drive is read-only (check its lock switch)',
  ENOSPC: 'the drive is full',
  ENOENT: 'that folder no longer exists (was the drive removed?)',
  EIO: 'the drive reported an error (was it removed?)',
};

export function saveError(file: string, e: unknown): WalletError {
  const code = (e as { code?: string } | null)?.code ?? '';
  return new WalletError('SAVE_FAILED', `Could not save ${path.basename(file)}: ${REASONS[code] ?? `the system said ${code || 'no'}`}. Nothing was saved.`);
}
