import { useEffect, useState } from 'react';
import { ask } from '../bridge';

const CHOICES = [1, 2, 5, 10, 15, 30, 60];

/** The idle time after which every wallet is closed (for this session; 10 minutes at each start). */
export function AutoLockSetting() {
  const [seconds, setSeconds] = useState<number | null>(null);
  useEffect(() => {
    void ask('getAutoLock').then((r) => r.ok && setSeconds(r.value.idleSeconds));
  }, []);
  if (seconds === null) return null;
  const minutes = seconds / 60;
  const choices = CHOICES.includes(minutes) ? CHOICES : [...CHOICES, minutes].sort((a, b) => a - b);
  return (
    <label className="auto-lock">
      Close every wallet after this long without use:{' '}
      <select
        value={minutes}
        onChange={(e) => void ask('setAutoLock', { idleSeconds: Math.round(Number(e.target.value) * 60) }).then((r) => r.ok && setSeconds(r.value.idleSeconds))}
        data-testid="auto-lock-minutes"
      >
        {choices.map((m) => (
          <option key={m} value={m}>
            {m < 1 ? `${Math.round(m * 60)} seconds` : `${m} minute${m === 1 ? '' : 's'}`}
          </option>
        ))}
      </select>
    </label>
  );
}
