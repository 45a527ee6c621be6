import { useEffect, useState } from 'react';
import type { EthPairing } from '../../../electron/ipc';
import { ask, describeError } from '../../bridge';
import { QrCode } from '../../components/QrCode';
import { ErrorAlert, Note } from '../../components/Warnings';
import type { WalletView } from '../../app/wallet';
import { GroupedAddress } from '../sign/Review';

/**
 * Pairing with MetaMask (getEthPairing): the crypto-hdkey QR of m/44'/60'/0' that MetaMask's QR keyring derives 0/i
 * from, in one single-part code, with MetaMask's own button words step by step, and the first 5 addresses MetaMask
 * will list, to compare before unlocking them there.
 */
export function Pairing({ wallet }: { wallet: WalletView }) {
  const [pairing, setPairing] = useState<EthPairing | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void ask('getEthPairing', { walletId: wallet.walletId }).then((r) => (r.ok ? setPairing(r.value) : setError(`${describeError(r.error)} ${r.error.message}`)));
  }, [wallet.walletId]);
  const addresses = pairing?.addresses ?? [];

  return (
    <>
      <ErrorAlert message={error} />
      <div className="eth-pairing">
        <div>
          {pairing ? <QrCode qr={pairing.qr} label="MetaMask pairing QR (crypto-hdkey)" size={340} /> : <p className="muted">Preparing the QR code…</p>}
          {pairing && (
            <p className="muted small">
              Public key of <span className="mono">{pairing.accountPath}</span> · wallet <span className="mono">{pairing.fingerprint}</span>. It lets MetaMask
              watch the accounts and prepare requests, never spend.
            </p>
          )}
        </div>
        <section aria-labelledby="pair-steps-title">
          <h2 id="pair-steps-title">In MetaMask (browser extension)</h2>
          <ol className="eth-steps" data-testid="pair-steps">
            <li>
              Open the account menu at the top and choose <strong>Add account or hardware wallet</strong>, then <strong>Add hardware wallet</strong>.
            </li>
            <li>
              On <strong>Connect a hardware wallet</strong>, choose <strong>QR-based</strong>, then <strong>Continue</strong>.
            </li>
            <li>Allow MetaMask to use the camera, and hold it in front of the QR code on this screen.</li>
            <li>
              MetaMask lists the addresses it found. Check that they match the list below, tick the ones you use, then <strong>Unlock</strong>.
            </li>
          </ol>
          <Note>Pair once: MetaMask remembers this wallet. Rabby and other wallets that accept a QR-based hardware wallet scan the same code.</Note>
        </section>
      </div>
      <h2 id="pair-addresses-title">The first 5 addresses, as MetaMask should list them</h2>
      <table className="table addresses" data-testid="pair-addresses" aria-labelledby="pair-addresses-title">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Address</th>
            <th scope="col">Path</th>
          </tr>
        </thead>
        <tbody>
          {addresses.map((a) => (
            <tr key={a.path}>
              <td>{a.index + 1}</td>
              <td>
                <GroupedAddress address={a.address} />
              </td>
              <td className="mono muted small">{a.path}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
