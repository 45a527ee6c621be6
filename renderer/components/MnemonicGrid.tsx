/**
 * Recovery words as on a printed card: numbered, in columns read top to bottom (1-8 in the first column of a
 * 24-word card), large monospace, the first four letters emphasised (they identify an English word). Not
 * selectable or copyable.
 */
export function MnemonicGrid({ words }: { words: readonly string[] }) {
  const columns = words.length > 12 ? 3 : 2;
  const rows = Math.ceil(words.length / columns);
  return (
    <ol
      className="mnemonic-grid"
      data-testid="mnemonic-grid"
      style={{ gridTemplateRows: `repeat(${rows}, auto)`, gridTemplateColumns: `repeat(${columns}, minmax(10rem, 1fr))` }}
      onCopy={(e) => e.preventDefault()}
    >
      {words.map((word, i) => (
        <li key={i} className="mnemonic-word">
          <span className="mnemonic-number">{i + 1}.</span>
          <span className="mono">
            <b>{word.slice(0, 4)}</b>
            {word.slice(4)}
          </span>
        </li>
      ))}
    </ol>
  );
}
