/**
 * The auto-lock's idle time outlives the session (issue 13): kept in <userData>/settings.json, written atomically,
 * checked with a schema when read. A damaged, hostile, too large or out-of-range file gives the default 10 minutes
 * and says why — never a crash, never a hang. The file store on a real temporary folder, then the app itself
 * (startApp over the typed fake of electron) choosing an idle time, quitting and starting again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Electron from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNELS, type AutoLockState, type Result } from '../../electron/ipc';
import { startApp } from '../../electron/main/app';
import { DEFAULT_SETTINGS, MAX_SETTINGS_BYTES, SETTINGS_FILE, settingsFileStore } from '../../electron/main/settings';
import { createFakeElectron } from './fake-electron';

let dir: string;
const file = () => path.join(dir, SETTINGS_FILE);
const unusable = (why: string) => `The saved settings (settings.json) could not be used — ${why}. The defaults apply (auto-lock after 10 minutes) until you choose again.`;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'permafrost-settings-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the settings file', () => {
  it('none yet: the defaults (10 minutes), and nothing to say', async () => {
    expect(await settingsFileStore(dir).load()).toEqual({ settings: DEFAULT_SETTINGS, problem: null });
    expect(DEFAULT_SETTINGS.autoLockSeconds).toBe(600);
  });

  it('saved, then read back: owner-only JSON, no partial file left beside it; a second save replaces the first', async () => {
    const store = settingsFileStore(path.join(dir, 'user-data'), 'linux');
    await store.save({ autoLockSeconds: 300 });
    expect(readFileSync(path.join(dir, 'user-data', SETTINGS_FILE), 'utf8')).toBe('{"version":1,"autoLockSeconds":300}\n');
    expect(statSync(path.join(dir, 'user-data', SETTINGS_FILE)).mode & 0o777).toBe(0o600);
    expect(await store.load()).toEqual({ settings: { autoLockSeconds: 300 }, problem: null });
    await store.save({ autoLockSeconds: 3600 });
    expect(await settingsFileStore(path.join(dir, 'user-data')).load()).toEqual({ settings: { autoLockSeconds: 3600 }, problem: null });
    expect(readdirSync(path.join(dir, 'user-data'))).toEqual([SETTINGS_FILE]);
  });

  it('a damaged file: the defaults, and why', async () => {
    const cases: Array<[string | Buffer, string]> = [
      ['{"version":1,"autoLockSeconds":300', 'it is not valid JSON'],
      ['', 'it is not valid JSON'],
      [Buffer.from([0xff, 0xfe, 0x00, 0x7b]), 'it is not text'],
      ['null', 'Invalid input: expected object, received null'],
      ['[600]', 'Invalid input: expected object, received array'],
    ];
    for (const [contents, why] of cases) {
      writeFileSync(file(), contents);
      expect(await settingsFileStore(dir).load()).toEqual({ settings: DEFAULT_SETTINGS, problem: unusable(why) });
    }
  });

  it('a value out of range or of another shape (hostile or from another version): the defaults, naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ version: 1, autoLockSeconds: 0 }, /^autoLockSeconds: Too small/],
      [{ version: 1, autoLockSeconds: -600 }, /^autoLockSeconds: Too small/],
      [{ version: 1, autoLockSeconds: 86_401 }, /^autoLockSeconds: Too big/],
      [{ version: 1, autoLockSeconds: 1e308 }, /^autoLockSeconds: Too big/],
      [{ version: 1, autoLockSeconds: 1.5 }, /^autoLockSeconds: Invalid input: expected int/],
      [{ version: 1, autoLockSeconds: '600' }, /^autoLockSeconds: Invalid input: expected number/],
      [{ version: 2, autoLockSeconds: 600 }, /^version: Invalid input: expected 1/],
      [{ autoLockSeconds: 600 }, /^version: Invalid input: expected 1/],
      [{ version: 1, autoLockSeconds: 600, __proto__x: 1 }, /^Unrecognized key: "__proto__x"/],
    ];
    for (const [json, why] of cases) {
      writeFileSync(file(), JSON.stringify(json));
      const loaded = await settingsFileStore(dir).load();
      expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
      expect(loaded.problem?.replace(/^The saved settings \(settings\.json\) could not be used — /, '')).toMatch(why);
    }
  });

  it('a file too large is not read past its limit; a FIFO or a folder in its place is refused without blocking', async () => {
    writeFileSync(file(), `{"version":1,"autoLockSeconds":600${' '.repeat(MAX_SETTINGS_BYTES)}}`);
    expect(await settingsFileStore(dir).load()).toEqual({ settings: DEFAULT_SETTINGS, problem: unusable('it is larger than 4,096 bytes') });
    rmSync(file());
    execFileSync('mkfifo', [file()]);
    expect(await settingsFileStore(dir).load()).toEqual({ settings: DEFAULT_SETTINGS, problem: unusable('settings.json is not a file') });
    rmSync(file());
    execFileSync('mkdir', [file()]);
    expect((await settingsFileStore(dir).load()).problem).toMatch(/^The saved settings \(settings\.json\) could not be used — /);
  });

  it('a save that cannot be written says why (here the user-data path is a file)', async () => {
    writeFileSync(path.join(dir, 'not-a-folder'), 'x');
    await expect(settingsFileStore(path.join(dir, 'not-a-folder')).save({ autoLockSeconds: 300 })).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('Could not save settings.json') });
  });
});

describe('the app keeps the idle time between runs (startApp over the fake electron, a real user-data folder)', () => {
  const APP_FRAME = { senderFrame: { url: 'permafrost://app/index.html', parent: null }, sender: {} } as unknown as Electron.IpcMainInvokeEvent;
  const temps: string[] = [];
  afterEach(() => {
    for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
  });

  /** Starts the app with `dir` as userData; returns its auto-lock channels and what it logged. */
  async function start() {
    const fake = createFakeElectron();
    fake.app.paths.set('userData', dir);
    const log: string[] = [];
    const osTempDir = mkdtempSync(path.join(tmpdir(), 'permafrost-settings-os-'));
    temps.push(osTempDir);
    startApp(fake.api, { mainDir: path.resolve('dist/main'), platform: 'linux', electronVersion: '45.4.1', readInterfaces: () => ({}), log: (l) => log.push(l), env: {}, osTempDir, ramTempCandidates: [] });
    await fake.app.becomeReady();
    const invoke = async (channel: string, request?: unknown) => (await fake.ipcMain.handlers.get(channel)!(APP_FRAME, request)) as Result<AutoLockState>;
    return {
      get: () => invoke(CHANNELS.getAutoLock),
      set: (idleSeconds: number) => invoke(CHANNELS.setAutoLock, { idleSeconds }),
      quit: () => {
        fake.app.emit('before-quit');
        fake.app.emit('will-quit');
      },
      log,
    };
  }

  it('chosen, quit, started again: the same idle time', async () => {
    const first = await start();
    expect(await first.get()).toEqual({ ok: true, value: { idleSeconds: 600, locks: 0, problem: null } });
    expect(await first.set(900)).toEqual({ ok: true, value: { idleSeconds: 900, locks: 0, problem: null } });
    first.quit();
    const second = await start();
    expect(await second.get()).toEqual({ ok: true, value: { idleSeconds: 900, locks: 0, problem: null } });
    expect(second.log).toEqual([]);
    second.quit();
  });

  it('a corrupt, too large or out-of-range file: 10 minutes, said on This computer and in the log; choosing again repairs it', async () => {
    for (const contents of ['{not json', 'x'.repeat(MAX_SETTINGS_BYTES + 1), '{"version":1,"autoLockSeconds":0}']) {
      writeFileSync(file(), contents);
      const app = await start();
      const r = await app.get();
      expect(r).toMatchObject({ ok: true, value: { idleSeconds: 600, problem: expect.stringMatching(/^The saved settings \(settings\.json\) could not be used — /) } });
      expect(app.log).toEqual([(r as { value: AutoLockState }).value.problem]);
      app.quit();
    }
    const app = await start();
    expect(await app.set(120)).toEqual({ ok: true, value: { idleSeconds: 120, locks: 0, problem: null } });
    expect(readFileSync(file(), 'utf8')).toBe('{"version":1,"autoLockSeconds":120}\n');
    app.quit();
  });

  it('a save that fails: the idle time applies for this run, and the screen says it was not saved', async () => {
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'a file where the user-data folder should be');
    const app = await start();
    const r = await app.set(300);
    expect(r).toMatchObject({ ok: true, value: { idleSeconds: 300, problem: expect.stringMatching(/^The new idle time applies until the app closes, but it could not be saved: Could not save settings\.json/) } });
    app.quit();
    rmSync(dir, { force: true });
  });

  it('an idle time outside 1 s to 24 h is refused before anything is written', async () => {
    const app = await start();
    for (const idleSeconds of [0, 86_401, 2.5]) expect(await app.set(idleSeconds)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(readdirSync(dir).filter((f) => f.startsWith('settings'))).toEqual([]);
    app.quit();
  });
});
