/**
 * The built bundles, as Electron would load them: the main bundle with a fake `electron` module in place, the
 * preload in a VM context whose `require` knows only `electron`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_NAME, CHANNELS } from '../../electron/ipc';
import { createFakeElectron, type FakeElectron } from '../main/fake-electron';

const dist = path.resolve('dist');
const mainBundle = path.join(dist, 'main', 'index.cjs');
const preloadBundle = path.join(dist, 'preload', 'index.cjs');

describe('built bundles exist', () => {
  it.each(['main/index.cjs', 'preload/index.cjs', 'renderer/index.html', 'cli/permafrost.cjs'])('dist/%s', (file) => {
    expect(existsSync(path.join(dist, file)), `dist/${file} is missing: run npm run build`).toBe(true);
  });
  it('package.json main points at the main bundle', () => {
    expect(path.resolve(JSON.parse(readFileSync('package.json', 'utf8')).main)).toBe(mainBundle);
  });
});

describe('main bundle with a fake electron', () => {
  let fake: FakeElectron;
  type ResolveFilename = (request: string, ...rest: unknown[]) => string;
  const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };
  const originalResolve = moduleInternals._resolveFilename;
  const FAKE_ID = path.join(dist, '__fake_electron__.cjs');

  // The bundle points TMPDIR/TMP/TEMP at its private temp directory: put the worker's own back afterwards.
  const savedEnv = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  beforeAll(async () => {
    fake = createFakeElectron();
    const require = createRequire(import.meta.url);
    moduleInternals._resolveFilename = function (request, ...rest) {
      return request === 'electron' ? FAKE_ID : originalResolve.call(this, request, ...rest);
    };
    const fakeModule = new Module(FAKE_ID);
    fakeModule.exports = fake.api;
    fakeModule.loaded = true;
    require.cache[FAKE_ID] = fakeModule;
    delete require.cache[mainBundle];
    require(mainBundle);
    await fake.app.becomeReady();
  });
  afterAll(() => {
    moduleInternals._resolveFilename = originalResolve;
    fake.app.emit('before-quit');
    fake.app.emit('will-quit');
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('starts the app: sandbox, single instance, hardened session', () => {
    expect(fake.app.calls.slice(0, 6)).toEqual(['setPath:temp', 'setPath:sessionData', 'setPath:crashDumps', 'setPath:logs', 'enableSandbox', 'appendSwitch:host-resolver-rules']);
    expect(fake.app.calls).toContain('requestSingleInstanceLock');
    expect(fake.privilegedSchemes.map((p) => p.beforeReady)).toEqual([true]);
    expect(fake.session.beforeRequest).not.toBeNull();
    expect(fake.session.permissionRequest).not.toBeNull();
  });
  it('moves temp files into a private directory that quitting removes', () => {
    const temp = fake.app.paths.get('temp') ?? '';
    expect(process.env.TMPDIR).toBe(temp);
    expect(statSync(temp).mode & 0o777).toBe(0o700);
  });
  it('registers every contract channel', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });
  it('opens a window on permafrost://app, whose handler serves the built renderer; the built preload is on disk', async () => {
    const [win] = fake.windows();
    expect(win?.loaded).toBe('permafrost://app/index.html');
    expect(win?.options.webPreferences?.preload).toBe(preloadBundle);
    expect(existsSync(win?.options.webPreferences?.preload ?? '')).toBe(true);
    const handler = fake.session.protocolHandlers.get('permafrost');
    const page = await handler?.(new Request('permafrost://app/index.html'));
    expect(page?.status).toBe(200);
    expect(await page?.text()).toBe(readFileSync(path.join(dist, 'renderer', 'index.html'), 'utf8'));
  });
});

describe('preload bundle', () => {
  it('requires nothing but electron, and exposes exactly the contract methods', () => {
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const invoked: Array<[string, unknown]> = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: async (channel: string, request: unknown) => invoked.push([channel, request]) },
    };
    const sandbox = {
      require: (id: string) => {
        required.push(id);
        if (id !== 'electron') throw new Error(`the sandboxed preload cannot require ${id}`);
        return fakeElectron;
      },
      module: { exports: {} },
      exports: {},
    };
    vm.runInNewContext(readFileSync(preloadBundle, 'utf8'), sandbox, { filename: preloadBundle });
    expect([...new Set(required)]).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual([BRIDGE_NAME]);
    const bridge = exposed[BRIDGE_NAME] as Record<string, (r?: unknown) => Promise<unknown>>;
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(CHANNELS).sort());
    void bridge.getAppInfo?.();
    expect(invoked).toEqual([[CHANNELS.getAppInfo, undefined]]);
  });
});
