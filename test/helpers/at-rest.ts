/**
 * What "a secret at rest" means to the scan, and the scan itself: every file under the given folders read as bytes
 * and searched for each secret. Keys, seeds and entropy as raw bytes, hex (both cases), base64 and base64url (at
 * each of the three byte alignments a secret can have inside a longer base64 text), each text in UTF-8 and UTF-16LE
 * (how Chromium keeps strings). Recovery words are looked for one by one, whatever separates them: a file is flagged
 * when it holds six or more of the phrase's words within 512 characters (48 for the Chinese lists, whose words are
 * single characters), read as UTF-8 and as UTF-16LE at even and odd offsets; each word in its list's spelling or
 * without accents, in any case, NFC or NFD, and — for the lists made to be typed by their first four letters
 * (BIP39's Latin-script lists, SLIP-39) — as its 4-letter form. Compressed data (a PDF's streams, LevelDB's Snappy
 * blocks) is not unpacked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { entropyToMnemonic, HDKey, LANGUAGES, masterFromSeed, mnemonicToSeed, parseMnemonic, wordSeparator, type Language } from '../../electron/core';
import { hasFourLetterPrefixes } from '../../electron/core/keys/wordlists';

export interface Needle {
  /** What the secret is (never the secret itself: reports name it, they do not repeat it). */
  readonly name: string;
  readonly forms: readonly Buffer[];
}

const base58check = createBase58check(sha256);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function textNeedle(name: string, text: string): Needle {
  const variants = new Set([text, text.normalize('NFC'), text.normalize('NFD')]);
  return { name, forms: [...variants].flatMap((t) => [Buffer.from(t, 'utf8'), Buffer.from(t, 'utf16le')]) };
}

/**
 * The base64 characters that stand for `bytes` alone when they begin at byte offset `shift` (0, 1 or 2) of a longer
 * encoded text: only the characters whose six bits all come from `bytes`.
 */
export function base64Run(bytes: Uint8Array, shift: 0 | 1 | 2, alphabet: 'base64' | 'base64url' = 'base64'): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(bytes)]).toString(alphabet).replace(/=+$/, '');
  const first = Math.ceil((8 * shift) / 6);
  const end = Math.floor((8 * (shift + bytes.length)) / 6);
  return encoded.slice(first, end);
}

export function bytesNeedle(name: string, bytes: Uint8Array): Needle {
  const h = hex(bytes);
  const base64 = ([0, 1, 2] as const).flatMap((shift) => [base64Run(bytes, shift), base64Run(bytes, shift, 'base64url')]);
  const texts = [...new Set([h, h.toUpperCase(), ...base64])];
  return { name, forms: [Buffer.from(bytes), ...texts.flatMap((t) => textNeedle(name, t).forms)] };
}

/** Recovery words, found one by one in a file's text whatever separates them (see scanFiles). */
export interface WordsNeedle {
  readonly name: string;
  /** A token's folded spelling (see fold) → the word it stands for: each word, and its 4-letter form where the list has one. */
  readonly keys: ReadonlyMap<string, string>;
  /** How many times each word is in the phrase: a file holding a word more often gains nothing. */
  readonly counts: ReadonlyMap<string, number>;
  /** The stretch, in characters, that must hold WORDS_AT_LEAST of them. */
  readonly window: number;
}

export type Secret = Needle | WordsNeedle;

/** At least this many of a phrase's words… */
export const WORDS_AT_LEAST = 6;
/** …within this many characters flag a file… */
export const WORDS_WINDOW = 512;
/**
 * …or, for the Chinese lists (each word one character, common in any Chinese text and in ICU's tables), within this
 * many: a phrase written out has a few characters at most between its words (a JSON array three).
 */
export const ONE_CHARACTER_WORDS_WINDOW = 48;

/** How a token and a word are compared: lower case, compatibility-decomposed, accents removed. */
const fold = (s: string): string => (/^[a-z]*$/i.test(s) ? s.toLowerCase() : s.normalize('NFKD').toLowerCase().replace(/[\u0300-\u036f]/g, ''));

export function wordsNeedle(name: string, words: readonly string[], fourLetters: boolean): WordsNeedle {
  const keys = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const w of words) {
    counts.set(w, (counts.get(w) ?? 0) + 1);
    keys.set(fold(w), w);
    if (fourLetters) keys.set(fold(w).slice(0, 4), w);
  }
  return { name, keys, counts, window: words.every((w) => [...w].length === 1) ? ONE_CHARACTER_WORDS_WINDOW : WORDS_WINDOW };
}

/**
 * The words of a text: each Han character alone (a Chinese word is one character, and Chinese text has no spaces),
 * every other run of letters and marks as one token. Offsets are in characters.
 */
const TOKEN = /\p{sc=Han}|(?:(?!\p{sc=Han})[\p{L}\p{M}])+/gu;

interface Hit {
  readonly at: number;
  readonly word: string;
}

/** A token's folded spelling → the words needles it belongs to, with the word it stands for in each. */
type WordIndex = ReadonlyMap<string, ReadonlyArray<readonly [WordsNeedle, string]>>;

function wordIndex(needles: readonly WordsNeedle[]): WordIndex {
  const index = new Map<string, Array<readonly [WordsNeedle, string]>>();
  for (const n of needles) for (const [key, word] of n.keys) index.set(key, [...(index.get(key) ?? []), [n, word]]);
  return index;
}

