/** App and air-gap status, and QR codes of public text. */
import { PRODUCT_NAME, textQr, VERSION } from '../../core';
import type { BuildInfo } from '../../ipc';
import { toQr, type HandlerSection, type HandlerServices } from './services';

/** The build as measured; a measurement that fails says why instead of failing the whole app info. */
const measure = (readBuild: () => Promise<BuildInfo>): Promise<BuildInfo> =>
  readBuild().catch((e: unknown) => ({ commit: null, digest: null, files: 0, problem: `The app’s files could not be measured: ${e instanceof Error ? e.message : String(e)}` }));

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
      build: services.readBuild ? await (build ??= measure(services.readBuild)) : null,
    }),
    getAirGapStatus: () => ({ ...services.airGap.current({ fresh: true }), blockedRequests: services.requests.blocked() }),
    makeQr: ({ text }) => toQr(text, textQr(text, 'M')),
  };
}
