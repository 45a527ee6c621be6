import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../electron/ipc';
import { appPaths, startApp } from '../../electron/main/app';
import { createFakeElectron } from './fake-electron';

// A real project layout: the app reads its PDF fonts from assets/fonts at start.
const mainDir = path.resolve('dist/main');
const options = (platform = 'linux') => ({
  mainDir,
  platform,
  electronVersion: '45.4.1',
  readInterfaces: () => ({ lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }] }),
  log: () => {},
});

describe('startApp', () => {
  it('enables the sandbox and blocks name resolution before anything else, then takes the single-instance lock', () => {
    const fake = createFakeElectron();
    expect(startApp(fake.api, options())).toBe(true);
    expect(fake.app.calls.slice(0, 3)).toEqual(['enableSandbox', 'appendSwitch:host-resolver-rules', 'requestSingleInstanceLock']);
    expect(fake.app.switches).toContainEqual(['host-resolver-rules', 'MAP * ~NOTFOUND']);
  });

  it('quits at once when another instance holds the lock, opening no window', async () => {
    const fake = createFakeElectron();
    fake.app.gotLock = false;
    expect(startApp(fake.api, options())).toBe(false);
    expect(fake.app.calls).toContain('quit');
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
    expect(win?.loaded).toBe(paths.indexHtml);
    expect(win?.shown).toBe(false);
    win?.emit('ready-to-show');
    expect(win?.shown).toBe(true);
    expect(fake.menus).toEqual([null]);
  });

  it('hardens every web contents created, and quits when the last window closes', async () => {
    const fake = createFakeElectron();
    startApp(fake.api, options());
    expect(fake.app.count('web-contents-created')).toBe(1);
    const { FakeWebContents } = await import('./fake-electron');
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.count('will-navigate')).toBe(1);
    expect(contents.windowOpen).not.toBeNull();
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
      indexHtml: path.resolve('dist/renderer/index.html'),
      preload: path.resolve('dist/preload/index.cjs'),
      fonts: path.resolve('assets/fonts'),
    });
  });
});
