/**
 * The built bundles, as Electron would load them: the main bundle with a fake `electron` module in place, the
 * preload in a VM context whose `require` knows only `electron`.
 */
import { existsSync, readFileSync } from 'node:fs';
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
  });

  it('starts the app: sandbox, single instance, hardened session', () => {
    expect(fake.app.calls.slice(0, 3)).toEqual(['enableSandbox', 'appendSwitch:host-resolver-rules', 'requestSingleInstanceLock']);
    expect(fake.session.beforeRequest).not.toBeNull();
    expect(fake.session.permissionRequest).not.toBeNull();
  });
  it('registers every contract channel', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });
  it('opens a window on the built renderer with the built preload, both present on disk', () => {
    const [win] = fake.windows();
    expect(win?.loaded).toBe(path.join(dist, 'renderer', 'index.html'));
    expect(win?.options.webPreferences?.preload).toBe(preloadBundle);
    expect(existsSync(win?.loaded ?? '')).toBe(true);
    expect(existsSync(win?.options.webPreferences?.preload ?? '')).toBe(true);
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
