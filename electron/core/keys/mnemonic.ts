/**
 * BIP39 mnemonics: generation from entropy, parsing with precise errors, and the seed.
 * Spec: bitcoin/bips bip-0039.mediawiki. Words are compared in NFKD form; Latin-script words may be typed by
 * their first four letters and without accents, and are always returned in the wordlist's own spelling.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { entropyToMnemonic as scureEntropyToMnemonic, mnemonicToSeedWebcrypto, mnemonicToSeed as scureMnemonicToSeed } from '@scure/bip39';
import { WalletError } from '../errors';
import { hasFourLetterPrefixes, LANGUAGES, wordlist, wordSeparator, type Language } from './wordlists';

export const WORD_COUNTS = [12, 15, 18, 21, 24] as const;
export type WordCount = (typeof WORD_COUNTS)[number];

export function isWordCount(n: number): n is WordCount {
  return (WORD_COUNTS as readonly number[]).includes(n);
}

/** ENT = 32 × words / 3 bits: 128 bits for 12 words … 256 for 24 (BIP39 "Generating the mnemonic"). */
export function entropyBitsFor(words: WordCount): number {
  return (words / 3) * 32;
}

export function entropyToMnemonic(entropy: Uint8Array, language: Language = 'english'): string {
  if (![16, 20, 24, 28, 32].includes(entropy.length)) {
    throw new WalletError('INVALID_ARGUMENT', `BIP39 entropy must be 16, 20, 24, 28 or 32 bytes, not ${entropy.length}.`);
  }
  return scureEntropyToMnemonic(entropy, [...wordlist(language)]);
}

/** Fresh words from the OS CSPRNG (crypto.getRandomValues). `random` is injectable for tests only. */
export function generateMnemonic(
  words: WordCount,
  language: Language = 'english',
  random: (n: number) => Uint8Array = randomBytes,
): { mnemonic: string; entropy: Uint8Array } {
  const entropy = random(entropyBitsFor(words) / 8);
  return { mnemonic: entropyToMnemonic(entropy, language), entropy };
}

const stripAccents = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** Splits on any white space, the ideographic space included; NFKD; lower case. */
export function splitWords(input: string): string[] {
  return input
    .normalize('NFKD')
    .toLowerCase()
    .split(/[\s\u3000]+/u)
    .filter((w) => w.length > 0);
}

/** Longer than any word of any list in any normal form (the longest are 8 letters, 16 code units decomposed). */
const MAX_WORD_INPUT = 64;

interface Index {
  readonly exact: ReadonlyMap<string, number>;
  readonly folded: ReadonlyMap<string, number[]>;
  readonly words: readonly string[];
  /** Each word without accents, once (not per lookup). */
  readonly foldedWords: readonly string[];
  /** Word indices by their first letter without accents: a prefix is compared with its bucket only. */
  readonly byInitial: ReadonlyMap<string, readonly number[]>;
}
const indexes = new Map<Language, Index>();
function indexFor(language: Language): Index {
  let index = indexes.get(language);
  if (!index) {
    const words = wordlist(language).map((w) => w.normalize('NFKD'));
    const exact = new Map(words.map((w, i) => [w, i] as const));
    const foldedWords = words.map(stripAccents);
    const folded = new Map<string, number[]>();
    const byInitial = new Map<string, number[]>();
    foldedWords.forEach((key, i) => {
      folded.set(key, [...(folded.get(key) ?? []), i]);
      const initial = String.fromCodePoint(key.codePointAt(0) ?? 0);
      byInitial.set(initial, [...(byInitial.get(initial) ?? []), i]);
    });
    index = { exact, folded, words, foldedWords, byInitial };
    indexes.set(language, index);
  }
  return index;
}

/**
 * The wordlist index of one typed word: exact, then without accents, then (Latin lists) a unique prefix of at
 * least four letters. Undefined when it is no word, or an ambiguous prefix.
 */
