import { useCallback, useEffect, useState } from 'react';
import { AirGapBadge, AirGapBanner } from './AirGapBanner';
import { ComputerScreen } from './ComputerScreen';
import { ErrorBoundary } from './ErrorBoundary';
import { Home } from './Home';
import type { Route } from './tasks';
import { useAirGap } from './useAirGap';

export function App() {
  const [route, setRoute] = useState<Route>('home');
  const airGap = useAirGap();
  const home = useCallback(() => setRoute('home'), []);

  // Esc is Back everywhere but home.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && route !== 'home') home();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route, home]);

  return (
    <div className="app">
      <AirGapBanner view={airGap} />
      <header className="topbar">
        <button type="button" className="brand" onClick={home} aria-label="Permafrost — home">
          Permafrost
        </button>
        <AirGapBadge view={airGap} />
      </header>
      <ErrorBoundary key={route} onReset={home}>
        {route === 'home' && <Home go={setRoute} />}
        {route === 'computer' && <ComputerScreen view={airGap} back={home} />}
      </ErrorBoundary>
    </div>
  );
}