/** The words of `text` that belong to a phrase, needle by needle, in order. */
function hitsIn(text: string, index: WordIndex): Map<WordsNeedle, Hit[]> {
  const hits = new Map<WordsNeedle, Hit[]>();
  for (const m of text.matchAll(TOKEN)) {
    // No word of any list is longer than this.
    if (m[0].length > 16) continue;
    for (const [n, word] of index.get(fold(m[0])) ?? []) {
      const list = hits.get(n);
      if (list) list.push({ at: m.index, word });
      else hits.set(n, [{ at: m.index, word }]);
    }
  }
  return hits;
}

/** The texts a file's bytes may hold: UTF-8, and UTF-16LE from an even and from an odd offset. */
function texts(bytes: Buffer): string[] {
  return [bytes.toString('utf8'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')];
}

/** Whether some stretch of `n.window` characters holds WORDS_AT_LEAST of the phrase's words. */
function holdsWords(hits: readonly Hit[], n: WordsNeedle): boolean {
  const inWindow = new Map<string, number>();
  let matched = 0;
  let start = 0;
  for (const hit of hits) {
    while (hit.at - hits[start]!.at >= n.window) {
      const w = hits[start]!.word;
      const c = inWindow.get(w)!;
      inWindow.set(w, c - 1);
      if (c <= n.counts.get(w)!) matched -= 1;
      start += 1;
    }
    const c = (inWindow.get(hit.word) ?? 0) + 1;
    inWindow.set(hit.word, c);
    if (c <= n.counts.get(hit.word)!) matched += 1;
    if (matched >= WORDS_AT_LEAST) return true;
  }
  return false;
}

/** WIF of a mainnet private key, compressed (what a wallet would export). */
export function wif(privateKey: Uint8Array, network: 'mainnet' | 'testnet' = 'mainnet'): string {
  return base58check.encode(Uint8Array.from([network === 'mainnet' ? 0x80 : 0xef, ...privateKey, 0x01]));
}

/**
 * Every form a wallet's secrets take: the words in every language (see WordsNeedle), the entropy, the seed,
 * the master xprv/tprv, and for each path the user signed with, the private key (raw, hex, WIF) and the account
 * xprv above it. `passphrase` is the BIP39 passphrase, when there is one.
 */
export async function walletNeedles(label: string, mnemonic: string, language: Language, passphrase: string, keyPaths: readonly string[]): Promise<Secret[]> {
  const parsed = parseMnemonic(mnemonic, language);
  const needles: Secret[] = [];
  for (const lang of LANGUAGES) {
    // The Latin-script lists are typed by their first four letters (accents aside); the others have no such form.
    needles.push(wordsNeedle(`${label}: the words (${lang})`, entropyToMnemonic(parsed.entropy, lang).split(wordSeparator(lang)), hasFourLetterPrefixes(lang)));
  }
  // Sixteen zero bytes (abandon … about) are in any file: only entropy with some variety is looked for.
  if (new Set(parsed.entropy).size > 4) needles.push(bytesNeedle(`${label}: the entropy`, parsed.entropy));
  const seed = await mnemonicToSeed(mnemonic, passphrase);
  needles.push(bytesNeedle(`${label}: the seed`, seed));
  const master = masterFromSeed(seed);
  needles.push(textNeedle(`${label}: the master xprv`, master.privateExtendedKey));
  const tMaster = HDKey.fromMasterSeed(seed, { private: 0x04358394, public: 0x043587cf });
  needles.push(textNeedle(`${label}: the master tprv`, tMaster.privateExtendedKey));
  needles.push(bytesNeedle(`${label}: the master private key`, master.privateKey!));
  for (const p of keyPaths) {
    const key = master.derive(p);
    needles.push(bytesNeedle(`${label}: the private key at ${p}`, key.privateKey!));
    needles.push(textNeedle(`${label}: the WIF at ${p}`, wif(key.privateKey!)));
    const account = p.split('/').filter((s) => s.endsWith("'")).length;
    const accountPath = p.split('/').slice(0, account + 1).join('/');
    needles.push(textNeedle(`${label}: the account xprv ${accountPath}`, master.derive(accountPath).privateExtendedKey));
  }
  if (passphrase) needles.push(textNeedle(`${label}: the BIP39 passphrase`, passphrase));
  return needles;
}

/** Any extended private key at all, whatever wallet (xprv, tprv, yprv, zprv, uprv, vprv, Yprv, Zprv…). */
export const ANY_EXTENDED_PRIVATE_KEY = /\b[xtyzuvYZUV]prv[1-9A-HJ-NP-Za-km-z]{100,112}\b/;

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface Finding {
  readonly file: string;
  readonly secret: string;
}

/** The secrets in `bytes`, by name. */
export function secretsIn(bytes: Buffer, needles: readonly Secret[]): string[] {
  const wordNeedles = needles.filter((n): n is WordsNeedle => 'keys' in n);
  const index = wordIndex(wordNeedles);
  const hits = wordNeedles.length > 0 ? texts(bytes).map((t) => hitsIn(t, index)) : [];
  const names = needles.filter((n) => ('forms' in n ? n.forms.some((f) => bytes.includes(f)) : hits.some((h) => holdsWords(h.get(n) ?? [], n)))).map((n) => n.name);
  if (ANY_EXTENDED_PRIVATE_KEY.test(bytes.toString('latin1'))) names.push('an extended private key');
  return names;
}

/** Each (file, secret) where a form of the secret occurs in the file's bytes. */
export function scanFiles(files: readonly string[], needles: readonly Secret[]): Finding[] {
  return files.flatMap((file) => secretsIn(readFileSync(file), needles).map((secret) => ({ file, secret })));
}
