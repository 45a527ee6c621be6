import { useEffect, useRef, useState } from 'react';
import type { PaperDocument, PaperSize, ShamirMode, SplitSummary } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { PaperPreview } from '../../components/PaperPreview';
import { QrScanner } from '../../components/QrScanner';
import { ShareWordsInput } from '../../components/ShareWordsInput';
import { StepHeader } from '../../components/StepHeader';
import { DireWarning, ErrorAlert, Note, PrintWarning, Warning } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';
import { describeScheme, type GroupChoice } from './scheme';

type Step = 'mode' | 'scheme' | 'cards' | 'verify';
const TITLES: Record<Step, string> = { mode: 'What should the shares hold?', scheme: 'How many shares, and how many to restore?', cards: 'Print the share cards', verify: 'Check every printed share' };
const NUMBER: Record<Step, number> = { mode: 1, scheme: 2, cards: 3, verify: 4 };
const RANGE = Array.from({ length: 16 }, (_, i) => i + 1);

export function SplitFlow({ wallet, airGapped, onOpened, onExit }: { wallet: WalletView | null; airGapped: boolean; onOpened: (w: WalletView) => void; onExit: () => void }) {
  const [step, setStep] = useState<Step>('mode');
  const [mode, setMode] = useState<ShamirMode>(wallet && wallet.wordCount > 0 ? 'bip39' : 'wallet');
  const [useGroups, setUseGroups] = useState(false);
  const [simple, setSimple] = useState<GroupChoice>({ threshold: 3, count: 5 });
  const [groups, setGroups] = useState<GroupChoice[]>([{ threshold: 2, count: 3 }, { threshold: 2, count: 3 }]);
  const [groupThreshold, setGroupThreshold] = useState(2);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<SplitSummary | null>(null);
  const [doc, setDoc] = useState<PaperDocument | null>(null);
  const [paper, setPaper] = useState<PaperSize>('a4');
  const [status, setStatus] = useState<string | null>(null);
  const [confirmSave, setConfirmSave] = useState(false);
  const [typed, setTyped] = useState('');
  const [check, setCheck] = useState<{ match: boolean; message: string; verified: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [onlineOk, setOnlineOk] = useState(false);
  // What main holds for this flow until it ends: the shares, and (wallet mode) the new wallet until Done.
  const held = useRef<string | null>(null);
  const newWallet = useRef<WalletView | null>(null);
  useEffect(
    () => () => {
      if (held.current) void ask('closeWallet', { walletId: held.current });
      if (newWallet.current) void ask('closeWallet', { walletId: newWallet.current.walletId });
    },
    [],
  );

  const scheme = useGroups ? { groupThreshold, groups } : { groupThreshold: 1, groups: [simple] };
  const fail = (e: { code: Parameters<typeof describeError>[0]['code']; message: string }) => setError(`${describeError(e)} ${e.message}`);

  const split = async () => {
    setBusy(true);
    setError(null);
    // Pressing "Make the shares" again (after an error) replaces the last split: nothing of it stays in main.
    if (held.current) await ask('closeWallet', { walletId: held.current });
    if (newWallet.current) await ask('closeWallet', { walletId: newWallet.current.walletId });
    held.current = null;
    newWallet.current = null;
    const r = await ask('splitShares', { walletId: mode === 'bip39' ? (wallet?.walletId ?? null) : null, mode, scheme, exponent: 1, passphrase: mode === 'wallet' ? passphrase : '' });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    held.current = r.value.splitId;
    newWallet.current = r.value.wallet;
    setSummary(r.value);
    const cards = await ask('previewShareCards', { splitId: r.value.splitId, paper });
    if (!cards.ok) return fail(cards.error);
    setDoc(cards.value);
    setStep('cards');
  };
  const repaper = async (p: PaperSize) => {
    setPaper(p);
    if (!summary) return;
    const cards = await ask('previewShareCards', { splitId: summary.splitId, paper: p });
    if (cards.ok) setDoc(cards.value);
  };
  const verify = async (text: string) => {
    if (!summary) return;
    const r = await ask('verifyShare', { splitId: summary.splitId, text });
    setCheck(r.ok ? r.value : { match: false, message: r.error.message, verified: check?.verified ?? 0, total: check?.total ?? 0 });
    if (r.ok && r.value.match) setTyped('');
  };
  /** Done keeps a new Shamir wallet open; Cancel discards it (its shares were not confirmed). */
  const leave = (done: boolean) => {
    if (held.current) void ask('closeWallet', { walletId: held.current });
    held.current = null;
    const created = newWallet.current;
    newWallet.current = null;
    if (created && done) onOpened(created);
    else if (created) void ask('closeWallet', { walletId: created.walletId });
    setDoc(null);
    onExit();
  };

  const numberSelect = (value: number, onChange: (n: number) => void, max: number, testid: string) => (
    <select value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testid}>
      {RANGE.filter((n) => n <= max).map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );

  return (
    <main className="screen" aria-labelledby="split-title">
      <div className="no-print">
        <StepHeader task="Split into shares" step={NUMBER[step]} of={4} title={TITLES[step]} />
        <ErrorAlert message={error} />
      </div>

      {step === 'mode' && (
        <fieldset className="choices">
          <legend>Mode</legend>
          <label className="choice">
            <input type="radio" checked={mode === 'bip39'} disabled={!wallet || wallet.wordCount === 0} onChange={() => setMode('bip39')} data-testid="mode-bip39" />
            <span>
              <strong>Split my recovery phrase</strong>
              {wallet && wallet.wordCount > 0 ? ` (wallet ${wallet.fingerprint})` : ' (open a wallet first)'} — the shares hold the phrase: any quorum gives back the
              exact same {wallet?.wordCount || 12} words and the same wallet, in Permafrost. Other SLIP-39 tools (Trezor, Keystone…) recover the phrase’s
              entropy, not the wallet, unless it is turned back into words. A BIP39 passphrase, if any, stays separate.
            </span>
          </label>
          <label className="choice">
            <input type="radio" checked={mode === 'wallet'} onChange={() => setMode('wallet')} data-testid="mode-wallet" />
            <span>
              <strong>New Shamir wallet</strong> — a new wallet whose backup is the shares alone (SLIP-39, as Trezor, Keystone, Electrum and Sparrow restore it). It is
              not the same wallet as any recovery phrase.
            </span>
          </label>
        </fieldset>
      )}

      {step === 'scheme' && (
        <>
          <div className="account-controls">
            <label className="choice">
              <input type="radio" checked={!useGroups} onChange={() => setUseGroups(false)} data-testid="scheme-simple" /> Simple: some of N shares
            </label>
            <label className="choice">
              <input type="radio" checked={useGroups} onChange={() => setUseGroups(true)} data-testid="scheme-groups" /> Groups (e.g. family and friends)
            </label>
          </div>
          {!useGroups ? (
            <p className="account-controls">
              <label>
                Shares needed {numberSelect(simple.threshold, (t) => setSimple({ threshold: t, count: Math.max(t, simple.count) }), 16, 'threshold')}
              </label>
              <label>
                of shares made {numberSelect(simple.count, (n) => setSimple({ threshold: Math.min(simple.threshold, n), count: n }), 16, 'count')}
              </label>
            </p>
          ) : (
            <div className="groups">
              {groups.map((g, i) => (
                <p key={i} className="account-controls">
                  Group {i + 1}: any{' '}
                  {numberSelect(g.threshold, (t) => setGroups(groups.map((x, j) => (j === i ? { threshold: t, count: Math.max(t, x.count) } : x))), 16, `group-${i}-threshold`)} of{' '}
                  {numberSelect(g.count, (n) => setGroups(groups.map((x, j) => (j === i ? { threshold: Math.min(x.threshold, n), count: n } : x))), 16, `group-${i}-count`)}
                  {groups.length > 1 && (
                    <button type="button" onClick={() => (setGroups(groups.filter((_, j) => j !== i)), setGroupThreshold(Math.min(groupThreshold, groups.length - 1)))}>
                      Remove
                    </button>
                  )}
                </p>
              ))}
              <p className="account-controls">
                {groups.length < 16 && (
                  <button type="button" onClick={() => setGroups([...groups, { threshold: 1, count: 1 }])} data-testid="add-group">
                    Add a group
                  </button>
                )}
                <label>
                  Groups needed {numberSelect(groupThreshold, setGroupThreshold, groups.length, 'group-threshold')} of {groups.length}
                </label>
              </p>
            </div>
          )}
          <ul className="scheme-words" data-testid="scheme-words">
            {describeScheme(scheme.groupThreshold, scheme.groups).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          {scheme.groups.some((g) => g.threshold === 1 && g.count > 1) && <Warning>“Any 1 of several” makes identical copies. Use 1 of 1, or a higher threshold.</Warning>}
          {mode === 'wallet' && (
            <label className="passphrase">
              SLIP-39 passphrase (optional, printable characters; without it the shares alone restore the wallet)
              <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="off" data-testid="slip39-passphrase" />
            </label>
          )}
        </>
      )}

      {step === 'cards' && summary && doc && !airGapped && !onlineOk && (
        <div className="no-print">
          <DireWarning title="This computer is online" onAccept={() => setOnlineOk(true)} acceptLabel="Show the shares anyway">
            The cards show every share: together they restore the wallet. Disconnect every network first.
          </DireWarning>
        </div>
      )}

      {step === 'cards' && summary && doc && (airGapped || onlineOk) && (
        <>
          <div className="no-print">
            <p className="verify-ok" data-testid="quorum-result">
              {summary.quorums.exhaustive
                ? `All ${summary.quorums.checked} quorums restore fingerprint `
                : `${summary.quorums.checked} quorums, in which every share takes part, restore fingerprint `}
              <span className="mono">{summary.fingerprint}</span>
              {summary.quorums.exhaustive ? '' : ` (of ${summary.quorums.total.toLocaleString()} possible quorums)`}.
            </p>
            {summary.wallet && <Note>This is a new wallet. Cancel discards it; Done (after checking the cards) keeps it open.</Note>}
            <PrintWarning what="every share" />
            <div className="actions">
              <label>
                Paper{' '}
                <select value={paper} onChange={(e) => void repaper(e.target.value as PaperSize)}>
                  <option value="a4">A4</option>
                  <option value="letter">US Letter</option>
                </select>
              </label>
              <button type="button" className="primary" onClick={() => void ask('printBackup', { paper }).then((r) => setStatus(r.ok && r.value.printed ? 'Sent to the printer.' : 'Not printed.'))} data-testid="print">
                Print…
              </button>
              <button type="button" onClick={() => setConfirmSave(true)} data-testid="save-pdf">
                All cards in one PDF…
              </button>
              <button type="button" onClick={() => setStep('verify')} data-testid="to-verify">
                Next: verify
              </button>
            </div>
            {confirmSave && (
              <DireWarning
                title="This file will hold every share"
                onAccept={() => {
                  setConfirmSave(false);
                  void ask('saveShareCardsPdf', { splitId: summary.splitId, paper, share: null }).then((r) => setStatus(r.ok ? (r.value ? `Saved to ${r.value.path}.` : 'Not saved.') : r.error.message));
                }}
                acceptLabel="Save it"
              >
                All the shares together restore the wallet: the file defeats the split. Save it only to a drive you will keep offline, print it, then erase it.
              </DireWarning>
            )}
            {status && <p data-testid="print-status">{status}</p>}
            <ShareFiles summary={summary} paper={paper} />
          </div>
          <PaperPreview doc={doc} />
        </>
      )}

      {step === 'verify' && summary && (
        <>
          <Note>Type each share back from its printed card (four letters a word are enough), or scan its QR code.</Note>
          <ShareWordsInput value={typed} onChange={setTyped} label="Share words" testid="share-words" />
          <div className="actions">
            <button type="button" className="primary" disabled={!typed.trim()} onClick={() => void verify(typed)} data-testid="check-share">
              Check this share
            </button>
          </div>
          <details>
            <summary>Scan a share’s QR code instead</summary>
            <QrScanner onScan={(qr) => void verify(qr.text)} />
          </details>
          {check && (
            <div className={check.match ? 'verify-ok' : 'dire'} role="status" data-testid="share-check">
              <strong>{check.match ? 'Match' : 'Mismatch'}</strong> {check.message}
            </div>
          )}
        </>
      )}

      <div className="actions no-print">
        {step === 'scheme' && (
          <button type="button" onClick={() => setStep('mode')} data-testid="back">
            Back
          </button>
        )}
        {step === 'verify' && (
          <button type="button" onClick={() => setStep('cards')} data-testid="back">
            Back to the cards
          </button>
        )}
        <button type="button" onClick={() => leave(step === 'verify')} data-testid={step === 'verify' ? 'done' : 'cancel'}>
          {step === 'verify' ? 'Done' : 'Cancel'}
        </button>
        {step === 'mode' && (
          <button type="button" className="primary" onClick={() => setStep('scheme')} data-testid="next">
            Next
          </button>
        )}
        {step === 'scheme' && (
          <button type="button" className="primary" disabled={busy} onClick={() => void split()} data-testid="next">
            {busy ? 'Making shares and checking every quorum…' : 'Make the shares'}
          </button>
        )}
        {step === 'scheme' && busy && (
          <progress aria-label="Checking every quorum" data-testid="quorum-progress" />
        )}
      </div>
    </main>
  );
}

/**
 * One PDF per share, each through its own save dialog, so each share can go to a different drive: a file with
 * every share in it would defeat the split.
 */
function ShareFiles({ summary, paper }: { summary: SplitSummary; paper: PaperSize }) {
  const [saved, setSaved] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const grouped = summary.groups.length > 1;
  const save = async (group: number, member: number) => {
    const r = await ask('saveShareCardsPdf', { splitId: summary.splitId, paper, share: { group, member } });
    if (!r.ok) return setMessage(`${describeError(r.error)} ${r.error.message}`);
    setMessage(null);
    const file = r.value?.path;
    if (file) setSaved((s) => ({ ...s, [`${group}/${member}`]: file }));
  };
  return (
    <details className="share-files" data-testid="share-files" open>
      <summary>Save each share to its own file</summary>
      <Note>Each share gets its own PDF and its own save dialog: put each on a different USB drive (swap drives between saves), and keep them apart.</Note>
      <ul>
        {summary.groups.flatMap((g, gi) =>
          Array.from({ length: g.count }, (_, mi) => {
            const key = `${gi}/${mi}`;
            const label = grouped ? `Group ${gi + 1}, share ${mi + 1}` : `Share ${mi + 1} of ${g.count}`;
            return (
              <li key={key}>
                <button type="button" onClick={() => void save(gi, mi)} data-testid={`save-share-${gi + 1}-${mi + 1}`}>
                  Save {label}…
                </button>{' '}
                {saved[key] ? <span className="muted">Saved to {saved[key]}</span> : null}
              </li>
            );
          }),
        )}
      </ul>
      {message && <p className="error">{message}</p>}
    </details>
  );
}
