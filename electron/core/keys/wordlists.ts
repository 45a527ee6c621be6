/** The 10 official BIP39 wordlists (bitcoin/bips bip-0039/bip-0039-wordlists.md), as shipped by @scure/bip39. */
import { wordlist as czech } from '@scure/bip39/wordlists/czech.js';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as french } from '@scure/bip39/wordlists/french.js';
import { wordlist as italian } from '@scure/bip39/wordlists/italian.js';
import { wordlist as japanese } from '@scure/bip39/wordlists/japanese.js';
import { wordlist as korean } from '@scure/bip39/wordlists/korean.js';
import { wordlist as portuguese } from '@scure/bip39/wordlists/portuguese.js';
import { wordlist as chineseSimplified } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as spanish } from '@scure/bip39/wordlists/spanish.js';
import { wordlist as chineseTraditional } from '@scure/bip39/wordlists/traditional-chinese.js';

export const LANGUAGES = [
  'english',
  'japanese',
  'korean',
  'spanish',
  'chinese_simplified',
  'chinese_traditional',
  'french',
  'italian',
  'czech',
  'portuguese',
] as const;
export type Language = (typeof LANGUAGES)[number];

const LISTS: Readonly<Record<Language, readonly string[]>> = {
  english,
  japanese,
  korean,
  spanish,
  chinese_simplified: chineseSimplified,
  chinese_traditional: chineseTraditional,
  french,
  italian,
  czech,
  portuguese,
};

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export function wordlist(language: Language): readonly string[] {
  return LISTS[language];
}

/** Latin-script lists whose words are unique by their first four letters (accents aside), per BIP39's design notes. */
export function hasFourLetterPrefixes(language: Language): boolean {
  return language === 'english' || language === 'spanish' || language === 'french' || language === 'italian' || language === 'czech' || language === 'portuguese';
}

/** Japanese mnemonics are joined with the ideographic space U+3000 (bip-0039-wordlists.md). */
export function wordSeparator(language: Language): string {
  return language === 'japanese' ? '\u3000' : ' ';
}
