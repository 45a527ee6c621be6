import type { AirGapView } from './useAirGap';

/** The red banner while a network interface is up (or the state cannot be read); nothing otherwise. */
export function AirGapBanner({ view }: { view: AirGapView }) {
  if (view.state === 'unknown') {
    return (
      <div className="banner banner-dire" role="alert" data-testid="airgap-banner">
        <strong>Network state unknown — assume this computer is not air-gapped.</strong>
        <span>{view.message}</span>
      </div>
    );
  }
  if (view.state !== 'known' || view.status.airGapped) return null;
  const names = view.status.interfaces.map((i) => `${i.name} (${i.kind})`).join(', ');
  return (
    <div className="banner banner-dire" role="alert" data-testid="airgap-banner">
      <strong>Network connected — this computer is not air-gapped</strong>
      <span>
        Up: {names}. Turn off Wi-Fi and Bluetooth and unplug network cables before you create, restore or sign.
      </span>
    </div>
  );
}

/** The small status badge in the header. */
export function AirGapBadge({ view }: { view: AirGapView }) {
  if (view.state === 'checking') return <span className="badge badge-muted" data-testid="airgap-badge">Checking network…</span>;
  if (view.state === 'known' && view.status.airGapped)
    return (
      <span className="badge badge-ok" data-testid="airgap-badge" title="No network interface is up">
        Offline
      </span>
    );
  return (
    <span className="badge badge-dire" data-testid="airgap-badge">
      Online
    </span>
  );
}
