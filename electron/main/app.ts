/**
 * App lifecycle: sandbox everything, keep one instance, harden every web contents and the session, register
 * IPC, open the window. Takes the Electron module as a parameter so the unit tests run it against a typed fake.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type * as ElectronModule from 'electron';
import type { BrowserWindow } from 'electron';
import type { InterfaceAddress } from '../core';
import { AIRGAP_CHECK_INTERVAL_MS, createAirGapMonitor, type AirGapMonitor } from './airgap-monitor';
import { readBuildInfo } from './build-info';
import { dialogSaveService } from './files';
import { readFonts } from './fonts';
import { createHandlers } from './handlers';
import { registerIpc, trustedSenderCheck } from './ipc';
import { requestSchemas } from './schemas';
import { APP_ORIGIN, APP_PAGE_PATH, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppFile } from './protocol';
import {
  CHROMIUM_SWITCHES,
  createBlockedRequests,
  hardenSession,
  hardenWebContents,
  isAppPage,
  mainWindowOptions,
  type AppFiles,
} from './security';
import { settingsFileStore, type SettingsStore } from './settings';
import { createPrivateTempDir } from './temp-dir';
import { Vault } from './vault';
import { directoryStore } from '../node/multisig-store';

export type ElectronApi = Pick<typeof ElectronModule, 'app' | 'BrowserWindow' | 'ipcMain' | 'session' | 'Menu' | 'dialog' | 'protocol'>;

export interface StartOptions {
  /** Directory of the built main bundle (dist/main); preload and renderer sit beside it. */
  readonly mainDir: string;
  readonly platform: string;
  readonly electronVersion: string | null;
  readonly readInterfaces: () => Readonly<Record<string, readonly InterfaceAddress[] | undefined>>;
  readonly log: (line: string) => void;
  /** The environment the private temp directory is announced in (process.env in the app). */
  readonly env: Record<string, string | undefined>;
  /** The OS temp directory, used when there is no RAM-backed one. */
  readonly osTempDir: string;
  /** Override of where a RAM-backed temp directory is looked for (tests). */
  readonly ramTempCandidates?: readonly string[];
}

export interface AppPaths extends AppFiles {
  readonly preload: string;
  readonly indexHtml: string;
  /** The URL the window loads: index.html on the app's origin. */
  readonly pageUrl: string;
  readonly fonts: string;
}

export function appPaths(mainDir: string): AppPaths {
  const dist = path.resolve(mainDir, '..');
  const rendererDir = path.join(dist, 'renderer');
  return {
    rendererDir,
    origin: APP_ORIGIN,
    indexHtml: path.join(rendererDir, 'index.html'),
    pageUrl: `${APP_ORIGIN}${APP_PAGE_PATH}`,
    preload: path.join(dist, 'preload', 'index.cjs'),
    fonts: path.join(dist, '..', 'assets', 'fonts'),
  };
}

/**
 * Where Chromium keeps what pages and the browser write (Local Storage, IndexedDB, Session Storage, HTTP and code
 * caches, GPU cache, network state), where Crashpad would put a crash dump (a dump is a copy of memory: it may hold
 * the seed) and where Electron writes its logs: by default all three are under userData, kept forever. The app keeps
 * nothing there (its settings and multisig registrations are its own files in userData), so they go in the private
 * temp directory, which is removed on quit. Must be set before ready. The crash reporter is never started (no upload).
 */
export function chromiumDataDirs(tempDir: string): ReadonlyArray<readonly ['sessionData' | 'crashDumps' | 'logs', string]> {
  return [
    ['sessionData', path.join(tempDir, 'session')],
    ['crashDumps', path.join(tempDir, 'crashes')],
    ['logs', path.join(tempDir, 'logs')],
  ];
}

/** The settings file, saying in the log when a saved one was not used. */
function loggedSettings(store: SettingsStore, log: (line: string) => void): SettingsStore {
  return {
    load: async () => {
      const loaded = await store.load();
      if (loaded.problem) log(loaded.problem);
      return loaded;
    },
    save: (settings) => store.save(settings),
  };
}

/** Returns false when another instance already runs (this one then quits). */
export function startApp(electron: ElectronApi, options: StartOptions): boolean {
  const { app } = electron;
  // First of all, before anything can write a temp file (a print job holds the seed): a private 0700 directory,
  // in RAM where possible, for this process and every child; removed on quit.
  const temp = createPrivateTempDir({
    platform: options.platform,
    osTempDir: options.osTempDir,
    env: options.env,
    ...(options.ramTempCandidates ? { ramCandidates: options.ramTempCandidates } : {}),
  });
  app.setPath('temp', temp.path);
  for (const [name, dir] of chromiumDataDirs(temp.path)) {
    // setPath wants an existing directory; inside the 0700 one, so owner-only too.
    mkdirSync(dir, { mode: 0o700 });
    app.setPath(name, dir);
  }
  // Sandbox every renderer, whatever a window's options say.
  app.enableSandbox();
  // Name resolution, proxy and WebRTC switches (see CHROMIUM_SWITCHES; the e2e Chromium gets the same list).
  for (const [name, value] of CHROMIUM_SWITCHES) app.commandLine.appendSwitch(name, value);
  // Before ready, or Chromium will not treat the scheme as a real (standard, secure) origin.
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (!app.requestSingleInstanceLock()) {
    options.log('another Permafrost window is already open; focusing it and quitting this one');
    temp.remove();
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
  const requests = createBlockedRequests();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, app.isPackaged));
  // Every session, not only the default one (hardening is idempotent: each setter replaces the last).
  app.on('session-created', (session) => void hardenSession(session, paths, options.log, requests));
  // Closing the window ends the app on every platform: wallets live in memory and go with it.
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    airGap?.stop();
    vault.closeAll();
  });
  app.on('will-quit', () => temp.remove());

  void app.whenReady().then(() => {
    electron.Menu.setApplicationMenu(
      options.platform === 'darwin' ? electron.Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }]) : null,
    );
    const { defaultSession } = electron.session;
    const blocker = hardenSession(defaultSession, paths, options.log, requests);
    defaultSession.protocol.handle(APP_SCHEME, (request) => serveAppFile(paths, request.url, request.method));
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
        // Registered multisig wallets (public data, authenticated): <userData>/multisig, asked for when first used.
        multisigStore: directoryStore(() => path.join(app.getPath('userData'), 'multisig'), options.platform),
        readBuild: () => readBuildInfo(path.resolve(options.mainDir, '..', '..')),
        // The idle time chosen (not secret): <userData>/settings.json; an unusable file is logged and shown.
        settings: loggedSettings(settingsFileStore(() => app.getPath('userData'), options.platform), options.log),
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
    // Screens show recovery words: keep them out of screenshots, screen recording and sharing where the OS allows.
    win.setContentProtection(true);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      mainWindow = null;
    });
    void win.loadURL(paths.pageUrl);
  });
  return true;
}
