/**
 * IPC registration: one ipcMain.handle per contract channel, each behind a sender check and a schema check, each
 * returning a Result. Nothing throws across the boundary: Electron would pass only the message, prefixed.
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import type { ZodType } from 'zod';
import { isWalletError } from '../core';
import { CHANNELS, type Method, type RequestOf, type ResponseOf, type Result } from '../ipc';

/** The window that asked, as far as handlers may use it: printing itself (the preview it shows). */
export interface PrintTarget {
  print(options: { readonly pageSize: 'A4' | 'Letter' }): Promise<boolean>;
}

export interface HandlerContext {
  readonly sender: PrintTarget;
}

export type Handlers = {
  readonly [M in Method]: (request: RequestOf<M>, context: HandlerContext) => ResponseOf<M> | Promise<ResponseOf<M>>;
};

export type RequestSchemas = { readonly [M in Method]: ZodType<RequestOf<M>> };

/** The parts of a frame the sender check reads (a WebFrameMain in the app, a Playwright frame in e2e). */
export type SenderFrame = Pick<WebFrameMain, 'url'> & { readonly parent: unknown };

export interface RegisterOptions {
  /** True only for the app's own top-level page. */
  readonly isTrustedSender: (frame: SenderFrame | null) => boolean;
  /** Turns the event's sender into the narrow interface handlers see (Electron's WebContents in the app). */
  readonly senderOf?: (event: Pick<IpcMainInvokeEvent, 'sender'>) => PrintTarget;
  readonly log?: (line: string) => void;
}

const NO_PRINTER: PrintTarget = { print: async () => false };

/** The part of ipcMain we use: the e2e harness provides the same with exposeBinding. */
export type IpcMainLike = Pick<IpcMain, 'handle'>;

type Listener = (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, ...args: unknown[]) => Promise<Result<unknown>>;

function describeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function createListener<M extends Method>(
  method: M,
  schema: ZodType<RequestOf<M>>,
  handler: Handlers[M],
  options: RegisterOptions,
): Listener {
  const channel = CHANNELS[method];
  return async (event, ...args) => {
    if (!options.isTrustedSender(event.senderFrame ?? null)) {
      options.log?.(`refused ${channel} from an untrusted frame`);
      return { ok: false, error: { code: 'FORBIDDEN', message: `${channel}: only the app's own window may ask this.` } };
    }
    if (args.length > 1) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: `${channel}: expected one request argument, got ${args.length}.` } };
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: `${channel}: invalid request (${describeIssues(parsed.error)}).` } };
    }
    try {
      const sender = options.senderOf ? options.senderOf(event) : NO_PRINTER;
      return { ok: true, value: await handler(parsed.data, { sender }) };
    } catch (e) {
      if (isWalletError(e)) return { ok: false, error: { code: e.code, message: e.message } };
      // Log the kind of failure only: the request may hold secrets, and so may a library's message.
      options.log?.(`${channel}: unexpected ${e instanceof Error ? e.name : typeof e}`);
      return { ok: false, error: { code: 'INTERNAL', message: `${channel}: something unexpected went wrong. Nothing was changed.` } };
    }
  };
}

/** Registers every channel of the contract; returns the channels registered, in contract order. */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  schemas: RequestSchemas,
  options: RegisterOptions,
): string[] {
  const methods = Object.keys(CHANNELS) as Method[];
  for (const method of methods) {
    // The casts pair each method's handler with its own schema; the mapped types guarantee they match.
    const listener = createListener(method, schemas[method] as ZodType<never>, handlers[method] as never, options);
    ipcMain.handle(CHANNELS[method], listener as Parameters<IpcMain['handle']>[1]);
  }
  return methods.map((m) => CHANNELS[m]);
}

/** The app's own page, top-level frame only (no subframes: the CSP forbids them, this refuses them anyway). */
export function trustedSenderCheck(isAppUrl: (url: string) => boolean): RegisterOptions['isTrustedSender'] {
  return (frame) => frame !== null && frame.parent === null && isAppUrl(frame.url);
}
