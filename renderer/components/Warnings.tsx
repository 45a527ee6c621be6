import { useState, type ReactNode } from 'react';

/** Grey: informational. */
export function Note({ children }: { children: ReactNode }) {
  return <p className="note">{children}</p>;
}

/** Amber: unusual but possibly fine. */
export function Warning({ children }: { children: ReactNode }) {
  return (
    <div className="warning" role="status">
      {children}
    </div>
  );
}

/**
 * Red, full width; the step behind it stays hidden until the user explicitly says "I understand". Says what could
 * go wrong and what to do instead.
 */
export function DireWarning({ title, children, onAccept, acceptLabel = 'I understand, continue' }: { title: string; children: ReactNode; onAccept: () => void; acceptLabel?: string }) {
  const [checked, setChecked] = useState(false);
  return (
    <div className="dire" role="alert" data-testid="dire-warning">
      <strong>{title}</strong>
      <div>{children}</div>
      <label className="dire-check">
        <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> I understand the risk
      </label>
      <button type="button" disabled={!checked} onClick={onAccept}>
        {acceptLabel}
      </button>
    </div>
  );
}
