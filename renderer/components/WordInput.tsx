import { useId, useMemo, type KeyboardEvent } from 'react';

/** Compare as the core does: NFKD, lower case, accents ignored ("vía" = "via"). */
const fold = (s: string) => s.normalize('NFKD').toLowerCase().replace(/[\u0300-\u036f]/g, '');

/**
 * One recovery word: suggestions from the public wordlist as the user types; once the typed letters name a
 * single word (four letters suffice in English), it is completed and focus moves on. Enter or Tab completes
 * only a unique match — never a guess, since a wrong word can still pass the checksum. The value lives in the
 * flow's state, never in a log.
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
  const folded = useMemo(() => wordlist.map(fold), [wordlist]);
  const typed = fold(value.trim());
  const all = useMemo(() => (typed.length >= 1 ? wordlist.filter((_, i) => (folded[i] as string).startsWith(typed)) : []), [typed, wordlist, folded]);
  const matches = all.slice(0, 6);
  const exact = folded.includes(typed);

  const accept = (word: string) => {
    onChange(word);
    onComplete();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'Enter' || e.key === 'Tab') && !exact && all.length === 1) {
      e.preventDefault();
      accept(all[0] as string);
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
          // Four letters that name exactly one word: complete it and move on.
          const key = fold(next);
          const unique = wordlist.filter((_, i) => (folded[i] as string).startsWith(key));
          if (key.length >= 4 && unique.length === 1) accept(unique[0] as string);
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
