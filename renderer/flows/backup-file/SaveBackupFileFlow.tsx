import { useEffect, useState } from 'react';
import type { PassphraseStrength, SavedBackupFile } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { StepHeader } from '../../components/StepHeader';
import { TypedTwice } from '../../components/TypedTwice';
import { DireWarning, ErrorAlert, Note, OfflineGate, Warning } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';

/** The file's passphrase strength, shown as the user types (asked of main, which counts the wallet's words as known). */
export function StrengthMeter({ strength }: { strength: PassphraseStrength | null }) {
  if (!strength) return null;
  const words = ['very weak', 'weak', 'fair', 'strong', 'very strong'][strength.score];
  return (
    <div className="strength" data-testid="strength" data-score={strength.score}>
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength.score} aria-label="Passphrase strength" />{' '}
      <strong>{words}</strong>
      <span className="muted">To guess it, an attacker with the file would need: {strength.crackTime}</span>
      {strength.warning && <p className="error">{strength.warning}</p>}
      {!strength.acceptable && strength.suggestions.length > 0 && (
        <ul className="muted">
          {strength.suggestions.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

type Step = 'passphrase' | 'saved';

/**
 * Saves the open wallet as an age file that opens with a passphrase — in this app, or with the `age` tool alone
 * years later. The file passphrase is typed twice and must be strong; the BIP39 passphrase goes in only when the
 * user asks, after a warning, typed again.
 */
export function SaveBackupFileFlow({ wallet, airGapped, onExit }: { wallet: WalletView; airGapped: boolean; onExit: () => void }) {
  const [step, setStep] = useState<Step>('passphrase');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [strength, setStrength] = useState<PassphraseStrength | null>(null);
  const [include, setInclude] = useState(false);
  const [includeOk, setIncludeOk] = useState(false);
  const [bip39, setBip39] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedBackupFile | null>(null);

  useEffect(() => {
    if (!first) {
      setStrength(null);
      return;
    }
    let alive = true;
    const timer = window.setTimeout(() => {
      void ask('assessBackupPassphrase', { walletId: wallet.walletId, passphrase: first }).then((r) => alive && r.ok && setStrength(r.value));
    }, 150);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [first, wallet.walletId]);

  const ready = first.length > 0 && first === second && strength?.acceptable === true && (!include || (includeOk && bip39.length > 0));

  const save = async () => {
    setBusy(true);
    setError(null);
    const r = await ask('saveEncryptedBackup', { walletId: wallet.walletId, encryptionPassphrase: first, bip39Passphrase: include ? bip39 : null });
    setBusy(false);
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    if (!r.value) return setError('Not saved.');
    setSaved(r.value);
    // The passphrases leave the screen's memory once the file is made.
    setFirst('');
    setSecond('');
    setBip39('');
    setStep('saved');
  };

  return (
    <main className="screen" aria-labelledby="backup-file-title">
      <StepHeader task="Encrypted backup file" step={step === 'passphrase' ? 1 : 2} of={2} title={step === 'passphrase' ? 'Choose the file’s passphrase' : 'Saved and checked'} />
      <ErrorAlert message={error} />
      {step === 'passphrase' && (
        <OfflineGate airGapped={airGapped} what="the passphrase you type">
          <Note>
            The file holds your recovery words, encrypted with a passphrase of your choice in the standard <strong>age</strong> format: it opens in Permafrost,
            or years from now with the free <span className="mono">age</span> tool alone. Anyone who has the file and guesses the passphrase can take the funds,
            so make it long: four or more random words, or a sentence only you know. Keep it apart from the file (not on the same drive).
          </Note>
          <TypedTwice label="File passphrase" first={first} second={second} onFirst={setFirst} onSecond={setSecond} testid="file-passphrase" between={<StrengthMeter strength={strength} />} />
          {wallet.hasPassphrase && (
            <fieldset className="choices">
              <legend>This wallet has a BIP39 passphrase</legend>
              <label className="choice">
                <input type="radio" checked={!include} onChange={() => setInclude(false)} data-testid="leave-bip39" />
                <span>
                  <strong>Leave it out</strong> (recommended): the file then needs your words <em>and</em> your BIP39 passphrase, which you keep elsewhere.
                </span>
              </label>
              <label className="choice">
                <input type="radio" checked={include} onChange={() => setInclude(true)} data-testid="include-bip39" />
                <span>Put it in the file too</span>
              </label>
              {include && !includeOk && (
                <DireWarning title="The file alone will open the wallet" onAccept={() => setIncludeOk(true)} acceptLabel="Put it in the file">
                  Your BIP39 passphrase protects the funds if someone finds your words. In the file, it protects nothing more than the file passphrase does.
                </DireWarning>
              )}
              {include && includeOk && (
                <div className="passphrase">
                  <label>
                    Your BIP39 passphrase, typed again (it must give this wallet, {wallet.fingerprint})
                    <input type="password" value={bip39} onChange={(e) => setBip39(e.target.value)} autoComplete="off" spellCheck={false} data-testid="bip39-passphrase" />
                  </label>
                </div>
              )}
            </fieldset>
          )}
          <div className="actions">
            <button type="button" onClick={onExit} data-testid="cancel">
              Cancel
            </button>
            <button type="button" className="primary" disabled={!ready || busy} onClick={() => void save()} data-testid="save-file">
              {busy ? 'Encrypting and checking…' : 'Save to a drive…'}
            </button>
          </div>
        </OfflineGate>
      )}
      {step === 'saved' && saved && (
        <>
          <p className="verify-ok" data-testid="saved">
            Saved to <span className="mono">{saved.path}</span>, read back after writing and decrypted: it opens wallet <span className="mono">{saved.fingerprint}</span>.
          </p>
          {saved.passphraseIncluded ? (
            <Warning>The file holds your BIP39 passphrase too: the file and its passphrase alone open the wallet.</Warning>
          ) : wallet.hasPassphrase ? (
            <Note>The file does not hold your BIP39 passphrase: you will need it too.</Note>
          ) : null}
          <Note>
            To open it without Permafrost, install <span className="mono">age</span> (age-encryption.org) on an offline computer and run:
          </Note>
          <pre className="mono" data-testid="age-command">
            age --decrypt {saved.path.split(/[\\/]/).pop()}
          </pre>
          <Note>
            It asks for the file passphrase and shows the words (as JSON) on the screen, writing nothing to the disk — do not add <span className="mono">-o</span>,
            which would save the words unencrypted. Write this command down with the file’s location.
          </Note>
          <div className="actions">
            <button type="button" className="primary" onClick={onExit} data-testid="done">
              Done
            </button>
          </div>
        </>
      )}
    </main>
  );
}
