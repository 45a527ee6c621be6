import { useCallback, useEffect, useRef, useState } from 'react';
import { ask } from '../bridge';
import { AccountsScreen } from '../flows/accounts/AccountsScreen';
import { MultisigScreen } from '../flows/multisig/MultisigScreen';
import { CreateFlow } from '../flows/create/CreateFlow';
import { OpenBackupFileFlow } from '../flows/backup-file/OpenBackupFileFlow';
import { SaveBackupFileFlow } from '../flows/backup-file/SaveBackupFileFlow';
import { PaperFlow } from '../flows/paper/PaperFlow';
import { RecoverFlow } from '../flows/recover/RecoverFlow';
import { SignBitcoinFlow } from '../flows/sign/SignBitcoinFlow';
import { SignEthereumFlow } from '../flows/sign-eth/SignEthereumFlow';
import { SplitFlow } from '../flows/split/SplitFlow';
import { RestoreFlow } from '../flows/restore/RestoreFlow';
import { AirGapBadge, AirGapBanner } from './AirGapBanner';
import { ComputerScreen } from './ComputerScreen';
import { ErrorBoundary } from './ErrorBoundary';
import { Home } from './Home';
import type { Route } from './tasks';
import { isExposed, useAirGap } from './useAirGap';
import { useAutoLock } from './useAutoLock';
import type { WalletView } from './wallet';

/** Screens that Esc may leave: the flows that hold unsaved words handle their own Cancel. */
const ESCAPABLE: ReadonlySet<Route> = new Set(['computer', 'accounts']);

export function App() {
  const [route, setRoute] = useState<Route>('home');
  const [wallet, setWallet] = useState<WalletView | null>(null);
  const airGap = useAirGap();
  const home = useCallback(() => setRoute('home'), []);
  /** How many times the app has locked: a flow shown before a lock belongs to a session that is over. */
  const locks = useRef(0);
  const locked = useAutoLock(() => {
    // Main has closed every wallet and dropped what the flows held: forget ours and go Home (the flow's screen
    // unmounts with everything it showed).
    locks.current += 1;
    setWallet(null);
    setRoute('home');
  });
  const session = locks.current;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && ESCAPABLE.has(route)) home();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route, home]);

  const opened = (w: WalletView) => {
    // A wallet that a closed screen's long task (recovery, restore) delivers after a lock is not shown, and it is
    // closed (main refuses such results; this is the second line).
    if (session !== locks.current) {
      void ask('closeWallet', { walletId: w.walletId });
      return;
    }
    // One wallet at a time: the previous one is wiped.
    if (wallet) void ask('closeWallet', { walletId: wallet.walletId });
    setWallet(w);
  };
  const close = () => {
    if (wallet) void ask('closeWallet', { walletId: wallet.walletId });
    setWallet(null);
    home();
  };

  return (
    <div className="app">
      <div className="no-print">
        <AirGapBanner view={airGap} />
      </div>
      <header className="topbar no-print">
        <button type="button" className="brand" onClick={home} aria-label="Permafrost — home">
          Permafrost
        </button>
        <div className="topbar-right">
          {wallet && (
            <span className="wallet-badge" data-testid="wallet-badge">
              Wallet <span className="mono">{wallet.fingerprint}</span>
              {wallet.hasPassphrase ? ' (passphrase)' : ''}
              <button type="button" onClick={close} data-testid="close-wallet">
                Close
              </button>
            </span>
          )}
          <AirGapBadge view={airGap} />
        </div>
      </header>
      <ErrorBoundary key={route} onReset={home}>
        {route === 'home' && <Home go={setRoute} walletOpen={wallet !== null} notice={locked && `Locked after ${locked} without use: every wallet was closed.`} />}
        {route === 'computer' && <ComputerScreen view={airGap} back={home} />}
        {route === 'create' && <CreateFlow airGapped={!isExposed(airGap)} onOpened={opened} onExit={() => setRoute(wallet ? 'accounts' : 'home')} />}
        {route === 'restore' && <RestoreFlow airGapped={!isExposed(airGap)} onOpened={opened} onExit={() => setRoute(wallet ? 'accounts' : 'home')} />}
        {route === 'accounts' && wallet && <AccountsScreen wallet={wallet} onBack={home} />}
        {route === 'paper' && wallet && <PaperFlow wallet={wallet} airGapped={!isExposed(airGap)} onExit={home} />}
        {route === 'backup-file' && wallet && <SaveBackupFileFlow wallet={wallet} airGapped={!isExposed(airGap)} onExit={home} />}
        {route === 'open-file' && <OpenBackupFileFlow airGapped={!isExposed(airGap)} onOpened={opened} onExit={() => setRoute(wallet ? 'accounts' : 'home')} />}
        {route === 'sign-btc' && wallet && <SignBitcoinFlow wallet={wallet} onExit={home} />}
        {route === 'multisig' && wallet && <MultisigScreen wallet={wallet} onBack={home} />}
        {route === 'sign-eth' && wallet && <SignEthereumFlow wallet={wallet} onExit={home} />}
        {route === 'split' && <SplitFlow wallet={wallet} airGapped={!isExposed(airGap)} onOpened={opened} onExit={home} />}
        {route === 'recover' && <RecoverFlow airGapped={!isExposed(airGap)} onOpened={opened} onExit={() => setRoute(wallet ? 'accounts' : 'home')} />}
      </ErrorBoundary>
    </div>
  );
}
