import { useState } from 'react';

/** How many addresses one page of the table shows (the screens ask main for this many). */
export const ADDRESS_PAGE = 10;

/** An address in groups of 4 characters, so it can be compared with another screen group by group. */
export function grouped(address: string): string {
  return address.replace(/(.{4})/g, '$1 ').trim();
}

type Row = { readonly index: number; readonly address: string; readonly path: string };

/**
 * One page of a wallet's addresses (index, address in groups of four), Previous / Next, and the "Change addresses"
 * switch where the wallet has change. Test ids, after `testIdPrefix`: `addresses` (the table), `more-addresses`
 * (Next), `change` (the switch).
 */
export function AddressTable({
  rows,
  from,
  onFrom,
  change,
  onChange,
  testIdPrefix = '',
  pathOnHover = false,
  onShowQr,
}: {
  rows: readonly Row[];
  /** Index of the first row shown. */
  from: number;
  onFrom: (from: number) => void;
  /** null: no switch (the wallet has no change addresses). */
  change: boolean | null;
  /** The switch also goes back to the first page. */
  onChange: (change: boolean) => void;
  testIdPrefix?: string;
  /** Each address shows its derivation path on hover. */
  pathOnHover?: boolean;
  /** Each row gets a QR button that calls this with its address. */
  onShowQr?: (address: string) => void;
}) {
  return (
    <>
      {change !== null && (
        <label className="choice">
          <input type="checkbox" checked={change} onChange={(e) => (onChange(e.target.checked), onFrom(0))} data-testid={`${testIdPrefix}change`} /> Change addresses
        </label>
      )}
      <table className="table addresses" data-testid={`${testIdPrefix}addresses`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Address</th>
            {onShowQr && <th scope="col">QR</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.path}>
              <td>{a.index}</td>
              <td className="mono" title={pathOnHover ? a.path : undefined}>
                {grouped(a.address)}
              </td>
              {onShowQr && (
                <td>
                  <button type="button" onClick={() => onShowQr(a.address)} aria-label={`Show QR of address ${a.index}`}>
                    QR
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => onFrom(Math.max(0, from - ADDRESS_PAGE))} disabled={from === 0}>
          Previous
        </button>
        <button type="button" onClick={() => onFrom(from + ADDRESS_PAGE)} data-testid={`${testIdPrefix}more-addresses`}>
          Next {ADDRESS_PAGE}
        </button>
      </div>
    </>
  );
}

/**
 * "Is this address mine?": an address typed or pasted, and what `find` says of it (where it is, or that it was not
 * found). Test ids, after `testIdPrefix`: `search-address` (the field), `search` (the button), `search-result`.
 */
export function AddressSearch({ question, find, testIdPrefix = '' }: { question: string; find: (address: string) => Promise<string>; testIdPrefix?: string }) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<string | null>(null);
  return (
    <>
      <h3>{question}</h3>
      <div className="search">
        <input className="mono" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Paste or type an address" aria-label="Address to look for" data-testid={`${testIdPrefix}search-address`} />
        <button type="button" onClick={() => void find(search.trim()).then(setFound)} disabled={!search.trim()} data-testid={`${testIdPrefix}search`}>
          Search
        </button>
      </div>
      {found && <p data-testid={`${testIdPrefix}search-result`}>{found}</p>}
    </>
  );
}
