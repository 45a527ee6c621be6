import { useEffect, useState } from 'react';
import type { BackupCheck, BackupOptions, InheritanceText, MultisigWalletInfo, PaperDocument, PaperSize, Sheet } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { PaperPreview } from '../../components/PaperPreview';
import { QrScanner, type ScannedQr } from '../../components/QrScanner';
import { StepHeader } from '../../components/StepHeader';
import { DireWarning, ErrorAlert, Note, OfflineGate, PrintWarning } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';

type Step = 'choose' | 'preview' | 'verify';
const STEP_NUMBER: Record<Step, number> = { choose: 1, preview: 2, verify: 3 };
const TITLES: Record<Step, string> = { choose: 'Choose what to print', preview: 'Check, then print or save', verify: 'Prove the paper is right' };

const SHEET_INFO: ReadonlyArray<readonly [Sheet, string, string, boolean]> = [
  ['seed', 'Seed card', 'Numbered words with their 4-letter abbreviations, SeedQR, fingerprint.', true],
  ['metal', 'Metal plate template', 'The abbreviations laid out for a 24 × 4 plate, and a blank grid.', true],
  ['watch', 'Watch-only sheet', 'Descriptors, xpubs and the account QR: rebuild a watch-only wallet from paper.', false],
  ['receive', 'Receive sheet', 'The next addresses, each with a QR, for payments to a fresh address.', false],
  ['instructions', 'Recovery instructions', 'How to restore in Permafrost and other wallets.', false],
  ['inheritance', 'Letter to my heirs', 'What you hold, where the pieces are, whom to contact — your words, no secret.', false],
];

