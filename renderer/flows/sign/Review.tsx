import type { PsbtReview, PsbtWarningCode } from '../../../electron/ipc';

/** BTC with 8 decimals; the exact sats on hover and beside it. */
export function Amount({ sats }: { sats: number | null }) {
  if (sats === null) return <span className="amount muted">unknown</span>;
  const btc = (sats / 1e8).toFixed(8);
  return (
    <span className="amount" title={`${sats.toLocaleString('en-US')} sats`}>
      <span className="mono">{btc}</span> BTC <span className="muted sats">({sats.toLocaleString('en-US')} sats)</span>
    </span>
  );
}

/** An address in groups of four characters, so it can be compared with the online wallet's screen. */
export function GroupedAddress({ address }: { address: string }) {
  return <span className="mono address">{address.match(/.{1,4}/g)?.join(' ')}</span>;
}

const KIND_LABEL = { payment: 'Payment', change: 'Change (back to you)', consolidation: 'To this wallet (not the inputs’ change)' } as const;

/**
 * The transaction as a picture: what goes in (ours or not), what comes out (to whom, change proven by its path),
 * and the fee as its own flow — then every warning, the ones that change what is signed with a tick box.
 */
export function PsbtReviewView({
  review,
  acks,
  onAck,
  multisigKeyPaths = [],
}: {
  review: PsbtReview;
  acks: readonly PsbtWarningCode[];
  onAck: (code: PsbtWarningCode, on: boolean) => void;
  /** Our keys' paths in the registered multisig wallet: an output proven below one of them is that wallet's. */
  multisigKeyPaths?: readonly string[];
}) {
  const ofMultisig = (path: string) => review.multisig !== undefined && multisigKeyPaths.some((p) => path.startsWith(`${p}/`));
  const ackCodes = [...new Set(review.warnings.filter((w) => w.needsAck).map((w) => w.code))];
  // What this wallet loses: its inputs less what comes back to it (others' inputs are theirs to count).
  const sum = (xs: readonly (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x ?? 0), 0));
  const oursIn = sum(review.inputs.filter((i) => i.ours).map((i) => i.value));
  const othersIn = sum(review.inputs.filter((i) => !i.ours).map((i) => i.value));
  const back = review.outputs.filter((o) => o.kind !== 'payment').reduce((a, o) => a + o.value, 0);
  const leaving = oursIn === null ? null : oursIn - back;
  return (
    <div className="psbt-review" data-testid="psbt-review">
      {review.multisig && (
        <p className="note" data-testid="review-multisig">
          Checked against the registered multisig wallet “{review.multisig.name}”: {review.multisig.m} of {review.multisig.n} signatures needed. Inputs and
          change are proven from its own keys, M and script type.
        </p>
      )}
      <div className="tx-summary" data-testid="tx-summary">
        <div>
          <span className="label">Sending</span> <Amount sats={review.sentOut} />
        </div>
        <div>
          <span className="label">Fee</span> <Amount sats={review.fee} />{' '}
          {review.feeRate !== null && (
            <span className="muted">
              · {review.feeRate} sat/vB · {review.vsizeExact ? '' : '≈'}
              {review.vsize} vB
            </span>
          )}
        </div>
        <div data-testid="leaving">
          <span className="label">Leaving this wallet</span> <Amount sats={leaving} />
        </div>
        {review.inputs.some((i) => !i.ours) && (
          <div>
            <span className="label">Others put in</span> <Amount sats={othersIn} /> <span className="muted">(inputs this wallet does not sign)</span>
          </div>
        )}
        <div className="muted">
          Network {review.network} · Lock time: {review.locktime.words} · {review.rbf.words}
        </div>
      </div>

      {review.warnings.length > 0 && (
        <ul className="psbt-warnings" data-testid="psbt-warnings">
          {review.warnings.map((w, i) => (
            <li key={`${w.code}-${i}`} className={w.needsAck ? 'dire' : 'warning'} data-code={w.code}>
              {/* A dire warning is a column (heading, then the message): no dash opening the message's line there. */}
              <strong>{w.code.replace(/_/g, ' ').toLowerCase()}</strong>
              {w.needsAck ? ' ' : ' — '}
              <span>{w.message}</span>
            </li>
          ))}
        </ul>
      )}
      {ackCodes.map((code) => (
        <label key={code} className="choice ack" data-testid={`ack-${code}`}>
          <input type="checkbox" checked={acks.includes(code)} onChange={(e) => onAck(code, e.target.checked)} /> I have read the warning “{code.replace(/_/g, ' ').toLowerCase()}” and still
          want to sign
        </label>
      ))}

      <div className="tx-picture" aria-label="Transaction: inputs, outputs and fee">
        <section>
          <h2>
            {review.inputs.length} input{review.inputs.length === 1 ? '' : 's'}
          </h2>
          <ul className="tx-list" data-testid="psbt-inputs">
            {review.inputs.map((i) => (
              <li key={i.index} className={i.ours ? 'ours' : 'foreign'}>
                <Amount sats={i.value} />
                <div className="muted mono small">
                  {i.txid.slice(0, 16)}…:{i.vout} · {i.scriptType}
                </div>
                <div className="small">
                  {i.ours?.multisig ? (
                    <span data-testid="input-multisig">
                      Multisig “{i.ours.multisig.name}” · signatures: {i.ours.multisig.signatures} of {i.ours.multisig.m} · your key {i.ours.path}
                    </span>
                  ) : i.ours ? (
                    <>Yours · {i.ours.path}</>
                  ) : (
                    <strong>Not this wallet’s: it will not be signed here</strong>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
        <div className="tx-arrow" aria-hidden>
          →
        </div>
        <section>
          <h2>
            {review.outputs.length} output{review.outputs.length === 1 ? '' : 's'} and the fee
          </h2>
          <ul className="tx-list" data-testid="psbt-outputs">
            {review.outputs.map((o) => (
              <li key={o.index} className={o.kind}>
                <Amount sats={o.value} />
                <div>{o.address ? <GroupedAddress address={o.address} /> : <span className="muted">{o.opReturnText !== undefined ? `Data: “${o.opReturnText}”` : `Script ${o.script.slice(0, 40)}`}</span>}</div>
                <div className="small">
                  <span className={`kind kind-${o.kind}`}>{KIND_LABEL[o.kind]}</span>
                  {o.path ? (
                    <span className="muted">
                      {' '}
                      · proven by {review.multisig && ofMultisig(o.path) ? `the same multisig wallet “${review.multisig.name}” (${review.multisig.m} of ${review.multisig.n}), ` : ''}
                      {o.path}
                    </span>
                  ) : null}
                </div>
              </li>
            ))}
            <li className="fee">
              <Amount sats={review.fee} />
              <div className="small">Fee to the miners</div>
            </li>
          </ul>
        </section>
      </div>
    </div>
  );
}
