import type { EthReview, EthWarningCode } from '../../../electron/ipc';
import { DireWarning, Warning } from '../../components/Warnings';

/** Each warning's name in plain words (the message from main says what could go wrong and what to do). */
export const ETH_WARNING_TITLES: Readonly<Record<EthWarningCode, string>> = {
  UNKNOWN_CHAIN: 'A chain Permafrost does not know',
  CONTRACT_CREATION: 'This creates a new contract',
  CHAIN_MISMATCH: 'The request and the transaction name different chains',
  UNLIMITED_APPROVAL: 'Unlimited token approval',
  BLIND_SIGNING: 'Signing a bare hash (blind signing)',
  PERMIT: 'A token approval given by signature',
  BURN_ADDRESS: 'Sending to a burn address',
  TYPED_DATA_UNBOUND: 'A signature tied to no chain and no contract',
};

/**
 * Every warning, above the Sign button: the amber ones all at once; the dire ones one at a time, each needing its
 * own "I understand" before the next (or the Sign button) is reached. Acknowledged ones stay listed.
 */
export function EthWarnings({ review, acks, next, onAck }: { review: EthReview; acks: readonly string[]; next: string | null; onAck: (code: EthWarningCode) => void }) {
  const amber = review.warnings.filter((w) => !w.needsAck);
  const dire = review.warnings.filter((w, i, all) => w.needsAck && all.findIndex((x) => x.code === w.code) === i);
  const current = dire.find((w) => w.code === next) ?? null;
  const waiting = dire.filter((w) => w.code !== next && !acks.includes(w.code)).length;
  return (
    <div className="eth-warnings" data-testid="eth-warnings">
      {amber.map((w, i) => (
        <Warning key={`${w.code}-${i}`}>
          <span data-code={w.code}>
            <strong>{ETH_WARNING_TITLES[w.code]}.</strong> {w.message}
          </span>
        </Warning>
      ))}
      {dire
        .filter((w) => acks.includes(w.code))
        .map((w) => (
          <p key={w.code} className="eth-acked" data-code={w.code} data-testid={`acked-${w.code}`}>
            Acknowledged: {ETH_WARNING_TITLES[w.code]}
          </p>
        ))}
      {current && (
        <DireWarning key={current.code} title={ETH_WARNING_TITLES[current.code]} onAccept={() => onAck(current.code)} acceptLabel={waiting > 0 ? 'I understand, show the next warning' : 'I understand, let me sign'}>
          <span data-code={current.code} data-testid={`dire-${current.code}`}>
            {current.message}
          </span>
          {waiting > 0 && <p className="small">{waiting === 1 ? 'One more serious warning follows.' : `${waiting} more serious warnings follow.`}</p>}
        </DireWarning>
      )}
    </div>
  );
}
