/**
 * App lifecycle: sandbox everything, keep one instance, harden every web contents and the session, register
 * IPC, open the window. Takes the Electron module as a parameter so the unit tests run it against a typed fake.
 */
import path from 'node:path';
import type * as ElectronModule from 'electron';
import type { BrowserWindow } from 'electron';
import type { InterfaceAddress } from '../core';
import { AIRGAP_CHECK_INTERVAL_MS, createAirGapMonitor, type AirGapMonitor } from './airgap-monitor';
import { dialogSaveService } from './files';
import { readFonts } from './fonts';
import { createHandlers } from './handlers';
import { registerIpc, trustedSenderCheck } from './ipc';
import { requestSchemas } from './schemas';
import { hardenSession, hardenWebContents, isAppPage, mainWindowOptions, type AppFiles } from './security';
import { Vault } from './vault';

export type ElectronApi = Pick<typeof ElectronModule, 'app' | 'BrowserWindow' | 'ipcMain' | 'session' | 'Menu' | 'dialog'>;

export interface StartOptions {
  /** Directory of the built main bundle (dist/main); preload and renderer sit beside it. */
  readonly mainDir: string;
  readonly platform: string;
  readonly electronVersion: string | null;
  readonly readInterfaces: () => Readonly<Record<string, readonly InterfaceAddress[] | undefined>>;
  readonly log: (line: string) => void;
}

export interface AppPaths extends AppFiles {
  readonly preload: string;
  readonly indexHtml: string;
  readonly fonts: string;
}

export function appPaths(mainDir: string): AppPaths {
  const dist = path.resolve(mainDir, '..');
  const rendererDir = path.join(dist, 'renderer');
  return {
    rendererDir,
    indexHtml: path.join(rendererDir, 'index.html'),
    preload: path.join(dist, 'preload', 'index.cjs'),
    fonts: path.join(dist, '..', 'assets', 'fonts'),
  };
}

/** Returns false when another instance already runs (this one then quits). */
export function startApp(electron: ElectronApi, options: StartOptions): boolean {
  const { app } = electron;
  // Sandbox every renderer, whatever a window's options say.
  app.enableSandbox();
  // Second layer behind the session's request filter: no host name resolves, so nothing can be reached by name.
  app.commandLine.appendSwitch('host-resolver-rules', 'MAP * ~NOTFOUND');
  if (!app.requestSingleInstanceLock()) {
    options.log('another Permafrost window is already open; focusing it and quitting this one');
    app.quit();
    return false;
  }

  const paths = appPaths(options.mainDir);
  let mainWindow: BrowserWindow | null = null;
  let airGap: AirGapMonitor | null = null;
  const vault = new Vault();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, app.isPackaged));
  // Closing the window ends the app on every platform: wallets live in memory and go with it.
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    airGap?.stop();
    vault.closeAll();
  });

  void app.whenReady().then(() => {
    electron.Menu.setApplicationMenu(
      options.platform === 'darwin' ? electron.Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null,
    );
    const blocker = hardenSession(electron.session.defaultSession, paths, options.log);
    airGap = createAirGapMonitor({
      readInterfaces: options.readInterfaces,
      platform: options.platform,
      intervalMs: AIRGAP_CHECK_INTERVAL_MS,
      onChange: (s) =>
        options.log(s.airGapped ? 'air-gap: no network interface is up' : `air-gap: network up (${s.interfaces.map((i) => i.name).join(', ')})`),
    });
    registerIpc(
      electron.ipcMain,
      createHandlers({
        airGap,
        requests: blocker,
        vault,
        files: dialogSaveService(electron.dialog, options.platform),
        fonts: readFonts(paths.fonts),
        platform: options.platform,
        electronVersion: options.electronVersion,
        packaged: app.isPackaged,
      }),
      requestSchemas,
      {
        isTrustedSender: trustedSenderCheck((url) => isAppPage(url, paths)),
        // "Print" prints the asking window (the kit preview), through the OS print dialog.
        senderOf: (event) => ({
          print: ({ pageSize }) =>
            new Promise<boolean>((resolve) => event.sender.print({ silent: false, printBackground: true, pageSize }, (success) => resolve(success))),
        }),
        log: options.log,
      },
    );

    const win = new electron.BrowserWindow(mainWindowOptions(paths.preload, app.isPackaged));
    mainWindow = win;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      mainWindow = null;
    });
    void win.loadFile(paths.indexHtml);
  });
  return true;
}
