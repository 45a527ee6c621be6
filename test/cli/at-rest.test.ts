/**
 * Issue 13, "No secrets at rest, observed", for the CLI: the built bundle run as a user runs it, every command that
 * handles a secret (new, export, addresses, seedqr, backup, split, combine, vault export/import, wallet register/list,
 * sign single-sig and multisig, eth sign), with HOME, TMPDIR/TMP/TEMP and every XDG directory pointed at fresh
 * private folders and the working directory a fresh one; then every file in all of them — the multisig registration
 * and the output files that are not secret — is searched for every secret the runs handled (test/helpers/at-rest.ts).
 * The paper kit is the one file the user asked for as secret: owner-only, left out of the scan.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { afterAll, describe, expect, it } from 'vitest';
import { mnemonicToSeed } from '../../electron/core';
import { filesUnder, scanFiles, textNeedle, walletNeedles, wordsNeedle } from '../helpers/at-rest';
import { ethRequest, requestParts, utf8 } from '../helpers/eth-requests';
import { ABOUT, descriptorFor, keysFor } from '../helpers/multisig';
import { buildMultisigPsbt } from '../helpers/multisig-psbt';
import { buildPsbt } from '../helpers/psbt-build';

const BIN = path.resolve(JSON.parse(readFileSync('package.json', 'utf8')).bin.permafrost as string);
const PASSPHRASE = 'orchard 47 tundra quiet';
const FILE_PASSPHRASE = 'glacier tundra lantern 47 orchard quiet';
const MS_KEYS = keysFor('p2wsh');
const ETH_PATH = "m/44'/60'/0'/0/0";

const base = mkdtempSync(path.join(tmpdir(), 'permafrost-cli-at-rest-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const dir = (name: string) => {
  const d = path.join(base, name);
  mkdirSync(d, { mode: 0o700 });
  return d;
};
/** Every place a program may write on its own: home, temp, the XDG directories; and where the user runs it. */
const places = {
  home: dir('home'),
  temp: dir('tmp'),
  config: dir('xdg-config'),
  cache: dir('xdg-cache'),
  data: dir('xdg-data'),
  state: dir('xdg-state'),
  runtime: dir('xdg-runtime'),
  work: dir('work'),
};
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: places.home,
  TMPDIR: places.temp,
  TMP: places.temp,
  TEMP: places.temp,
  XDG_CONFIG_HOME: places.config,
  XDG_CACHE_HOME: places.cache,
  XDG_DATA_HOME: places.data,
  XDG_STATE_HOME: places.state,
  XDG_RUNTIME_DIR: places.runtime,
};

