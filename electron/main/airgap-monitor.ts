/**
 * Re-reads the network interfaces periodically and keeps the latest assessment for the renderer to ask for.
 * The reading is injected (os.networkInterfaces in the app, a table in the tests).
 */
import { assessAirGap, type AirGapAssessment, type InterfaceAddress } from '../core';

export interface AirGapSnapshot extends AirGapAssessment {
  readonly checkedAt: string;
}

export interface AirGapMonitorOptions {
  readonly readInterfaces: () => Readonly<Record<string, readonly InterfaceAddress[] | undefined>>;
  readonly platform: string;
  readonly intervalMs: number;
  readonly now?: () => Date;
  readonly onChange?: (snapshot: AirGapSnapshot) => void;
  readonly setInterval?: (fn: () => void, ms: number) => { unref?: () => void };
  readonly clearInterval?: (handle: { unref?: () => void }) => void;
}

export interface AirGapMonitor {
  /** The latest reading; re-reads first if asked with `{ fresh: true }`. */
  current(options?: { fresh?: boolean }): AirGapSnapshot;
  stop(): void;
}

export const AIRGAP_CHECK_INTERVAL_MS = 3000;

export function createAirGapMonitor(options: AirGapMonitorOptions): AirGapMonitor {
  const now = options.now ?? (() => new Date());
  const startTimer = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const stopTimer = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));

  const read = (): AirGapSnapshot => {
    let assessment: AirGapAssessment;
    try {
      assessment = assessAirGap(options.readInterfaces(), options.platform);
    } catch {
      // If the interfaces cannot be read, do not claim to be offline.
      assessment = { airGapped: false, interfaces: [{ name: '(unreadable)', kind: 'other', addresses: [] }] };
    }
    return { ...assessment, checkedAt: now().toISOString() };
  };

  const key = (s: AirGapSnapshot): string => JSON.stringify([s.airGapped, s.interfaces]);
  let latest = read();
  const refresh = (): AirGapSnapshot => {
    const next = read();
    const changed = key(next) !== key(latest);
    latest = next;
    if (changed) options.onChange?.(next);
    return next;
  };
  const timer = startTimer(refresh, options.intervalMs);
  timer.unref?.();

  return {
    current: (opts) => (opts?.fresh ? refresh() : latest),
    stop: () => stopTimer(timer),
  };
}
