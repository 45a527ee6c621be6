/** Runtime schemas of every request, one per contract method. A request that does not match never reaches a handler. */
import { z } from 'zod';
import type { RequestSchemas } from './ipc';

const none = z.undefined();

export const requestSchemas: RequestSchemas = {
  getAppInfo: none,
  getAirGapStatus: none,
};
