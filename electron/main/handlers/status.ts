/** App and air-gap status, and QR codes of public text. */
import { PRODUCT_NAME, textQr, VERSION } from '../../core';
import type { BuildInfo } from '../../ipc';
import { toQr, type HandlerSection, type HandlerServices } from './services';

export function statusHandlers(services: HandlerServices): HandlerSection<'getAppInfo' | 'getAirGapStatus' | 'makeQr'> {
  // Hashing the app's files takes a moment: once per run, on first ask.
  let build: Promise<BuildInfo> | null = null;
  return {
    getAppInfo: async () => ({
      name: PRODUCT_NAME,
      version: VERSION,
      platform: services.platform,
      electron: services.electronVersion,
      packaged: services.packaged,
      build: services.readBuild ? await (build ??= services.readBuild()) : null,
    }),
    getAirGapStatus: () => ({ ...services.airGap.current({ fresh: true }), blockedRequests: services.requests.blocked() }),
    makeQr: ({ text }) => toQr(text, textQr(text, 'M')),
  };
}
