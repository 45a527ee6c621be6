import { useEffect, useState, type KeyboardEvent } from 'react';
import { ask } from '../bridge';

/**
 * A SLIP-39 share typed as words: suggestions for the word being typed (from 2 letters), and Tab completes it when
 * only one word fits (SLIP-39 words are unique by their first four letters). Never completes a guess.
 */
/** At most 7 SLIP-39 words share three first letters (dis-, for-, pre-, pro-): from three letters, all are shown. */
const SHOWN = 7;

export function ShareWordsInput({ value, onChange, label, testid }: { value: string; onChange: (v: string) => void; label: string; testid: string }) {
  const [wordlist, setWordlist] = useState<readonly string[]>([]);
  useEffect(() => {
    void ask('getShareWordlist').then((r) => r.ok && setWordlist(r.value));
  }, []);
  const last = /([a-z]*)$/i.exec(value)?.[1]?.toLowerCase() ?? '';
  const matches = last.length >= 2 && !wordlist.includes(last) ? wordlist.filter((w) => w.startsWith(last)) : [];
  const words = value.trim() ? value.trim().split(/\s+/).length : 0;
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Tab' && matches.length === 1) {
      e.preventDefault();
      onChange(`${value.slice(0, value.length - last.length)}${matches[0] as string} `);
    }
  };
  return (
    <div className="share-input">
      <textarea className="mono rolls" rows={4} value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown} spellCheck={false} autoComplete="off" aria-label={label} data-testid={testid} />
      <p className="muted" aria-live="polite" data-testid={`${testid}-hint`}>
        {words} word{words === 1 ? '' : 's'} (a share has 20 to 33)
        {matches.length > 0 && ` · ${matches.slice(0, SHOWN).join(' · ')}${matches.length > SHOWN ? ' …' : ''}${matches.length === 1 ? ' — Tab completes it' : ''}`}
      </p>
    </div>
  );
}
