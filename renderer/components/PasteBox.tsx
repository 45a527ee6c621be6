import { useState } from 'react';

/**
 * "Or paste it": a text box folded under `summary`, and a button that hands its text (trimmed) to `onSubmit`; the
 * button waits while `busy` and while the box is empty.
 */
export function PasteBox({
  summary,
  label,
  testId,
  rows = 5,
  button = 'Review',
  buttonTestId = 'load-text',
  busy,
  onSubmit,
}: {
  summary: string;
  /** The text box's accessible name. */
  label: string;
  testId: string;
  rows?: number;
  button?: string;
  buttonTestId?: string;
  busy: boolean;
  onSubmit: (text: string) => void;
}) {
  const [text, setText] = useState('');
  return (
    <details>
      <summary>{summary}</summary>
      <textarea className="mono rolls" rows={rows} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} aria-label={label} data-testid={testId} />
      <div className="actions">
        <button type="button" disabled={busy || !text.trim()} onClick={() => onSubmit(text.trim())} data-testid={buttonTestId}>
          {button}
        </button>
      </div>
    </details>
  );
}
