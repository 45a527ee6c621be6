import { useEffect, useRef, useState } from 'react';
import { ask } from '../bridge';

/**
 * Follows the main process's auto-lock: polls it (a passive request, which does not count as use), tells main when
 * the user types, clicks or moves the pointer (at most every 10 s), and calls `onLock` each time it has locked.
 * Returns how long the idle time was at the last lock ("10 minutes"), or null.
 */
export function useAutoLock(onLock: () => void): string | null {
  const [locked, setLocked] = useState<string | null>(null);
  const seen = useRef<number | null>(null);
  const handler = useRef(onLock);
  handler.current = onLock;
  useEffect(() => {
    let lastSignal = 0;
    const activity = () => {
      const now = Date.now();
      if (now - lastSignal < 10_000) return;
      lastSignal = now;
      void ask('noteActivity');
    };
    const poll = window.setInterval(() => {
      void ask('getAutoLock').then((r) => {
        if (!r.ok) return;
        const { locks, idleSeconds } = r.value;
        if (seen.current !== null && locks > seen.current) {
          setLocked(idleSeconds % 60 === 0 ? `${idleSeconds / 60} minute${idleSeconds === 60 ? '' : 's'}` : `${idleSeconds} seconds`);
          handler.current();
        }
        seen.current = locks;
      });
    }, 1000);
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, activity, { passive: true });
    return () => {
      window.clearInterval(poll);
      for (const e of events) window.removeEventListener(e, activity);
    };
  }, []);
  return locked;
}
