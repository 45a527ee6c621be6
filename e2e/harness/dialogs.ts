/**
 * The native dialogs, scripted, in front of the app's real file service (dialogSaveService): saves go through
 * the same removable-drive rules and the same atomic 0600 writes as in the app, to real files on disk. By default
 * e2e/artifacts/exports stands for a mounted USB drive and the user accepts the suggested name.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { dialogSaveService } from '../../electron/main/files';
import type { SaveFileService } from '../../electron/main/handlers';

export interface DialogScript {
  /** Mounted removable drives (default: the exports folder). */
  drives: string[];
  /** The next open dialog's answer (null = cancelled). */
  openPath: string | null;
  /** Labels of the buttons the user presses in the next message boxes, in order (none left = Cancel). */
  messageBoxes: string[];
  /** Where the next save dialogs save (the suggested name in the drive when empty). */
  savePaths: string[];
}

export interface ScriptedFiles {
  readonly service: SaveFileService;
  readonly script: DialogScript;
  /** Files the app wrote, in order. */
  readonly saved: string[];
  /** Every dialog shown: its kind and title. */
  readonly shown: Array<{ kind: 'save' | 'open' | 'message'; title: string; detail?: string }>;
}

export function scriptedFiles(exportsDir: string): ScriptedFiles {
  const script: DialogScript = { drives: [exportsDir], openPath: null, messageBoxes: [], savePaths: [] };
  const saved: string[] = [];
  const shown: ScriptedFiles['shown'] = [];
  const dialog = {
    showSaveDialog: async (o: SaveDialogOptions) => {
      shown.push({ kind: 'save', title: o.title ?? '' });
      return { canceled: false, filePath: script.savePaths.shift() ?? o.defaultPath ?? '' };
    },
    showOpenDialog: async (o: OpenDialogOptions) => {
      shown.push({ kind: 'open', title: o.title ?? '' });
      const p = script.openPath;
      return p ? { canceled: false, filePaths: [p] } : { canceled: true, filePaths: [] };
    },
    showMessageBox: async (o: MessageBoxOptions) => {
      shown.push({ kind: 'message', title: o.title ?? '', ...(o.detail ? { detail: o.detail } : {}) });
      const label = script.messageBoxes.shift();
      const response = label === undefined ? (o.cancelId ?? 0) : (o.buttons ?? []).indexOf(label);
      return { response, checkboxChecked: false };
    },
  };
  const real = dialogSaveService(dialog as never, { platform: 'linux', home: path.join(exportsDir, 'home'), drives: async () => [...script.drives] });
  const service: SaveFileService = {
    ...real,
    writeFile: async (file, contents, options) => {
      mkdirSync(path.dirname(file), { recursive: true });
      await real.writeFile(file, contents, options);
      saved.push(file);
    },
  };
  return { service, script, saved, shown };
}
