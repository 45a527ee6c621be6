/**
 * The real handlers behind the real registered listeners (sender check, schema, Result), with in-memory files and
 * a recording print target: what the main-process handler tests call.
 */
import type * as Electron from 'electron';
import { CHANNELS, type Method, type RequestOf, type ResponseOf, type Result } from '../../electron/ipc';
import { readFonts } from '../../electron/main/fonts';
import { createHandlers, type HandlerServices, type SaveFileService, type SaveRequest } from '../../electron/main/handlers';
import { registerIpc, trustedSenderCheck } from '../../electron/main/ipc';
import { requestSchemas } from '../../electron/main/schemas';
import { Vault } from '../../electron/main/vault';
import { FakeIpcMain } from '../main/fake-electron';

/** A file service where the user cancels every dialog. */
export const NO_FILES: SaveFileService = {
  chooseSavePath: async () => null,
  writeFile: async () => {},
  chooseOpenPath: async () => null,
  readFile: async () => {
    throw new Error('no file was chosen');
  },
};

export function handlerHarness(overrides: Partial<HandlerServices> = {}) {
  const ipcMain = new FakeIpcMain();
  const vault = new Vault();
  const written: Array<[string, string | Uint8Array]> = [];
  /** Each save dialog's title and secrecy, in order. */
  const dialogs: SaveRequest[] = [];
  const modes = new Map<string, number>();
  /** Files the handler asked never to be written over an existing one. */
  const noOverwrite = new Set<string>();
  /** What the open dialog answers (null = cancelled), and files on the "disk" it may read. */
  const openPath: { value: string | null } = { value: null };
  const disk = new Map<string, Uint8Array>();
  const prints: string[] = [];
  const log: string[] = [];
  registerIpc(
    ipcMain,
    createHandlers({
      airGap: { current: () => ({ airGapped: true, interfaces: [], checkedAt: '' }), stop: () => {} },
      requests: { blocked: () => 0 },
      vault,
      files: {
        chooseSavePath: async (name, request) => (dialogs.push(request), `/media/usb/${name}`),
        writeFile: async (p, c, { secret, verify, overwrite }) => {
          if (overwrite === false) noOverwrite.add(p);
          // As the real service: the check runs on what was written, before it takes the target's place.
          if (verify) await verify(typeof c === 'string' ? new TextEncoder().encode(c) : c);
          // A copy, as a file on disk is: the handler may zero its bytes once written.
          written.push([p, typeof c === 'string' ? c : c.slice()]);
          modes.set(p, secret ? 0o600 : 0o644);
        },
        chooseOpenPath: async () => openPath.value,
        readFile: async (p, max) => {
          const hit = [...written].reverse().find(([q]) => q === p)?.[1] ?? disk.get(p);
          if (hit === undefined) throw new Error(`no file ${p}`);
          const bytes = typeof hit === 'string' ? new TextEncoder().encode(hit) : hit;
          if (bytes.length > max) throw new Error('too large');
          return bytes;
        },
      },
      fonts: readFonts('assets/fonts'),
      platform: 'linux',
      electronVersion: null,
      packaged: false,
      ...overrides,
    }),
    requestSchemas,
    {
      isTrustedSender: trustedSenderCheck(() => true),
      senderOf: () => ({ print: async ({ pageSize }) => (prints.push(pageSize), true) }),
      log: (l) => log.push(l),
    },
  );
  const call = async <M extends Method>(method: M, request: RequestOf<M> | unknown): Promise<Result<ResponseOf<M>>> =>
    (await ipcMain.handlers.get(CHANNELS[method])!({ senderFrame: { url: 'file:///app/index.html', parent: null }, sender: {} } as unknown as Electron.IpcMainInvokeEvent, request)) as Result<ResponseOf<M>>;
  const ok = async <M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> => {
    const r = await call(method, request);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return { call, ok, vault, written, prints, log, dialogs, modes, openPath, disk, noOverwrite };
}
