import { useEffect, useState } from 'react';
import type { AccountExport, AccountKind, AddressRow, ExportFileFormat, Network, Qr } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { ADDRESS_PAGE, AddressSearch, AddressTable, grouped } from '../../components/AddressTable';
import { NetworkSelect } from '../../components/NetworkSelect';
import { AnimatedQr, QrCode } from '../../components/QrCode';
import { ErrorAlert, Note } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';

const KINDS: ReadonlyArray<[AccountKind, string]> = [
  ['bip84', 'Native SegWit (bc1q…) — BIP84'],
  ['bip86', 'Taproot (bc1p…) — BIP86'],
  ['bip49', 'Nested SegWit (3…) — BIP49'],
  ['bip44', 'Legacy (1…) — BIP44'],
  ['bip48', 'Multisig cosigner (P2WSH) — BIP48'],
  ['eth', 'Ethereum — m/44\'/60\'/0\'/0/i'],
];

export function AccountsScreen({ wallet, onBack }: { wallet: WalletView; onBack: () => void }) {
  const [kind, setKind] = useState<AccountKind>('bip84');
  const [network, setNetwork] = useState<Network>('mainnet');
  const [index, setIndex] = useState(0);
  const [account, setAccount] = useState<AccountExport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [change, setChange] = useState(false);
  const [from, setFrom] = useState(0);
  const [addresses, setAddresses] = useState<readonly AddressRow[]>([]);
  const [addressQr, setAddressQr] = useState<Qr | null>(null);
  const [qrFormat, setQrFormat] = useState<'account' | 'output'>('account');

  const spec = { walletId: wallet.walletId, kind, network: kind === 'eth' ? ('mainnet' as const) : network, account: index };

  useEffect(() => {
    setError(null);
    setSaved(null);
    setAddressQr(null);
    void ask('getAccount', spec).then((r) => (r.ok ? setAccount(r.value) : setError(`${describeError(r.error)} ${r.error.message}`)));
  }, [wallet.walletId, kind, network, index]);

  useEffect(() => {
    if (kind === 'bip48') return setAddresses([]);
    void ask('getAddresses', { ...spec, change: kind === 'eth' ? false : change, from, count: ADDRESS_PAGE }).then((r) => r.ok && setAddresses(r.value));
  }, [wallet.walletId, kind, network, index, change, from]);

  const save = async (format: ExportFileFormat) => {
    const r = await ask('saveExport', { ...spec, format });
    if (!r.ok) return setError(`${describeError(r.error)} ${r.error.message}`);
    setSaved(r.value ? `Saved to ${r.value.path}` : 'Not saved.');
  };

  const showQr = async (text: string) => {
    const r = await ask('makeQr', { text });
    if (r.ok) setAddressQr(r.value);
  };

  const lookup = async (address: string) => {
    const r = await ask('findAddress', { ...spec, address, gapLimit: 1000 });
    if (!r.ok) return r.error.message;
    return r.value ? `Yes: ${r.value.change ? 'change' : 'receive'} address ${r.value.index} (${r.value.path}).` : 'Not found in the first 1000 receive and change addresses of this account.';
  };

  return (
    <main className="screen" aria-labelledby="accounts-title">
      <p className="step">
        Accounts · wallet <span className="mono">{wallet.fingerprint}</span>
      </p>
      <h1 id="accounts-title">Watch-only export</h1>
      <Note>Everything on this screen is public: it lets another app watch the balance and prepare transactions, never spend.</Note>
      <div className="account-controls">
        <label>
          Account type{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as AccountKind)} data-testid="account-kind">
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'eth' && <NetworkSelect value={network} onChange={setNetwork} testId="network" />}
        <label>
          Account number{' '}
          <input type="number" min={0} max={1000} value={index} onChange={(e) => setIndex(Math.max(0, Math.min(1000, Number(e.target.value) || 0)))} data-testid="account-index" />
        </label>
      </div>
      <ErrorAlert message={error} />
      {account && (
        <div className="account">
          <div className="account-qr">
            <AnimatedQr frames={qrFormat === 'output' && account.outputFrames ? account.outputFrames : account.urFrames} label={`${account.label} export QR`} />
            {account.outputFrames && (
              <label>
                QR format{' '}
                <select value={qrFormat} onChange={(e) => setQrFormat(e.target.value as 'account' | 'output')} data-testid="qr-format">
                  <option value="account">crypto-account</option>
                  <option value="output">crypto-output</option>
                </select>
              </label>
            )}
            <p className="muted">
              {kind === 'eth'
                ? 'MetaMask: Add account or hardware wallet → QR-based hardware wallet → scan this code.'
                : kind === 'bip48'
                  ? 'Sparrow, Nunchuk, BlueWallet: add this key as a cosigner of a multisig wallet by QR and scan this code.'
                  : qrFormat === 'account'
                  ? `Sparrow, ${kind === 'bip86' ? '' : 'BlueWallet, '}Nunchuk, Keystone: import a hardware wallet by QR and scan this code.`
                  : 'An output descriptor as a UR, for wallets that ask for crypto-output.'}
            </p>
            {kind === 'bip86' && (
              <p className="muted" data-testid="bluewallet-taproot">
                BlueWallet Taproot: its QR reader skips Taproot in this code. Use “Save wallet file” (generic JSON) or the descriptor instead.
              </p>
            )}
          </div>
          <dl className="facts" data-testid="account-facts">
            <dt>Derivation path</dt>
            <dd className="mono">{account.path}</dd>
            <dt>Master fingerprint</dt>
            <dd className="mono">{account.fingerprint}</dd>
            {account.slip132 !== account.xpub && (
              <>
                <dt>{account.slip132.slice(0, 4)}</dt>
                <dd className="mono breakable" data-testid="slip132">
                  {account.slip132}
                </dd>
              </>
            )}
            <dt>{account.xpub.slice(0, 4)}</dt>
            <dd className="mono breakable">{account.xpub}</dd>
            {account.descriptors && (
              <>
                <dt>Descriptor</dt>
                <dd className="mono breakable" data-testid="descriptor">
                  {account.descriptors.multipath}
                </dd>
              </>
            )}
            {!account.descriptors && kind === 'bip48' && (
              <>
                <dt>Cosigner key</dt>
                <dd className="mono breakable">{account.keyExpression}</dd>
              </>
            )}
          </dl>
          <div className="actions">
            <button type="button" onClick={() => void save('descriptor')} disabled={kind === 'eth'} data-testid="save-descriptor">
              {kind === 'bip48' ? 'Save cosigner key' : 'Save descriptor'}
            </button>
            <button type="button" onClick={() => void save('xpub')} data-testid="save-xpub">
              Save {account.slip132.slice(0, 4)}
            </button>
            <button type="button" onClick={() => void save('ur')} data-testid="save-ur">
              Save UR
            </button>
            <button type="button" onClick={() => void save('coldcard-json')} disabled={kind === 'eth'} data-testid="save-json">
              Save wallet file (Sparrow, Specter…)
            </button>
            {kind === 'bip48' && (
              <button type="button" onClick={() => void save('multisig-json')} data-testid="save-multisig-json">
                Save Coldcard multisig file (Sparrow, BlueWallet)
              </button>
            )}
          </div>
          {saved && <p data-testid="saved">{saved}</p>}
        </div>
      )}

      {kind !== 'bip48' && (
        <section aria-labelledby="addresses-title">
          <h2 id="addresses-title">Addresses</h2>
          <AddressTable
            rows={addresses}
            from={from}
            onFrom={setFrom}
            change={kind === 'eth' ? null : change}
            onChange={setChange}
            pathOnHover
            onShowQr={(address) => void showQr(address)}
          />
          {addressQr && (
            <figure className="address-qr" data-testid="address-qr">
              <QrCode qr={addressQr} label={`QR of ${addressQr.text}`} size={240} />
              <figcaption className="mono">{grouped(addressQr.text)}</figcaption>
            </figure>
          )}
          {/* Keyed by the account, so an answer never stays on screen under another account. */}
          <AddressSearch key={`${kind}/${spec.network}/${index}`} question="Is this address mine?" find={lookup} />
        </section>
      )}
      <div className="actions">
        <button type="button" onClick={onBack} data-testid="back">
          Back
        </button>
      </div>
    </main>
  );
}
