/**
 * The app under test, as close to Electron as this machine allows: the built renderer (dist/renderer) served from
 * one fixed origin by the app's own protocol handler function (same headers: the CSP on every response, workers
 * included) in Debian's Chromium launched with the app's switches and WebRTC policy; `window.permafrost` built by
 * the real preload factory (dist/e2e/bridge-init.js) over a Playwright binding, and that binding calling the
 * handlers the real registerIpc registered, with the sender check fed from the calling frame. Requests get the
 * same policy as the app's session: app files only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { InterfaceAddress } from '../../electron/core';
import { createAirGapMonitor, type AirGapMonitor } from '../../electron/main/airgap-monitor';
import { readBuildInfo } from '../../electron/main/build-info';
import { createHandlers } from '../../electron/main/handlers';
import { registerIpc, trustedSenderCheck, type IpcMainLike } from '../../electron/main/ipc';
import { requestSchemas } from '../../electron/main/schemas';
import { serveAppFile } from '../../electron/main/protocol';
import { chromiumArgs, isAppPage, isAppUrl, WEBRTC_IP_HANDLING_POLICY, type AppFiles } from '../../electron/main/security';
import { Vault } from '../../electron/main/vault';
import { readFonts } from '../../electron/main/fonts';
import { scriptedFiles, type ScriptedFiles } from './dialogs';
import { findChromium, missingToolsMessage } from '../../scripts/system-tools.mjs';
import { directoryStore } from '../../electron/node/multisig-store';
import { settingsFileStore } from '../../electron/main/settings';

export const DIST = path.resolve('dist');
export const RENDERER_DIR = path.join(DIST, 'renderer');
export const ARTIFACTS = path.resolve('e2e/artifacts');
/**
 * Chromium will not route an unknown custom scheme, so e2e serves the app from this fixed https origin (the .test
 * TLD never resolves, RFC 6761); the trust checks take the origin as a parameter, so the sender check is real.
 */
export const E2E_ORIGIN = 'https://app.permafrost.test';
export const APP_PAGE_URL = `${E2E_ORIGIN}/index.html`;
const files: AppFiles = { rendererDir: RENDERER_DIR, origin: E2E_ORIGIN };

/** Flags measured to work here (see shared TESTING.md): no background traffic. */
export const TEST_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** What the e2e Chromium runs with: the test flags and the app's own switches (electron/main/security.ts). */
export const CHROMIUM_ARGS = [...TEST_CHROMIUM_ARGS, ...chromiumArgs()];

/**
 * A profile whose preferences carry the app's WebRTC IP handling policy: what Electron's
 * setWebRTCIPHandlingPolicy sets per web contents, Chromium takes from the profile preference (the
 * --force-webrtc-ip-handling-policy switch does nothing in Chromium 156). Contexts made from this browser
 * inherit it.
 */
export function profileWithAppPolicy(dir = mkdtempSync(path.join(tmpdir(), 'permafrost-e2e-profile-'))): string {
  mkdirSync(path.join(dir, 'Default'), { recursive: true });
  writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify({ webrtc: { ip_handling_policy: WEBRTC_IP_HANDLING_POLICY } }));
  return dir;
}

/**
 * Serves the renderer on `files.origin` through context.route with serveAppFile, the function behind the app's
 * protocol handler (same files, same refusals, same headers); every other request is aborted and reported.
 */
export async function routeApp(context: BrowserContext, appFiles: AppFiles, onBlocked: (url: string) => void): Promise<void> {
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = request.url();
    if (!url.startsWith(`${appFiles.origin}/`)) {
      onBlocked(url);
      return route.abort('blockedbyclient');
    }
    const response = await serveAppFile(appFiles, url, request.method());
    return route.fulfill({
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
}

export type InterfaceTable = Record<string, InterfaceAddress[]>;
export const OFFLINE: InterfaceTable = { lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }] };
export const WIFI_UP: InterfaceTable = { ...OFFLINE, wlan0: [{ address: '192.168.1.23', family: 'IPv4', internal: false }] };

