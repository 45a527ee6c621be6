import { useEffect, useReducer, useRef, useState } from 'react';
import type { AnswerFormat, LoadedPsbt, MultisigWalletInfo, Network } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { NetworkSelect } from '../../components/NetworkSelect';
import { PasteBox } from '../../components/PasteBox';
import { AnimatedQr, DensitySelect, QrCode } from '../../components/QrCode';
import { QrImageFile } from '../../components/QrImageFile';
import { QrScanner } from '../../components/QrScanner';
import { QrVideoFile } from '../../components/QrVideoFile';
import { ScanProgress, useScanStatus, type ScanWords } from '../../components/ScanProgress';
import { useScanFeed } from '../../components/scan-feed';
import { StepHeader } from '../../components/StepHeader';
import { ErrorAlert, Note } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';
import { canSign, initialSignState, nextSignState } from './machine';
import { PsbtReviewView } from './Review';

const TITLES = { load: 'Load the unsigned transaction', review: 'Check what it does', signing: 'Signing…', signed: 'Signed: hand it back' } as const;
const NUMBER = { load: 1, review: 2, signing: 3, signed: 3 } as const;
const FORMAT_NAMES = { ur2: 'UR psbt', ur1: 'UR crypto-psbt', bbqr: 'BBQr', base64: 'base64', hex: 'hex' } as const;
/** UR: fragment bytes (Sparrow shows about 400 at 5 frames a second); BBQr: the largest QR version. */
const UR_DENSITIES = [
  { value: 100, label: 'Low: 100-byte parts (easiest to scan)' },
  { value: 200, label: 'Medium: 200-byte parts' },
  { value: 400, label: 'Normal: 400-byte parts (as Sparrow)' },
  { value: 800, label: 'High: 800-byte parts (fewer frames)' },
];
const DENSITIES: Record<AnswerFormat, ReadonlyArray<{ value: number; label: string }>> = {
  ur2: UR_DENSITIES,
  ur1: UR_DENSITIES,
  // Sparrow's Low, Normal and High BBQr densities are QR versions 7, 17 and 27 (its QRDensityTest.java).
  bbqr: [
    { value: 7, label: 'Low: QR version 7 (easiest to scan)' },
    { value: 17, label: 'Normal: QR version 17 (as Sparrow)' },
    { value: 27, label: 'High: QR version 27 (fewer frames)' },
  ],
};
/** What the scan found, as the progress line names it. */
const SCAN_FORMAT_NAMES = { ur2: 'UR (psbt)', ur1: 'UR v1 (crypto-psbt)', bbqr: 'BBQr', base64: 'plain base64 PSBT', hex: 'plain hex PSBT' } as const;
const SCAN_WORDS: ScanWords = {
  thing: 'a transaction',
  name: (status) => (status.format ? SCAN_FORMAT_NAMES[status.format] : 'QR code'),
  foreign: 'One transaction is read at a time, the one shown most; Start over forgets what was read.',
  invalid: 'Show the QR code of the unsigned transaction (PSBT) from your online wallet.',
};
const DEFAULT_DENSITY: Record<AnswerFormat, number> = { ur2: 400, ur1: 400, bbqr: 17 };

