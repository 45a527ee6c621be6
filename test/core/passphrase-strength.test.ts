/**
 * The passphrase of an encrypted backup file (issue 8): acceptable = at least 12 characters and zxcvbn's estimate
 * of at least 10^12 guesses (electron/core/vault/strength.ts says why). Weak ones are refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import { assessPassphraseStrength, MIN_GUESSES_LOG10, requireStrongPassphrase } from '../../electron/core';
import { describeDuration } from '../../electron/core/vault/strength';

const ABOUT_WORDS = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' ');
const LEGAL_WORDS = 'legal winner thank year wave sausage worth useful legal winner thank yellow'.split(' ');

describe('assessPassphraseStrength', () => {
  const weak: Array<[string, string]> = [
    ['password1234', 'a common password with digits'],
    ['Permafrost2024!', 'the product name, a year and a symbol (zxcvbn score 3: ~10^8 guesses)'],
    ['correcthorsebatterystaple', 'the most famous example passphrase there is'],
    ['correct horse battery staple', 'the same, with spaces'],
    ['qwertyuiop123', 'a keyboard row'],
    ['aaaaaaaaaaaaaaaa', 'one repeated letter'],
    ['short pass', 'under 12 characters'],
    ['satoshi nakamoto 2009', 'Bitcoin lore and a year (zxcvbn alone: ~10^16)'],
    ['to be or not to be that is the question', 'a famous quotation (zxcvbn alone: ~10^32)'],
    ['Not your keys, not your coins!', 'a Bitcoin saying'],
  ];
  for (const [passphrase, why] of weak) {
    it(`refuses ${JSON.stringify(passphrase)}: ${why}`, () => {
      const s = assessPassphraseStrength(passphrase);
      expect(s.acceptable).toBe(false);
      expect(s.warning ?? s.suggestions[0]).toBeTruthy();
      expect(() => requireStrongPassphrase(passphrase)).toThrow(expect.objectContaining({ code: 'WEAK_PASSPHRASE', message: expect.stringMatching(/^This passphrase is too easy to guess: /) }));
    });
  }
  it('refuses the wallet’s own recovery words, whole or in part, when they are given as user inputs', () => {
    for (const words of [ABOUT_WORDS, LEGAL_WORDS]) {
      expect(assessPassphraseStrength(words.join(' '), words).acceptable).toBe(false);
      expect(assessPassphraseStrength(words.slice(0, 4).join(' '), words).acceptable).toBe(false);
      expect(assessPassphraseStrength(words.slice(0, 6).join(''), words).acceptable).toBe(false);
    }
    // The same four words are fine for a wallet whose phrase does not hold them.
    expect(assessPassphraseStrength('legal winner thank year', ABOUT_WORDS).acceptable).toBe(true);
  });
  const strong = ['glacier lantern mosaic thimble', 'plaid velvet arena gusto', 'zebra-kettle-orbit-fjord-lumen', 'my dog rex likes blue cheese', 'k8Jq2mXv9pLw3'];
  for (const passphrase of strong) {
    it(`accepts ${JSON.stringify(passphrase)}`, () => {
      const s = assessPassphraseStrength(passphrase, ABOUT_WORDS);
      expect(s).toMatchObject({ score: 4, acceptable: true, warning: null });
      expect(s.guessesLog10).toBeGreaterThanOrEqual(MIN_GUESSES_LOG10);
      expect(s.crackTime).toMatch(/^(about \d+ (months?|years?)|centuries)$/);
      expect(() => requireStrongPassphrase(passphrase, ABOUT_WORDS)).not.toThrow();
    });
  }
  it('says why and what to do, never quoting the passphrase', () => {
    expect(() => requireStrongPassphrase('Tr0ub4dor&3')).toThrow(/it has 11 characters; at least 12 are needed\. Use at least 12 characters/);
    try {
      requireStrongPassphrase('Permafrost2024!');
    } catch (e) {
      expect((e as Error).message).toMatch(/someone with the file could find it in about \d+ (minutes|hours)/);
      expect((e as Error).message).not.toContain('Permafrost2024');
    }
  });
  it('an empty passphrase is weak, not an error', () => {
    expect(assessPassphraseStrength('')).toMatchObject({ score: 0, acceptable: false });
  });
  it('crack times are in words', () => {
    expect(describeDuration(0.2)).toBe('less than a second');
    expect(describeDuration(90)).toBe('about 2 minutes');
    expect(describeDuration(3 * 86400)).toBe('about 3 days');
    expect(describeDuration(1e12)).toBe('centuries');
  });
});
