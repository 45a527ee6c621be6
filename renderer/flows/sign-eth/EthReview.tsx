import type { EthReview } from '../../../electron/ipc';
import { GroupedAddress } from '../sign/Review';

type TypedField = NonNullable<EthReview['typedData']>['domain'][number];

const TX_TYPE = { legacy: 'Legacy (EIP-155)', eip2930: 'EIP-2930 (access list)', eip1559: 'EIP-1559' } as const;
const ERC20_VERB = { transfer: 'Sends tokens', approve: 'Allows a spender to take tokens', transferFrom: 'Moves tokens from another holder' } as const;

/** "Ethereum (chain 1)", or the bare id for a chain Permafrost does not know. */
function chainWords(chain: EthReview['chain']): string {
  if (!chain) return 'none named';
  return chain.name ? `${chain.name} (chain ${chain.id})` : `Unknown chain ${chain.id}`;
}

/** A whole number in groups of three digits ("1,500,000,000,000,000,000"), exact however large. */
function digits(n: string): string {
  return /^\d+$/.test(n) ? n.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n;
}

/** Large hex is shown in full but folded: the first bytes, then the rest on demand. */
function HexBlock({ hex, testId }: { hex: string; testId: string }) {
  return (
    <pre className="mono breakable eth-hex" data-testid={testId}>
      {hex.match(/.{1,64}/g)?.join('\n') ?? hex}
    </pre>
  );
}

/** An address in groups of four, a number in groups of three digits, anything else as it is. */
function fieldValue(f: TypedField) {
  if (f.value === null) return null;
  if (f.type === 'address' && /^0x[0-9a-fA-F]{40}$/.test(f.value)) return <GroupedAddress address={f.value} />;
  // A long number may wrap, but only between groups (a zero-width space after each comma).
  return /^u?int\d*$/.test(f.type) ? digits(f.value).replace(/,/g, ',\u200b') : f.value;
}

/** EIP-712 fields as an indented tree (main flattens it, each field with its depth): name, type, value. */
function FieldTree({ fields, testId }: { fields: readonly TypedField[]; testId: string }) {
  return (
    <ul className="eth-tree" data-testid={testId}>
      {fields.map((f, i) => (
        <li key={i} style={{ paddingLeft: `${f.depth * 1.25}rem` }} className={f.value === null ? 'eth-struct' : undefined}>
          <span className="eth-field-name">{f.name}</span> <span className="muted small">{f.type}</span>
          {f.value !== null && <span className="mono eth-field-value">{fieldValue(f)}</span>}
        </li>
      ))}
    </ul>
  );
}

/**
 * What MetaMask asks to sign, in words: a transaction (what leaves, to whom, the most it can cost, the contract call
 * decoded when it is an ERC-20 one), a message as text, or typed data as a tree. Warnings are the flow's: they sit
 * under this, above the Sign button.
 */
