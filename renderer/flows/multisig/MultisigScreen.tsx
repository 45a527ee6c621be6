import { useEffect, useRef, useState } from 'react';
import type { MultisigAddressRow, MultisigProblem, MultisigSource, MultisigWalletInfo, Network, WalletConfigFormat } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { ADDRESS_PAGE, AddressSearch, AddressTable, grouped } from '../../components/AddressTable';
import { NetworkSelect } from '../../components/NetworkSelect';
import { PasteBox } from '../../components/PasteBox';
import { QrImageFile } from '../../components/QrImageFile';
import { QrScanner } from '../../components/QrScanner';
import { StepHeader } from '../../components/StepHeader';
import { ErrorAlert, Note, Warning } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';
import { ConfigParts } from './config-parts';

const FORMAT_NAMES: Readonly<Record<WalletConfigFormat, string>> = {
  descriptor: 'output descriptor',
  bsms: 'BSMS 1.0 file (BIP129)',
  coldcard: 'Coldcard multisig file',
  'ur-crypto-output': 'UR crypto-output',
  'ur-output-descriptor': 'UR output-descriptor',
};

type View =
  | { readonly kind: 'list' }
  | { readonly kind: 'read' }
  | { readonly kind: 'confirm'; readonly draftId: string; readonly format: WalletConfigFormat; readonly wallet: MultisigWalletInfo }
  | { readonly kind: 'wallet'; readonly wallet: MultisigWalletInfo; readonly justRegistered: boolean };

/**
 * Multisig wallets this seed is a cosigner of: register one from the coordinator's configuration (file, paste or QR),
 * check it (M of N, every key, ours marked, the first address to compare) before it is saved; list, review, delete;
 * addresses and "is this address ours?".
 */
