/** The handlers: thin, each turns a validated request into a core call or a read of main-process state. */
import { PRODUCT_NAME, VERSION } from '../core';
import type { AirGapMonitor } from './airgap-monitor';
import type { Handlers } from './ipc';
import type { RequestBlocker } from './security';

export interface HandlerServices {
  readonly airGap: AirGapMonitor;
  readonly requests: Pick<RequestBlocker, 'blocked'>;
  readonly platform: string;
  readonly electronVersion: string | null;
  readonly packaged: boolean;
}

export function createHandlers(services: HandlerServices): Handlers {
  return {
    getAppInfo: () => ({
      name: PRODUCT_NAME,
      version: VERSION,
      platform: services.platform,
      electron: services.electronVersion,
      packaged: services.packaged,
    }),
    getAirGapStatus: () => ({ ...services.airGap.current({ fresh: true }), blockedRequests: services.requests.blocked() }),
  };
}
