import { useEffect, useRef, useState } from 'react';
import type { Language } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { QrScanner, type ScannedQr } from '../../components/QrScanner';
import { StepHeader } from '../../components/StepHeader';
import { ErrorAlert, Note, OfflineGate } from '../../components/Warnings';
import { WordInput } from '../../components/WordInput';
import { LanguageSelect } from '../../components/LanguageSelect';
import type { WalletView } from '../../app/wallet';
import { FingerprintDone } from '../shared/FingerprintDone';
import { PassphraseStep } from '../shared/PassphraseStep';

type Step = 'method' | 'words' | 'scan' | 'passphrase' | 'done';
const STEP_NUMBER: Record<Step, number> = { method: 1, words: 2, scan: 2, passphrase: 3, done: 4 };
const TITLES: Record<Step, string> = {
  method: 'How will you enter your words?',
  words: 'Type your recovery words',
  scan: 'Scan your SeedQR',
  passphrase: 'Passphrase',
  done: 'Wallet restored',
};
const COUNTS = [12, 15, 18, 21, 24] as const;

export function RestoreFlow({ airGapped, onOpened, onExit }: { airGapped: boolean; onOpened: (w: WalletView) => void; onExit: () => void }) {
  const [step, setStep] = useState<Step>('method');
  const [count, setCount] = useState<number>(12);
  const [words, setWords] = useState<string[]>(Array<string>(24).fill(''));
  const [language, setLanguage] = useState<Language>('english');
  const [wordlist, setWordlist] = useState<readonly string[]>([]);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [badPositions, setBadPositions] = useState<readonly number[]>([]);
  const [scanned, setScanned] = useState<{ draftId: string; wordCount: number; format: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wallet, setWallet] = useState<WalletView | null>(null);
  const refs = useRef<Array<HTMLInputElement | null>>([]);
  const scanning = useRef(false);
  // A scanned SeedQR held in main until it opens: closed however the user leaves.
  const heldDraft = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (heldDraft.current) void ask('closeWallet', { walletId: heldDraft.current });
    },
    [],
  );

  useEffect(() => {
    void ask('getWordlist', { language }).then((r) => r.ok && setWordlist(r.value));
  }, [language]);

  const typed = words.slice(0, count);

  const checkTyped = async () => {
    setBusy(true);
    const r = await ask('checkWords', { words: typed.join(' '), language });
    setBusy(false);
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    if (r.value.ok) {
      setProblems([]);
      setBadPositions([]);
      setStep('passphrase');
    } else {
      setProblems(r.value.messages);
      setBadPositions(r.value.problems.flatMap((p) => (p.kind === 'unknown-word' ? [p.position] : [])));
    }
  };

  const onScan = async (qr: ScannedQr) => {
    if (scanning.current) return;
    scanning.current = true;
    const isDigits = /^\d+$/.test(qr.text);
    const r = await ask('scanSeedQr', { text: isDigits ? qr.text : null, bytes: isDigits ? null : qr.bytes });
    scanning.current = false;
    if (!r.ok) return setError(r.error.message);
    heldDraft.current = r.value.draftId;
    setError(null);
    setScanned(r.value);
    setStep('passphrase');
  };

  const open = async (passphrase: string) => {
    setBusy(true);
    const source = scanned ? { draftId: scanned.draftId } : { words: typed.join(' '), language };
    const r = await ask('openWallet', { source, passphrase });
    setBusy(false);
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    // The typed words are not needed any more.
    heldDraft.current = null;
    setWords(Array<string>(24).fill(''));
    setWallet(r.value);
    onOpened(r.value);
    setStep('done');
  };

  const leave = async () => {
    if (heldDraft.current) await ask('closeWallet', { walletId: heldDraft.current });
    heldDraft.current = null;
    setWords(Array<string>(24).fill(''));
    onExit();
  };

  return (
    <main className="screen" aria-labelledby="restore-title">
      <StepHeader task="Restore wallet" step={STEP_NUMBER[step]} of={4} title={TITLES[step]} />
      <ErrorAlert message={error} />

      {step === 'method' && (
        <div className="choices">
          <button type="button" className="task" onClick={() => setStep('words')} data-testid="method-type" autoFocus>
            <span className="task-title">Type the words</span>
            <span className="task-description">From your paper or metal backup. Four letters of each word are enough.</span>
          </button>
          <button type="button" className="task" onClick={() => setStep('scan')} data-testid="method-scan">
            <span className="task-title">Scan a SeedQR</span>
            <span className="task-description">Standard or Compact SeedQR (SeedSigner), with this computer’s camera.</span>
          </button>
        </div>
      )}

      {step === 'words' && (
        <OfflineGate airGapped={airGapped} what="the words you type">
          <LanguageSelect value={language} onChange={setLanguage} />{' '}
          <label>
            Number of words{' '}
            <select value={count} onChange={(e) => setCount(Number(e.target.value))} data-testid="word-count">
              {COUNTS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <div className="word-inputs" style={{ gridTemplateRows: `repeat(${Math.ceil(count / (count > 12 ? 3 : 2))}, auto)` }}>
            {typed.map((w, i) => (
              <WordInput
                key={i}
                index={i}
                value={w}
                wordlist={wordlist}
                invalid={badPositions.includes(i + 1)}
                inputRef={(el) => {
                  refs.current[i] = el;
                }}
                onChange={(v) => setWords((all) => all.map((x, j) => (j === i ? v : x)))}
                onComplete={() => (i + 1 < count ? refs.current[i + 1]?.focus() : undefined)}
              />
            ))}
          </div>
          {problems.length > 0 && (
            <ul className="error" role="alert" data-testid="problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </OfflineGate>
      )}

      {step === 'scan' && (
        <OfflineGate airGapped={airGapped} what="the words the camera reads">
          <Note>Hold the SeedQR flat, in good light. Nothing is recorded; the words stay in this computer’s memory only.</Note>
          <QrScanner onScan={(qr) => void onScan(qr)} />
        </OfflineGate>
      )}

      {step === 'passphrase' && (
        <>
          {scanned && (
            <p data-testid="scanned">
              Scanned a {scanned.format === 'compact' ? 'Compact' : 'Standard'} SeedQR with {scanned.wordCount} words.
            </p>
          )}
          <PassphraseStep busy={busy} onSubmit={(p) => void open(p)} onCancel={() => void leave()} />
        </>
      )}

      {step === 'done' && wallet && <FingerprintDone wallet={wallet} onDone={onExit} />}

      {step !== 'done' && step !== 'passphrase' && (
        <div className="actions">
          {step !== 'method' && (
            <button type="button" onClick={() => setStep('method')} data-testid="back">
              Back
            </button>
          )}
          <button type="button" onClick={() => void leave()} data-testid="cancel">
            Cancel
          </button>
          {step === 'words' && (
            <button type="button" className="primary" onClick={() => void checkTyped()} disabled={busy || typed.some((w) => !w.trim())} data-testid="next">
              Next
            </button>
          )}
        </div>
      )}
    </main>
  );
}