export interface AppUnderTest {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Requests the policy cancelled. */
  readonly blocked: string[];
  /** Requests that completed and were not app files: must stay empty. */
  readonly escaped: string[];
  readonly consoleErrors: string[];
  readonly ipcLog: string[];
  /** Files written through the save-dialog stand-in. */
  readonly saved: string[];
  /** The scripted save/open/message dialogs and what they showed. */
  readonly files: ScriptedFiles;
  /** PDFs "printed": what the print handler sent to the printer, rendered by Chromium. */
  readonly printed: string[];
  readonly vault: Vault;
  /** The answers of the channels named in LaunchOptions.recordReplies, in order. */
  readonly replies: Array<{ readonly channel: string; readonly answer: unknown }>;
  setInterfaces(table: InterfaceTable): void;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** One browser per camera video (Chromium takes the fake camera's file at launch); null = no camera file. */
const browsers = new Map<string | null, { readonly browser: Browser; readonly profile: BrowserContext; readonly dir: string }>();

export function chromiumPath(): string {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(missingToolsMessage([{ what: 'Chromium (e2e tests)', debianPackage: 'chromium' }]));
  return executablePath;
}

async function getBrowser(cameraVideo: string | null): Promise<Browser> {
  const existing = browsers.get(cameraVideo);
  if (existing) return existing.browser;
  const cameraArgs = cameraVideo
    ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${cameraVideo}`]
    : [];
  // A persistent profile is the only way to give Chromium a preference; launchApp's contexts are made from it.
  const dir = profileWithAppPolicy();
  const profile = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS, ...cameraArgs] });
  const browser = profile.browser();
  if (!browser) throw new Error('Chromium gave no browser for the persistent profile');
  browsers.set(cameraVideo, { browser, profile, dir });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  for (const b of browsers.values()) {
    await b.profile.close();
    rmSync(b.dir, { recursive: true, force: true });
  }
  browsers.clear();
}

export interface LaunchOptions {
  interfaces?: InterfaceTable;
  cameraVideo?: string;
  /**
   * The app's user-data directory: when given, registered multisig wallets go to <userDataDir>/multisig and the
   * settings to <userDataDir>/settings.json on disk, as in the app (electron/main/app.ts); otherwise they stay in memory.
   */
  userDataDir?: string;
  /** The folder standing for the mounted USB drive (default e2e/artifacts/exports). */
  exportsDir?: string;
  /** Channels whose answers the test reads (AppUnderTest.replies), e.g. 'sign:load' for the PSBT's id. */
  recordReplies?: readonly string[];
  /**
   * The app's own Chromium profile, as the app's sessionData (electron/main/app.ts puts it in the private temp
   * directory): the page then runs in a persistent context of a Chromium of its own that writes Local Storage,
   * IndexedDB, caches… here. Otherwise it runs in an off-the-record context of the shared browser, which writes no
   * profile at all.
   */
  profileDir?: string;
}

async function newAppContext(options: LaunchOptions): Promise<BrowserContext> {
  const viewport = { width: 1280, height: 800 };
  if (!options.profileDir) return (await getBrowser(options.cameraVideo ?? null)).newContext({ viewport });
  if (options.cameraVideo) throw new Error('profileDir and cameraVideo together are not supported');
  return chromium.launchPersistentContext(profileWithAppPolicy(options.profileDir), { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, viewport });
}

export async function launchApp(options: LaunchOptions = {}): Promise<AppUnderTest> {
  let table = options.interfaces ?? OFFLINE;
  const blocked: string[] = [];
  const escaped: string[] = [];
  const consoleErrors: string[] = [];
  const ipcLog: string[] = [];
  const replies: AppUnderTest['replies'] = [];
  const recorded = new Set(options.recordReplies ?? []);

  const vault = new Vault();
  const printed: string[] = [];
  let pageRef: Page | null = null;
  const exportsDir = options.exportsDir ?? path.join(ARTIFACTS, 'exports');
  // The native dialogs, scripted, in front of the real file service: real atomic writes into the exports folder,
  // which stands for a mounted USB drive.
  const scripted = scriptedFiles(exportsDir);
  const saved = scripted.saved;
  const airGap: AirGapMonitor = createAirGapMonitor({ readInterfaces: () => table, platform: 'linux', intervalMs: 500 });
  const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  registerIpc(
    { handle: (channel, listener) => void listeners.set(channel, listener) },
    createHandlers({ airGap, requests: { blocked: () => blocked.length }, vault, files: scripted.service, fonts: readFonts('assets/fonts'), platform: process.platform, electronVersion: null, packaged: false, ...(options.userDataDir ? { multisigStore: directoryStore(path.join(options.userDataDir, 'multisig'), 'linux'), settings: settingsFileStore(options.userDataDir, 'linux') } : {}), readBuild: () => readBuildInfo(process.cwd()) }),
    requestSchemas,
    {
      isTrustedSender: trustedSenderCheck((url) => isAppPage(url, files)),
      // Electron prints the asking window through the OS dialog; here the same request prints it to PDF with
      // Chromium (page.pdf), which the tests then read as a user reads paper.
      senderOf: () => ({
        print: async ({ pageSize }) => {
          if (!pageRef) return false;
          mkdirSync(ARTIFACTS, { recursive: true });
          const file = path.join(ARTIFACTS, `printed-${printed.length + 1}.pdf`);
          await pageRef.pdf({ path: file, format: pageSize, printBackground: true });
          printed.push(file);
          return true;
        },
      }),
      log: (l) => ipcLog.push(l),
    },
  );

  const context = await newAppContext(options);
  await routeApp(context, files, (url) => blocked.push(url));
  await context.exposeBinding('__permafrostInvoke', async (source, channel: string, request: unknown) => {
    const listener = listeners.get(channel);
    // ipcRenderer.invoke rejects for a channel with no handler; so does this.
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const frame = source.frame;
    const senderFrame = { url: frame.url(), parent: frame.parentFrame() };
    const answer = await listener({ senderFrame } as never, request);
    if (recorded.has(channel)) replies.push({ channel, answer });
    return answer;
  });
  await context.addInitScript({ path: path.join(DIST, 'e2e', 'bridge-init.js') });

  // A persistent context opens with a blank page: the app takes it, as Electron's window is the only one.
  const page = context.pages()[0] ?? (await context.newPage());
  pageRef = page;
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('requestfinished', (r) => {
    if (!isAppUrl(r.url(), files)) escaped.push(r.url());
  });
  await page.goto(APP_PAGE_URL);

  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    context,
    blocked,
    escaped,
    consoleErrors,
    ipcLog,
    saved,
    files: scripted,
    printed,
    vault,
    replies,
    setInterfaces: (t) => {
      table = t;
    },
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      airGap.stop();
      vault.closeAll();
      await context.close();
    },
  };
}
