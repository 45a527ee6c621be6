/**
 * Runs in the page before the app (addInitScript): builds window.permafrost with the real preload factory, over
 * the Playwright binding that stands in for ipcRenderer.invoke. Frozen and non-writable, as contextBridge makes it.
 */
import { BRIDGE_NAME } from '../../electron/ipc';
import { createBridge } from '../../electron/preload/bridge';

export const BINDING_NAME = '__permafrostInvoke';

const binding = (globalThis as unknown as Record<string, (channel: string, request: unknown) => Promise<unknown>>)[BINDING_NAME];
if (typeof binding === 'function') {
  Object.defineProperty(globalThis, BRIDGE_NAME, {
    value: createBridge((channel, request) => binding(channel, request)),
    writable: false,
    configurable: false,
    enumerable: false,
  });
}
