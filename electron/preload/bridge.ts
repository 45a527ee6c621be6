/**
 * Builds the bridge object from the contract: one method per channel, each forwarding its single request
 * argument to `invoke`. No other property, no generic "send any channel". Pure, so the same factory runs in the
 * Electron preload (invoke = ipcRenderer.invoke) and in the e2e harness (invoke = a Playwright binding).
 */
import { CHANNELS, type Bridge, type Method } from '../ipc';

export type Invoke = (channel: string, request: unknown) => Promise<unknown>;

export function createBridge(invoke: Invoke): Bridge {
  const bridge: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const method of Object.keys(CHANNELS) as Method[]) {
    const channel = CHANNELS[method];
    bridge[method] = (request?: unknown) => invoke(channel, request);
  }
  return Object.freeze(bridge) as unknown as Bridge;
}
