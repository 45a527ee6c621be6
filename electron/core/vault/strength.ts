/**
 * How hard the passphrase of a backup file is to guess, for someone who has the file and all the time they want
 * (an offline attack: nothing limits their tries but scrypt's cost). Estimates come from zxcvbn-ts (dictionaries,
 * keyboard patterns, l33t, dates, repeats) with the wallet's own words as "user inputs".
 *
 * Rule for an acceptable passphrase: at least 12 characters AND zxcvbn's estimate of at least 10^12 guesses
 * (which implies its top score, 4) AND not made of the wallet's recovery words (at most two of them, with
 * other words). Why stricter than "score 3": score 3 starts at 10^8 guesses, which the attacker
 * below gets through in about 17 minutes; 10^12 is about four months for that attacker, decades for one GPU.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { WalletError } from '../errors';

/**
 * Assumed attacker: 10^5 guesses per second against scrypt at 2^18 (r = 8), e.g. ~100 high-end GPUs. Each guess
 * moves 512 MiB through memory (256 MiB written, then read back at random), so one GPU with ~1 TB/s of bandwidth
 * manages at most ~10^3 guesses/s; a single CPU core does ~1 (docs/BENCHMARKS.md).
 */
export const ASSUMED_GUESSES_PER_SECOND = 1e5;
export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_GUESSES_LOG10 = 12;
/** At most this many of the wallet's own recovery words, and never only them. */
export const MAX_RECOVERY_WORDS = 2;

/**
 * Famous phrases and Bitcoin words: brain-wallet crackers try quotations, lyrics and Bitcoin lore first, and
 * zxcvbn's dictionaries do not hold phrases. Compared on letters and digits only, anywhere in the passphrase.
 */
const FAMOUS_PHRASES = [
  'to be or not to be',
  'that is the question',
  'satoshi nakamoto',
  'chancellor on brink of second bailout for banks',
  'the quick brown fox jumps over the lazy dog',
  'correct horse battery staple',
  'hello world',
  'i love you',
  'in god we trust',
  'may the force be with you',
  'all your base are belong to us',
  'you only live once',
  'carpe diem',
  'the answer is 42',
  'let there be light',
  'the lord is my shepherd',
  'in the beginning was the word',
  'one ring to rule them all',
  'not your keys not your coins',
  'to the moon',
  'hodl',
  'bitcoin',
  'blockchain',
  'password',
  'letmein',
  'qwerty',
].map((p) => p.replace(/[^a-z0-9]/g, ''));
/** Letters and digits left after the famous phrases are taken out: fewer than this, and the phrase is famous. */
const MIN_UNFAMOUS_CHARACTERS = 10;

function famousPhrase(passphrase: string): boolean {
  let rest = passphrase.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
  const before = rest.length;
  for (const f of FAMOUS_PHRASES) rest = rest.split(f).join('');
  return rest.length < before && rest.length < MIN_UNFAMOUS_CHARACTERS;
}

/** Published example passphrases: famous, therefore in every cracker's list. */
const KNOWN_EXAMPLES = ['correcthorsebatterystaple', 'correct horse battery staple', 'correct-horse-battery-staple', 'tr0ub4dor&3', 'permafrost'];

export interface PassphraseStrength {
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly acceptable: boolean;
  readonly guessesLog10: number;
  /** Time to find it offline at ASSUMED_GUESSES_PER_SECOND, in words ("about 3 days", "centuries"). */
  readonly crackTime: string;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

let factory: ZxcvbnFactory | null = null;
/** Built on first use: the dictionaries take ~0.1 s to unpack. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
    // Off: it costs ~0.3 s a check (too slow for a meter updated as the user types) for near-misses of whole
    // common passwords, which the length rule mostly catches anyway.
    useLevenshteinDistance: false,
  });
  return factory;
}

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [30.44, 'day'],
  [12, 'month'],
  [100, 'year'],
];

/** Seconds in plain words, the way zxcvbn says it: "less than a second", "about 5 hours", "centuries". */
export function describeDuration(seconds: number): string {
  if (!(seconds >= 1)) return 'less than a second';
  let value = seconds;
  for (const [size, unit] of UNITS) {
    if (value < size) {
      const n = Math.round(value);
      return `about ${n} ${unit}${n === 1 ? '' : 's'}`;
    }
    value /= size;
  }
  return 'centuries';
}

/** Code points, so an accented letter or an emoji counts once. */
const lengthOf = (s: string) => [...s].length;

/**
 * zxcvbn matches user inputs one at a time and loses them between separators ("legal winner thank year" scores
 * 10^16 for the wallet "legal winner thank …"). So the wallet's words are counted here: each one in the
 * passphrase is one pick from the wallet's short list (an attacker with the words tries them first), and the
 * rest is scored alone. Null when no word of the wallet is in it.
 */
function recoveryWordsIn(passphrase: string, words: readonly string[]): { taken: number; kept: number; guessesLog10: number } | null {
  if (words.length === 0) return null;
  const list = [...new Set(words.map((w) => w.normalize('NFKD').toLowerCase()))].sort((a, b) => b.length - a.length);
  let taken = 0;
  const kept: string[] = [];
  for (let part of passphrase.normalize('NFKD').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u)) {
    // Words run together count too ("legalwinnerthank"): take each wallet word out, longest first.
    for (const w of list) {
      const pieces = part.split(w);
      taken += pieces.length - 1;
      part = pieces.join(' ');
    }
    kept.push(...part.split(' ').filter((t) => t.length > 0));
  }
  if (taken === 0) return null;
  // Only the words: a handful of guesses for whoever has them.
  if (kept.length === 0) return { taken, kept: 0, guessesLog10: Math.min(3, taken * Math.log10(list.length) + 1) };
  const restLog10 = zxcvbn().check(kept.join(' ')).guessesLog10;
  return { taken, kept: kept.length, guessesLog10: restLog10 + taken * Math.log10(list.length) + 1 };
}

