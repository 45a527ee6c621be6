/** App and air-gap status, and QR codes of public text. */
import { PRODUCT_NAME, textQr, VERSION } from '../../core';
import { toQr, type HandlerSection, type HandlerServices } from './services';

export function statusHandlers(services: HandlerServices): HandlerSection<'getAppInfo' | 'getAirGapStatus' | 'makeQr'> {
  return {
    getAppInfo: () => ({
      name: PRODUCT_NAME,
      version: VERSION,
      platform: services.platform,
      electron: services.electronVersion,
      packaged: services.packaged,
    }),
    getAirGapStatus: () => ({ ...services.airGap.current({ fresh: true }), blockedRequests: services.requests.blocked() }),
    makeQr: ({ text }) => toQr(text, textQr(text, 'M')),
  };
}