/** `permafrost ARGS` in the working directory with `stdin`; must succeed; its standard output. */
function cli(args: readonly string[], stdin: string): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: places.work, env, input: stdin, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, `permafrost ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('CLI: every command that handles a secret, then no secret in any file it left', { timeout: 180_000 }, () => {
  let words = '';
  let shares: string[] = [];

  it('runs new, export, addresses, seedqr, backup, split, combine, vault, wallet, sign and eth sign', () => {
    expect(BIN.endsWith('.cjs') && statSync(BIN).isFile(), `${BIN} missing: run npm run build`).toBe(true);
    words = JSON.parse(cli(['new', '--words', '24', '--json'], '')).mnemonic as string;
    expect(words.split(' ')).toHaveLength(24);
    const w = `${words}\n`;
    cli(['export', '--account', 'bip84', '--json'], w);
    cli(['addresses', '--account', 'bip86', '--passphrase', '--count', '5', '--json'], `${words}\n${PASSPHRASE}\n`);
    cli(['seedqr', 'encode', '--compact'], w);
    cli(['backup', '--out', 'kit.pdf', '--sheets', 'seed'], w);
    const split = JSON.parse(cli(['split', '--scheme', '2-of-3', '--json'], w));
    shares = split.groups[0].shares as string[];
    expect(shares).toHaveLength(3);
    expect(JSON.parse(cli(['combine', '--json'], `${shares[2]}\n${shares[0]}\n`)).mnemonic).toBe(words);
    cli(['vault', 'export', '--out', 'wallet.age'], `${words}\n${FILE_PASSPHRASE}\n`);
    expect(JSON.parse(cli(['vault', 'import', 'wallet.age', '--json'], `${FILE_PASSPHRASE}\n`)).language).toBe('english');

    writeFileSync(path.join(places.work, 'vault.txt'), `${descriptorFor('p2wsh', MS_KEYS)}\n`);
    writeFileSync(path.join(places.work, 'payment.psbt'), buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }] }).bytes);
    writeFileSync(path.join(places.work, 'multisig-payment.psbt'), buildMultisigPsbt({ kind: 'p2wsh', keys: MS_KEYS, m: 2, inputs: [{ index: 0 }], change: { index: 0 } }).bytes);
    const a = `${ABOUT}\n`;
    cli(['wallet', 'register', 'vault.txt', '--name', 'Family', '--json'], a);
    cli(['wallet', 'list', '--json'], a);
    expect(JSON.parse(cli(['sign', 'payment.psbt', '--out', 'signed.psbt', '--json'], a)).signedInputs).toBe(1);
    cli(['sign', 'multisig-payment.psbt', '--wallet', 'Family', '--out', 'multisig-signed.psbt', '--json'], a);
    const parts = requestParts(ethRequest(utf8('Sign in to example.org'), DataType.personalMessage, { path: ETH_PATH }));
    expect(JSON.parse(cli(['eth', 'sign', '--json'], [ABOUT, '', ...parts, ''].join('\n'))).signatureUr).toMatch(/^ur:eth-signature\//);
  });

  it('the paper kit, asked for as secret, is owner-only; no other file in home, temp, XDG or the working directory holds a secret', async () => {
    const kit = path.join(places.work, 'kit.pdf');
    expect(statSync(kit).mode & 0o777).toBe(0o600);
    const needles = [
      ...(await walletNeedles('the new wallet', words, 'english', '', [])),
      ...(await walletNeedles('the new wallet with its passphrase', words, 'english', PASSPHRASE, [])),
      ...(await walletNeedles('abandon … about', ABOUT, 'english', '', ["m/84'/0'/0'/0/0", "m/48'/0'/0'/2'/0/0", ETH_PATH])),
      textNeedle('the encrypted file’s passphrase', FILE_PASSPHRASE),
      ...shares.map((s, i) => wordsNeedle(`share ${i + 1}`, s.split(' '), true)),
    ];
    const files = Object.values(places).flatMap(filesUnder).filter((f) => f !== kit);
    // Not vacuous: the registration (in $XDG_CONFIG_HOME/permafrost/multisig) and every output file are scanned.
    expect(files.map((f) => path.relative(base, f)).sort()).toEqual([
      'work/multisig-payment.psbt',
      'work/multisig-signed.psbt',
      'work/payment.psbt',
      'work/signed.psbt',
      'work/vault.txt',
      'work/wallet.age',
      expect.stringMatching(/^xdg-config\/permafrost\/multisig\/73c5da0a-[0-9a-f]{16}\.json$/),
    ]);
    expect(scanFiles(files, needles)).toEqual([]);
    // …and the scan sees a secret where one is: the words as JSON in temp, the seed in base64 in home.
    writeFileSync(path.join(places.temp, 'canary.json'), JSON.stringify(words.split(' ')));
    writeFileSync(path.join(places.home, 'canary.txt'), Buffer.from(await mnemonicToSeed(words, '')).toString('base64'));
    const caught = scanFiles(Object.values(places).flatMap(filesUnder).filter((f) => f !== kit), needles);
    expect(caught).toContainEqual({ file: path.join(places.temp, 'canary.json'), secret: 'the new wallet: the words (english)' });
    expect(caught).toContainEqual({ file: path.join(places.home, 'canary.txt'), secret: 'the new wallet: the seed' });
  });
});
