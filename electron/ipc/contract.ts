/**
 * The one contract between the renderer and the main process: for each bridge method, its channel, its request
 * and its response. The preload builds one method per entry of CHANNELS and nothing else; the main process
 * registers one validated handler per entry. Payloads are JSON values and Uint8Array only (what both Electron's
 * structured clone and the e2e transport carry intact).
 *
 * No runtime dependencies: the renderer may import this file with `import type` only.
 */
import type { AirGapAssessment, WalletErrorCode } from '../core';

/** Codes the renderer can receive. WalletErrorCode comes from the core; the rest are the IPC layer's own. */
export type IpcErrorCode =
  | WalletErrorCode
  /** The request did not match the channel's schema. */
  | 'BAD_REQUEST'
  /** The request came from a frame that is not the app's own top-level page. */
  | 'FORBIDDEN'
  /** An unexpected failure; details are in the main-process log, never in the message. */
  | 'INTERNAL';

export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** process.platform of the main process. */
  readonly platform: string;
  /** Electron's version, or null when the handlers run outside Electron (tests, CLI). */
  readonly electron: string | null;
  readonly packaged: boolean;
}

export interface AirGapStatus extends AirGapAssessment {
  /** When the interfaces were last read (ISO 8601). */
  readonly checkedAt: string;
  /** How many outgoing requests the app has cancelled since it started. */
  readonly blockedRequests: number;
}

type Void = undefined;

/** Method name -> request and response types. */
export interface Contract {
  getAppInfo: { request: Void; response: AppInfo };
  getAirGapStatus: { request: Void; response: AirGapStatus };
}

export type Method = keyof Contract;
export type RequestOf<M extends Method> = Contract[M]['request'];
export type ResponseOf<M extends Method> = Contract[M]['response'];

/** Method name -> IPC channel. Adding a method to Contract without a channel here fails to compile. */
export const CHANNELS = {
  getAppInfo: 'app:get-info',
  getAirGapStatus: 'airgap:get-status',
} as const satisfies { readonly [M in Method]: `${string}:${string}` };

export type Channel = (typeof CHANNELS)[Method];

/** The name of the object the preload puts on `window`. */
export const BRIDGE_NAME = 'permafrost';

/** What the renderer sees as window.permafrost: one async method per contract entry. */
export type Bridge = {
  readonly [M in Method]: RequestOf<M> extends Void
    ? () => Promise<Result<ResponseOf<M>>>
    : (request: RequestOf<M>) => Promise<Result<ResponseOf<M>>>;
};

/**
 * Payloads are JSON values and Uint8Array only. IsIpcValue<T> is true when T is built from those alone (no
 * functions, Map, Set, Date or class instances with methods), checked for every request and response below.
 */
type IsIpcValue<T> = T extends null | undefined | boolean | number | string | Uint8Array
  ? true
  : T extends readonly (infer E)[]
    ? IsIpcValue<E>
    : T extends (...args: never[]) => unknown
      ? false
      : T extends object
        ? false extends { [K in keyof T]-?: IsIpcValue<T[K]> }[keyof T]
          ? false
          : true
        : false;
type Expect<T extends true> = T;
type AllPayloads = { [M in Method]: RequestOf<M> | ResponseOf<M> }[Method];
export type _PayloadsAreIpcValues = Expect<false extends IsIpcValue<AllPayloads> ? false : true>;