export function MultisigScreen({ wallet, onBack }: { wallet: WalletView; onBack: () => void }) {
  const [view, setView] = useState<View>({ kind: 'list' });
  const [wallets, setWallets] = useState<readonly MultisigWalletInfo[]>([]);
  const [problems, setProblems] = useState<readonly MultisigProblem[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    const r = await ask('listMultisig', { walletId: wallet.walletId });
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    setWallets(r.value.wallets);
    setProblems(r.value.problems);
  };
  useEffect(() => {
    void refresh();
  }, [wallet.walletId]);

  const go = (next: View) => {
    setError(null);
    setView(next);
    if (next.kind === 'list') void refresh();
  };

  const remove = async (multisigId: string) => {
    const r = await ask('deleteMultisig', { walletId: wallet.walletId, multisigId });
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    go({ kind: 'list' });
  };

  return (
    <main className="screen" aria-labelledby="multisig-title">
      <ErrorAlert message={error} />
      {view.kind === 'list' && (
        <>
          <p className="step">
            Multisig wallets · wallet <span className="mono">{wallet.fingerprint}</span>
          </p>
          <h1 id="multisig-title">Multisig wallets</h1>
          <Note>
            Wallets this key is one cosigner of. Register a wallet from your coordinator (Sparrow, Nunchuk, Specter, BlueWallet, Electrum) before signing for
            it: then its change is proven, and an output that only pretends to be change is caught.
          </Note>
          {wallets.length === 0 && problems.length === 0 && <p data-testid="no-multisig">No multisig wallet is registered with this key yet.</p>}
          {wallets.length > 0 && (
            <table className="table" data-testid="multisig-list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Signatures</th>
                  <th scope="col">Script</th>
                  <th scope="col">First receive address</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {wallets.map((w) => (
                  <tr key={w.multisigId}>
                    <td>{w.name}</td>
                    <td>
                      {w.m} of {w.n}
                    </td>
                    <td>{w.scriptLabel}</td>
                    <td className="mono small">{grouped(w.firstAddress)}</td>
                    <td>
                      <button type="button" onClick={() => go({ kind: 'wallet', wallet: w, justRegistered: false })} data-testid={`open-${w.multisigId}`}>
                        Review
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {problems.map((p) => (
            <Warning key={p.multisigId}>
              <p data-testid="multisig-problem">
                <strong>{p.name ?? 'A registration'} cannot be used:</strong> {p.message}
              </p>
              <button type="button" onClick={() => void remove(p.multisigId)}>
                Delete it
              </button>
            </Warning>
          ))}
          <div className="actions">
            <button type="button" onClick={onBack} data-testid="back">
              Back
            </button>
            <button type="button" className="primary" onClick={() => go({ kind: 'read' })} data-testid="register-new" autoFocus>
              Register a multisig wallet…
            </button>
          </div>
        </>
      )}
      {view.kind === 'read' && <ReadStep wallet={wallet} onBack={() => go({ kind: 'list' })} onRead={(draftId, format, w) => go({ kind: 'confirm', draftId, format, wallet: w })} onError={setError} />}
      {view.kind === 'confirm' && (
        <ConfirmStep
          wallet={wallet}
          draft={view}
          onBack={() => go({ kind: 'read' })}
          onRegistered={(w) => go({ kind: 'wallet', wallet: w, justRegistered: true })}
          onError={setError}
        />
      )}
      {view.kind === 'wallet' && <WalletDetail wallet={wallet} info={view.wallet} justRegistered={view.justRegistered} onBack={() => go({ kind: 'list' })} onDelete={() => void remove(view.wallet.multisigId)} />}
    </main>
  );
}

/** Step 1: the coordinator's configuration, from a file, pasted text or a QR code (one, or the parts of an animated UR). */
function ReadStep({
  wallet,
  onBack,
  onRead,
  onError,
}: {
  wallet: WalletView;
  onBack: () => void;
  onRead: (draftId: string, format: WalletConfigFormat, w: MultisigWalletInfo) => void;
  onError: (message: string | null) => void;
}) {
  const [network, setNetwork] = useState<Network>('mainnet');
  const [busy, setBusy] = useState(false);
  const parts = useRef(new ConfigParts());
  const [scanned, setScanned] = useState(0);
  const [scanOpen, setScanOpen] = useState(false);
  /** An image file chosen: the camera's "no camera" error is no longer shown. */
  const [fileChosen, setFileChosen] = useState(false);
  const trying = useRef(false);

  const read = async (source: MultisigSource, quiet = false): Promise<boolean> => {
    setBusy(true);
    const r = await ask('readMultisigConfig', { walletId: wallet.walletId, network, source, name: null });
    setBusy(false);
    if (!r.ok) {
      if (!quiet) onError(`${describeError(r.error)} ${r.error.message}`);
      return false;
    }
    if (r.value) onRead(r.value.draftId, r.value.format, r.value.wallet);
    return r.value !== null;
  };

  /** A scanned code: a whole configuration, or one part of an animated UR (tried once enough parts are in). */
  const onScan = async (qr: string) => {
    if (!/^ur:[a-z0-9-]+\/\d+-\d+\//i.test(qr.trim())) {
      if (!trying.current) {
        trying.current = true;
        await read({ kind: 'text', text: qr });
        trying.current = false;
      }
      return;
    }
    if (!parts.current.add(qr)) return;
    setScanned(parts.current.size);
    if (parts.current.ready && !trying.current) {
      trying.current = true;
      await read({ kind: 'text', text: parts.current.text() }, true);
      trying.current = false;
    }
  };

  return (
    <>
      <StepHeader task="Register a multisig wallet" step={1} of={3} title="Read the wallet’s configuration" />
      <Note>
        From your coordinator, export the wallet’s configuration: a descriptor, a BSMS file, a Coldcard multisig file, or its QR code (UR crypto-output or
        output-descriptor). Nothing is saved until you have checked it on the next step.
      </Note>
      <NetworkSelect value={network} onChange={setNetwork} testId="multisig-network" />
      <div className="actions">
        <button type="button" onClick={onBack} data-testid="cancel">
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void read({ kind: 'file' })} data-testid="multisig-file" autoFocus>
          Open a configuration file…
        </button>
      </div>
      <PasteBox
        summary="Or paste it (descriptor, BSMS or Coldcard text; UR parts one per line)"
        label="Wallet configuration as text"
        testId="multisig-text"
        rows={6}
        button="Read"
        buttonTestId="multisig-read-text"
        busy={busy}
        onSubmit={(text) => void read({ kind: 'text', text })}
      />
      <details open={scanOpen} onToggle={(e) => setScanOpen(e.currentTarget.open)} data-testid="multisig-scan-details">
        <summary>Or scan its QR code</summary>
        {/* The camera runs only while this section is open (a closed <details> still mounts its children). */}
        {scanOpen && (
          <>
            <QrScanner mode="text" onScan={(qr) => void onScan(qr.text)} fileChosen={fileChosen} />
            {scanned > 0 && <p data-testid="multisig-scan-parts">Parts read: {scanned}</p>}
            <QrImageFile mode="text" onScan={(qr) => void onScan(qr.text)} onChoose={() => setFileChosen(true)} />
          </>
        )}
      </details>
    </>
  );
}

/** The facts to compare with the coordinator: M of N, the script, every key (ours marked), the first address. */
function WalletFacts({ info }: { info: MultisigWalletInfo }) {
  return (
    <>
      <dl className="facts" data-testid="multisig-facts">
        <dt>Signatures needed</dt>
        <dd data-testid="multisig-policy">
          Any {info.m} of these {info.n} keys
        </dd>
        <dt>Script</dt>
        <dd>
          {info.scriptLabel}
          {info.sorted ? ', sorted keys (BIP67)' : ', keys in the listed order'}
        </dd>
        <dt>Network</dt>
        <dd>{info.network}</dd>
        <dt>First receive address</dt>
        <dd className="mono" data-testid="multisig-first-address">
          {grouped(info.firstAddress)}
        </dd>
      </dl>
      <table className="table" data-testid="multisig-cosigners">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Path</th>
            <th scope="col">Key</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {info.cosigners.map((c, i) => (
            <tr key={`${c.fingerprint}-${i}`} className={c.ours ? 'ours' : undefined}>
              <td>{i + 1}</td>
              <td className="mono">{c.fingerprint}</td>
              <td className="mono">{c.path}</td>
              <td className="mono small breakable" title={c.xpub}>
                {c.xpub.slice(0, 12)}…{c.xpub.slice(-8)}
              </td>
              <td>{c.ours ? <strong data-testid="cosigner-yours">Yours</strong> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Step 2: check, name and register. */
function ConfirmStep({
  wallet,
  draft,
  onBack,
  onRegistered,
  onError,
}: {
  wallet: WalletView;
  draft: { draftId: string; format: WalletConfigFormat; wallet: MultisigWalletInfo };
  onBack: () => void;
  onRegistered: (w: MultisigWalletInfo) => void;
  onError: (message: string | null) => void;
}) {
  const [name, setName] = useState(draft.wallet.name);
  const [busy, setBusy] = useState(false);
  const register = async () => {
    setBusy(true);
    const r = await ask('registerMultisig', { walletId: wallet.walletId, draftId: draft.draftId, name: name.trim() === draft.wallet.name ? null : name.trim() });
    setBusy(false);
    if (!r.ok) return onError(`${describeError(r.error)} ${r.error.message}`);
    onRegistered(r.value);
  };
  return (
    <>
      <StepHeader task="Register a multisig wallet" step={2} of={3} title="Check it against your coordinator" />
      <p className="muted">
        Read from: {FORMAT_NAMES[draft.format]}. This key (<span className="mono">{wallet.fingerprint}</span>) is one of its cosigners.
      </p>
      <label>
        Name{' '}
        <input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="multisig-name" />
      </label>
      <WalletFacts info={draft.wallet} />
      <Warning>
        Before registering, open the same wallet in your coordinator and compare: the number of signatures, every fingerprint, and receive address 0 —{' '}
        <span className="mono">{grouped(draft.wallet.firstAddress)}</span>. If anything differs, do not register it.
      </Warning>
      <div className="actions">
        <button type="button" onClick={onBack} data-testid="back">
          Back
        </button>
        <button type="button" className="primary" disabled={busy || !name.trim()} onClick={() => void register()} data-testid="register">
          They match: register
        </button>
      </div>
    </>
  );
}

/** A registered wallet: its facts and descriptor, addresses, "is this address ours?", delete. */
function WalletDetail({ wallet, info, justRegistered, onBack, onDelete }: { wallet: WalletView; info: MultisigWalletInfo; justRegistered: boolean; onBack: () => void; onDelete: () => void }) {
  const [change, setChange] = useState(false);
  const [from, setFrom] = useState(0);
  const [rows, setRows] = useState<readonly MultisigAddressRow[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const spec = { walletId: wallet.walletId, multisigId: info.multisigId };

  useEffect(() => {
    void ask('getMultisigAddresses', { ...spec, change, from, count: ADDRESS_PAGE }).then((r) => r.ok && setRows(r.value));
  }, [info.multisigId, change, from]);

  const lookup = async (address: string) => {
    const r = await ask('findMultisigAddress', { ...spec, address, gapLimit: 1000 });
    if (!r.ok) return r.error.message;
    return r.value ? `Yes: ${r.value.change ? 'change' : 'receive'} address ${r.value.index} (${r.value.path} below each key’s path).` : 'Not found in the first 1000 receive and change addresses of this wallet.';
  };

  return (
    <>
      {justRegistered ? (
        <StepHeader task="Register a multisig wallet" step={3} of={3} title={`Registered: ${info.name}`} />
      ) : (
        <>
          <p className="step">Multisig wallets</p>
          <h1 id="multisig-title">{info.name}</h1>
        </>
      )}
      {justRegistered && (
        <p className="verify-ok" data-testid="multisig-registered">
          Registered. Transactions of this wallet now show its change as proven, and sign for this key.
        </p>
      )}
      <WalletFacts info={info} />
      <details>
        <summary>Descriptor</summary>
        <p className="mono breakable small" data-testid="multisig-descriptor">
          {info.descriptors.multipath}
        </p>
      </details>
      <section aria-labelledby="ms-addresses-title">
        <h2 id="ms-addresses-title">Addresses</h2>
        <AddressTable rows={rows} from={from} onFrom={setFrom} change={change} onChange={setChange} testIdPrefix="multisig-" />
        <AddressSearch question="Is this address ours?" find={lookup} testIdPrefix="multisig-" />
      </section>
      {confirmDelete ? (
        <Warning>
          <p>
            Delete the registration of “{info.name}”? The wallet and its funds are not touched; you can register it again from its configuration. Until then,
            its change is not proven when signing.
          </p>
          <div className="actions">
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Cancel
            </button>
            <button type="button" onClick={onDelete} data-testid="multisig-delete-confirm">
              Delete the registration
            </button>
          </div>
        </Warning>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => setConfirmDelete(true)} data-testid="multisig-delete">
          Delete…
        </button>
        <button type="button" className="primary" onClick={onBack} data-testid="done">
          Done
        </button>
      </div>
    </>
  );
}
