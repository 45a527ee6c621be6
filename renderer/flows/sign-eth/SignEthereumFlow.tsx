import { useEffect, useReducer, useRef, useState } from 'react';
import type { LoadedEthRequest, SignedEthRequest } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { PasteBox } from '../../components/PasteBox';
import { AnimatedQr } from '../../components/QrCode';
import { QrImageFile } from '../../components/QrImageFile';
import { QrScanner } from '../../components/QrScanner';
import { QrVideoFile } from '../../components/QrVideoFile';
import { ScanProgress, useScanStatus, type ScanWords } from '../../components/ScanProgress';
import { useScanFeed } from '../../components/scan-feed';
import { StepHeader } from '../../components/StepHeader';
import { ErrorAlert, Note } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';
import { GroupedAddress } from '../sign/Review';
import { EthReviewView } from './EthReview';
import { EthWarnings } from './EthWarnings';
import { canSign, initialSignEthState, nextDire, nextSignEthState, type SignEthEvent, type SignEthState } from './machine';
import { Pairing } from './Pairing';

type State = SignEthState<LoadedEthRequest, SignedEthRequest>;
type Event = SignEthEvent<LoadedEthRequest, SignedEthRequest>;
const reducer = (state: State, event: Event): State => nextSignEthState(state, event);

const TITLES = { pair: 'Pair with MetaMask', scan: 'Scan MetaMask’s request', review: 'Check what you sign', signing: 'Signing…', signed: 'Signed: let MetaMask scan the answer' } as const;
const NUMBER = { pair: 1, scan: 2, review: 3, signing: 3, signed: 4 } as const;
const SCAN_WORDS: ScanWords = {
  thing: 'a request',
  name: (status) => (status.progress.estimated > 1 ? 'Animated request' : 'Request'),
  foreign: 'Scanning goes on with the first request; to scan the other one instead, choose Start over.',
  invalid: 'Show the QR code MetaMask displays after you confirm.',
};
const KIND_WORDS = { transaction: 'a transaction', message: 'a message (personal_sign)', 'typed-data': 'typed data (EIP-712)' } as const;

/**
 * Sign Ethereum as MetaMask's QR-based hardware wallet (EIP-4527): pair (the crypto-hdkey QR), scan the
 * eth-sign-request (camera, image files, or pasted), review it, sign, and show the eth-signature for MetaMask's camera.
 */
