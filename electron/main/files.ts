/**
 * Saving exports: a native save dialog that opens on a removable drive when one is mounted, and a plain write.
 * Only watch-only (public) data is ever written by this module.
 */
import { readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Dialog } from 'electron';
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
    writeFile: (file, contents) => writeFile(file, contents, { encoding: 'utf8', mode: 0o644 }),
  };
}
