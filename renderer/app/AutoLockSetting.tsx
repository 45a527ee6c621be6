import { useEffect, useState } from 'react';
import type { AutoLockState } from '../../electron/ipc';
import { ask } from '../bridge';
import { Warning } from '../components/Warnings';

const CHOICES = [1, 2, 5, 10, 15, 30, 60];

/** The idle time after which every wallet is closed; kept for the next start (10 minutes until one is chosen). */
export function AutoLockSetting() {
  const [state, setState] = useState<AutoLockState | null>(null);
  useEffect(() => {
    void ask('getAutoLock').then((r) => r.ok && setState(r.value));
  }, []);
  if (state === null) return null;
  const minutes = state.idleSeconds / 60;
  const choices = CHOICES.includes(minutes) ? CHOICES : [...CHOICES, minutes].sort((a, b) => a - b);
  return (
    <>
      <label className="auto-lock">
        Close every wallet after this long without use:{' '}
        <select
          value={minutes}
          onChange={(e) => void ask('setAutoLock', { idleSeconds: Math.round(Number(e.target.value) * 60) }).then((r) => r.ok && setState(r.value))}
          data-testid="auto-lock-minutes"
        >
          {choices.map((m) => (
            <option key={m} value={m}>
              {m < 1 ? `${Math.round(m * 60)} seconds` : `${m} minute${m === 1 ? '' : 's'}`}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">Your choice is kept for the next start (it is not secret).</p>
      {state.problem && (
        <Warning>
          <span data-testid="auto-lock-problem">{state.problem}</span>
        </Warning>
      )}
    </>
  );
}
