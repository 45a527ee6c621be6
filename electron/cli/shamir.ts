/** permafrost split / combine: SLIP-39 shares from the command line. Secrets on stdin only. */
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { combineIntoWallet, decodeShare, parseGroups, recoveryIterations, splitIntoShares, WalletError, type ShamirMode } from '../core';
import { parseFlags } from './args';
import { EXIT, UsageError, type CliIo } from './io';
import { intFlag } from './secrets';

/** Up to 10,000 × 2^10 PBKDF2 iterations (a few seconds) a recovery runs unasked; more needs --allow-slow. */
const MAX_QUICK_EXPONENT = 10;

function modeFlag(value: string | undefined): ShamirMode {
  if (value === undefined || value === 'bip39') return 'bip39';
  if (value === 'wallet') return 'wallet';
  throw new UsageError('--mode must be wallet or bip39');
}

export async function splitCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, {
    scheme: 'string',
    groups: 'string',
    'group-threshold': 'string',
    mode: 'string',
    exponent: 'string',
    'secret-hex': 'boolean',
    bits: 'string',
    passphrase: 'boolean',
    json: 'boolean',
  });
  if (positionals.length) throw new UsageError('split takes no arguments (the secret goes on standard input)');
  const mode = modeFlag(flags.mode);
  if (flags.scheme && flags.groups) throw new UsageError('give --scheme M-of-N or --groups, not both');
  if (!flags.scheme && !flags.groups) throw new UsageError('give --scheme M-of-N (e.g. 3-of-5) or --groups "2of3,3of5" with --group-threshold G');
  const groups = parseGroups(flags.scheme ?? (flags.groups as string));
  if (flags.scheme && groups.length !== 1) throw new UsageError('--scheme is one group, like 3-of-5; use --groups for several');
  const groupThreshold = intFlag('group-threshold', flags['group-threshold'], 1, 1, 16);
  const exponent = intFlag('exponent', flags.exponent, 1, 0, 15);
  const lines = (await io.readStdin()).split(/\r?\n/);
  let secret: { masterSecret: Uint8Array } | { mnemonic: string };
  if (mode === 'bip39') {
    if (flags['secret-hex']) throw new UsageError('--secret-hex goes with --mode wallet');
    if (!lines[0]?.trim()) throw new UsageError('put the recovery words on the first line of standard input');
    if (flags.passphrase) throw new UsageError('bip39 mode: the shares hold the words only; a BIP39 passphrase stays separate');
    secret = { mnemonic: lines[0].trim() };
  } else if (flags['secret-hex']) {
    const hex = lines[0]?.trim() ?? '';
    if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new UsageError('--secret-hex: put the master secret as hexadecimal on the first line of standard input');
    secret = { masterSecret: hexToBytes(hex) };
  } else {
    const bits = intFlag('bits', flags.bits, 128, 128, 256);
    if (bits !== 128 && bits !== 256) throw new UsageError('--bits must be 128 or 256');
    secret = { masterSecret: randomBytes(bits / 8) };
  }
  const passphrase = flags.passphrase ? (lines[flags['secret-hex'] ? 1 : 0] ?? '') : '';
  const outcome = await splitIntoShares({ mode, secret, groupThreshold, groups, passphrase, iterationExponent: exponent });
  const out = {
    mode,
    identifier: outcome.split.identifier,
    extendable: outcome.split.extendable,
    iterationExponent: outcome.split.iterationExponent,
    groupThreshold: outcome.split.groupThreshold,
    groups: outcome.split.groups.map((g) => ({ threshold: g.threshold, shares: g.shares })),
    quorumsChecked: outcome.quorums.checked,
    quorumsTotal: outcome.quorums.total,
    quorumsExhaustive: outcome.quorums.exhaustive,
    fingerprint: outcome.fingerprint,
  };
  if (flags.json) io.stdout(`${JSON.stringify(out)}\n`);
  else {
    out.groups.forEach((g, gi) => {
      io.stdout(`Group ${gi + 1} (any ${g.threshold} of ${g.shares.length}):\n`);
      g.shares.forEach((s, si) => io.stdout(`  Share ${si + 1}: ${s}\n`));
    });
    io.stdout(
      `Any ${out.groupThreshold} group(s) restore the wallet. ${outcome.quorums.exhaustive ? `All ${out.quorumsChecked} quorums` : `${out.quorumsChecked} quorums covering every share (of ${out.quorumsTotal})`} restore fingerprint ${out.fingerprint}.\n`,
    );
  }
  return EXIT.ok;
}

export async function combineCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { mode: 'string', passphrase: 'boolean', json: 'boolean', 'allow-slow': 'boolean' });
  if (positionals.length) throw new UsageError('combine takes no arguments (the shares go on standard input, one per line)');
  const mode = modeFlag(flags.mode);
  const lines = (await io.readStdin()).split(/\r?\n/);
  const blank = lines.findIndex((l) => l.trim() === '');
  const shareLines = (flags.passphrase && blank !== -1 ? lines.slice(0, blank) : lines).map((l) => l.trim()).filter(Boolean);
  if (shareLines.length === 0) throw new UsageError('put the shares on standard input, one per line');
  if (flags.passphrase && blank === -1) throw new UsageError('--passphrase: put it after a blank line following the shares');
  const passphrase = flags.passphrase ? (lines[blank + 1] ?? '') : '';
  // Every share of a set has the same exponent (the collector checks): the first one says how slow this will be.
  const exponent = decodeShare(shareLines[0] as string, 'Share 1').iterationExponent;
  const slow = exponent > MAX_QUICK_EXPONENT;
  if (slow && !flags['allow-slow']) {
    throw new WalletError(
      'UNSUPPORTED',
      `These shares were made with iteration exponent ${exponent}: recovering them runs PBKDF2 ${recoveryIterations(exponent).toLocaleString('en-US')} times, which can take minutes. Add --allow-slow to wait for it (progress is shown).`,
    );
  }
  const onRound = (done: number, total: number) => io.stderr(`Decrypting the master secret: round ${done} of ${total} done.\n`);
  const outcome = await combineIntoWallet(mode, shareLines, passphrase, flags['allow-slow'] ? { onRound } : {});
  const out = { masterSecretHex: bytesToHex(outcome.masterSecret), ...(outcome.mnemonic ? { mnemonic: outcome.mnemonic } : {}), fingerprint: outcome.fingerprint };
  if (flags.json) io.stdout(`${JSON.stringify(out)}\n`);
  else {
    if (outcome.mnemonic) io.stdout(`Recovery words: ${outcome.mnemonic}\n`);
    else io.stdout(`Master secret: ${out.masterSecretHex}\n`);
    io.stdout(`Fingerprint: ${out.fingerprint}\n`);
  }
  return EXIT.ok;
}
