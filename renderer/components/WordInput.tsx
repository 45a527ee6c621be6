import { useId, useMemo, type KeyboardEvent } from 'react';

/**
 * One recovery word: suggestions from the public wordlist as the user types; once the typed letters name a
 * single word (four letters suffice in English), it is completed and focus moves on. Enter takes the first
 * suggestion. The value lives in the flow's state, never in a log.
 */
export function WordInput({
  index,
  value,
  wordlist,
  onChange,
  onComplete,
  invalid,
  inputRef,
}: {
  index: number;
  value: string;
  wordlist: readonly string[];
  onChange: (value: string) => void;
  onComplete: () => void;
  invalid: boolean;
  inputRef?: (el: HTMLInputElement | null) => void;
}) {
  const listId = useId();
  const typed = value.trim().toLowerCase();
  const matches = useMemo(() => (typed.length >= 1 ? wordlist.filter((w) => w.startsWith(typed)).slice(0, 6) : []), [typed, wordlist]);
  const exact = wordlist.includes(typed);

  const accept = (word: string) => {
    onChange(word);
    onComplete();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === 'Tab') && !exact && matches.length >= 1 && typed.length >= 2) {
      const first = matches[0] as string;
      e.preventDefault();
      accept(first);
    } else if (e.key === 'Enter' && exact) {
      e.preventDefault();
      onComplete();
    }
  };
  return (
    <div className={`word-input${invalid ? ' word-input-invalid' : ''}`}>
      <label htmlFor={`${listId}-input`} className="mnemonic-number">
        {index + 1}.
      </label>
      <input
        id={`${listId}-input`}
        ref={inputRef}
        className="mono"
        value={value}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        aria-invalid={invalid}
        aria-label={`Word ${index + 1}`}
        data-testid={`word-${index + 1}`}
        onChange={(e) => {
          const next = e.target.value.replace(/\s+/g, '').toLowerCase();
          onChange(next);
          // Four letters that name exactly one word (and are not themselves a word that others extend): complete it.
          const unique = wordlist.filter((w) => w.startsWith(next));
          if (next.length >= 4 && unique.length === 1) accept(unique[0] as string);
        }}
        onKeyDown={onKeyDown}
      />
      {matches.length > 0 && !exact && (
        <span className="word-suggestions" aria-live="polite">
          {matches.join(' · ')}
        </span>
      )}
    </div>
  );
}
