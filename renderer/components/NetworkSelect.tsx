import type { Network } from '../../electron/ipc';

const NETWORKS: readonly Network[] = ['mainnet', 'testnet', 'signet', 'regtest'];

/** "Network": mainnet, testnet, signet or regtest. */
export function NetworkSelect({ value, onChange, testId }: { value: Network; onChange: (network: Network) => void; testId: string }) {
  return (
    <label>
      Network{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as Network)} data-testid={testId}>
        {NETWORKS.map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
    </label>
  );
}