export function PaperFlow({ wallet, airGapped, onExit }: { wallet: WalletView; airGapped: boolean; onExit: () => void }) {
  const [step, setStep] = useState<Step>('choose');
  const [sheets, setSheets] = useState<ReadonlySet<Sheet>>(new Set<Sheet>(['seed', 'metal', 'watch', 'instructions']));
  const [paper, setPaper] = useState<PaperSize>('a4');
  const [receiveCount, setReceiveCount] = useState(10);
  const [inheritance, setInheritance] = useState<InheritanceText>({ holdings: '', locations: '', contacts: '', notes: '' });
  const [doc, setDoc] = useState<PaperDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [confirmSave, setConfirmSave] = useState(false);
  const [onlineOk, setOnlineOk] = useState(false);
  const [verifyBy, setVerifyBy] = useState<'scan' | 'type'>('scan');
  const [typed, setTyped] = useState('');
  const [check, setCheck] = useState<BackupCheck | null>(null);
  const [multisigs, setMultisigs] = useState<readonly MultisigWalletInfo[]>([]);
  const [multisigId, setMultisigId] = useState<string | null>(null);
  useEffect(() => {
    void ask('listMultisig', { walletId: wallet.walletId }).then((r) => r.ok && setMultisigs(r.value.wallets));
  }, [wallet.walletId]);

  const secret = sheets.has('seed') || sheets.has('metal');
  const options = (): BackupOptions => ({
    walletId: wallet.walletId,
    paper,
    sheets: [...sheets],
    network: 'mainnet',
    receive: { kind: 'bip84', count: receiveCount },
    inheritance: sheets.has('inheritance') ? inheritance : null,
    multisigId,
  });
  const fail = (e: { code: Parameters<typeof describeError>[0]['code']; message: string }) => setError(`${describeError(e)} ${e.message}`);

  const preview = async () => {
    setError(null);
    const r = await ask('previewBackup', options());
    if (!r.ok) return fail(r.error);
    setDoc(r.value);
    setStep('preview');
  };
  const print = async () => {
    setStatus('Opening the print dialog…');
    const r = await ask('printBackup', { paper });
    if (!r.ok) return fail(r.error);
    setStatus(r.value.printed ? 'Sent to the printer. Now prove the paper is right.' : 'Not printed.');
  };
  const save = async () => {
    setConfirmSave(false);
    const r = await ask('saveBackupPdf', options());
    if (!r.ok) return fail(r.error);
    setStatus(r.value ? `Saved to ${r.value.path}.` : 'Not saved.');
  };
  const verify = async (input: { text: string | null; bytes: Uint8Array | null; words: string | null }) => {
    const r = await ask('verifyBackup', { walletId: wallet.walletId, ...input });
    if (!r.ok) return setCheck({ match: false, message: r.error.message });
    setCheck(r.value);
  };
  const leave = () => {
    setDoc(null); // the words in the preview go with it
    onExit();
  };

  return (
    <main className="screen" aria-labelledby="paper-title">
      <div className="no-print">
        <StepHeader task="Paper backup" step={STEP_NUMBER[step]} of={3} title={TITLES[step]} />
        <ErrorAlert message={error} />
      </div>

      {step === 'choose' && (
        <>
          <fieldset className="choices">
            <legend>Sheets</legend>
            {SHEET_INFO.map(([id, title, description, isSecret]) => (
              <label key={id} className="choice">
                <input
                  type="checkbox"
                  checked={sheets.has(id)}
                  data-testid={`sheet-${id}`}
                  onChange={(e) => {
                    const next = new Set(sheets);
                    if (e.target.checked) next.add(id);
                    else next.delete(id);
                    setSheets(next);
                  }}
                />
                <span>
                  <strong>{title}</strong> {isSecret && <span className="tag-secret">secret</span>} — {description}
                </span>
              </label>
            ))}
          </fieldset>
          {multisigs.length > 0 && (
            <label>
              Multisig wallet this key belongs to{' '}
              <select value={multisigId ?? ''} onChange={(e) => setMultisigId(e.target.value || null)} data-testid="paper-multisig">
                <option value="">None</option>
                {multisigs.map((m) => (
                  <option key={m.multisigId} value={m.multisigId}>
                    {m.name} ({m.m} of {m.n}) — adds its configuration sheet
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="account-controls">
            <label>
              Paper{' '}
              <select value={paper} onChange={(e) => setPaper(e.target.value as PaperSize)} data-testid="paper-size">
                <option value="a4">A4</option>
                <option value="letter">US Letter</option>
              </select>
            </label>
            {sheets.has('receive') && (
              <label>
                Receive addresses{' '}
                <input type="number" min={1} max={60} value={receiveCount} onChange={(e) => setReceiveCount(Math.max(1, Math.min(60, Number(e.target.value) || 1)))} />
              </label>
            )}
          </div>
          {sheets.has('inheritance') && (
            <div className="inheritance">
              <Note>The letter holds no secret: say what exists and where the pieces are, never the words or the passphrase.</Note>
              {(['holdings', 'locations', 'contacts', 'notes'] as const).map((k) => (
                <label key={k}>
                  {{ holdings: 'What I hold', locations: 'Where the backup pieces are kept', contacts: 'Whom to contact', notes: 'Notes' }[k]}
                  <textarea rows={3} maxLength={4000} value={inheritance[k]} onChange={(e) => setInheritance({ ...inheritance, [k]: e.target.value })} data-testid={`inheritance-${k}`} />
                </label>
              ))}
            </div>
          )}
          <div className="actions">
            <button type="button" onClick={leave} data-testid="cancel">
              Cancel
            </button>
            <button type="button" className="primary" disabled={sheets.size === 0} onClick={() => void preview()} data-testid="next">
              Preview
            </button>
          </div>
        </>
      )}

      {step === 'preview' && doc && (
        <>
          {secret && !airGapped && !onlineOk ? (
            <div className="no-print">
              <DireWarning title="This computer is online" onAccept={() => setOnlineOk(true)} acceptLabel="Show the backup anyway">
                The preview shows your recovery words. Disconnect every network first.
              </DireWarning>
            </div>
          ) : (
            <>
              <div className="no-print">
                {secret && <PrintWarning what="your recovery words" />}
                <div className="actions">
                  <button type="button" onClick={() => setStep('choose')} data-testid="back">
                    Back
                  </button>
                  <button type="button" className="primary" onClick={() => void print()} data-testid="print">
                    Print…
                  </button>
                  <button type="button" onClick={() => (secret ? setConfirmSave(true) : void save())} data-testid="save-pdf">
                    Save PDF to a drive
                  </button>
                  {secret && (
                    <button type="button" onClick={() => setStep('verify')} data-testid="to-verify">
                      Next: verify
                    </button>
                  )}
                  {!secret && (
                    <button type="button" onClick={leave} data-testid="done">
                      Done
                    </button>
                  )}
                </div>
                {confirmSave && (
                  <DireWarning title="This file will hold your recovery words" onAccept={() => void save()} acceptLabel="Save it">
                    Anyone who can read the file can take the funds. Save it only to a drive you will keep offline, print it, then erase it.
                  </DireWarning>
                )}
                {status && <p data-testid="print-status">{status}</p>}
              </div>
              <PaperPreview doc={doc} />
            </>
          )}
        </>
      )}

      {step === 'verify' && (
        <>
          <Note>Check the printed paper against this wallet before you leave the room: scan its SeedQR, or type the words from it.</Note>
          <div className="account-controls">
            <label className="choice">
              <input type="radio" checked={verifyBy === 'scan'} onChange={() => setVerifyBy('scan')} data-testid="verify-scan" /> Scan the printed SeedQR
            </label>
            <label className="choice">
              <input type="radio" checked={verifyBy === 'type'} onChange={() => setVerifyBy('type')} data-testid="verify-type" /> Type the words from the paper
            </label>
          </div>
          {verifyBy === 'scan' && !check && <QrScanner onScan={(qr: ScannedQr) => void verify(/^\d+$/.test(qr.text) ? { text: qr.text, bytes: null, words: null } : { text: null, bytes: qr.bytes, words: null })} />}
          {verifyBy === 'type' && !check && (
            <OfflineGate airGapped={airGapped} what="the words you type">
              <textarea className="mono rolls" rows={4} value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} autoComplete="off" aria-label="Words from the paper" data-testid="verify-words" />
              <div className="actions">
                <button type="button" className="primary" disabled={!typed.trim()} onClick={() => void verify({ text: null, bytes: null, words: typed })} data-testid="verify-check">
                  Check
                </button>
              </div>
            </OfflineGate>
          )}
          {check && (
            <div className={check.match ? 'verify-ok' : 'dire'} role="status" data-testid="verify-result">
              <strong>{check.match ? 'Match' : 'Mismatch'}</strong> {check.message}
            </div>
          )}
          <div className="actions">
            {check && !check.match && (
              <button type="button" onClick={() => setCheck(null)} data-testid="verify-again">
                Try again
              </button>
            )}
            <button type="button" onClick={() => setStep('preview')}>
              Back
            </button>
            <button type="button" className="primary" onClick={leave} data-testid="done">
              Done
            </button>
          </div>
        </>
      )}
    </main>
  );
}
