import { useState, type ReactNode } from 'react';

/** Grey: informational. */
export function Note({ children }: { children: ReactNode }) {
  return <p className="note">{children}</p>;
}

/** Red, in place: what went wrong (nothing when `message` is empty). */
export function ErrorAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert" data-testid="error">
      {message}
    </p>
  );
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

/**
 * Guards a step where secrets are shown or typed: while the computer is online, or its network state is not yet
 * known, the step stays hidden behind a dire warning until the user says to go on anyway.
 */
export function OfflineGate({ airGapped, what, children }: { airGapped: boolean; what: string; children: ReactNode }) {
  const [accepted, setAccepted] = useState(false);
  if (airGapped || accepted) return <>{children}</>;
  return (
    <div data-testid="offline-gate">
      <DireWarning title="This computer may be online" onAccept={() => setAccepted(true)} acceptLabel="Continue anyway">
        A network interface is up, or the app cannot yet tell whether one is. Anyone with access to this computer over the network could see {what}.
        Disconnect every network (Wi-Fi, cable, Bluetooth) first; this warning goes away by itself once the computer is offline.
      </DireWarning>
    </div>
  );
}

/**
 * Before printing secrets: what the print path keeps. Electron renders the job in memory into the app's private
 * temporary folder (emptied on quit); the OS print system (CUPS, the Windows spooler) then keeps its own copy
 * of the job on this disk until it has printed, and some keep job files longer.
 */
export function PrintWarning({ what }: { what: string }) {
  return (
    <Warning>
      <strong>Before you print {what}:</strong> the operating system’s print system stores each job on this computer’s disk until it has printed (some keep
      it longer). Use a printer connected by cable, with no network and no storage, and turn this computer off when you are done. Printers can keep
      copies too.
    </Warning>
  );
}
