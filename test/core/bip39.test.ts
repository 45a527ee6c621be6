/**
 * BIP39 against the official vectors: trezor/python-mnemonic vectors.json (passphrase "TREZOR") and the Japanese
 * vectors linked from bip-0039.mediawiki (test/vectors/README.md has the sources). One test per vector.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { masterFromSeed } from '../../electron/core/keys/hd';
import {
  checkMnemonic,
  completions,
  describeProblem,
  detectLanguage,
  entropyToMnemonic,
  generateMnemonic,
  lookupWord,
  mnemonicToSeed,
  parseMnemonic,
} from '../../electron/core/keys/mnemonic';
import { LANGUAGES, wordlist, type Language } from '../../electron/core/keys/wordlists';

type Vector = [entropy: string, mnemonic: string, seed: string, xprv: string];
const trezor = JSON.parse(readFileSync('test/vectors/bip39-vectors.json', 'utf8')) as Record<string, Vector[]>;
const japanese = JSON.parse(readFileSync('test/vectors/bip39-japanese-vectors.json', 'utf8')) as Array<{
  entropy: string;
  mnemonic: string;
  passphrase: string;
  seed: string;
  bip32_xprv: string;
}>;

// The trezor file names languages its own way and adds Russian and Turkish lists, which are not among BIP39's 10
// official wordlists: for those two only the seed (which needs no wordlist) is checked.
const NAMES: Record<string, Language | null> = {
  english: 'english',
  chinese_simplified: 'chinese_simplified',
  chinese_traditional: 'chinese_traditional',
  czech: 'czech',
  french: 'french',
  italian: 'italian',
  japanese: 'japanese',
  korean: 'korean',
  portuguese: 'portuguese',
  spanish: 'spanish',
  russian: null,
  turkish: null,
};

describe('BIP39 trezor vectors (passphrase "TREZOR")', () => {
  for (const [name, vectors] of Object.entries(trezor)) {
    const language = NAMES[name];
    if (language === undefined) throw new Error(`unexpected language ${name} in the vector file`);
    describe(name, () => {
      vectors.forEach(([entropy, mnemonic, seed, xprv], i) => {
        it(`vector ${i + 1}: ${language ? 'entropy ↔ words, ' : ''}seed, root xprv`, async () => {
          if (language) {
            expect(entropyToMnemonic(hexToBytes(entropy), language).normalize('NFKD')).toBe(mnemonic.normalize('NFKD'));
            const parsed = parseMnemonic(mnemonic, language);
            expect(bytesToHex(parsed.entropy)).toBe(entropy);
          }
          const s = await mnemonicToSeed(mnemonic, 'TREZOR');
          expect(bytesToHex(s)).toBe(seed);
          expect(masterFromSeed(s).privateExtendedKey).toBe(xprv);
        });
      });
    });
  }
});

describe('BIP39 Japanese vectors (ideographic space, NFKD passphrase)', () => {
  japanese.forEach((v, i) => {
    it(`vector ${i + 1}`, async () => {
      const words = entropyToMnemonic(hexToBytes(v.entropy), 'japanese');
      expect(words.normalize('NFKD')).toBe(v.mnemonic.normalize('NFKD'));
      expect(words).toContain('\u3000');
      expect(bytesToHex(parseMnemonic(v.mnemonic, 'japanese').entropy)).toBe(v.entropy);
      const seed = await mnemonicToSeed(v.mnemonic, v.passphrase);
      expect(bytesToHex(seed)).toBe(v.seed);
      expect(masterFromSeed(seed).privateExtendedKey).toBe(v.bip32_xprv);
    });
  });
});

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('BIP39 wordlists', () => {
  it.each(LANGUAGES)('%s has 2048 distinct words', (language) => {
    expect(new Set(wordlist(language)).size).toBe(2048);
  });
  it('English matches the wordlist published in bitcoin/bips', () => {
    expect(wordlist('english')).toEqual(readFileSync('test/vectors/bip39-english-wordlist.txt', 'utf8').trim().split('\n'));
  });
  it('every English word is unique by its first four letters', () => {
    const prefixes = new Set(wordlist('english').map((w) => w.slice(0, 4)));
    expect(prefixes.size).toBe(2048);
  });
});

describe('BIP39 generation', () => {
  it.each([12, 15, 18, 21, 24] as const)('%i words from the CSPRNG', (n) => {
    const { mnemonic, entropy } = generateMnemonic(n);
    expect(mnemonic.split(' ')).toHaveLength(n);
    expect(entropy.length * 8).toBe((n / 3) * 32);
    expect(checkMnemonic(mnemonic).ok).toBe(true);
  });
  it('two generations differ', () => {
    expect(generateMnemonic(24).mnemonic).not.toBe(generateMnemonic(24).mnemonic);
  });
  it('rejects entropy of a wrong length', () => {
    expect(() => entropyToMnemonic(new Uint8Array(15))).toThrow(/16, 20, 24, 28 or 32 bytes, not 15/);
  });
});

describe('BIP39 input: prefixes, accents, errors that say what is wrong', () => {
  it('accepts 4-letter prefixes and returns the full words', () => {
    const typed = 'aban aban aban aban aban aban aban aban aban aban aban abou';
    expect(parseMnemonic(typed).mnemonic).toBe(ABOUT);
  });
  it('accepts upper case and extra white space', () => {
    expect(parseMnemonic(`  ${ABOUT.toUpperCase().replace(/ /g, '\n\t ')} `).mnemonic).toBe(ABOUT);
  });
  it('accepts Spanish words typed without accents', () => {
    const entropy = hexToBytes('7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f');
    const words = entropyToMnemonic(entropy, 'spanish');
    const plain = words.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    expect(bytesToHex(parseMnemonic(plain, 'spanish').entropy)).toBe(bytesToHex(entropy));
  });
  it('autocompletes from a prefix', () => {
    expect(completions('aban')).toEqual(['abandon']);
    expect(completions('ab', 'english', 3)).toEqual(['abandon', 'ability', 'able']);
    expect(completions('zzz')).toEqual([]);
  });
  it('an ambiguous 3-letter prefix is not a word', () => {
    expect(lookupWord('aba')).toBeUndefined();
    expect(lookupWord('add')).toBe(wordlist('english').indexOf('add'));
  });
  it('names an unknown word by position and suggests the closest words', () => {
    const check = checkMnemonic(ABOUT.replace(/^(\S+ ){6}abandon/, (m) => m.replace(/abandon$/, 'abandn')));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toEqual([{ kind: 'unknown-word', position: 7, word: 'abandn', suggestions: expect.arrayContaining(['abandon']) }]);
    expect(describeProblem(check.problems[0]!)).toMatch(/^Word 7 \('abandn'\) is not in the word list — did you mean 'abandon'/);
  });
  it('reports every unknown word and a wrong count together', () => {
    const check = checkMnemonic('abandon xyzzy abandon qqqq');
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => p.kind)).toEqual(['unknown-word', 'unknown-word', 'word-count']);
  });
  it('wrong word count', () => {
    expect(() => parseMnemonic('abandon abandon abandon')).toThrow(/12, 15, 18, 21 or 24 words; this one has 3/);
  });
  it('checksum mismatch, with code BAD_CHECKSUM', () => {
    expect(() => parseMnemonic(ABOUT.replace(/about$/, 'abandon'))).toThrow(expect.objectContaining({ code: 'BAD_CHECKSUM' }));
  });
  it('empty input', () => {
    expect(checkMnemonic('   ')).toEqual({ ok: false, problems: [{ kind: 'empty' }] });
  });
  it('a checksum error names no word of the phrase', () => {
    expect(() => parseMnemonic(ABOUT.replace(/about$/, 'abandon'))).toThrow(
      expect.objectContaining({ code: 'BAD_CHECKSUM', message: expect.not.stringMatching(/abandon|about/) }),
    );
  });
  it('suggestion work is bounded: 1000 characters of junk answer at once, quoting at most 24 characters a word', () => {
    const t = performance.now();
    const check = checkMnemonic(`${'x'.repeat(400)} ${'qwerty '.repeat(80)}`);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const unknown = check.problems.filter((p) => p.kind === 'unknown-word');
    expect(unknown).toHaveLength(24);
    expect(unknown[0]).toMatchObject({ word: 'x'.repeat(24), suggestions: [] });
  });
  it('detects the language', () => {
    expect(detectLanguage(ABOUT)).toBe('english');
    expect(detectLanguage(japanese[0]!.mnemonic)).toBe('japanese');
    expect(detectLanguage('xyzzy')).toBeNull();
  });
});
