import { useEffect, useRef, useState } from 'react';
import type { RecoveryProgress, ShamirMode } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { QrScanner } from '../../components/QrScanner';
import { ShareWordsInput } from '../../components/ShareWordsInput';
import { StepHeader } from '../../components/StepHeader';
import { ErrorAlert, Note, OfflineGate } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';
import { FingerprintDone } from '../shared/FingerprintDone';

type Step = 'collect' | 'finish' | 'done';

export function RecoverFlow({ airGapped, onOpened, onExit }: { airGapped: boolean; onOpened: (w: WalletView) => void; onExit: () => void }) {
  const [step, setStep] = useState<Step>('collect');
  const [typed, setTyped] = useState('');
  const [progress, setProgress] = useState<RecoveryProgress | null>(null);
  const [count, setCount] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<ShamirMode>('bip39');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [unlock, setUnlock] = useState<{ done: number; total: number } | null>(null);
  const [wallet, setWallet] = useState<WalletView | null>(null);
  const recovery = useRef<string | null>(null);
  const stopped = useRef(false);
  useEffect(
    () => () => {
      if (recovery.current) void ask('closeWallet', { walletId: recovery.current });
    },
    [],
  );

  const add = async (text: string) => {
    setError(null);
    const r = await ask('addRecoveryShare', { recoveryId: recovery.current, text });
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    recovery.current = r.value.recoveryId;
    setProgress(r.value.progress);
    if (!r.value.duplicate) setCount((c) => c + 1);
    setTyped('');
    if (r.value.duplicate) setError('That share was already added.');
  };
  const startOver = () => {
    if (recovery.current) void ask('closeWallet', { walletId: recovery.current });
    recovery.current = null;
    setProgress(null);
    setCount(0);
    setTyped('');
    setError(null);
  };
  const stop = () => {
    if (!recovery.current) return;
    stopped.current = true;
    void ask('cancelRecoveryUnlock', { recoveryId: recovery.current });
  };
  const finish = async () => {
    const recoveryId = recovery.current;
    if (!recoveryId) return;
    setBusy(true);
    setError(null);
    stopped.current = false;
    // Shares made with a high iteration exponent take minutes to decrypt: say how far it is, and allow a stop.
    const poll = window.setInterval(() => {
      void ask('getRecoveryUnlockProgress', { recoveryId }).then((p) => p.ok && p.value.running && setUnlock({ done: p.value.done, total: p.value.total }));
    }, 250);
    const r = await ask('finishRecovery', { recoveryId, mode, passphrase });
    window.clearInterval(poll);
    setUnlock(null);
    setBusy(false);
    if (!r.ok && stopped.current) {
      stopped.current = false;
      return setError('Recovery was stopped before the shares were decrypted: nothing was opened. Your shares are kept: press Open wallet to try again.');
    }
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    recovery.current = null;
    setWallet(r.value);
    onOpened(r.value);
    setStep('done');
  };

  return (
    <main className="screen" aria-labelledby="recover-title">
      <StepHeader task="Recover from shares" step={step === 'collect' ? 1 : step === 'finish' ? 2 : 3} of={3} title={step === 'done' ? 'Wallet recovered' : step === 'finish' ? 'Open the wallet' : 'Add your shares'} />
      <ErrorAlert message={error} />
      {step === 'collect' && (
        <OfflineGate airGapped={airGapped} what="the shares you type or scan">
          <Note>
            Add the shares one at a time, in any order: type the words (four letters a word are enough) or scan a share card’s QR code. A share from another
            set is refused; if a wrong share got in, start over.
          </Note>
          <ShareWordsInput value={typed} onChange={setTyped} label={`Share ${count + 1}`} testid="share-words" />
          <div className="actions">
            <button type="button" className="primary" disabled={!typed.trim()} onClick={() => void add(typed)} data-testid="add-share">
              Add share {count + 1}
            </button>
          </div>
          <details>
            <summary>Scan a share’s QR code instead</summary>
            <QrScanner onScan={(qr) => void add(qr.text)} />
          </details>
          {progress && (
            <div data-testid="recovery-progress">
              <p>
                <strong>{progress.complete ? 'Enough shares.' : 'Not enough yet.'}</strong> {progress.message}.
              </p>
              <button type="button" onClick={startOver} data-testid="start-over">
                Start over
              </button>
              <ul>
                {progress.groups.map((g) => (
                  <li key={g.groupIndex}>
                    Group {g.groupIndex + 1}: {Math.min(g.have, g.need)} of {g.need} <progress max={g.need} value={Math.min(g.have, g.need)} />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </OfflineGate>
      )}
      {step === 'finish' && (
        <>
          <Note>Your share cards say what they hold (the “Kind” line) and the wallet’s fingerprint: choose accordingly, then check the fingerprint.</Note>
          <fieldset className="choices">
            <legend>What the shares hold</legend>
            <label className="choice">
              <input type="radio" checked={mode === 'bip39'} onChange={() => setMode('bip39')} data-testid="recover-bip39" />
              <span>
                <strong>A recovery phrase split by Permafrost</strong> — the original words come back. Passphrase below: the wallet’s BIP39 passphrase, if it has
                one.
              </span>
            </label>
            <label className="choice">
              <input type="radio" checked={mode === 'wallet'} onChange={() => setMode('wallet')} data-testid="recover-wallet" />
              <span>
                <strong>A Shamir wallet</strong> (SLIP-39: Trezor, Keystone, Permafrost). Passphrase below: the SLIP-39 passphrase, if one was set.
              </span>
            </label>
          </fieldset>
          <label className="passphrase">
            Passphrase (leave empty if none)
            <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="recover-passphrase" />
          </label>
        </>
      )}
      {step === 'finish' && busy && unlock && (
        <div data-testid="unlock-progress">
          <p>
            Decrypting the shares: step {unlock.done} of {unlock.total} done. Shares made with a high iteration count take minutes.
          </p>
          <progress max={unlock.total} value={unlock.done} />
          <div className="actions">
            <button type="button" onClick={stop} data-testid="stop-unlock">
              Stop
            </button>
          </div>
        </div>
      )}
      {step === 'done' && wallet && <FingerprintDone wallet={wallet} onDone={onExit} />}
      {step !== 'done' && (
        <div className="actions">
          <button type="button" onClick={onExit} data-testid="cancel">
            Cancel
          </button>
          {step === 'collect' && (
            <button type="button" className="primary" disabled={!progress?.complete} onClick={() => setStep('finish')} data-testid="next">
              Next
            </button>
          )}
          {step === 'finish' && (
            <button type="button" className="primary" disabled={busy} onClick={() => void finish()} data-testid="next">
              {busy ? 'Opening…' : 'Open wallet'}
            </button>
          )}
        </div>
      )}
    </main>
  );
}
