/**
 * SLIP-39 against all 45 official vectors (trezor/python-shamir-mnemonic vectors.json, passphrase "TREZOR";
 * test/vectors/README.md), one test each, and properties (fast-check) of split and combine.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { masterFromSeed } from '../../electron/core/keys/hd';
import { decodeShare } from '../../electron/core/backup/slip39/share';
import { checkQuorums, combineShares, ShareCollector, splitMasterSecret } from '../../electron/core/backup/slip39/slip39';
import { SLIP39_WORDLIST } from '../../electron/core/backup/slip39/wordlist';

type Vector = [description: string, mnemonics: string[], masterSecretHex: string, xprv: string];
const vectors = JSON.parse(readFileSync('test/vectors/slip39-vectors.json', 'utf8')) as Vector[];

describe('SLIP-39 official vectors', () => {
  for (const [description, mnemonics, secret, xprv] of vectors) {
    if (secret) {
      it(`${description}: restores the master secret and BIP32 root`, async () => {
        const master = await combineShares(mnemonics, 'TREZOR');
        expect(bytesToHex(master)).toBe(secret);
        expect(masterFromSeed(master).privateExtendedKey).toBe(xprv);
      });
    } else {
      it(`${description}: is refused with a reason`, async () => {
        await expect(combineShares(mnemonics, 'TREZOR')).rejects.toThrow(expect.objectContaining({ code: expect.stringMatching(/INVALID_ARGUMENT|BAD_CHECKSUM|WRONG_WORD_COUNT|UNKNOWN_WORD/) }));
      });
    }
  }
});

describe('SLIP-39 wordlist and errors', () => {
  it('is the published list, unique by four letters', () => {
    expect(SLIP39_WORDLIST).toEqual(readFileSync('test/vectors/slip39-wordlist.txt', 'utf8').trim().split('\n'));
    expect(new Set(SLIP39_WORDLIST.map((w) => w.slice(0, 4))).size).toBe(1024);
  });
  const one = vectors[0]![1][0]!;
  it('names an unknown word by position', () => {
    expect(() => decodeShare(one.replace(/^\S+/, 'qwerty'), 'Share 1')).toThrow("Share 1: word 1 ('qwerty') is not in the SLIP-39 word list.");
  });
  it('a checksum failure names the share', () => {
    const words = one.split(' ');
    [words[5], words[6]] = [words[6]!, words[5]!];
    expect(() => decodeShare(words.join(' '), 'Share 3')).toThrow('Share 3: the checksum does not match — a word is wrong or two are swapped.');
  });
  it('accepts four-letter prefixes', () => {
    expect(decodeShare(one.split(' ').map((w) => w.slice(0, 4)).join(' ')).value).toEqual(decodeShare(one).value);
  });
  it('a share from another set is named, and nothing is added', async () => {
    const a = await splitMasterSecret(new Uint8Array(16).fill(1), { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] });
    const b = await splitMasterSecret(new Uint8Array(16).fill(1), { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] });
    const c = new ShareCollector();
    c.add(a.groups[0]!.shares[0]!);
    expect(() => c.add(b.groups[0]!.shares[1]!, 'Share 2')).toThrow(/Share 2 belongs to another set of shares/);
    expect(c.size).toBe(1);
  });
  it('progress says what is missing, per group', async () => {
    const s = await splitMasterSecret(new Uint8Array(16).fill(7), { groupThreshold: 2, groups: [{ threshold: 2, count: 3 }, { threshold: 3, count: 5 }, { threshold: 1, count: 1 }] });
    const c = new ShareCollector();
    expect(c.add(s.groups[1]!.shares[0]!).progress.message).toBe('group 2: 1 of 3 shares; 2 more groups needed');
    c.add(s.groups[1]!.shares[2]!);
    expect(c.add(s.groups[1]!.shares[4]!).progress.message).toBe('group 2: 3 of 3 shares; 1 more group needed');
    expect(c.add(s.groups[1]!.shares[4]!).duplicate).toBe(true);
    await expect(c.recover()).rejects.toThrow(/Not enough shares: group 2: 3 of 3 shares; 1 more group needed/);
    expect(c.add(s.groups[2]!.shares[0]!).progress).toMatchObject({ complete: true, message: 'group 2: 3 of 3 shares; group 3: 1 of 1 share; enough to recover' });
    expect(await c.recover()).toEqual(new Uint8Array(16).fill(7));
  });
  it.each([
    [{ groupThreshold: 3, groups: [{ threshold: 1, count: 1 }, { threshold: 1, count: 1 }] }, /groups needed \(3\) must be from 1 to the number of groups \(2\)/],
    [{ groupThreshold: 1, groups: [{ threshold: 1, count: 3 }] }, /would make 3 copies of the same share/],
    [{ groupThreshold: 1, groups: [{ threshold: 4, count: 3 }] }, /shares needed \(4\)/],
    [{ groupThreshold: 1, groups: [{ threshold: 2, count: 17 }] }, /1 to 16 shares/],
  ])('refuses the scheme %j', async (options, message) => {
    await expect(splitMasterSecret(new Uint8Array(16), options)).rejects.toThrow(message);
  });
  it('refuses a secret of a bad length and a non-ASCII passphrase', async () => {
    await expect(splitMasterSecret(new Uint8Array(15), { groupThreshold: 1, groups: [{ threshold: 1, count: 1 }] })).rejects.toThrow(/16 to 32 bytes, an even number/);
    await expect(splitMasterSecret(new Uint8Array(16), { groupThreshold: 1, groups: [{ threshold: 1, count: 1 }], passphrase: 'Ünïcode' })).rejects.toThrow(/printable ASCII/);
  });
});

describe('quorum check on schemes too large to check exhaustively', () => {
  it('2 groups of 8-of-16: a bounded covering set in which every share takes part, done quickly', async () => {
    const split = await splitMasterSecret(new Uint8Array(16).fill(3), { groupThreshold: 2, groups: [{ threshold: 8, count: 16 }, { threshold: 8, count: 16 }], iterationExponent: 0 });
    const t = performance.now();
    const report = await checkQuorums(split);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(report.exhaustive).toBe(false);
    expect(report.total).toBe(12870 * 12870);
    expect(report.checked).toBe(2 * 16);
  });
  it('a well-formed but wrong share (valid checksum, altered value) is caught by the covering set', async () => {
    const { encodeShare } = await import('../../electron/core/backup/slip39/share');
    const a = await splitMasterSecret(new Uint8Array(16).fill(4), { groupThreshold: 1, groups: [{ threshold: 8, count: 16 }], iterationExponent: 0 });
    const shares = [...a.groups[0]!.shares];
    const bad = decodeShare(shares[15]!);
    const value = Uint8Array.from(bad.value);
    value[3] = (value[3] as number) ^ 0x5a;
    shares[15] = encodeShare({ ...bad, value });
    await expect(checkQuorums({ ...a, groups: [{ threshold: 8, shares }] }, { cap: 10 })).rejects.toThrow(/do not restore a secret|did not restore/);
  });
});

describe('SLIP-39 properties (fast-check)', () => {
  const scheme = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 3 })
    .map((gs) => gs.map(([t, extra]) => (t === 1 ? { threshold: 1, count: 1 } : { threshold: t, count: t + extra - 1 })))
    .chain((groups) => fc.record({ groups: fc.constant(groups), groupThreshold: fc.integer({ min: 1, max: groups.length }) }));

  it('any quorum, shuffled and with duplicates, restores the secret; any set below threshold does not', async () => {
    await fc.assert(
      fc.asyncProperty(scheme, fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer(), async ({ groups, groupThreshold }, secret, seed) => {
        const split = await splitMasterSecret(secret, { groupThreshold, groups, iterationExponent: 0, passphrase: 'pass' });
        const rng = (n: number) => Math.abs(Math.sin(seed + n)) * 1e6;
        const chosen = split.groups.slice(0, groupThreshold).flatMap((g) => g.shares.slice(0, g.threshold));
        const shuffled = [...chosen, chosen[0]!].sort((a, b) => rng(a.length) - rng(b.length) || a.localeCompare(b));
        expect(bytesToHex(await combineShares(shuffled, 'pass'))).toBe(bytesToHex(secret));
        // One share short in one group: not enough.
        const short = split.groups.slice(0, groupThreshold).flatMap((g, i) => g.shares.slice(0, i === 0 ? g.threshold - 1 : g.threshold));
        if (short.length) await expect(combineShares(short, 'pass')).rejects.toThrow(/Not enough shares/);
        return true;
      }),
      { numRuns: 25 },
    );
  });

  it('a wrong passphrase gives another secret (SLIP-39 plausible deniability), never an error', async () => {
    const secret = hexToBytes('00112233445566778899aabbccddeeff');
    const split = await splitMasterSecret(secret, { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }], iterationExponent: 0, passphrase: 'right' });
    const wrong = await combineShares(split.groups[0]!.shares.slice(0, 2), 'wrong');
    expect(bytesToHex(wrong)).not.toBe(bytesToHex(secret));
  });

  it('every quorum of a 2-of-3 / 3-of-5 scheme restores the same secret', async () => {
    const split = await splitMasterSecret(new Uint8Array(32).fill(9), { groupThreshold: 2, groups: [{ threshold: 2, count: 3 }, { threshold: 3, count: 5 }, { threshold: 1, count: 1 }] });
    const report = await checkQuorums(split);
    // {g1,g2}: 3 × 10, {g1,g3}: 3 × 1, {g2,g3}: 10 × 1
    expect(report).toEqual({ total: 43, checked: 43, exhaustive: true });
  });
});
