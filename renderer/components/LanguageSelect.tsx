import type { Language } from '../../electron/ipc';

/** The ten BIP39 wordlists, named in their own language where that helps the reader. */
export const LANGUAGE_NAMES: ReadonlyArray<readonly [Language, string]> = [
  ['english', 'English'],
  ['spanish', 'Español'],
  ['french', 'Français'],
  ['italian', 'Italiano'],
  ['portuguese', 'Português'],
  ['czech', 'Čeština'],
  ['japanese', '日本語'],
  ['korean', '한국어'],
  ['chinese_simplified', '中文（简体）'],
  ['chinese_traditional', '中文（繁體）'],
];

export function LanguageSelect({ value, onChange }: { value: Language; onChange: (l: Language) => void }) {
  return (
    <label className="language-select">
      Word language{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as Language)} data-testid="language">
        {LANGUAGE_NAMES.map(([l, name]) => (
          <option key={l} value={l}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
