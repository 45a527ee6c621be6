/**
 * permafrost review - / sign - (issue 10, CLI): the PSBT arrives on standard input as the QR texts a coordinator
 * shows (UR v2 psbt, UR v1 crypto-psbt, BBQr, or base64/hex in one line), one per line, after the secret lines;
 * lines of another message or no transaction are reported on stderr and skipped; an incomplete stream exits 1 with
 * the count missing; standard input has an explicit size limit. What we sign is validated and finalized by
 * bitcoinjs-lib (the independent check), as in psbt.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { base64, hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { MAX_STDIN_BYTES } from '../../electron/cli/io';
import { MAX_STREAM_BYTES } from '../../electron/cli/stream';
import { psbtFrames } from '../../electron/core';
import { runInProcess, type CliRun } from '../helpers/cli';
import { finalizeWithBitcoinjs, validateWithBitcoinjs } from '../helpers/psbt-build';
import { ABANDON, buildFixture, pathFor, type FixtureInput, type FixtureOutput } from '../helpers/psbt-fixtures';

const ours84: FixtureInput = { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000 };
const pay: FixtureOutput = { to: 'stranger', value: 90_000 };
const change84: FixtureOutput = { to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0), value: 9_000 };

const fixture = buildFixture([ours84], [pay, change84]);
const PSBT = new Uint8Array(fixture.psbt.toBuffer());
const OTHER = new Uint8Array(buildFixture([ours84], [{ to: 'stranger', value: 50_000 }, change84]).psbt.toBuffer());
const OUT = 'signed.psbt';

const run = (argv: string[], stdin: string, files = new Map<string, Uint8Array>()): Promise<CliRun> => runInProcess(argv, { stdin, files });
const errorOf = (r: CliRun): { code: string; message: string } => (JSON.parse(r.stderr.trim().split('\n').pop() as string) as { error: { code: string; message: string } }).error;

/** Every way a coordinator shows the PSBT, as lines; UR/BBQr in small parts so there are several. */
const STREAMS: ReadonlyArray<[string, string[]]> = [
  ['UR v2 psbt', psbtFrames(PSBT, 'ur2', { fragmentLength: 40 })],
  ['UR v1 crypto-psbt', psbtFrames(PSBT, 'ur1', { fragmentLength: 40 })],
  ['BBQr', psbtFrames(PSBT, 'bbqr', { maxVersion: 3 })],
  ['base64', [base64.encode(PSBT)]],
  ['hex', [hex.encode(PSBT)]],
];

describe('permafrost review -', () => {
  for (const [name, parts] of STREAMS) {
    it(`${name}: parts reversed after the words; our input and change proven`, async () => {
      if (name.startsWith('UR') || name === 'BBQr') expect(parts.length).toBeGreaterThan(2);
      const r = await run(['review', '-', '--json'], [ABANDON, ...[...parts].reverse()].join('\n'));
      expect(r.code, r.stderr).toBe(0);
      const j = r.json();
      expect(j.inputs[0]).toMatchObject({ ours: true, path: "m/84'/0'/0'/0/0" });
      expect(j.outputs[1]).toMatchObject({ kind: 'change', path: "m/84'/0'/0'/1/0", value: 9_000 });
    });
  }

  it('without words: the parts from line 1 (or after an empty line 1); nothing is ours', async () => {
    const parts = STREAMS[0]![1];
    for (const stdin of [parts.join('\n'), ['', ...parts].join('\n')]) {
      const r = await run(['review', '-', '--json'], stdin);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json().inputs[0].ours).toBe(false);
    }
  });

  it('--passphrase: line 2 is the passphrase (a wrong one: nothing ours), the parts follow', async () => {
    const parts = STREAMS[2]![1];
    const r = await run(['review', '-', '--passphrase', '--json'], [ABANDON, 'not the passphrase', ...parts].join('\n'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().inputs[0].ours).toBe(false);
    const empty = await run(['review', '-', '--passphrase', '--json'], [ABANDON, '', ...parts].join('\n'));
    expect(empty.json().inputs[0].ours).toBe(true);
    // A part where the words should be: --passphrase has nothing to apply to.
    expect((await run(['review', '-', '--passphrase'], parts.join('\n'))).code).toBe(2);
  });

  it('lines of another transaction and non-transaction lines are reported with their line number and skipped', async () => {
    const parts = STREAMS[0]![1];
    const stray = psbtFrames(OTHER, 'ur2', { fragmentLength: 40 })[3] as string;
    const stdin = [ABANDON, stray, parts[0], 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', ...parts.slice(1)].join('\n');
    const r = await run(['review', '-', '--json'], stdin);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().inputs[0].ours).toBe(true);
    expect(r.stderr).toContain('line 2: skipped, a part of another');
    expect(r.stderr).toContain('line 4: skipped, this QR code is a Bitcoin address, not a transaction');
  });

  it('incomplete: exit 1 with the count missing; a raw transaction is not a PSBT; nothing at all', async () => {
    const parts = STREAMS[2]![1]; // BBQr: the exact count
    const r = await run(['review', '-', '--json'], [ABANDON, ...parts.slice(0, -2)].join('\n'));
    expect(r.code).toBe(1);
    expect(errorOf(r)).toEqual({ code: 'BAD_QR', message: `Incomplete: ${parts.length - 2} of ${parts.length} BBQr parts read; 2 still missing.` });
    const ur = STREAMS[0]![1];
    const seqLen = ur.length / 2;
    const u = await run(['review', '-'], [ABANDON, ...ur.slice(0, seqLen - 3)].join('\n'));
    expect(u.code).toBe(1);
    expect(u.stderr).toContain(`Incomplete: ${seqLen - 3} UR parts read; at least 3 more still missing`);
    const tx = await run(['review', '-', '--json'], `${ABANDON}\n${'02000000000101' + '00'.repeat(10)}\n`);
    expect(tx.code).toBe(1);
    const none = await run(['review', '-', '--json'], `${ABANDON}\n`);
    expect(none.code).toBe(1);
    expect(errorOf(none).message).toContain('No transaction QR code');
  });

  it(`standard input is limited: more than ${MAX_STREAM_BYTES.toLocaleString('en-US')} bytes is refused, nothing read`, async () => {
    const r = await run(['review', '-', '--json'], `${ABANDON}\n${'A'.repeat(MAX_STREAM_BYTES)}`);
    expect(r.code).toBe(1);
    expect(errorOf(r)).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Standard input is larger than') });
    // Other commands (words, shares, rolls): a smaller limit.
    const words = await run(['export', '--account', 'bip84', '--json'], `${ABANDON}\n${' '.repeat(MAX_STDIN_BYTES)}`);
    expect(words.code).toBe(1);
    expect(errorOf(words).message).toContain(`larger than ${MAX_STDIN_BYTES.toLocaleString('en-US')} bytes`);
  });
});