export function SignEthereumFlow({ wallet, onExit }: { wallet: WalletView; onExit: () => void }) {
  const [state, send] = useReducer(reducer, initialSignEthState);
  const scan = useScanStatus();
  const [busy, setBusy] = useState(false);
  const held = useRef<string | null>(null);
  const step = useRef(state.step);
  step.current = state.step;
  const signButton = useRef<HTMLButtonElement>(null);
  const ready = canSign(state);

  const release = () => {
    if (held.current) void ask('closeEthRequest', { ethRequestId: held.current });
    held.current = null;
  };
  useEffect(() => release, []);
  // The signed answer starts at its top, however far down a long review the Sign button was: its QR code in sight.
  useEffect(() => {
    if (state.step === 'signed') window.scrollTo(0, 0);
  }, [state.step]);

  /** A fresh scan: parts of an earlier request are dropped. */
  const restartScan = () => {
    feed.reset();
    scan.clear();
    void ask('resetEthScan');
  };

  // Every visit to the scan step starts a fresh scan.
  useEffect(() => {
    if (state.step !== 'scan') return;
    release();
    restartScan();
  }, [state.step]);

  // Keyboard first: once the last dire warning is acknowledged (or there was none), Enter signs.
  useEffect(() => {
    if (ready) signButton.current?.focus();
  }, [ready]);

  const leave = () => {
    release();
    onExit();
  };

  // Esc = Back (on the pairing screen, Back leaves: nothing is unsaved there). Not while signing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (step.current === 'pair') leave();
      else send({ type: 'BACK' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const fail = (e: { code: Parameters<typeof describeError>[0]['code']; message: string }) => send({ type: 'FAILED', message: `${describeError(e)} ${e.message}` });

  /** A request main has decoded, checked against this wallet and reviewed. */
  const loaded = (request: LoadedEthRequest) => {
    if (step.current !== 'scan') {
      // A late camera frame completed it again after the review began: not wanted.
      void ask('closeEthRequest', { ethRequestId: request.ethRequestId });
      return;
    }
    release();
    held.current = request.ethRequestId;
    send({ type: 'LOADED', request, dire: request.review.warnings.filter((w) => w.needsAck).map((w) => w.code) });
  };

  /** One camera or image frame: main collects the parts of an animated request and reviews it once whole. */
  const scanned = async (frame: string, current: () => boolean) => {
    if (step.current !== 'scan') return;
    const r = await ask('scanEthRequestFrame', { walletId: wallet.walletId, text: frame });
    // An answer to a frame sent before Start over (or before the request was read) belongs to the old scan.
    if (!current()) return;
    if (!r.ok) return fail(r.error);
    const status = r.value.status;
    scan.show(status);
    if (status.progress.estimated > 0) send({ type: 'SCAN_PROGRESS', progress: status.progress });
    if (r.value.loaded) loaded(r.value.loaded);
  };
  /** Camera, video and image frames go one at a time, a repeat of the last one not at all. */
  const feed = useScanFeed(scanned);
  /** A video or image file chosen: the camera's "no camera" error is no longer shown. */
  const [fileChosen, setFileChosen] = useState(false);

  /** Pasted text: the request's UR, or the parts of an animated one, one per line in any order. */
  const paste = async (pasted: string) => {
    setBusy(true);
    const r = await ask('loadEthRequest', { walletId: wallet.walletId, text: pasted });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    loaded(r.value);
  };

  const sign = async () => {
    const request = state.request;
    if (!request || !canSign(state)) return;
    send({ type: 'SIGN' });
    const r = await ask('signEthRequest', { ethRequestId: request.ethRequestId, walletId: wallet.walletId, accept: request.review.warnings.filter((w) => state.acks.includes(w.code)).map((w) => w.code) });
    if (!r.ok) return fail(r.error);
    send({ type: 'SIGNED', signed: r.value });
  };

  const review = state.request?.review ?? null;
  return (
    <main className="screen" aria-labelledby="sign-eth-title">
      <StepHeader task="Sign Ethereum" step={NUMBER[state.step]} of={4} title={TITLES[state.step]} />
      <ErrorAlert message={state.error} />

      {state.step === 'pair' && (
        <>
          <Pairing wallet={wallet} />
          <div className="actions">
            <button type="button" onClick={leave} data-testid="cancel">
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => send({ type: 'NEXT' })} data-testid="next" autoFocus>
              Next: MetaMask is paired
            </button>
          </div>
        </>
      )}

      {state.step === 'scan' && (
        <>
          <Note>
            In MetaMask, confirm the transaction or the signature as usual. For a QR-based hardware wallet MetaMask then shows the request as a QR code
            (animated when it is long): hold it in front of this camera. Keep MetaMask open on that screen: it will ask for the answer next.
          </Note>
          <div className="scan-layout">
            <QrScanner mode="text" onScan={(qr) => feed.push(qr.text)} fileChosen={fileChosen} />
            <div className="scan-side">
              <ScanProgress status={scan.status} problem={scan.problem} words={SCAN_WORDS} onRestart={restartScan} />
              <QrVideoFile mode="text" onScan={(qr) => feed.push(qr.text)} onChoose={() => setFileChosen(true)} />
              <QrImageFile mode="text" onScan={(qr) => feed.push(qr.text)} onChoose={() => setFileChosen(true)} />
            </div>
          </div>
          <PasteBox
            summary="Or paste it (the request’s ur:eth-sign-request text, or the parts of an animated one, one per line)"
            label="MetaMask request as text"
            testId="eth-request-text"
            busy={busy}
            onSubmit={(pasted) => void paste(pasted)}
          />
          <div className="actions">
            <button type="button" onClick={leave} data-testid="cancel">
              Cancel
            </button>
            <button type="button" onClick={() => send({ type: 'BACK' })} data-testid="back">
              Back
            </button>
          </div>
        </>
      )}

      {(state.step === 'review' || state.step === 'signing') && review && (
        <>
          <p className="muted" data-testid="eth-request-kind">
            MetaMask asks this wallet (<span className="mono">{wallet.fingerprint}</span>) to sign {KIND_WORDS[review.kind]}
            {review.requestUuid ? <> · request <span className="mono">{review.requestUuid}</span></> : null}
          </p>
          <EthReviewView review={review} />
          <EthWarnings review={review} acks={state.acks} next={nextDire(state)} onAck={(code) => send({ type: 'ACK', code })} />
          <div className="actions">
            <button type="button" onClick={() => send({ type: 'BACK' })} disabled={state.step === 'signing'} data-testid="back">
              Back
            </button>
            <button ref={signButton} type="button" className="primary" disabled={!ready} onClick={() => void sign()} data-testid="sign">
              {state.step === 'signing' ? 'Signing…' : 'Sign'}
            </button>
          </div>
        </>
      )}

      {state.step === 'signed' && state.signed && (
        // As Sign Bitcoin's answer: the code at the top left, sized to the window, the rest beside it — the code
        // and its controls in sight without scrolling (styles.css, .answer-layout).
        <div className="answer-layout">
          <div className="answer-info">
            <p className="verify-ok" data-testid="signed-result">
              Signed{review ? ` ${KIND_WORDS[review.kind]}` : ''} and checked: the signature belongs to {review && <GroupedAddress address={review.signer.address} />}.
            </p>
            <Note>
              In MetaMask press <strong>Get signature</strong>, then hold this QR code in front of its camera.
            </Note>
            <details>
              <summary>The signature as text</summary>
              <pre className="mono breakable eth-hex" data-testid="eth-signature">
                {state.signed.signature}
              </pre>
            </details>
          </div>
          <AnimatedQr frames={state.signed.frames} label="Signature for MetaMask (eth-signature)" size={520} />
          <div className="actions answer-nav">
            <button type="button" onClick={() => send({ type: 'BACK' })} data-testid="sign-another">
              Sign another
            </button>
            <button type="button" className="primary" onClick={leave} data-testid="done" autoFocus>
              Done
            </button>
          </div>
        </div>
      )}
    </main>
  );
}
