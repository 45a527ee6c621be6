import type * as Electron from 'electron';
import { NO_FILES } from '../helpers/ipc';
import { describe, expect, it, vi } from 'vitest';
import { WalletError } from '../../electron/core';
import { CHANNELS, type Result } from '../../electron/ipc';
import { createHandlers } from '../../electron/main/handlers';
import { registerIpc, trustedSenderCheck, type Handlers } from '../../electron/main/ipc';
import { Vault } from '../../electron/main/vault';
import { readFonts } from '../../electron/main/fonts';
import { requestSchemas } from '../../electron/main/schemas';
import { FakeIpcMain } from './fake-electron';

const APP = 'file:///app/dist/renderer/index.html';
const isTrustedSender = trustedSenderCheck((url) => url.startsWith('file:///app/dist/renderer/'));
const topFrame = { url: APP, parent: null };

const info = { name: 'Permafrost', version: '0.1.0', platform: 'linux', electron: null, packaged: false, build: null };
const status = { airGapped: true, interfaces: [], checkedAt: '2026-01-01T00:00:00.000Z', blockedRequests: 0 };

function setup(overrides: Partial<Handlers> = {}) {
  const ipcMain = new FakeIpcMain();
  const log: string[] = [];
  const base = createHandlers({
    airGap: { current: () => status, stop: () => {} },
    requests: { blocked: () => 0 },
    vault: new Vault(),
    files: NO_FILES,
    fonts: readFonts('assets/fonts'),
    platform: 'linux',
    electronVersion: null,
    packaged: false,
  });
  const handlers: Handlers = { ...base, getAppInfo: () => info, getAirGapStatus: () => status, ...overrides };
  const channels = registerIpc(ipcMain, handlers, requestSchemas, { isTrustedSender, log: (l) => log.push(l) });
  const invoke = async (channel: string, frame: unknown, ...args: unknown[]): Promise<Result<unknown>> => {
    const listener = ipcMain.handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return (await listener({ senderFrame: frame } as Electron.IpcMainInvokeEvent, ...args)) as Result<unknown>;
  };
  return { ipcMain, channels, invoke, log };
}

describe('registerIpc', () => {
  it('registers exactly the contract channels', () => {
    const { ipcMain, channels } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
    expect(channels).toEqual(Object.values(CHANNELS));
  });

  it('answers the app page with {ok: true, value}', async () => {
    const { invoke } = setup();
    expect(await invoke(CHANNELS.getAppInfo, topFrame, undefined)).toEqual({ ok: true, value: info });
    expect(await invoke(CHANNELS.getAirGapStatus, topFrame)).toEqual({ ok: true, value: status });
  });

  it.each([
    ['a subframe of the app', { url: APP, parent: { url: APP } }],
    ['a foreign page', { url: 'https://example.com/', parent: null }],
    ['a file outside the app', { url: 'file:///tmp/evil.html', parent: null }],
    ['no frame (destroyed)', null],
  ])('refuses %s with FORBIDDEN, without calling the handler', async (_name, frame) => {
    const handler = vi.fn(() => info);
    const { invoke } = setup({ getAppInfo: handler });
    const result = await invoke(CHANNELS.getAppInfo, frame, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ['a number', [5]],
    ['an object', [{ x: 1 }]],
    ['two arguments', [undefined, undefined]],
    ['a string', ['abandon abandon']],
  ])('refuses a malformed request (%s) with BAD_REQUEST naming the channel', async (_name, args) => {
    const handler = vi.fn(() => info);
    const { invoke } = setup({ getAppInfo: handler });
    const result = await invoke(CHANNELS.getAppInfo, topFrame, ...args);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    expect(result.error.message).toContain(CHANNELS.getAppInfo);
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes a WalletError through with its code and message', async () => {
    const { invoke } = setup({
      getAppInfo: () => {
        throw new WalletError('INVALID_ARGUMENT', 'Word 7 is not in the word list.');
      },
    });
    expect(await invoke(CHANNELS.getAppInfo, topFrame)).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Word 7 is not in the word list.' },
    });
  });

  it('turns any other failure into INTERNAL without leaking its message to the page or the log', async () => {
    const { invoke, log } = setup({
      getAirGapStatus: async () => {
        throw new Error('secret: abandon abandon about');
      },
    });
    const result = await invoke(CHANNELS.getAirGapStatus, topFrame);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('abandon');
    expect(log.join('\n')).not.toContain('abandon');
    expect(log.join('\n')).toContain('unexpected Error');
  });
});
