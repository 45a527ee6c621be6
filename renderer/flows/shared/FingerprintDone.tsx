import type { WalletView } from '../../app/wallet';

/** The wallet's face: its fingerprint, to write beside the words and compare on every printout. */
export function FingerprintDone({ wallet, onDone }: { wallet: WalletView; onDone: () => void }) {
  return (
    <>
      <p>Master fingerprint{wallet.hasPassphrase ? ' (with your passphrase)' : ''}:</p>
      <p className="fingerprint mono" data-testid="fingerprint">
        {wallet.fingerprint}
      </p>
      <p>
        Write it next to your words. Whenever you restore this wallet — here or in another wallet app — the same words
        {wallet.hasPassphrase ? ' and passphrase' : ''} show this fingerprint. A different one means a typo.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onDone} data-testid="done" autoFocus>
          Done
        </button>
      </div>
    </>
  );
}
