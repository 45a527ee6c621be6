/**
 * The app under test, as close to Electron as this machine allows: the built renderer (dist/renderer) over file://
 * in Debian's Chromium, `window.permafrost` built by the real preload factory (dist/e2e/bridge-init.js) over a
 * Playwright binding, and that binding calling the handlers the real registerIpc registered, with the sender
 * check fed from the calling frame. Requests get the same policy as the app's session: app files only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { InterfaceAddress } from '../../electron/core';
import { createAirGapMonitor, type AirGapMonitor } from '../../electron/main/airgap-monitor';
import { createHandlers } from '../../electron/main/handlers';
import { registerIpc, trustedSenderCheck, type IpcMainLike } from '../../electron/main/ipc';
import { requestSchemas } from '../../electron/main/schemas';
import { isAppPage, isAppUrl } from '../../electron/main/security';
import { Vault } from '../../electron/main/vault';
import { readFonts } from '../../electron/main/fonts';
import { findChromium, missingToolsMessage } from '../../scripts/system-tools.mjs';

export const DIST = path.resolve('dist');
export const RENDERER_DIR = path.join(DIST, 'renderer');
export const ARTIFACTS = path.resolve('e2e/artifacts');
const files = { rendererDir: RENDERER_DIR };

/** Flags measured to work here (see shared TESTING.md): no background traffic, file:// module scripts allowed. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--allow-file-access-from-files',
];

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
  /** PDFs "printed": what the print handler sent to the printer, rendered by Chromium. */
  readonly printed: string[];
  readonly vault: Vault;
  setInterfaces(table: InterfaceTable): void;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** One browser per camera video (Chromium takes the fake camera's file at launch); null = no camera file. */
const browsers = new Map<string | null, Browser>();

async function getBrowser(cameraVideo: string | null): Promise<Browser> {
  const existing = browsers.get(cameraVideo);
  if (existing) return existing;
  const executablePath = findChromium();
  if (!executablePath) throw new Error(missingToolsMessage([{ what: 'Chromium (e2e tests)', debianPackage: 'chromium' }]));
  const cameraArgs = cameraVideo
    ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${cameraVideo}`]
    : [];
  const browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...cameraArgs] });
  browsers.set(cameraVideo, browser);
  return browser;
}

export async function closeBrowser(): Promise<void> {
  for (const b of browsers.values()) await b.close();
  browsers.clear();
}

export async function launchApp(options: { interfaces?: InterfaceTable; cameraVideo?: string } = {}): Promise<AppUnderTest> {
  let table = options.interfaces ?? OFFLINE;
  const blocked: string[] = [];
  const escaped: string[] = [];
  const consoleErrors: string[] = [];
  const ipcLog: string[] = [];

  const vault = new Vault();
  const saved: string[] = [];
  const printed: string[] = [];
  let pageRef: Page | null = null;
  const exportsDir = path.join(ARTIFACTS, 'exports');
  // The save dialog's stand-in: the user "chooses" the suggested name inside e2e/artifacts/exports.
  const saveService = {
    chooseSavePath: async (defaultName: string) => path.join(exportsDir, defaultName),
    writeFile: async (file: string, contents: string | Uint8Array) => {
      mkdirSync(exportsDir, { recursive: true });
      writeFileSync(file, contents);
      saved.push(file);
    },
  };
  const airGap: AirGapMonitor = createAirGapMonitor({ readInterfaces: () => table, platform: 'linux', intervalMs: 500 });
  const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  registerIpc(
    { handle: (channel, listener) => void listeners.set(channel, listener) },
    createHandlers({ airGap, requests: { blocked: () => blocked.length }, vault, files: saveService, fonts: readFonts('assets/fonts'), platform: process.platform, electronVersion: null, packaged: false }),
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

  const context = await (await getBrowser(options.cameraVideo ?? null)).newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isAppUrl(url, files)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  await context.exposeBinding('__permafrostInvoke', async (source, channel: string, request: unknown) => {
    const listener = listeners.get(channel);
    // ipcRenderer.invoke rejects for a channel with no handler; so does this.
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const frame = source.frame;
    const senderFrame = { url: frame.url(), parent: frame.parentFrame() };
    return listener({ senderFrame } as never, request);
  });
  await context.addInitScript({ path: path.join(DIST, 'e2e', 'bridge-init.js') });

  const page = await context.newPage();
  pageRef = page;
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('requestfinished', (r) => {
    if (!isAppUrl(r.url(), files)) escaped.push(r.url());
  });
  await page.goto(pathToFileURL(path.join(RENDERER_DIR, 'index.html')).href);

  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    context,
    blocked,
    escaped,
    consoleErrors,
    ipcLog,
    saved,
    printed,
    vault,
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
