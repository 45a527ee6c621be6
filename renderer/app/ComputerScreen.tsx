import { useEffect, useState } from 'react';
import type { AppInfo } from '../../electron/ipc';
import { ask, describeError } from '../bridge';
import type { AirGapView } from './useAirGap';
import { AutoLockSetting } from './AutoLockSetting';

/** A long hex string in groups of eight, easier to compare by eye. */
const groups = (hex: string): string => hex.match(/.{1,8}/g)?.join(' ') ?? hex;

/** "This computer": the air-gap reading in full, what the app refused to load, and which build is running. */
export function ComputerScreen({ view, back }: { view: AirGapView; back: () => void }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  useEffect(() => {
    void ask('getAppInfo').then((r) => (r.ok ? setInfo(r.value) : setInfoError(`${describeError(r.error)} ${r.error.message}`)));
  }, []);

  return (
    <main className="screen" aria-labelledby="computer-title">
      <p className="step">This computer</p>
      <h1 id="computer-title">Is this computer offline?</h1>
      {view.state === 'checking' && <p>Reading the network interfaces…</p>}
      {view.state === 'unknown' && <p className="note-dire">The network state could not be read: {view.message}</p>}
      {view.state === 'known' && (
        <>
          <p data-testid="airgap-summary" className={view.status.airGapped ? 'note-ok' : 'note-dire'}>
            {view.status.airGapped
              ? 'Yes. No network interface is up.'
              : `No. ${view.status.interfaces.length} network interface${view.status.interfaces.length === 1 ? ' is' : 's are'} up.`}
          </p>
          {view.status.interfaces.length > 0 && (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Interface</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Addresses</th>
                </tr>
              </thead>
              <tbody>
                {view.status.interfaces.map((i) => (
                  <tr key={i.name}>
                    <td className="mono">{i.name}</td>
                    <td>{i.kind}</td>
                    <td className="mono">{i.addresses.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p data-testid="blocked-requests">
            Requests refused since start: <strong>{view.status.blockedRequests}</strong>. Permafrost never goes online; it
            cancels anything that tries.
          </p>
          <p className="muted">Last checked {new Date(view.status.checkedAt).toLocaleTimeString()}.</p>
        </>
      )}
      <h2>This build</h2>
      {info ? (
        <dl className="facts" data-testid="app-info">
          <dt>Version</dt>
          <dd className="mono">{info.version}</dd>
          <dt>Electron</dt>
          <dd className="mono">{info.electron ?? 'not running in Electron'}</dd>
          <dt>Platform</dt>
          <dd className="mono">{info.platform}</dd>
          <dt>Built from commit</dt>
          <dd className="mono" data-testid="build-commit">
            {info.build?.commit ?? 'unknown'}
          </dd>
          <dt>App files</dt>
          <dd data-testid="build-digest">
            {info.build === null ? (
              'not measured'
            ) : info.build.digest ? (
              <>
                {info.build.files} files, all as built. SHA-256 of their list:{' '}
                <span className="mono">{groups(info.build.digest)}</span>
              </>
            ) : (
              <span className="note-dire">{info.build.problem}</span>
            )}
          </dd>
        </dl>
      ) : (
        <p>{infoError ?? 'Loading…'}</p>
      )}
      {info?.build?.digest && (
        <p className="muted">
          The app re-read every file it runs and hashed it just now. Compare the SHA-256 above with the “app files” line
          published with version {info.version} (README, “Verify a download”): equal means this is that build, unchanged.
        </p>
      )}
      <h2>Auto-lock</h2>
      <AutoLockSetting />
      <div className="actions">
        <button type="button" onClick={back}>
          Back
        </button>
      </div>
    </main>
  );
}