/** Sign Bitcoin: a PSBT from a file or pasted text → the review → sign → the signed PSBT saved (and as a QR). */
export function SignBitcoinFlow({ wallet, onExit }: { wallet: WalletView; onExit: () => void }) {
  const [state, send] = useReducer(nextSignState, initialSignState);
  const [network, setNetwork] = useState<Network>('mainnet');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ signed: number; total: number } | null>(null);
  const [saved, setSaved] = useState<string[]>([]);
  const scan = useScanStatus();
  const [scanOpen, setScanOpen] = useState(false);
  const [answer, setAnswer] = useState<{ format: AnswerFormat; density: number; frames: readonly string[]; parts: number; limit: number } | null>(null);
  /** The signed PSBT shown as one still QR of plain base64 (when it fits one) instead of the animated answer. */
  const [still, setStill] = useState(false);
  const held = useRef<string | null>(null);
  /** Registered multisig wallets of this key; with one chosen, its inputs and change are proven against it. */
  const [multisigs, setMultisigs] = useState<readonly MultisigWalletInfo[]>([]);
  const [multisigId, setMultisigId] = useState<string | null>(null);
  useEffect(() => {
    void ask('listMultisig', { walletId: wallet.walletId }).then((r) => r.ok && setMultisigs(r.value.wallets));
  }, [wallet.walletId]);
  const withMultisig = multisigId ? { multisigId } : {};
  useEffect(
    () => () => {
      if (held.current) void ask('closePsbt', { psbtId: held.current });
    },
    [],
  );

  // The review and the signed answer start at their top, however far down the page was (Sign is at the bottom of a
  // long review): the answer's QR code is then in sight.
  useEffect(() => {
    if (state.step === 'review' || state.step === 'signed') window.scrollTo(0, 0);
  }, [state.step]);

  const fail = (e: { code: Parameters<typeof describeError>[0]['code']; message: string }) => send({ type: 'FAILED', message: `${describeError(e)} ${e.message}` });

  const load = async (source: { kind: 'file' } | { kind: 'text'; text: string }) => {
    setBusy(true);
    const r = await ask('loadPsbt', { walletId: wallet.walletId, network, source, ...withMultisig });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    if (r.value) loaded(r.value);
  };

  /** A PSBT main has read and reviewed, by whatever way it came: the review step starts afresh. */
  const loaded = (psbt: LoadedPsbt) => {
    feed.reset();
    held.current = psbt.psbtId;
    setScanOpen(false);
    setSaved([]);
    setAnswer(null);
    setStill(false);
    send({ type: 'LOADED', loaded: psbt });
  };

  /** One camera frame: the main process collects the parts and reviews the PSBT once it is whole. */
  const scanned = async (text: string, current: () => boolean) => {
    const r = await ask('scanPsbtFrame', { walletId: wallet.walletId, network, text, ...withMultisig });
    // An answer to a frame sent before Start over (or before the transaction was read) belongs to the old scan.
    if (!current()) return;
    if (!r.ok) return fail(r.error);
    scan.show(r.value.status);
    if (r.value.loaded) loaded(r.value.loaded);
  };
  /** Camera, video and image frames go one at a time, a repeat of the last one not at all. */
  const feed = useScanFeed(scanned);
  /** A video or image file chosen: the camera's "no camera" error is no longer shown. */
  const [fileChosen, setFileChosen] = useState(false);

  const restartScan = async () => {
    feed.reset();
    await ask('resetPsbtScan');
    scan.clear();
  };

  /** Pasted text: one PSBT (base64 or hex), or the parts of an animated QR (UR or BBQr, even one), one per line, any order: main tells which. */
  const paste = (pasted: string) => load({ kind: 'text', text: pasted.trim() });

  /** The signed PSBT as animated QR frames; density is a UR fragment in bytes, or BBQr's largest QR version. */
  const frames = async (psbtId: string, format: AnswerFormat, density = DEFAULT_DENSITY[format]) => {
    const request = format === 'bbqr' ? { psbtId, format, fragmentLength: 400, maxVersion: density } : { psbtId, format, fragmentLength: density };
    const r = await ask('getSignedFrames', request);
    if (!r.ok) return fail(r.error);
    setAnswer({ format, density, ...r.value });
  };
  const showAnswer = (format: AnswerFormat, density?: number) => (state.loaded ? frames(state.loaded.psbtId, format, density) : undefined);
  const chooseFormat = (choice: AnswerFormat | 'base64') => {
    setStill(choice === 'base64');
    if (choice !== 'base64') void showAnswer(choice);
  };

  const sign = async () => {
    const loaded = state.loaded;
    if (!loaded || !canSign(state)) return;
    send({ type: 'SIGN' });
    setProgress({ signed: 0, total: loaded.review.inputs.filter((i) => i.ours).length });
    const poll = window.setInterval(() => {
      void ask('getSignProgress', { psbtId: loaded.psbtId }).then((p) => p.ok && setProgress({ signed: p.value.signed, total: p.value.total }));
    }, 150);
    const r = await ask('signPsbt', { psbtId: loaded.psbtId, walletId: wallet.walletId, accept: state.acks });
    window.clearInterval(poll);
    setProgress(null);
    if (!r.ok) return fail(r.error);
    send({ type: 'SIGNED', signed: r.value });
    // Scanned from an animated QR: answer in kind, in the format it came in; from a file or text, as UR crypto-psbt.
    await frames(loaded.psbtId, loaded.answerAs);
  };

  const save = async (what: 'psbt' | 'transaction') => {
    if (!state.loaded) return;
    const r = await ask('saveSignedPsbt', { psbtId: state.loaded.psbtId, what });
    if (!r.ok) return fail(r.error);
    if (r.value) setSaved((s) => [...s, r.value!.txid ? `${r.value!.path} (transaction ${r.value!.txid})` : r.value!.path]);
  };

  const leave = () => {
    if (held.current) void ask('closePsbt', { psbtId: held.current });
    held.current = null;
    onExit();
  };

  return (
    <main className="screen" aria-labelledby="sign-title">
      <StepHeader task="Sign Bitcoin" step={NUMBER[state.step]} of={3} title={TITLES[state.step]} />
      {/* Signed: said beside the code (a failed save next to Save), so the code is not pushed down out of sight. */}
      {state.step !== 'signed' && <ErrorAlert message={state.error} />}

      {state.step === 'load' && (
        <>
          <Note>
            In your online wallet (Sparrow, Electrum, BlueWallet, Nunchuk, Specter, Bitcoin Core) make the transaction, then either export it unsigned as a
            PSBT file to a USB drive and open it here, or show it as a QR code (animated or not) and scan it below.
          </Note>
          <div className="account-controls">
          {multisigs.length > 0 && (
            <label>
              Wallet{' '}
              <select
                value={multisigId ?? ''}
                onChange={(e) => {
                  const chosen = multisigs.find((m) => m.multisigId === e.target.value) ?? null;
                  setMultisigId(chosen?.multisigId ?? null);
                  if (chosen) setNetwork(chosen.network);
                }}
                data-testid="sign-multisig"
              >
                <option value="">This key’s own accounts (single-signature)</option>
                {multisigs.map((m) => (
                  <option key={m.multisigId} value={m.multisigId}>
                    Multisig “{m.name}” — {m.m} of {m.n}
                  </option>
                ))}
              </select>
            </label>
          )}
          <NetworkSelect value={network} onChange={setNetwork} testId="sign-network" />
          </div>
          <div className="actions">
            <button type="button" onClick={leave} data-testid="cancel">
              Cancel
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => void load({ kind: 'file' })} data-testid="load-file" autoFocus>
              Open a PSBT file…
            </button>
          </div>
          <details
            open={scanOpen}
            onToggle={(e) => {
              const open = e.currentTarget.open;
              setScanOpen(open);
              if (open) void restartScan();
            }}
            data-testid="scan-details"
          >
            <summary>Or scan its QR code (animated UR, BBQr, or one QR)</summary>
            {/* The camera runs only while this section is open. */}
            {/* The progress and what is wrong with a frame beside the camera, in sight while the code is held up. */}
            {scanOpen && (
              <div className="scan-layout">
                <QrScanner mode="text" onScan={(qr) => feed.push(qr.text)} fileChosen={fileChosen} />
                <div className="scan-side">
                  <ScanProgress status={scan.status} problem={scan.problem} words={SCAN_WORDS} onRestart={() => void restartScan()} />
                  <QrVideoFile mode="text" onScan={(qr) => feed.push(qr.text)} onChoose={() => setFileChosen(true)} />
                  <QrImageFile mode="text" onScan={(qr) => feed.push(qr.text)} onChoose={() => setFileChosen(true)} />
                </div>
              </div>
            )}
          </details>
          <PasteBox summary="Or paste it (base64 or hex, or the parts of an animated QR, one per line)" label="PSBT as text" testId="psbt-text" busy={busy} onSubmit={(pasted) => void paste(pasted)} />
        </>
      )}

      {(state.step === 'review' || state.step === 'signing') && state.loaded && (
        <>
          <p className="muted">
            {state.loaded.name} · PSBT version {state.loaded.version} · wallet <span className="mono">{wallet.fingerprint}</span>
          </p>
          <PsbtReviewView
            review={state.loaded.review}
            acks={state.acks}
            onAck={(code, on) => send({ type: 'ACK', code, on })}
            multisigKeyPaths={multisigs.find((m) => m.multisigId === multisigId)?.cosigners.filter((c) => c.ours).map((c) => c.path) ?? []}
          />
          {state.step === 'signing' && progress && (
            <p data-testid="sign-progress">
              Signed {progress.signed} of {progress.total} inputs <progress max={progress.total} value={progress.signed} />
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => send({ type: 'BACK' })} disabled={state.step === 'signing'} data-testid="back">
              Back
            </button>
            <button type="button" className="primary" disabled={!canSign(state)} onClick={() => void sign()} data-testid="sign">
              {state.step === 'signing' ? 'Signing…' : 'Sign'}
            </button>
          </div>
        </>
      )}

      {state.step === 'signed' && state.signed && state.loaded && (
        // The code at the top left, as large as the window allows; what was signed, saving and the code's controls
        // beside it: all of it in sight without scrolling, for a phone to read (styles.css, .answer-layout).
        <div className="answer-layout">
          <div className="answer-info">
            <ErrorAlert message={state.error} />
            <p className="verify-ok" data-testid="signed-result">
              Signed {state.signed.signedInputs} of {state.signed.totalInputs} input{state.signed.totalInputs === 1 ? '' : 's'}
              {state.signed.complete ? ': the transaction is complete.' : state.signed.multisig?.length ? '.' : ': the other inputs need their own signers.'}
            </p>
            {state.signed.multisig && state.signed.multisig.length > 0 && (
              <ul className="multisig-signatures" data-testid="multisig-signatures">
                {state.signed.multisig.map((s) => (
                  <li key={s.input}>
                    Input {s.input}: signatures {s.signatures} of {s.required}
                    {s.signatures >= s.required ? ' — enough to spend' : ` — ${s.required - s.signatures} more from other cosigners`}
                  </li>
                ))}
                {state.signed.multisig.some((s) => s.signatures < s.required) && <li>Hand the signed PSBT back to the coordinator for the other signatures; it is not finished here.</li>}
              </ul>
            )}
            <div className="actions">
              <button type="button" className="primary" onClick={() => void save('psbt')} data-testid="save-signed">
                Save the signed PSBT…
              </button>
              {state.signed.complete && (
                <button type="button" onClick={() => void save('transaction')} data-testid="save-final">
                  Save the finished transaction (hex)…
                </button>
              )}
            </div>
            {saved.map((s) => (
              <p key={s} className="muted breakable" data-testid="saved-path">
                Saved to {s}
              </p>
            ))}
            <label className="answer-format">
              QR format{' '}
              <select
                value={still && state.signed.qr ? 'base64' : (answer?.format ?? state.loaded.answerAs)}
                onChange={(e) => chooseFormat(e.target.value as AnswerFormat | 'base64')}
                data-testid="answer-format"
              >
                <option value="ur1">UR (crypto-psbt) — Sparrow, BlueWallet, Nunchuk, Keystone</option>
                <option value="ur2">UR (psbt, the newer name) — Sparrow, Nunchuk</option>
                <option value="bbqr">BBQr — Coldcard, Sparrow, Nunchuk</option>
                {state.signed.qr && <option value="base64">One QR of plain base64 — Electrum, Sparrow</option>}
              </select>
            </label>
          </div>
          {still && state.signed.qr ? (
            <div className="answer-code">
              <QrCode qr={state.signed.qr} label="Signed PSBT (plain base64)" size={520} />
            </div>
          ) : answer && answer.frames.length === 0 ? (
            <div className="answer-code">
              <p className="error" role="alert" data-testid="answer-too-long">
                As a {FORMAT_NAMES[answer.format]} QR code this transaction takes {answer.format === 'bbqr' ? 'about ' : ''}
                {answer.parts.toLocaleString('en')} parts, more than the {answer.limit.toLocaleString('en')} a camera can be expected to read in one go: save the
                signed PSBT and carry the file over instead.
              </p>
              <div className="actions">
                <DensitySelect density={{ value: answer.density, options: DENSITIES[answer.format], onChange: (d) => void showAnswer(answer.format, d) }} />
                <button type="button" onClick={() => void save('psbt')} data-testid="answer-save-instead">
                  Save the signed PSBT…
                </button>
              </div>
            </div>
          ) : answer ? (
            <AnimatedQr
              frames={answer.frames}
              label={`Signed PSBT (${FORMAT_NAMES[answer.format]})`}
              size={520}
              density={{ value: answer.density, options: DENSITIES[answer.format], onChange: (d) => void showAnswer(answer.format, d) }}
            />
          ) : null}
          <div className="actions answer-nav">
            <button type="button" onClick={() => send({ type: 'BACK' })} data-testid="sign-another">
              Sign another
            </button>
            <button type="button" onClick={leave} data-testid="done">
              Done
            </button>
          </div>
        </div>
      )}
    </main>
  );
}
