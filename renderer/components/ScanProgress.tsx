import { useState } from 'react';
import type { ScanStatus } from '../../electron/ipc';
import { problemLine, scanLine, type ScanWords } from './scan-progress';

export type { ScanWords } from './scan-progress';

/**
 * The scan's state for ScanProgress: the last status, and the last refused frame (or restart), kept until a good
 * frame comes. `show` takes each status the main process answers; `clear` forgets both for a fresh scan.
 */
export function useScanStatus() {
  const [status, setStatus] = useState<ScanStatus | null>(null);
  const [problem, setProblem] = useState<ScanStatus | null>(null);
  const show = (next: ScanStatus) => {
    setStatus(next);
    if (next.kind === 'invalid' || next.kind === 'foreign' || next.restarted) setProblem(next);
    else if (next.kind === 'added' || next.kind === 'complete') setProblem(null);
  };
  const clear = () => {
    setStatus(null);
    setProblem(null);
  };
  return { status, problem, show, clear };
}

/**
 * How far a QR scan is (Sign Bitcoin, Sign Ethereum): the stream's name, parts received of those estimated needed,
 * a bar, the last refused frame said plainly — a QR code that is not what is scanned, or a part of another one
 * (never mixed in) — and Start over once a part is held.
 */
export function ScanProgress({ status, problem, words, onRestart }: { status: ScanStatus | null; problem: ScanStatus | null; words: ScanWords; onRestart: () => void }) {
  const progress = status?.progress ?? { received: 0, estimated: 0 };
  const said = problemLine(problem, words);
  return (
    <div className="scan-progress" data-testid="scan-progress">
      <p data-testid="scan-status">{scanLine(status, words)}</p>
      <progress max={Math.max(progress.estimated, 1)} value={progress.received} aria-label="Parts received" />
      {said && (
        <p className={said.alert ? 'error' : 'muted'} role={said.alert ? 'alert' : 'status'} data-testid="scan-problem">
          {said.text}
        </p>
      )}
      {progress.received > 0 && (
        <button type="button" onClick={onRestart} data-testid="scan-restart">
          Start over
        </button>
      )}
    </div>
  );
}
