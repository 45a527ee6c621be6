import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Electron from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../electron/ipc';
import { appPaths, startApp } from '../../electron/main/app';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../electron/main/csp';
import { APP_SCHEME_PRIVILEGES } from '../../electron/main/protocol';
import { CHROMIUM_SWITCHES } from '../../electron/main/security';
import { createFakeElectron, FakeSession, FakeWebContents } from './fake-electron';

// A real project layout: the app reads its PDF fonts from assets/fonts at start.
const mainDir = path.resolve('dist/main');
// The app's private temp directories go under here in the tests (never the real environment).
const tempBase = mkdtempSync(path.join(tmpdir(), 'permafrost-app-test-'));
const osTempDir = path.join(tempBase, 'os');
const ramDir = path.join(tempBase, 'ram');
mkdirSync(osTempDir);
mkdirSync(ramDir);
afterAll(() => rmSync(tempBase, { recursive: true, force: true }));
const options = (platform = 'linux', env: Record<string, string | undefined> = {}) => ({
  mainDir,
  platform,
  electronVersion: '45.4.1',
  readInterfaces: () => ({ lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }] }),
  log: () => {},
  env,
  osTempDir,
  ramTempCandidates: [] as string[],
});

describe('startApp', () => {
  it('first moves temp files into a private directory, then sandboxes, appends every switch, registers the scheme, takes the lock', () => {
    const fake = createFakeElectron();
    expect(startApp(fake.api, options())).toBe(true);
    expect(fake.app.calls).toEqual([
      'setPath:temp',
      'setPath:sessionData',
      'setPath:crashDumps',
      'setPath:logs',
      'enableSandbox',
      ...CHROMIUM_SWITCHES.map(([name]) => `appendSwitch:${name}`),
      'registerSchemesAsPrivileged',
      'requestSingleInstanceLock',
    ]);
    expect(fake.app.switches).toEqual(CHROMIUM_SWITCHES.map(([n, v]) => [n, v]));
    expect(fake.app.switches).toContainEqual(['host-resolver-rules', 'MAP * ~NOTFOUND']);
    expect(fake.privilegedSchemes).toEqual([{ schemes: [APP_SCHEME_PRIVILEGES], beforeReady: true }]);
  });

  it('temp files: a 0700 directory announced in TMPDIR/TMP/TEMP and app.setPath, removed on quit', () => {
    const fake = createFakeElectron();
    const env: Record<string, string | undefined> = {};
    startApp(fake.api, options('linux', env));
    const dir = fake.app.paths.get('temp');
    if (!dir) throw new Error('temp path not set');
    expect(path.dirname(dir)).toBe(osTempDir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(env).toEqual({ TMPDIR: dir, TMP: dir, TEMP: dir });
    fake.app.emit('will-quit');
    expect(existsSync(dir)).toBe(false);
  });

  it('Chromium\'s profile (Local Storage, IndexedDB, caches), crash dumps and logs: inside the private temp directory, set before ready, removed on quit', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    const temp = fake.app.getPath('temp');
    const expected = { sessionData: path.join(temp, 'session'), crashDumps: path.join(temp, 'crashes'), logs: path.join(temp, 'logs') };
    for (const [name, dir] of Object.entries(expected)) {
      expect(fake.app.getPath(name)).toBe(dir);
      expect(statSync(dir).isDirectory()).toBe(true);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(fake.app.pathsSetBeforeReady).toEqual(['temp', 'sessionData', 'crashDumps', 'logs']);
    // userData is Electron's default (the settings and multisig registrations): the app never moves it.
    expect(fake.app.paths.has('userData')).toBe(false);
    await fake.app.becomeReady();
    fake.app.emit('will-quit');
    for (const dir of Object.values(expected)) expect(existsSync(dir)).toBe(false);
  });

  it('never starts the crash reporter (nothing is uploaded, no dump is collected)', () => {
    const sources = readdirSync('electron', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    expect(sources.length).toBeGreaterThan(20);
    const starting = sources.filter((f) => /crashReporter/.test(readFileSync(path.join('electron', f), 'utf8')));
    expect(starting).toEqual([]);
  });

  it('temp files: in a RAM-backed directory when the OS has a writable tmpfs', () => {
    const fake = createFakeElectron();
    const shm = '/dev/shm';
    const hasShm = existsSync(shm);
    startApp(fake.api, { ...options(), ramTempCandidates: hasShm ? [shm] : [] });
    const dir = fake.app.paths.get('temp') ?? '';
    expect(path.dirname(dir)).toBe(hasShm ? shm : osTempDir);
    fake.app.emit('will-quit');
    expect(existsSync(dir)).toBe(false);
  });

  it('quits at once when another instance holds the lock, opening no window', async () => {
    const fake = createFakeElectron();
    fake.app.gotLock = false;
    const env: Record<string, string | undefined> = {};
    expect(startApp(fake.api, options('linux', env))).toBe(false);
    expect(fake.app.calls).toContain('quit');
    expect(existsSync(env.TMPDIR ?? '')).toBe(false);
    await fake.app.becomeReady();
    expect(fake.windows()).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('when ready: hardens the session, registers every channel, opens one hardened window on the built renderer', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    expect(fake.windows()).toHaveLength(0);
    await fake.app.becomeReady();

    expect(fake.session.beforeRequest).not.toBeNull();
    expect(fake.session.headersReceived).not.toBeNull();
    expect(fake.session.permissionRequest).not.toBeNull();
    expect(fake.session.permissionCheck).not.toBeNull();
    expect(fake.session.devicePermission).not.toBeNull();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());

    const [win] = fake.windows();
    expect(fake.windows()).toHaveLength(1);
    const paths = appPaths(mainDir);
    expect(win?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: paths.preload });
    expect(win?.loaded).toBe('permafrost://app/index.html');
    expect(paths.pageUrl).toBe('permafrost://app/index.html');
    expect(win?.shown).toBe(false);
    win?.emit('ready-to-show');
    expect(win?.shown).toBe(true);
    expect(fake.menus).toEqual([null]);
  });

  it('serves the renderer on permafrost://app from the default session, with the CSP header', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    await fake.app.becomeReady();
    const handler = fake.session.protocolHandlers.get('permafrost');
    if (!handler) throw new Error('no protocol handler');
    expect([...fake.session.protocolHandlers.keys()]).toEqual(['permafrost']);
    // The built renderer when present; either way the handler answers with the CSP header.
    const res = await handler(new Request('permafrost://app/index.html'));
    expect(res.status).toBe(existsSync(appPaths(mainDir).indexHtml) ? 200 : 404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect((await handler(new Request('permafrost://app/../main/index.cjs'))).status).toBe(404);
  });

  it('protects the window from screen capture (it shows recovery words)', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    await fake.app.becomeReady();
    expect(fake.windows()[0]?.contentProtection).toBe(true);
  });

  it('hardens every session created, not only the default one, counting blocked requests together', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    await fake.app.becomeReady();
    const other = new FakeSession();
    fake.app.emit('session-created', other);
    expect(other.beforeRequest).not.toBeNull();
    expect(other.permissionRequest).not.toBeNull();
    expect(other.proxy).toMatchObject({ proxyBypassRules: '<-loopback>' });
    expect(other.pickHid({ deviceList: [], frame: null })).toEqual({ prevented: true, calls: [[]] });
    expect(other.bluetoothPairing).not.toBeNull();
    // Only the default session serves the app.
    expect(other.protocolHandlers.size).toBe(0);
    // Re-hardening the default session (Electron may announce it too) registers no second protocol handler.
    expect(() => fake.app.emit('session-created', fake.session)).not.toThrow();
    let cancelled: Electron.CallbackResponse | null = null;
    other.beforeRequest?.({ url: 'https://example.com/' } as Electron.OnBeforeRequestListenerDetails, (r) => (cancelled = r));
    expect(cancelled).toEqual({ cancel: true });
  });

  it('hardens every web contents created, and quits when the last window closes', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    expect(fake.app.count('web-contents-created')).toBe(1);
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.count('will-navigate')).toBe(1);
    expect(contents.windowOpen).not.toBeNull();
    expect(contents.webRTCIPHandlingPolicy).toBe('disable_non_proxied_udp');
    expect(contents.count('select-bluetooth-device')).toBe(1);
    fake.app.emit('window-all-closed');
    expect(fake.app.calls).toContain('quit');
  });

  it('focuses (and restores) the open window when a second instance starts', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    await fake.app.becomeReady();
    const [win] = fake.windows();
    if (!win) throw new Error('no window');
    win.minimized = true;
    fake.app.emit('second-instance');
    expect(win.restored).toBe(1);
    expect(win.focused).toBe(1);
  });

  it('gives macOS an app and edit menu only', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options('darwin'));
    await fake.app.becomeReady();
    expect(fake.menus).toEqual([{ template: [{ role: 'appMenu' }, { role: 'editMenu' }] }]);
  });

  it('lays out dist/: preload and renderer beside main', () => {
    expect(appPaths(mainDir)).toEqual({
      rendererDir: path.resolve('dist/renderer'),
      origin: 'permafrost://app',
      indexHtml: path.resolve('dist/renderer/index.html'),
      pageUrl: 'permafrost://app/index.html',
      preload: path.resolve('dist/preload/index.cjs'),
      fonts: path.resolve('assets/fonts'),
    });
  });
});
