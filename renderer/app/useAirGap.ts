import { useEffect, useState } from 'react';
import type { AirGapStatus } from '../../electron/ipc';
import { ask } from '../bridge';

/** How often the renderer asks; the main process re-reads the interfaces on each ask and on its own timer. */
export const AIRGAP_POLL_MS = 2000;

export type AirGapView =
  | { readonly state: 'checking' }
  | { readonly state: 'known'; readonly status: AirGapStatus }
  | { readonly state: 'unknown'; readonly message: string };

export function useAirGap(): AirGapView {
  const [view, setView] = useState<AirGapView>({ state: 'checking' });
  useEffect(() => {
    let alive = true;
    const poll = async (): Promise<void> => {
      const result = await ask('getAirGapStatus');
      if (!alive) return;
      setView(result.ok ? { state: 'known', status: result.value } : { state: 'unknown', message: result.error.message });
    };
    void poll();
    const timer = window.setInterval(() => void poll(), AIRGAP_POLL_MS);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, []);
  return view;
}

/** Not air-gapped, or not known to be (still checking, or the check failed): all get the warning — fail closed. */
export function isExposed(view: AirGapView): boolean {
  return !(view.state === 'known' && view.status.airGapped);
}
