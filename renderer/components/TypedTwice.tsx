import { useState, type ReactNode } from 'react';

/**
 * A passphrase typed twice, hidden unless the user asks to see it, with the mismatch said as soon as the second
 * entry is begun. `between` stands under the first field (a strength meter).
 */
export function TypedTwice({
  label,
  first,
  second,
  onFirst,
  onSecond,
  testid,
  between,
}: {
  label: string;
  first: string;
  second: string;
  onFirst: (v: string) => void;
  onSecond: (v: string) => void;
  testid: string;
  between?: ReactNode;
}) {
  const [show, setShow] = useState(false);
  return (
    <div className="passphrase">
      <label>
        {label}
        <input type={show ? 'text' : 'password'} value={first} onChange={(e) => onFirst(e.target.value)} autoComplete="off" spellCheck={false} data-testid={testid} />
      </label>
      {between}
      <label>
        Type it again
        <input type={show ? 'text' : 'password'} value={second} onChange={(e) => onSecond(e.target.value)} autoComplete="off" spellCheck={false} data-testid={`${testid}-again`} />
      </label>
      <label className="choice">
        <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} /> Show what I type
      </label>
      {second.length > 0 && first !== second && <p className="error">The two passphrases differ.</p>}
    </div>
  );
}
