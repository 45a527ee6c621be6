import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../electron/ipc';
import { createBridge } from '../../electron/preload/bridge';

describe('createBridge', () => {
  it('has exactly one method per contract entry and nothing else, frozen', () => {
    const bridge = createBridge(async () => null);
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(CHANNELS).sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const method of Object.values(bridge)) expect(typeof method).toBe('function');
  });
  it('forwards each call to its own channel with its one request argument', async () => {
    const calls: Array<[string, unknown]> = [];
    const bridge = createBridge(async (channel, request) => {
      calls.push([channel, request]);
      return { ok: true, value: channel };
    });
    expect(await bridge.getAppInfo()).toEqual({ ok: true, value: CHANNELS.getAppInfo });
    await bridge.getAirGapStatus();
    expect(calls).toEqual([
      [CHANNELS.getAppInfo, undefined],
      [CHANNELS.getAirGapStatus, undefined],
    ]);
  });
});
