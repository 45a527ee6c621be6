import { describe, expect, it } from 'vitest';
import { createAirGapMonitor, type AirGapSnapshot } from '../../electron/main/airgap-monitor';

const loopback = { lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }] };
const wifi = { ...loopback, wlan0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }] };

function manualTimer() {
  let tick: (() => void) | null = null;
  let cleared = false;
  return {
    setInterval: (fn: () => void) => {
      tick = fn;
      return {};
    },
    clearInterval: () => {
      cleared = true;
    },
    tick: () => tick?.(),
    cleared: () => cleared,
  };
}

describe('air-gap monitor', () => {
  it('re-reads on its timer and reports each change once', () => {
    let table: Record<string, typeof wifi.wlan0> = loopback;
    const changes: AirGapSnapshot[] = [];
    const timer = manualTimer();
    const monitor = createAirGapMonitor({
      readInterfaces: () => table,
      platform: 'linux',
      intervalMs: 1000,
      now: () => new Date('2026-01-01T00:00:00Z'),
      onChange: (s) => changes.push(s),
      ...timer,
    });
    expect(monitor.current()).toEqual({ airGapped: true, interfaces: [], checkedAt: '2026-01-01T00:00:00.000Z' });
    table = wifi;
    timer.tick();
    timer.tick();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ airGapped: false, interfaces: [{ name: 'wlan0', kind: 'wifi' }] });
    table = loopback;
    timer.tick();
    expect(changes.map((c) => c.airGapped)).toEqual([false, true]);
    monitor.stop();
    expect(timer.cleared()).toBe(true);
  });

  it('reads afresh when asked', () => {
    let table: Record<string, typeof wifi.wlan0> = loopback;
    const monitor = createAirGapMonitor({ readInterfaces: () => table, platform: 'linux', intervalMs: 1000, ...manualTimer() });
    table = wifi;
    expect(monitor.current().airGapped).toBe(true);
    expect(monitor.current({ fresh: true }).airGapped).toBe(false);
  });

  it('does not claim to be offline when the interfaces cannot be read', () => {
    const monitor = createAirGapMonitor({
      readInterfaces: () => {
        throw new Error('EPERM');
      },
      platform: 'linux',
      intervalMs: 1000,
      ...manualTimer(),
    });
    expect(monitor.current()).toMatchObject({ airGapped: false, interfaces: [{ name: '(unreadable)' }] });
  });
});
