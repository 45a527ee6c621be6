/**
 * The cost of the IPC safety layer (sender check + schema validation + Result wrapping) against calling the
 * handler directly, in the same run. Targets: none set by the issue; recorded in docs/BENCHMARKS.md.
 */
import { NO_FILES } from '../test/helpers/ipc';
import { bench, describe } from 'vitest';
import { assessAirGap } from '../electron/core';
import { CHANNELS } from '../electron/ipc';
import { createHandlers } from '../electron/main/handlers';
import { createListener, trustedSenderCheck } from '../electron/main/ipc';
import { requestSchemas } from '../electron/main/schemas';
import { createAirGapMonitor } from '../electron/main/airgap-monitor';
import { Vault } from '../electron/main/vault';
import { readFonts } from '../electron/main/fonts';

const table = {
  lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
  wlan0: [{ address: '192.168.1.2', family: 'IPv4', internal: false }],
};
const airGap = createAirGapMonitor({ readInterfaces: () => table, platform: 'linux', intervalMs: 60_000 });
const files = NO_FILES;
const handlers = createHandlers({ airGap, requests: { blocked: () => 0 }, vault: new Vault(), files, fonts: readFonts('assets/fonts'), platform: 'linux', electronVersion: null, packaged: false });
const listener = createListener('getAppInfo', requestSchemas.getAppInfo, handlers.getAppInfo, {
  isTrustedSender: trustedSenderCheck((url) => url.startsWith('file:///app/')),
});
const event = { senderFrame: { url: 'file:///app/index.html', parent: null } } as never;

describe(`IPC ${CHANNELS.getAppInfo}`, () => {
  bench('direct handler call (baseline)', async () => {
    await handlers.getAppInfo(undefined, { sender: { print: async () => false } });
  });
  bench('through the validated IPC listener', async () => {
    await listener(event, undefined);
  });
});

describe('air-gap assessment', () => {
  bench('assessAirGap (2 interfaces)', () => {
    assessAirGap(table);
  });
});