export function assessPassphraseStrength(passphrase: string, userInputs: readonly string[] = []): PassphraseStrength {
  if (typeof passphrase !== 'string') throw new WalletError('INVALID_ARGUMENT', 'The passphrase must be text.');
  if (passphrase.length === 0) {
    return { score: 0, acceptable: false, guessesLog10: 0, crackTime: 'less than a second', warning: 'The passphrase is empty.', suggestions: ['Use four or more random words, or 12 or more random characters.'] };
  }
  const words = userInputs.filter((w) => typeof w === 'string' && w.length > 0);
  const result: ZxcvbnResult = zxcvbn().check(passphrase, [...KNOWN_EXAMPLES, ...words]);
  const recovery = recoveryWordsIn(passphrase, words);
  const guessesLog10 = Math.min(result.guessesLog10, recovery?.guessesLog10 ?? Infinity);
  // Made of the recovery words (only them, or three or more): whoever finds the words has the file too.
  const builtFromWords = recovery !== null && (recovery.kept === 0 || recovery.taken >= MAX_RECOVERY_WORDS + 1);
  const crackTime = describeDuration(10 ** guessesLog10 / ASSUMED_GUESSES_PER_SECOND);
  const longEnough = lengthOf(passphrase) >= MIN_PASSPHRASE_LENGTH;
  const famous = famousPhrase(passphrase);
  const acceptable = longEnough && guessesLog10 >= MIN_GUESSES_LOG10 && !builtFromWords && !famous;
  const suggestions = [...result.feedback.suggestions];
  if (!longEnough) suggestions.unshift(`Use at least ${MIN_PASSPHRASE_LENGTH} characters: four or more random words are easy to type and hard to guess.`);
  else if (!acceptable && suggestions.length === 0) suggestions.push('Add another uncommon word or two.');
  if (builtFromWords) suggestions.unshift('Choose words that are not in your recovery phrase.');
  if (famous && !builtFromWords) suggestions.unshift('Choose words of your own, in an order nobody has written before.');
  const warning = builtFromWords ? RECOVERY_WARNING : famous ? 'This is built on a well-known phrase: attackers try quotations and Bitcoin lore first.' : result.feedback.warning ?? (acceptable ? null : `Someone with the file could find it in ${crackTime} of guessing.`);
  // zxcvbn's own score thresholds (10^3, 10^6, 10^8, 10^10), applied to the lower estimate.
  const score = Math.min(result.score, [3, 6, 8, 10].filter((t) => guessesLog10 >= t).length) as PassphraseStrength['score'];
  return { score, acceptable, guessesLog10, crackTime, warning, suggestions };
}

const RECOVERY_WARNING = 'It is built from your recovery words: whoever finds the words could guess it.';

/** Throws WEAK_PASSPHRASE saying why and what to do; the passphrase itself is never in the message. */
export function requireStrongPassphrase(passphrase: string, userInputs: readonly string[] = []): void {
  const s = assessPassphraseStrength(passphrase, userInputs);
  if (s.acceptable) return;
  const why =
    lengthOf(passphrase) < MIN_PASSPHRASE_LENGTH
      ? `it has ${lengthOf(passphrase)} characters; at least ${MIN_PASSPHRASE_LENGTH} are needed`
      : s.warning === RECOVERY_WARNING
        ? 'it is built from your recovery words, and whoever finds the words could guess it'
        : `someone with the file could find it in ${s.crackTime} of guessing${s.warning && !s.warning.startsWith('Someone') ? ` (${s.warning.charAt(0).toLowerCase()}${s.warning.slice(1).replace(/\.$/, '')})` : ''}`;
  throw new WalletError('WEAK_PASSPHRASE', `This passphrase is too easy to guess: ${why}. ${s.suggestions[0] ?? 'Use four or more random words.'}`);
}