export function lookupWord(typed: string, language: Language = 'english'): number | undefined {
  if (typed.length > MAX_WORD_INPUT) return undefined;
  const index = indexFor(language);
  const word = typed.normalize('NFKD').toLowerCase();
  const exact = index.exact.get(word);
  if (exact !== undefined) return exact;
  const folded = stripAccents(word);
  const unaccented = index.folded.get(folded);
  if (unaccented?.length === 1) return unaccented[0];
  if (hasFourLetterPrefixes(language) && folded.length >= 4) {
    const matches = completions(folded, language, 2);
    if (matches.length === 1) return index.exact.get(matches[0] as string);
  }
  return undefined;
}

/** Words starting with `prefix` (accents ignored), in wordlist order, at most `limit`: for autocomplete. */
export function completions(prefix: string, language: Language = 'english', limit = 8): string[] {
  if (!Number.isInteger(limit) || limit < 1) return [];
  // No word is longer than this: a longer "prefix" matches nothing, and is not normalised at all.
  if (prefix.length > MAX_WORD_INPUT) return [];
  const p = stripAccents(prefix.normalize('NFKD').toLowerCase());
  if (!p) return [];
  const index = indexFor(language);
  const out: string[] = [];
  for (const i of index.byInitial.get(String.fromCodePoint(p.codePointAt(0) ?? 0)) ?? []) {
    if ((index.foldedWords[i] as string).startsWith(p)) {
      out.push(index.words[i] as string);
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("abuot" → "about" is 1). Three rows. */
function editDistance(a: string, b: string): number {
  let before = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (before[j - 2] as number) + 1);
      row[j] = v;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length] as number;
}

/** The closest valid words to a mistyped one: by edit distance, prefix matches first. At most 3. */
export function suggestWords(typed: string, language: Language = 'english'): string[] {
  const t = stripAccents(typed.normalize('NFKD').toLowerCase());
  const index = indexFor(language);
  const limit = Math.max(2, t.length / 3);
  const scored: Array<{ w: string; d: number }> = [];
  index.words.forEach((w, i) => {
    const f = index.foldedWords[i] as string;
    // The distance is at least the difference in length: words too long or short to be close are not scored.
    if (Math.abs(f.length - t.length) > limit + 0.5) return;
    const d = editDistance(t, f) - (f.startsWith(t.slice(0, 3)) ? 0.5 : 0);
    if (d <= limit) scored.push({ w, d });
  });
  scored.sort((a, b) => a.d - b.d);
  return scored.slice(0, 3).map((s) => s.w);
}

export type MnemonicProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'word-count'; readonly count: number }
  | { readonly kind: 'unknown-word'; readonly position: number; readonly word: string; readonly suggestions: readonly string[] }
  | { readonly kind: 'checksum' }
  | { readonly kind: 'too-long'; readonly chars: number; readonly limit: number };

export type MnemonicCheck =
  | { readonly ok: true; readonly mnemonic: string; readonly words: readonly string[]; readonly entropy: Uint8Array; readonly language: Language }
  | { readonly ok: false; readonly problems: readonly MnemonicProblem[] };

/** Words to entropy, checking the BIP39 checksum (the first ENT/32 bits of SHA-256(entropy)). */
function indicesToEntropy(indices: readonly number[]): Uint8Array | null {
  const totalBits = indices.length * 11;
  const checksumBits = totalBits / 33;
  const entropyBits = totalBits - checksumBits;
  const bits: number[] = [];
  for (const i of indices) for (let b = 10; b >= 0; b--) bits.push((i >> b) & 1);
  const entropy = new Uint8Array(entropyBits / 8);
  for (let i = 0; i < entropyBits; i++) entropy[i >> 3] = (entropy[i >> 3] as number) | ((bits[i] as number) << (7 - (i & 7)));
  const hash = sha256(entropy);
  for (let i = 0; i < checksumBits; i++) {
    const expected = ((hash[i >> 3] as number) >> (7 - (i & 7))) & 1;
    if (bits[entropyBits + i] !== expected) return null;
  }
  return entropy;
}

/**
 * Longest text read as a phrase: 24 of the longest words of any list, decomposed (16 code units each), with
 * white space, stay far below it. Checked before any work (splitting 10 MB would take about a second).
 */
