import { useState } from 'react';
import { TypedTwice } from '../../components/TypedTwice';
import { Note } from '../../components/Warnings';

/**
 * The optional BIP39 passphrase (the "25th word"). Typed twice so a typo cannot silently make another wallet;
 * the fingerprint shown next is how the user recognises the wallet later.
 */
export function PassphraseStep({ busy, onSubmit, onCancel }: { busy: boolean; onSubmit: (passphrase: string) => void; onCancel: () => void }) {
  const [use, setUse] = useState(false);
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const ready = !use || (first.length > 0 && first === second);
  return (
    <>
      <Note>
        A passphrase makes a different wallet from the same words. Without the exact passphrase — every letter, space and capital — the funds cannot be
        recovered. Most people do not need one.
      </Note>
      <label className="choice">
        <input type="radio" name="pp" checked={!use} onChange={() => setUse(false)} data-testid="no-passphrase" />
        <span>No passphrase</span>
      </label>
      <label className="choice">
        <input type="radio" name="pp" checked={use} onChange={() => setUse(true)} data-testid="use-passphrase" />
        <span>Use a passphrase</span>
      </label>
      {use && (
        <TypedTwice label="Passphrase" first={first} second={second} onFirst={setFirst} onSecond={setSecond} testid="passphrase" />
      )}
      <div className="actions">
        <button type="button" onClick={onCancel} data-testid="cancel">
          Cancel
        </button>
        <button type="button" className="primary" disabled={!ready || busy} onClick={() => onSubmit(use ? first : '')} data-testid="next">
          {busy ? 'Opening…' : 'Open wallet'}
        </button>
      </div>
    </>
  );
}
