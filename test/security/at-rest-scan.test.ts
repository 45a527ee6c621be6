/**
 * The at-rest scanner (test/helpers/at-rest.ts) on its own, fast: each form a secret may take is found, whatever
 * separates the words; a file holding fewer than six of a phrase's words, or them spread too far apart, is not; and
 * large real texts (this project's docs, TypeScript's DOM typings, Electron's typings) hold no random phrase's words
 * in any language — the scan does not cry wolf.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entropyToMnemonic, LANGUAGES, masterFromSeed, mnemonicToSeed, parseMnemonic, wordSeparator } from '../../electron/core';
import { hasFourLetterPrefixes } from '../../electron/core/keys/wordlists';
import { base64Run, bytesNeedle, secretsIn, walletNeedles, wordsNeedle } from '../helpers/at-rest';
import { mulberry32 } from '../helpers/rng';

const LEGAL = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const legalWords = LEGAL.split(' ');
const found = (text: string | Buffer, needles: Parameters<typeof secretsIn>[1]) => secretsIn(Buffer.isBuffer(text) ? text : Buffer.from(text), needles);

describe('at-rest scanner: recovery words, one by one', () => {
  const needle = wordsNeedle('legal', legalWords, true);
  it.each([
    ['spaces', LEGAL],
    ['a JSON array', JSON.stringify(legalWords)],
    ['one per line, CRLF', legalWords.join('\r\n')],
    ['upper case, commas', legalWords.join(',').toUpperCase()],
    ['4-letter forms, no separator but digits', legalWords.map((w, i) => `${i}${w.slice(0, 4)}`).join('')],
    ['six of the twelve amid other text', `note: ${legalWords.slice(0, 6).join(' and then ')} — done`],
  ])('found in %s', (_what, text) => {
    expect(found(text, [needle])).toEqual(['legal']);
    expect(found(Buffer.from(text, 'utf16le'), [needle])).toEqual(['legal']);
    expect(found(Buffer.concat([Buffer.from([0]), Buffer.from(text, 'utf16le')]), [needle])).toEqual(['legal']);
  });
  it('not found: five words, six spread over more than 512 characters, words inside longer words, a word repeated', () => {
    expect(found(legalWords.slice(0, 5).join(' '), [needle])).toEqual([]);
    expect(found(legalWords.slice(0, 6).join(' '.repeat(110)), [needle])).toEqual([]);
    expect(found(legalWords.slice(0, 8).map((w) => `x${w}s`).join(' '), [needle])).toEqual([]);
    expect(found('winner winner winner winner winner winner winner', [needle])).toEqual([]);
  });
  it('a word repeated in the phrase counts as often as it is there: "abandon" five times and "about"', () => {
    const about = wordsNeedle('about', [...Array(11).fill('abandon'), 'about'], true);
    expect(found('abandon\nabandon\nabandon\nabandon\nabandon\nabout', [about])).toEqual(['about']);
    expect(found('abandon abandon abandon abandon abandon', [about])).toEqual([]);
  });
  it('every language: the list spelling in NFC and NFD, without accents, and the 4-letter forms of the Latin lists', () => {
    const { entropy } = parseMnemonic(LEGAL, 'english');
    for (const lang of LANGUAGES) {
      const words = entropyToMnemonic(entropy, lang).split(wordSeparator(lang));
      const n = wordsNeedle(lang, words, hasFourLetterPrefixes(lang));
      expect(found(words.join(wordSeparator(lang)).normalize('NFC'), [n]), lang).toEqual([lang]);
      expect(found(words.join('\n').normalize('NFD'), [n]), lang).toEqual([lang]);
      expect(found(JSON.stringify(words.map((w) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))), [n]), lang).toEqual([lang]);
      if (hasFourLetterPrefixes(lang)) expect(found(words.map((w) => w.slice(0, 4)).join(' '), [n]), lang).toEqual([lang]);
    }
  });
  it('Chinese words (one character each) must be close: six within 48 characters', () => {
    const words = entropyToMnemonic(parseMnemonic(LEGAL, 'english').entropy, 'chinese_simplified').split(' ');
    const n = wordsNeedle('zh', words, false);
    expect(found(words.join(''), [n])).toEqual(['zh']);
    expect(found(words.slice(0, 6).join('、'), [n])).toEqual(['zh']);
    expect(found(words.slice(0, 6).join('x'.repeat(10)), [n])).toEqual([]);
  });
});

describe('at-rest scanner: bytes', () => {
  it('raw, hex in both cases, base64 and base64url at every alignment inside a longer encoded text', () => {
    const secret = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
    const n = bytesNeedle('key', secret);
    const pad = (k: number) => Buffer.alloc(k, 0xa5);
    for (const k of [0, 1, 2, 3, 4, 5]) {
      const wrapped = Buffer.concat([pad(k), secret, pad(7)]);
      expect(found(wrapped, [n])).toEqual(['key']);
      expect(found(wrapped.toString('base64'), [n]), `base64 at ${k}`).toEqual(['key']);
      expect(found(wrapped.toString('base64url'), [n]), `base64url at ${k}`).toEqual(['key']);
      expect(found(Buffer.from(wrapped.toString('base64'), 'utf16le'), [n])).toEqual(['key']);
    }
    expect(found(Buffer.from(secret).toString('hex').toUpperCase(), [n])).toEqual(['key']);
    expect(base64Run(secret, 0)).toBe(Buffer.from(secret).toString('base64').slice(0, 42));
    expect(found(Buffer.from(secret.subarray(1)).toString('base64'), [n])).toEqual([]);
  });
  it('a wallet: the entropy, seed and keys in base64; entropy of one repeated byte (abandon … about, legal … yellow) is not looked for', async () => {
    // BIP39's test vector entropy 9e885d952ad362caeb4efe34a8e91bd2 (bitcoin/bips bip-0039 vectors.json).
    const entropy = Uint8Array.from(Buffer.from('9e885d952ad362caeb4efe34a8e91bd2', 'hex'));
    const phrase = entropyToMnemonic(entropy, 'english');
    expect(phrase).toBe('ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic');
    const needles = await walletNeedles('ozone', phrase, 'english', '', ["m/84'/0'/0'/0/0"]);
    const seed = await mnemonicToSeed(phrase, '');
    const key = masterFromSeed(seed).derive("m/84'/0'/0'/0/0").privateKey!;
    expect(found(Buffer.from(seed).toString('base64'), needles)).toEqual(['ozone: the seed']);
    expect(found(Buffer.from(key).toString('base64url'), needles)).toEqual(["ozone: the private key at m/84'/0'/0'/0/0"]);
    expect(found(Buffer.from(entropy).toString('base64'), needles)).toEqual(['ozone: the entropy']);
    for (const [label, words] of [['about', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'], ['legal', LEGAL]]) {
      expect((await walletNeedles(label!, words!, 'english', '', [])).map((n) => n.name)).not.toContain(`${label}: the entropy`);
    }
  });
});

describe('at-rest scanner: no false alarm', () => {
  it('random phrases in every language are not found in large real texts', () => {
    const rng = mulberry32(13);
    const needles = Array.from({ length: 8 }, (_, i) => {
      const entropy = Uint8Array.from({ length: i % 2 ? 32 : 16 }, () => Math.floor(rng() * 256));
      return LANGUAGES.map((lang) => wordsNeedle(`${i} ${lang}`, entropyToMnemonic(entropy, lang).split(wordSeparator(lang)), hasFourLetterPrefixes(lang)));
    }).flat();
    for (const file of ['README.md', 'SECURITY.md', 'node_modules/typescript/lib/lib.dom.d.ts', 'node_modules/electron/electron.d.ts']) {
      expect(found(readFileSync(file), needles), file).toEqual([]);
    }
  });
});
