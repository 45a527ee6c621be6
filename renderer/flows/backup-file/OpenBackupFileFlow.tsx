import { useState } from 'react';
import { ask, describeError } from '../../bridge';
import { StepHeader } from '../../components/StepHeader';
import { ErrorAlert, Note, OfflineGate } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';
import { FingerprintDone } from '../shared/FingerprintDone';

type Step = 'file' | 'passphrase' | 'bip39' | 'done';
const TITLES: Record<Step, string> = { file: 'Choose the backup file', passphrase: 'Type the file’s passphrase', bip39: 'Type the wallet’s BIP39 passphrase', done: 'Wallet opened' };
const NUMBER: Record<Step, number> = { file: 1, passphrase: 2, bip39: 3, done: 3 };

/** Opens a wallet from an encrypted backup file (age): no words to retype. */
export function OpenBackupFileFlow({ airGapped, onOpened, onExit }: { airGapped: boolean; onOpened: (w: WalletView) => void; onExit: () => void }) {
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<{ fileId: string; name: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [bip39, setBip39] = useState('');
  const [expected, setExpected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [wallet, setWallet] = useState<WalletView | null>(null);

  const choose = async () => {
    setError(null);
    const r = await ask('chooseEncryptedBackup');
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    if (!r.value) return;
    setFile(r.value);
    setStep('passphrase');
  };

  const open = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const r = await ask('openEncryptedBackup', { fileId: file.fileId, encryptionPassphrase: passphrase, bip39Passphrase: step === 'bip39' ? bip39 : null });
    setBusy(false);
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    if (r.value.kind === 'needs-passphrase') {
      setExpected(r.value.fingerprint);
      setStep('bip39');
      return;
    }
    setPassphrase('');
    setBip39('');
    setWallet(r.value.wallet);
    onOpened(r.value.wallet);
    setStep('done');
  };

  return (
    <main className="screen" aria-labelledby="open-file-title">
      <StepHeader task="Open from encrypted file" step={NUMBER[step]} of={3} title={TITLES[step]} />
      <ErrorAlert message={error} />
      {step === 'file' && (
        <>
          <Note>Choose the .age file Permafrost saved (an encrypted backup of your recovery words). It stays encrypted until you type its passphrase.</Note>
          <div className="actions">
            <button type="button" onClick={onExit} data-testid="cancel">
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void choose()} data-testid="choose-file" autoFocus>
              Choose the file…
            </button>
          </div>
        </>
      )}
      {(step === 'passphrase' || step === 'bip39') && file && (
        <OfflineGate airGapped={airGapped} what="your recovery words once the file opens">
          <p>
            File: <span className="mono" data-testid="file-name">{file.name}</span>
          </p>
          <div className="passphrase">
            <label>
              File passphrase
              <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} disabled={step === 'bip39'} autoComplete="off" spellCheck={false} data-testid="file-passphrase" />
            </label>
            {step === 'bip39' && (
              <>
                <Note>
                  The file holds the words but not the wallet’s BIP39 passphrase. Type it: the wallet must come out as <span className="mono">{expected}</span>, as the
                  file recorded.
                </Note>
                <label>
                  BIP39 passphrase
                  <input type="password" value={bip39} onChange={(e) => setBip39(e.target.value)} autoComplete="off" spellCheck={false} data-testid="bip39-passphrase" autoFocus />
                </label>
              </>
            )}
          </div>
          <div className="actions">
            <button type="button" onClick={onExit} data-testid="cancel">
              Cancel
            </button>
            <button type="button" className="primary" disabled={busy || !passphrase || (step === 'bip39' && !bip39)} onClick={() => void open()} data-testid="open-file">
              {busy ? 'Decrypting…' : 'Open wallet'}
            </button>
          </div>
        </OfflineGate>
      )}
      {step === 'done' && wallet && <FingerprintDone wallet={wallet} onDone={onExit} />}
    </main>
  );
}
