/** permafrost split / combine, in process. */
import { describe, expect, it } from 'vitest';
import { encodeShare } from '../../electron/core/backup/slip39/share';
import { runInProcess } from '../helpers/cli';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('permafrost split / combine', () => {
  it('bip39 mode: 3-of-5, every quorum checked, any 3 shares give back the same words', async () => {
    const split = (await runInProcess(['split', '--scheme', '3-of-5', '--exponent', '0', '--json'], { stdin: ABOUT })).json();
    expect(split).toMatchObject({ mode: 'bip39', groupThreshold: 1, quorumsChecked: 10, quorumsTotal: 10, fingerprint: '73c5da0a', extendable: true });
    const shares = split.groups[0].shares as string[];
    expect(shares).toHaveLength(5);
    const out = (await runInProcess(['combine', '--json'], { stdin: [shares[4], shares[0], shares[2]].join('\n') })).json();
    expect(out).toEqual({ masterSecretHex: '00000000000000000000000000000000', mnemonic: ABOUT, fingerprint: '73c5da0a' });
  });
  it('wallet mode with groups and a passphrase: master secret from --secret-hex, restored with the passphrase', async () => {
    const secret = '0102030405060708090a0b0c0d0e0f10';
    const split = (await runInProcess(['split', '--mode', 'wallet', '--groups', '2of3,1of1', '--group-threshold', '2', '--secret-hex', '--passphrase', '--exponent', '0', '--json'], { stdin: `${secret}\nTREZOR\n` })).json();
    expect(split.quorumsChecked).toBe(3);
    const quorum = [split.groups[0].shares[1], split.groups[0].shares[2], split.groups[1].shares[0]];
    const out = (await runInProcess(['combine', '--mode', 'wallet', '--passphrase', '--json'], { stdin: `${quorum.join('\n')}\n\nTREZOR\n` })).json();
    expect(out.masterSecretHex).toBe(secret);
    expect(out.mnemonic).toBeUndefined();
    expect(out.fingerprint).toBe(split.fingerprint);
  });
  it('not enough shares: says how many more', async () => {
    const split = (await runInProcess(['split', '--scheme', '3-of-5', '--exponent', '0', '--json'], { stdin: ABOUT })).json();
    const r = await runInProcess(['combine'], { stdin: split.groups[0].shares.slice(0, 2).join('\n') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Not enough shares: group 1: 2 of 3 shares; 1 more share needed.');
  });
  it.each([
    [['split'], ABOUT, /--scheme M-of-N/],
    [['split', '--scheme', '2-of-3', '--groups', '1of1'], ABOUT, /not both/],
    [['split', '--scheme', 'three'], ABOUT, /"three" is not a group like 3of5/],
    [['split', '--scheme', '2-of-3', '--passphrase'], ABOUT, /a BIP39 passphrase stays separate/],
    [['split', '--scheme', '2-of-3', '--mode', 'wallet', '--secret-hex'], 'zz', /hexadecimal/],
    [['combine'], '', /one per line/],
  ])('%j with bad input says what is wrong', async (argv, stdin, message) => {
    const r = await runInProcess(argv as string[], { stdin: stdin as string });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe('permafrost combine: shares of a slow iteration exponent (issue 13)', () => {
  /** A valid 1-of-1 share of a 16-byte secret made with iteration exponent `e`. */
  const shareWith = (e: number) =>
    encodeShare({ identifier: 4242, extendable: true, iterationExponent: e, groupIndex: 0, groupThreshold: 1, groupCount: 1, memberIndex: 0, memberThreshold: 1, value: new Uint8Array(16).fill(3) });
  it('exponent 15 is refused at once, saying how many iterations and which flag waits for them', async () => {
    const r = await runInProcess(['combine', '--mode', 'wallet'], { stdin: shareWith(15) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('iteration exponent 15: recovering them runs PBKDF2 327,680,000 times');
    expect(r.stderr).toContain('--allow-slow');
  });
  it('with --allow-slow, each decryption round is reported on stderr', async () => {
    const r = await runInProcess(['combine', '--mode', 'wallet', '--allow-slow', '--json'], { stdin: shareWith(0) });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([1, 2, 3, 4].map((n) => `Decrypting the master secret: round ${n} of 4 done.`));
  });
});