describe('permafrost sign -', () => {
  for (const [name, parts] of STREAMS) {
    it(`${name}: words, then the parts shuffled; bitcoinjs-lib validates and finalizes what was signed`, async () => {
      const files = new Map<string, Uint8Array>();
      const shuffled = parts.map((p, i) => [(i * 7919) % 13, p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
      const r = await run(['sign', '-', '--out', OUT, '--finalize', '--json'], [ABANDON, ...shuffled].join('\n'), files);
      expect(r.code, r.stderr).toBe(0);
      const j = r.json();
      expect(j).toMatchObject({ signedInputs: 1, totalInputs: 1, complete: true });
      expect(j.txHex).toBe(finalizeWithBitcoinjs(validateWithBitcoinjs(files.get(OUT) as Uint8Array, [0])).hex);
    });
  }

  it('--passphrase on line 2; the words must come first; --out is never replaced without --force', async () => {
    const parts = STREAMS[1]![1];
    const withPass = await run(['sign', '-', '--out', OUT, '--passphrase', '--json'], [ABANDON, '', ...parts].join('\n'));
    expect(withPass.code, withPass.stderr).toBe(0);
    const noWords = await run(['sign', '-', '--out', OUT], parts.join('\n'));
    expect(noWords.code).toBe(2);
    expect(noWords.stderr).toContain('put the recovery words on the first line');
    const files = new Map([[OUT, new Uint8Array([1])]]);
    const kept = await run(['sign', '-', '--out', OUT], [ABANDON, ...parts].join('\n'), files);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('already exists');
    expect(files.get(OUT)).toEqual(new Uint8Array([1]));
  });

  it('incomplete: exit 1 with the count missing, nothing signed or written', async () => {
    const parts = STREAMS[2]![1];
    const files = new Map<string, Uint8Array>();
    const r = await run(['sign', '-', '--out', OUT], [ABANDON, ...parts.slice(1)].join('\n'), files);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Incomplete: ${parts.length - 1} of ${parts.length} BBQr parts read; 1 still missing.`);
    expect(files.has(OUT)).toBe(false);
  });
});

describe('permafrost review - (built bundle)', () => {
  it('the words and the UR parts piped into plain Node; a pipe over the limit is refused', () => {
    const bin = (JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin.permafrost as string;
    const parts = STREAMS[1]![1];
    const r = spawnSync(process.execPath, [bin, 'review', '-', '--json'], { input: [ABANDON, ...[...parts].reverse()].join('\n'), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { inputs: Array<{ ours: boolean }> }).inputs[0]?.ours).toBe(true);
    const big = spawnSync(process.execPath, [bin, 'combine'], { input: 'x'.repeat(MAX_STDIN_BYTES + 1), encoding: 'utf8' });
    expect(big.status).toBe(1);
    expect(big.stderr).toContain('Standard input is larger than');
  });
});
