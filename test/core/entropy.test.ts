/**
 * Dice and coin entropy. Expected words for the "sha256" method are SeedSigner's published vectors
 * (docs/dice_verification.md and tests/test_mnemonic_generation.py, SeedSigner/seedsigner @8cd8a5b), which
 * Coldcard's docs/rolls.py and rolls12.py reproduce.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { biasReport, entropyHex, MIN_ROLLS, parseFlips, parseRolls, userEntropy } from '../../electron/core/keys/entropy';
import { entropyToMnemonic } from '../../electron/core/keys/mnemonic';

const SEEDSIGNER: Array<[rolls: string, words: 12 | 24, mnemonic: string]> = [
  [
    '655152231316521321611331544441236164664431121534415633526456254462245546236542364246312613322234612',
    24,
    'eyebrow obvious such suggest poet seven breeze blame virtual frown dynamic donor harsh pigeon express broccoli easy apology scatter force recipe shadow claim radio',
  ],
  ['65515223131652132161133154444123616466443112153441', 12, 'hole luggage safe present express tragic orbit shed switch metal identify path'],
  [
    '522222222222222222222222222222222222222222222555555555555555555555555555555555555555555555555555555',
    24,
    'resource timber firm banner horror pupil frozen main pear direct pioneer broken grid core insane begin sister pony end debate task silk empty curious',
  ],
  ['12345612345612345612345612345612345612345612345612', 12, 'unveil nice picture region tragic fault cream strike tourist control recipe tourist'],
  ['11111111111111111111111111111111111111111111111111', 12, 'diet glad hat rural panther lawsuit act drop gallery urge where fit'],
  ['66666666666666666666666666666666666666666666666666', 12, 'senior morning song proud recycle toy search apple trigger lend vibrant arrest'],
];

describe('dice → words, SeedSigner/Coldcard compatible', () => {
  SEEDSIGNER.forEach(([rolls, words, mnemonic], i) => {
    it(`vector ${i + 1} (${rolls.length} rolls, ${words} words)`, () => {
      const e = userEntropy('dice', rolls, words);
      expect(entropyToMnemonic(e.entropy)).toBe(mnemonic);
      expect(e.method).toBe('sha256');
    });
  });
  it("Coldcard's published hash of the rolls 123456", () => {
    expect(createHash('sha256').update('123456').digest('hex')).toBe('8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92');
  });
  it('the shown command reproduces the entropy from rolls typed at its hidden prompt (never in the command line)', () => {
    const rolls = SEEDSIGNER[1]![0];
    const e = userEntropy('dice', rolls, 12);
    expect(e.verifyCommand).toBe(`read -rs ROLLS && printf '%s' "$ROLLS" | sha256sum | cut -c1-32`);
    expect(e.verifyCommand).not.toContain(rolls);
    expect(execFileSync('bash', ['-c', e.verifyCommand!], { encoding: 'utf8', input: `${rolls}\n` }).trim()).toBe(entropyHex(e));
  });
  it('accepts spaces, commas and line breaks between rolls', () => {
    const spaced = SEEDSIGNER[1]![0].replace(/(.{5})/g, '$1, ').replace(/(.{20})/g, '$1\n');
    expect(entropyHex(userEntropy('dice', spaced, 12))).toBe(entropyHex(userEntropy('dice', SEEDSIGNER[1]![0], 12)));
  });
});

describe('minimums and bad input', () => {
  it('needs 50 rolls for 12 words and 99 for 24, saying how many more', () => {
    expect(MIN_ROLLS[12]).toBe(50);
    expect(MIN_ROLLS[24]).toBe(99);
    expect(() => userEntropy('dice', '1'.repeat(49), 12)).toThrow('12 words need at least 50 rolls (128 bits); you have 49: 1 more.');
    expect(() => userEntropy('dice', '1'.repeat(98), 24)).toThrow(/99 rolls .* 1 more/);
    expect(() => userEntropy('coins', '1'.repeat(127), 12)).toThrow(/128 flips .* 1 more/);
  });
  it('rejects a 0 or 7 with the position and the fix', () => {
    expect(() => parseRolls('12340')).toThrow('Roll 5 is "0": dice rolls are the digits 1 to 6. Write a six as 6, not 0.');
    expect(() => parseRolls('1 2 7')).toThrow(/Roll 3 is "7"/);
  });
  it('reads coin flips as H/T or 1/0', () => {
    expect(parseFlips('H T h t 1 0')).toBe('101010');
    expect(() => parseFlips('HTX')).toThrow(/Flip 3 is "X"/);
  });
  it('coins: SHA-256 of the 0/1 string', () => {
    const flips = '10'.repeat(64);
    const e = userEntropy('coins', flips, 12);
    expect(entropyHex(e)).toBe(createHash('sha256').update(flips).digest('hex').slice(0, 32));
    expect(e.bitsCollected).toBe(128);
  });
});

describe('mix with the CSPRNG', () => {
  const rolls = SEEDSIGNER[1]![0];
  it('differs from the plain method and between runs, and is not claimed reproducible', () => {
    const a = userEntropy('dice', rolls, 12, { mix: true });
    const b = userEntropy('dice', rolls, 12, { mix: true });
    expect(entropyHex(a)).not.toBe(entropyHex(userEntropy('dice', rolls, 12)));
    expect(entropyHex(a)).not.toBe(entropyHex(b));
    expect(a.method).toBe('sha256+csprng');
    expect(a.verifyCommand).toBeNull();
  });
  it('is SHA-256("permafrost-mix-v1" ‖ SHA-256(rolls) ‖ random), as documented', () => {
    const random = new Uint8Array(32).fill(7);
    const inner = createHash('sha256').update(rolls).digest();
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from('permafrost-mix-v1'), inner, Buffer.from(random)])).digest('hex').slice(0, 32);
    expect(entropyHex(userEntropy('dice', rolls, 12, { mix: true, random: () => random }))).toBe(expected);
  });
});

describe('bias warnings', () => {
  it('fair-looking rolls: no warning', () => {
    expect(biasReport('dice', '123456'.repeat(10) + '615243').warning).toBeNull();
  });
  it('a die that never shows 6 is flagged', () => {
    expect(biasReport('dice', '12345'.repeat(20)).warning).toMatch(/look uneven .*6: 0/);
  });
  it('a long run of one face is flagged', () => {
    expect(biasReport('dice', '1234561111111111').warning).toMatch(/came up 10 times in a row/);
  });
  it('coins that are mostly heads are flagged', () => {
    expect(biasReport('coins', '1'.repeat(90) + '0'.repeat(38)).warning).toMatch(/heads: 90/);
  });
});
