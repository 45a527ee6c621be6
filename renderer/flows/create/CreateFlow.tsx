import { useEffect, useRef, useState } from 'react';
import type { DraftWallet, EntropyPreview, Language, WordCount } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { MnemonicGrid } from '../../components/MnemonicGrid';
import { StepHeader } from '../../components/StepHeader';
import { DireWarning, ErrorAlert, Note, Warning } from '../../components/Warnings';
import { WordInput } from '../../components/WordInput';
import { LanguageSelect } from '../../components/LanguageSelect';
import type { WalletView } from '../../app/wallet';
import { nextStep, previousStep, stepNumber, type CreateStep, type SourceChoice } from './machine';
import { PassphraseStep } from '../shared/PassphraseStep';
import { FingerprintDone } from '../shared/FingerprintDone';

const LENGTHS: readonly WordCount[] = [12, 15, 18, 21, 24];
const TITLES: Record<CreateStep, string> = {
  length: 'How many words?',
  source: 'Where should the randomness come from?',
  entropy: 'Enter your rolls',
  words: 'Write these words down',
  quiz: 'Prove you wrote them down',
  passphrase: 'Add a passphrase?',
  done: 'Your wallet is ready',
};

export function CreateFlow({ airGapped, onOpened, onExit }: { airGapped: boolean; onOpened: (w: WalletView) => void; onExit: () => void }) {
  const [step, setStep] = useState<CreateStep>('length');
  const [words, setWords] = useState<WordCount>(24);
  const [language, setLanguage] = useState<Language>('english');
  const [source, setSource] = useState<SourceChoice>('csprng');
  const [mix, setMix] = useState(false);
  const [rolls, setRolls] = useState('');
  const [preview, setPreview] = useState<EntropyPreview | null>(null);
  const [draft, setDraft] = useState<DraftWallet | null>(null);
  const [showWordsOffline, setShowWordsOffline] = useState(false);
  const [written, setWritten] = useState(false);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [wrong, setWrong] = useState<readonly number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wallet, setWallet] = useState<WalletView | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const quizRefs = useRef<Array<HTMLInputElement | null>>([]);
  const [wordlist, setWordlist] = useState<readonly string[]>([]);
  const [needed, setNeeded] = useState<{ dice: number; coins: number } | null>(null);
  // The draft held in main, until it opens: closed however the user leaves (Cancel, the header, an error).
  const heldDraft = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (heldDraft.current) void ask('closeWallet', { walletId: heldDraft.current });
    },
    [],
  );

  useEffect(() => {
    void Promise.all([ask('previewEntropy', { kind: 'dice', input: '', words }), ask('previewEntropy', { kind: 'coins', input: '', words })]).then(([d, c]) => {
      if (d.ok && c.ok) setNeeded({ dice: d.value.needed, coins: c.value.needed });
    });
  }, [words]);

  useEffect(() => {
    void ask('getWordlist', { language }).then((r) => r.ok && setWordlist(r.value));
  }, [language]);

  // Live count of rolls/flips as they are typed.
  useEffect(() => {
    if (step !== 'entropy' || source === 'csprng') return undefined;
    const t = window.setTimeout(() => {
      void ask('previewEntropy', { kind: source, input: rolls, words }).then((r) => r.ok && setPreview(r.value));
    }, 120);
    return () => window.clearTimeout(t);
  }, [rolls, step, source, words]);

  // Leaving: forget the draft in main too.
  const discard = async () => {
    if (heldDraft.current) await ask('closeWallet', { walletId: heldDraft.current });
    heldDraft.current = null;
    onExit();
  };

  const makeDraft = async () => {
    setBusy(true);
    setError(null);
    const r = await ask('createDraft', {
      words,
      language,
      source: source === 'csprng' ? { kind: 'csprng' } : { kind: source, input: rolls, mix },
    });
    setBusy(false);
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    // A new draft replaces any earlier one (main keeps one at a time); the rolls are not needed any more.
    heldDraft.current = r.value.draftId;
    setRolls('');
    setPreview(null);
    setDraft(r.value);
    setWritten(false);
    setAnswers({});
    setStep('words');
  };

  const checkQuiz = async () => {
    if (!draft) return;
    setBusy(true);
    const r = await ask('checkQuiz', { draftId: draft.draftId, answers: draft.quizPositions.map((p) => ({ position: p, word: answers[p] ?? '' })) });
    setBusy(false);
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    setWrong(r.value.wrongPositions);
    if (r.value.passed) {
      // Nothing secret is needed in the renderer any more.
      setDraft({ ...draft, words: [], verifyCommand: null, entropyHex: null });
      setAnswers({});
      setStep('passphrase');
    }
  };

  const open = async (passphrase: string) => {
    if (!draft) return;
    setBusy(true);
    const r = await ask('openWallet', { source: { draftId: draft.draftId }, passphrase });
    setBusy(false);
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    heldDraft.current = null; // opened: the vault no longer holds it as a draft
    setWallet(r.value);
    onOpened(r.value);
    setStep('done');
  };

  const { step: n, of } = stepNumber(step, source);
  const back = previousStep(step, source);
  const primary = (label: string, onClick: () => void, disabled = false) => (
    <button type="button" className="primary" onClick={onClick} disabled={disabled || busy} data-testid="next">
      {label}
    </button>
  );

  return (
    <main className="screen" aria-labelledby="create-title">
      <StepHeader task="Create wallet" step={n} of={of} title={TITLES[step]} />
      <ErrorAlert message={error} />

      {step === 'length' && (
        <fieldset className="choices">
          <LanguageSelect value={language} onChange={setLanguage} />
          {language !== 'english' && (
            <Note>
              SeedQR, metal plates and most wallets expect English words. Other lists are part of BIP39, but fewer wallets can restore them.
            </Note>
          )}
          <legend>Recovery phrase length</legend>
          {LENGTHS.map((len) => (
            <label key={len} className="choice">
              <input type="radio" name="length" checked={words === len} onChange={() => setWords(len)} data-testid={`length-${len}`} />
              <span>
                <strong>{len} words</strong> ({(len / 3) * 32} bits){len === 24 ? ' — recommended' : len === 12 ? ' — strong, and quicker to copy' : ''}
              </span>
            </label>
          ))}
        </fieldset>
      )}

      {step === 'source' && (
        <fieldset className="choices">
          <legend>Source of randomness</legend>
          <label className="choice">
            <input type="radio" name="source" checked={source === 'csprng'} onChange={() => setSource('csprng')} data-testid="source-csprng" />
            <span>
              <strong>This computer</strong> — its operating system’s random generator. Quick and strong.
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="source" checked={source === 'dice'} onChange={() => setSource('dice')} data-testid="source-dice" />
            <span>
              <strong>Dice rolls</strong> — {needed?.dice ?? '…'} rolls of a six-sided die. Gives the same words as
              SeedSigner and Coldcard for the same rolls, so you can check the result on another device.
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="source" checked={source === 'coins'} onChange={() => setSource('coins')} data-testid="source-coins" />
            <span>
              <strong>Coin flips</strong> — {needed?.coins ?? '…'} flips, heads H, tails T.
            </span>
          </label>
          {source !== 'csprng' && (
            <label className="choice">
              <input type="checkbox" checked={mix} onChange={(e) => setMix(e.target.checked)} data-testid="mix" />
              <span>
                Also mix in this computer’s randomness, so that neither biased {source === 'dice' ? 'dice' : 'coins'} nor a weak generator alone can weaken the key. (The
                words can then not be reproduced from the {source === 'dice' ? 'rolls' : 'flips'} alone.)
              </span>
            </label>
          )}
        </fieldset>
      )}

      {step === 'entropy' && source !== 'csprng' && (
        <>
          <Note>
            {source === 'dice' ? 'Type each roll as a digit 1 to 6 (spaces and line breaks are fine).' : 'Type each flip as H (heads) or T (tails).'} The{' '}
            {source === 'dice' ? 'rolls' : 'flips'} are your secret: nobody may see them.
          </Note>
          <textarea
            className="mono rolls"
            rows={5}
            value={rolls}
            onChange={(e) => setRolls(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-label={source === 'dice' ? 'Dice rolls' : 'Coin flips'}
            data-testid="rolls"
          />
          {preview && (
            <p data-testid="entropy-progress">
              {preview.count} of {preview.needed} {source === 'dice' ? 'rolls' : 'flips'} · {preview.bitsCollected} of {(words / 3) * 32} bits
              {preview.count >= preview.needed ? ' — enough.' : ` — ${preview.needed - preview.count} more.`}
            </p>
          )}
          {preview?.error && <p className="error">{preview.error}</p>}
          {preview?.warning && <Warning>{preview.warning}</Warning>}
        </>
      )}

      {step === 'words' && draft && (
        <>
          {!airGapped && !showWordsOffline ? (
            <DireWarning title="This computer is online" onAccept={() => setShowWordsOffline(true)} acceptLabel="Show the words anyway">
              Anyone with access to this computer over the network could see your words. Disconnect every network (Wi-Fi, cable, Bluetooth) first, then come
              back to this step.
            </DireWarning>
          ) : (
            <>
              <Note>
                Write the {draft.words.length} words on paper, in order, and check each one. Anyone who sees them can take your funds; if you lose them, and
                this computer forgets them (it will), your funds are gone.
              </Note>
              <MnemonicGrid words={draft.words} />
              <p className="muted" data-testid="method">
                Made with {draft.method === 'csprng' ? 'this computer’s random generator' : draft.method}
                {draft.bitsCollected !== null ? ` (${draft.bitsCollected} bits from your ${source === 'dice' ? 'rolls' : 'flips'})` : ''}.
              </p>
              {draft.warning && <Warning>{draft.warning}</Warning>}
              {draft.verifyCommand && (
                <details className="verify">
                  <summary>Check these words on another offline computer</summary>
                  <p>
                    In bash, this command asks for the {source === 'dice' ? 'rolls' : 'flips'} at a hidden prompt (so they stay out of the shell
                    history) and prints the entropy behind the words; any offline BIP39 tool turns it into the same words:
                  </p>
                  <pre className="mono">{draft.verifyCommand}</pre>
                  <p>
                    Expected: <span className="mono">{draft.entropyHex}</span>
                  </p>
                </details>
              )}
              <label className="choice">
                <input type="checkbox" checked={written} onChange={(e) => setWritten(e.target.checked)} data-testid="written" />
                <span>I have written down all {draft.words.length} words, in order.</span>
              </label>
            </>
          )}
        </>
      )}

      {step === 'quiz' && draft && (
        <>
          <Note>From your paper, type the words asked for. This proves the paper is right before you rely on it.</Note>
          <div className="quiz">
            {draft.quizPositions.map((p, i) => (
              <WordInput
                key={p}
                index={p - 1}
                value={answers[p] ?? ''}
                wordlist={wordlist}
                invalid={wrong.includes(p)}
                inputRef={(el) => {
                  quizRefs.current[i] = el;
                }}
                onChange={(v) => setAnswers((a) => ({ ...a, [p]: v }))}
                onComplete={() => quizRefs.current[i + 1]?.focus()}
              />
            ))}
          </div>
          {wrong.length > 0 && (
            <p className="error" role="alert" data-testid="quiz-wrong">
              {wrong.map((p) => `Word ${p}`).join(', ')} {wrong.length === 1 ? 'does' : 'do'} not match. Check your paper; Back shows the words again.
            </p>
          )}
        </>
      )}

      {step === 'passphrase' && <PassphraseStep busy={busy} onSubmit={open} onCancel={() => setConfirmCancel(true)} />}

      {step === 'done' && wallet && <FingerprintDone wallet={wallet} onDone={onExit} />}

      {confirmCancel ? (
        <div className="dire" role="alert">
          <strong>Discard these words?</strong> They are not saved anywhere; you would start again with new ones.
          <div className="actions">
            <button type="button" onClick={() => void discard()} data-testid="confirm-cancel">
              Discard
            </button>
            <button type="button" className="primary" onClick={() => setConfirmCancel(false)}>
              Keep going
            </button>
          </div>
        </div>
      ) : (
        step !== 'done' &&
        step !== 'passphrase' && (
          <div className="actions">
            {back && (
              <button type="button" onClick={() => setStep(back)} data-testid="back">
                Back
              </button>
            )}
            <button type="button" onClick={() => (heldDraft.current ? setConfirmCancel(true) : onExit())} data-testid="cancel">
              Cancel
            </button>
            {step === 'length' && primary('Next', () => setStep('source'))}
            {step === 'source' && primary('Next', () => (source === 'csprng' ? void makeDraft() : setStep(nextStep('source', source))))}
            {step === 'entropy' && primary('Make the words', () => void makeDraft(), !preview || preview.count < preview.needed || preview.error !== null)}
            {step === 'words' && primary('Next', () => setStep('quiz'), !written)}
            {step === 'quiz' && primary('Check', () => void checkQuiz(), draft?.quizPositions.some((p) => !(answers[p] ?? '').trim()) ?? true)}
          </div>
        )
      )}
    </main>
  );
}