export const MAX_PHRASE_CHARS = 10_000;

/** Checks typed words; reports every problem at once (all unknown words, the count), or the checksum. */
export function checkMnemonic(input: string, language: Language = 'english'): MnemonicCheck {
  if (input.length > MAX_PHRASE_CHARS) return { ok: false, problems: [{ kind: 'too-long', chars: input.length, limit: MAX_PHRASE_CHARS }] };
  const typed = splitWords(input);
  if (typed.length === 0) return { ok: false, problems: [{ kind: 'empty' }] };
  const problems: MnemonicProblem[] = [];
  const indices: number[] = [];
  // Words past the 24th are never a phrase's: they are counted, not looked up (bounded work for any input).
  typed.slice(0, 24).forEach((word, i) => {
    const index = lookupWord(word, language);
    if (index !== undefined) indices.push(index);
    // Suggestions only where they can help: real word lengths.
    else problems.push({ kind: 'unknown-word', position: i + 1, word: word.slice(0, 24), suggestions: word.length <= 16 ? suggestWords(word, language) : [] });
  });
  if (!isWordCount(typed.length)) problems.push({ kind: 'word-count', count: typed.length });
  if (problems.length) return { ok: false, problems };
  const entropy = indicesToEntropy(indices);
  if (!entropy) return { ok: false, problems: [{ kind: 'checksum' }] };
  const words = indices.map((i) => wordlist(language)[i] as string);
  return { ok: true, mnemonic: words.join(wordSeparator(language)), words, entropy, language };
}

export function describeProblem(problem: MnemonicProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'No words were entered.';
    case 'word-count':
      return `A recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${problem.count}.`;
    case 'unknown-word': {
      const hint = problem.suggestions.length ? ` — did you mean ${problem.suggestions.map((s) => `'${s}'`).join(' or ')}?` : '.';
      return `Word ${problem.position} ('${problem.word}') is not in the word list${hint}`;
    }
    case 'checksum':
      return 'Every word is valid but the checksum does not match: a word is wrong or two are swapped. Check each word against your backup.';
    case 'too-long':
      return `This text is ${problem.chars.toLocaleString('en-US')} characters long: a recovery phrase is at most ${problem.limit.toLocaleString('en-US')}.`;
  }
}

/**
 * Parses a mnemonic or throws a WalletError saying what is wrong. The message quotes a mistyped word (the user
 * typed it and sees it) but never the whole phrase.
 */
export function parseMnemonic(input: string, language: Language = 'english'): Extract<MnemonicCheck, { ok: true }> {
  const check = checkMnemonic(input, language);
  if (check.ok) return check;
  const first = check.problems[0] as MnemonicProblem;
  const code = first.kind === 'checksum' ? 'BAD_CHECKSUM' : first.kind === 'unknown-word' ? 'UNKNOWN_WORD' : 'WRONG_WORD_COUNT';
  throw new WalletError(code, check.problems.map(describeProblem).join(' '));
}

/** The language whose wordlist holds every word, preferring English; null when none does. */
export function detectLanguage(input: string): Language | null {
  if (input.length > MAX_PHRASE_CHARS) return null;
  const typed = splitWords(input);
  if (!typed.length) return null;
  for (const language of LANGUAGES) {
    if (typed.every((w) => lookupWord(w, language) !== undefined)) return language;
  }
  return null;
}

type Subtle = { importKey?: unknown; deriveBits?: unknown };
const hasWebCrypto = (): boolean => typeof (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle?.deriveBits === 'function';

/**
 * BIP39 seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048) → 64 bytes. Uses WebCrypto
 * (native PBKDF2, in Electron's main process and Node) when present, else @noble/hashes.
 */
export async function mnemonicToSeed(mnemonic: string, passphrase = ''): Promise<Uint8Array> {
  return hasWebCrypto() ? mnemonicToSeedWebcrypto(mnemonic, passphrase) : scureMnemonicToSeed(mnemonic, passphrase);
}
