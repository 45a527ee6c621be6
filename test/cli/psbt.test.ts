/**
 * permafrost review / sign (issue 9), in process over in-memory files, and review --json once through the built
 * bundle. PSBTs are built by bitcoinjs-lib (test/helpers), and what we sign is validated, finalized and extracted
 * by bitcoinjs-lib + tiny-secp256k1 as the independent check.
 *
 * The wallet is "abandon … about" (fingerprint 73c5da0a). The usual story: one BIP84 input of ours
 * (m/84'/0'/0'/0/0, 100,000 sats, with its previous transaction), 90,000 sats to a stranger, 9,000 sats change to
 * m/84'/0'/0'/1/0, fee 1,000 sats.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, type CliRun } from '../helpers/cli';
import { finalizeWithBitcoinjs, validateWithBitcoinjs } from '../helpers/psbt-build';
import { ABANDON, buildFixture, pathFor, type FixtureInput, type FixtureOutput } from '../helpers/psbt-fixtures';

const IN = 'tx.psbt';
const OUT = 'signed.psbt';

const ours84: FixtureInput = { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000 };
const pay: FixtureOutput = { to: 'stranger', value: 90_000 };
const change84: FixtureOutput = { to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0), value: 9_000 };

function psbtFile(inputs: readonly FixtureInput[], outputs: readonly FixtureOutput[]): { files: Map<string, Uint8Array>; base64: string } {
  const f = buildFixture(inputs, outputs);
  return { files: new Map([[IN, new Uint8Array(f.psbt.toBuffer())]]), base64: f.base64 };
}

const run = (argv: string[], files: Map<string, Uint8Array>, stdin?: string): Promise<CliRun> => runInProcess(argv, { files, ...(stdin !== undefined ? { stdin } : {}) });
const errorOf = (r: CliRun): { code: string; message: string } => (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;

describe('permafrost review', () => {
  it('is in --help with sign, and review --help / sign --help show it', async () => {
    for (const argv of [['--help'], ['review', '--help'], ['sign', '--help']]) {
      const r = await runInProcess(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^ {2}review {12}What a PSBT does/m);
      expect(r.stdout).toMatch(/^ {2}sign {14}Sign the inputs that are ours: FILE --out SIGNED\.psbt/m);
    }
  });

  it('without words: the issue JSON shape, nothing ours, the change output is only a payment', async () => {
    const { files } = psbtFile([ours84], [pay, change84]);
    const r = await run(['review', IN, '--json'], files);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(['network', 'inputs', 'outputs', 'fee', 'feeRate', 'vsize', 'locktime', 'rbf', 'warnings']);
    expect(j.network).toBe('mainnet');
    expect(j.inputs).toEqual([{ txid: expect.stringMatching(/^[0-9a-f]{64}$/), vout: 0, value: 100_000, scriptType: 'p2wpkh', ours: false, path: null }]);
    expect(j.outputs.map((o: { kind: string; path: string | null; value: number }) => [o.kind, o.path, o.value])).toEqual([
      ['payment', null, 90_000],
      ['payment', null, 9_000],
    ]);
    expect(j.outputs[0].address).toMatch(/^bc1q/);
    expect(j.fee).toBe(1_000);
    expect(j.vsize).toBeGreaterThan(100);
    expect(j.feeRate).toBeCloseTo(1_000 / j.vsize, 1);
    expect(j.locktime).toBe(0);
    expect(j.rbf).toBe(true);
    for (const w of j.warnings) expect(Object.keys(w)).toEqual(expect.arrayContaining(['code', 'message', 'needsAck']));
  });

  it('with words: our input and the change are proven, with their paths', async () => {
    const { files } = psbtFile([ours84], [pay, change84]);
    const r = await run(['review', IN, '--json'], files, `${ABANDON}\n`);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.inputs[0]).toMatchObject({ ours: true, path: "m/84'/0'/0'/0/0" });
    expect(j.outputs[1]).toMatchObject({ kind: 'change', path: "m/84'/0'/0'/1/0", value: 9_000 });
    expect(j.outputs[0]).toMatchObject({ kind: 'payment', path: null });
    expect(j.warnings).toEqual([]);
  });

  it('with words and the wrong passphrase nothing is ours (NOTHING_OURS); --passphrase reads line 2', async () => {
    const { files } = psbtFile([ours84], [pay, change84]);
    const r = await run(['review', IN, '--json', '--passphrase'], files, `${ABANDON}\nnot the passphrase\n`);
    expect(r.code).toBe(0);
    expect(r.json().inputs[0].ours).toBe(false);
    expect(r.json().warnings.map((w: { code: string }) => w.code)).toContain('NOTHING_OURS');
  });

  it('human output: inputs, outputs with kind and path, fee and rate, locktime and RBF in words, every warning', async () => {
    const f = buildFixture([ours84, { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 1), value: 50_000, nonWitnessUtxo: false }], [pay, change84, { to: 'stranger', value: 200, index: 1 }]);
    const files = new Map([[IN, new TextEncoder().encode(`${f.base64}\n`)]]); // base64 text file
    const r = await run(['review', IN], files, `${ABANDON}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PSBT on mainnet: 2 inputs, 3 outputs.');
    expect(r.stdout).toContain("ours m/84'/0'/0'/0/0");
    expect(r.stdout).toContain("change m/84'/0'/0'/1/0");
    expect(r.stdout).toMatch(/Fee: 0\.00050800 BTC \(50,800 sats\), [\d.]+ sat\/vB/);
    expect(r.stdout).toContain('Locktime: None');
    expect(r.stdout).toContain('RBF: Replaceable');
    expect(r.stdout).toContain('MISSING_NON_WITNESS_UTXO (to sign, add --accept MISSING_NON_WITNESS_UTXO)');
    expect(r.stdout).toContain('DUST_OUTPUT');
    expect(r.stdout).toContain('HIGH_FEE');
  });

  it('refusals: a missing file (2), not a PSBT (1, BAD_PSBT), too large (1), --passphrase or --network without words (2), two files (2)', async () => {
    const { files } = psbtFile([ours84], [pay]);
    files.set('junk.psbt', new TextEncoder().encode('hello, this is not a psbt'));
    files.set('huge.psbt', new Uint8Array(2 * 16 * 1024 * 1024 + 1).fill(0x41));
    expect(await run(['review', 'nope.psbt'], files)).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file: nope.psbt') });
    const junk = await run(['review', 'junk.psbt', '--json'], files);
    expect(junk.code).toBe(1);
    expect(errorOf(junk)).toMatchObject({ code: 'BAD_PSBT', message: expect.stringContaining('not a PSBT') });
    const huge = await run(['review', 'huge.psbt', '--json'], files);
    expect(huge.code).toBe(1);
    expect(errorOf(huge).message).toContain('larger than');
    expect((await run(['review', IN, '--passphrase'], files, '')).code).toBe(2);
    expect((await run(['review', IN, '--network', 'testnet'], files, '')).code).toBe(2);
    expect((await run(['review', IN, '--network', 'moon'], files, `${ABANDON}\n`)).code).toBe(2);
    expect((await run(['review', IN, IN], files)).code).toBe(2);
    expect((await run(['review', IN, '--account', 'bip84'], files)).code).toBe(2);
  });
});

describe('permafrost sign', () => {
  it('signs our input; bitcoinjs-lib validates the saved PSBT and extracts the same transaction as --finalize', async () => {
    const { files } = psbtFile([ours84], [pay, change84]);
    const r = await run(['sign', IN, '--out', OUT, '--finalize', '--json'], files, `${ABANDON}\n`);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j).toMatchObject({ signedInputs: 1, totalInputs: 1, complete: true, txHex: expect.stringMatching(/^[0-9a-f]+$/) });
    const saved = files.get(OUT) as Uint8Array;
    expect(saved.subarray(0, 5)).toEqual(new Uint8Array([0x70, 0x73, 0x62, 0x74, 0xff])); // binary PSBT
    const theirs = finalizeWithBitcoinjs(validateWithBitcoinjs(saved, [0]));
    expect(j.txHex).toBe(theirs.hex);
    expect(j.txid).toBe(theirs.txid);
  });

  it('without --finalize: partial signatures only, no txHex; human output says what was saved', async () => {
    const { files } = psbtFile([ours84, { type: 'p2tr', path: pathFor('p2tr', 0, 0), value: 20_000 }, { type: 'p2pkh', path: pathFor('p2pkh', 0, 0), value: 30_000 }], [pay, change84]);
    const j = await run(['sign', IN, '--out', OUT, '--json'], new Map(files), `${ABANDON}\n`);
    expect(j.code, j.stderr).toBe(0);
    expect(j.json()).toEqual({ signedInputs: 3, totalInputs: 3, complete: true });
    const human = await run(['sign', IN, '--out', OUT], files, `${ABANDON}\n`);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Signed 3 of 3 inputs; saved ${OUT}.`);
    const psbt = validateWithBitcoinjs(files.get(OUT) as Uint8Array, [0, 1, 2]);
    expect(finalizeWithBitcoinjs(psbt).hex).toMatch(/^02000000/);
  });

  it('a warning that needs a yes is refused, naming the code to accept; with --accept it signs', async () => {
    const { files } = psbtFile([{ ...ours84, nonWitnessUtxo: false }], [pay, change84]);
    const refused = await run(['sign', IN, '--out', OUT, '--json'], files, `${ABANDON}\n`);
    expect(refused.code).toBe(1);
    expect(errorOf(refused).message).toContain('--accept MISSING_NON_WITNESS_UTXO');
    expect(files.has(OUT)).toBe(false);
    const ok = await run(['sign', IN, '--out', OUT, '--json', '--accept', 'missing_non_witness_utxo'], files, `${ABANDON}\n`);
    expect(ok.code, ok.stderr).toBe(0);
    validateWithBitcoinjs(files.get(OUT) as Uint8Array, [0]);
  });

  it('several warnings: every code is listed, and each must be accepted', async () => {
    const { files } = psbtFile([{ ...ours84, nonWitnessUtxo: false, sighashType: 0x83 }], [pay, change84]);
    const refused = await run(['sign', IN, '--out', OUT], files, `${ABANDON}\n`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--accept (MISSING_NON_WITNESS_UTXO,SIGHASH_NOT_ALL|SIGHASH_NOT_ALL,MISSING_NON_WITNESS_UTXO)/);
    expect((await run(['sign', IN, '--out', OUT, '--accept', 'MISSING_NON_WITNESS_UTXO'], files, `${ABANDON}\n`)).code).toBe(1);
    const ok = await run(['sign', IN, '--out', OUT, '--json', '--accept', 'MISSING_NON_WITNESS_UTXO,SIGHASH_NOT_ALL'], files, `${ABANDON}\n`);
    expect(ok.code, ok.stderr).toBe(0);
    // SINGLE|ANYONECANPAY signature, checked by bitcoinjs-lib.
    const psbt = validateWithBitcoinjs(files.get(OUT) as Uint8Array, [0]);
    const sig = psbt.data.inputs[0]?.partialSig?.[0]?.signature as Uint8Array;
    expect(sig[sig.length - 1]).toBe(0x83);
  });

  it('nothing ours: refused with the reason, nothing written', async () => {
    const { files } = psbtFile([{ type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000, foreign: true }], [pay]);
    const r = await run(['sign', IN, '--out', OUT, '--json'], files, `${ABANDON}\n`);
    expect(r.code).toBe(1);
    expect(errorOf(r).message).toContain('Nothing in this PSBT is ours to sign');
    expect(files.has(OUT)).toBe(false);
    // On testnet the same words derive other keys: still nothing ours.
    const { files: mine } = psbtFile([ours84], [pay]);
    expect((await run(['sign', IN, '--out', OUT, '--network', 'testnet'], mine, `${ABANDON}\n`)).stderr).toContain('Nothing in this PSBT is ours');
  });

  it('--account restricts which of our accounts may sign', async () => {
    const two = psbtFile([ours84, { type: 'p2pkh', path: pathFor('p2pkh', 0, 0), value: 30_000 }], [pay, change84]);
    const mixed = await run(['sign', IN, '--out', OUT, '--account', 'bip84'], two.files, `${ABANDON}\n`);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain("Input 1 is ours but not in bip84 (e.g. m/44'/0'/0'/0/0)");
    const none = await run(['sign', IN, '--out', OUT, '--account', 'bip86'], two.files, `${ABANDON}\n`);
    expect(none.stderr).toContain('No input of this PSBT is ours in bip86');
    expect(two.files.has(OUT)).toBe(false);
    const one = psbtFile([ours84], [pay, change84]);
    expect((await run(['sign', IN, '--out', OUT, '--account', 'bip84'], one.files, `${ABANDON}\n`)).code).toBe(0);
  });

  it('--finalize when someone else still signs: the PSBT is saved, complete false, no txHex, exit 1', async () => {
    const { files } = psbtFile([ours84, { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000, foreign: true }], [pay, change84]);
    const r = await run(['sign', IN, '--out', OUT, '--finalize', '--json'], files, `${ABANDON}\n`);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ signedInputs: 1, totalInputs: 2, complete: false });
    expect(errorOf(r).message).toContain('not complete');
    validateWithBitcoinjs(files.get(OUT) as Uint8Array, [0]);
  });

  it('--out never replaces a file without --force (refused before the words are read); with --force it does', async () => {
    const { files } = psbtFile([ours84], [pay, change84]);
    const before = new Uint8Array([1, 2, 3]);
    files.set(OUT, before);
    const r = await run(['sign', IN, '--out', OUT, '--json'], files, `${ABANDON}\n`);
    expect(r.code).toBe(1);
    expect(errorOf(r)).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('--force') });
    expect(r.prompts).toEqual([]);
    expect(files.get(OUT)).toEqual(before);
    const forced = await run(['sign', IN, '--out', OUT, '--json', '--force'], files, `${ABANDON}\n`);
    expect(forced.code).toBe(0);
    validateWithBitcoinjs(files.get(OUT) as Uint8Array, [0]);
  });

  it('usage errors exit 2: no --out, no file, an unknown --accept code or account, no words, a bad PSBT is exit 1', async () => {
    const { files } = psbtFile([ours84], [pay]);
    files.set('junk.psbt', new TextEncoder().encode('cHNidP8BAAAA'));
    const w = `${ABANDON}\n`;
    expect(await run(['sign', IN], files, w)).toMatchObject({ code: 2, stderr: expect.stringContaining('--out SIGNED.psbt is required') });
    expect((await run(['sign', '--out', OUT], files, w)).code).toBe(2);
    expect(await run(['sign', IN, '--out', OUT, '--accept', 'EVERYTHING'], files, w)).toMatchObject({ code: 2, stderr: expect.stringContaining('not a warning code') });
    expect((await run(['sign', IN, '--out', OUT, '--account', 'bip48'], files, w)).code).toBe(2);
    expect((await run(['sign', IN, '--out', OUT, '--account', 'eth'], files, w)).code).toBe(2);
    expect(await run(['sign', IN, '--out', OUT], files, '')).toMatchObject({ code: 2, stderr: expect.stringContaining('recovery words') });
    expect((await run(['sign', IN, '--out', OUT, '--passphrase'], files, ABANDON)).code).toBe(2); // no line 2
    expect((await run(['sign', IN, '--out', OUT, '--mnemonic', 'x'], files, w)).code).toBe(2);
    const bad = await run(['sign', 'junk.psbt', '--out', OUT, '--json'], files, w);
    expect(bad.code).toBe(1);
    expect(errorOf(bad).code).toBe('BAD_PSBT');
    expect(files.has(OUT)).toBe(false);
  });

  it('wrong words are refused before anything is signed', async () => {
    const { files } = psbtFile([ours84], [pay]);
    const r = await run(['sign', IN, '--out', OUT, '--json'], files, 'abandon abandon abandon\n');
    expect(r.code).toBe(1);
    expect(files.has(OUT)).toBe(false);
  });
});

describe('permafrost review / sign (built bundle)', () => {
  it('review --json with the words on stdin, then sign, in plain Node', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'permafrost-psbt-'));
    try {
      const file = path.join(dir, 'tx.psbt');
      writeFileSync(file, buildFixture([ours84], [pay, change84]).psbt.toBuffer());
      const bin = (JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin.permafrost as string;
      const r = spawnSync(process.execPath, [bin, 'review', file, '--json'], { input: `${ABANDON}\n`, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as { inputs: Array<{ ours: boolean }>; outputs: Array<{ kind: string; path: string | null }>; fee: number };
      expect(j.inputs[0]?.ours).toBe(true);
      expect(j.outputs[1]).toMatchObject({ kind: 'change', path: "m/84'/0'/0'/1/0" });
      expect(j.fee).toBe(1_000);
      // sign on the real file system: an existing --out is kept without --force, replaced with it.
      const out = path.join(dir, 'signed.psbt');
      writeFileSync(out, 'keep me');
      const kept = spawnSync(process.execPath, [bin, 'sign', file, '--out', out], { input: `${ABANDON}\n`, encoding: 'utf8' });
      expect(kept.status).toBe(1);
      expect(kept.stderr).toContain('already exists');
      expect(readFileSync(out, 'utf8')).toBe('keep me');
      const forced = spawnSync(process.execPath, [bin, 'sign', file, '--out', out, '--force', '--finalize', '--json'], { input: `${ABANDON}\n`, encoding: 'utf8' });
      expect(forced.status, forced.stderr).toBe(0);
      const txHex = (JSON.parse(forced.stdout) as { txHex: string }).txHex;
      expect(finalizeWithBitcoinjs(validateWithBitcoinjs(new Uint8Array(readFileSync(out)), [0])).hex).toBe(txHex);
      expect(statSync(out).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