export function EthReviewView({ review }: { review: EthReview }) {
  const tx = review.transaction;
  return (
    <div className="eth-review" data-testid="eth-review" data-kind={review.kind}>
      <dl className="facts eth-request-facts">
        <dt>Signed by</dt>
        <dd>
          <GroupedAddress address={review.signer.address} /> <span className="muted small mono">{review.signer.path}</span>
        </dd>
        <dt>Chain</dt>
        <dd data-testid="eth-chain">{chainWords(review.chain)}</dd>
        {review.origin && (
          <>
            <dt>Asked by</dt>
            <dd>{review.origin}</dd>
          </>
        )}
      </dl>

      {tx && (
        <>
          <div className="tx-summary" data-testid="eth-tx-summary">
            <div>
              <span className="label">Sending</span> <span className="mono">{tx.value}</span>
              {tx.valueWei !== '0' && <span className="muted small"> ({digits(tx.valueWei)} wei)</span>}
            </div>
            <div>
              <span className="label">{tx.to && tx.data.bytes > 0 ? 'Contract called' : 'To'}</span>{' '}
              {tx.to ? <GroupedAddress address={tx.to} /> : <strong>No recipient: this creates a new contract</strong>}
            </div>
            <div data-testid="eth-max-cost">
              <span className="label">Most it can cost</span> <span className="mono">{tx.maxCost}</span>{' '}
              <span className="muted small">(value + gas limit × {tx.maxFeePerGas ? 'max fee' : 'gas price'})</span>
            </div>
          </div>
          {tx.data.erc20 && (
            <div className="eth-erc20" data-testid="eth-erc20">
              <strong>
                ERC-20 {tx.data.erc20.method}: {ERC20_VERB[tx.data.erc20.method]}
              </strong>
              <dl className="facts">
                <dt>Token contract</dt>
                <dd>
                  <GroupedAddress address={tx.data.erc20.token} />
                </dd>
                {tx.data.erc20.from && (
                  <>
                    <dt>From holder</dt>
                    <dd>
                      <GroupedAddress address={tx.data.erc20.from} />
                    </dd>
                  </>
                )}
                <dt>{tx.data.erc20.method === 'approve' ? 'Spender' : 'Receiver'}</dt>
                <dd>
                  <GroupedAddress address={tx.data.erc20.to} />
                </dd>
                <dt>Amount</dt>
                <dd>
                  {tx.data.erc20.unlimited ? (
                    <strong>Unlimited (every token, now and later)</strong>
                  ) : (
                    <>
                      <span className="mono">{digits(tx.data.erc20.amount)}</span> <span className="muted small">raw token units (the token’s decimals are not known offline)</span>
                    </>
                  )}
                </dd>
              </dl>
            </div>
          )}
          <dl className="facts" data-testid="eth-tx-details">
            <dt>Type</dt>
            <dd>{TX_TYPE[tx.type]}</dd>
            {tx.from.toLowerCase() !== review.signer.address.toLowerCase() && (
              <>
                <dt>From</dt>
                <dd>
                  <GroupedAddress address={tx.from} />
                </dd>
              </>
            )}
            <dt>Nonce</dt>
            <dd className="mono">{digits(tx.nonce)}</dd>
            <dt>Gas limit</dt>
            <dd className="mono">{digits(tx.gasLimit)}</dd>
            {tx.maxFeePerGas !== null && (
              <>
                <dt>Max fee per gas</dt>
                <dd className="mono">{tx.maxFeePerGas}</dd>
                <dt>Max priority fee</dt>
                <dd className="mono">{tx.maxPriorityFeePerGas}</dd>
              </>
            )}
            {tx.gasPrice !== null && (
              <>
                <dt>Gas price</dt>
                <dd className="mono">{tx.gasPrice}</dd>
              </>
            )}
            {tx.accessListAddresses > 0 && (
              <>
                <dt>Access list</dt>
                <dd>
                  {tx.accessListAddresses} address{tx.accessListAddresses === 1 ? '' : 'es'}
                </dd>
              </>
            )}
            <dt>Contract data</dt>
            <dd data-testid="eth-data">
              {tx.data.bytes === 0 ? (
                'none (a plain transfer)'
              ) : (
                <>
                  {tx.data.bytes} bytes{tx.to && tx.data.selector && <> · function <span className="mono">{tx.data.selector}</span></>}
                  <details>
                    <summary>Show the data</summary>
                    <HexBlock hex={tx.data.hex} testId="eth-data-hex" />
                  </details>
                </>
              )}
            </dd>
          </dl>
        </>
      )}

      {review.message && (
        <section aria-labelledby="eth-message-title">
          <h2 id="eth-message-title">
            Message ({review.message.bytes} byte{review.message.bytes === 1 ? '' : 's'}
            {review.message.text === null ? ', not text: shown in hex' : ''})
          </h2>
          {review.message.text !== null ? (
            <pre className="eth-message" data-testid="eth-message">
              {review.message.text}
            </pre>
          ) : (
            <HexBlock hex={review.message.hex} testId="eth-message" />
          )}
        </section>
      )}

      {review.typedData && (
        <section aria-labelledby="eth-typed-title">
          <h2 id="eth-typed-title">
            Typed data: <span className="mono">{review.typedData.primaryType}</span>
          </h2>
          <div className="eth-typed">
            <div>
              <h3>Domain</h3>
              <FieldTree fields={review.typedData.domain} testId="eth-typed-domain" />
            </div>
            <div>
              <h3>Message</h3>
              <FieldTree fields={review.typedData.message} testId="eth-typed-message" />
            </div>
          </div>
          <p className="muted small">
            Hash signed (EIP-712, computed here): <span className="mono breakable">{review.typedData.hash}</span>
          </p>
        </section>
      )}
    </div>
  );
}
