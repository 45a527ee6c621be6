/**
 * CLI messages a new user meets (issue 10 review), through the real Node IO (createNodeIo: the real file reads,
 * not the in-memory fake, which threw a bare ENOENT and so hid the bug) and the built bundle in a child process:
 * - a file named on the command line that is missing, a folder or unreadable is named by its path as typed
 *   ("no such file: PATH"); it was "cannot read PATH (INVALID_ARGUMENT)" for review, scan, ur encode, bbqr encode;
 * - a reader that goes away (`… | head -1`) ends the command quietly, status 141 as SIGPIPE would, no stack trace;
 * - `bbqr encode --type T` given a PSBT or anything else says so and what to do, no "scanned", no parser internals.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInput, type CliIo } from '../../electron/cli/io';
import { createNodeIo, EXIT_CLOSED_PIPE } from '../../electron/cli/node-io';
import { runCli } from '../../electron/cli/run';
import { identifyQrText, TransactionScan } from '../../electron/core';
import { buildPsbt } from '../helpers/psbt-build';
import { buildFixture, pathFor, signWithBitcoinjs, type FixtureInput } from '../helpers/psbt-fixtures';

const dir = mkdtempSync(path.join(os.tmpdir(), 'permafrost-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ours84: FixtureInput = { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000 };
const fixture = buildFixture([ours84], [{ to: 'stranger', value: 90_000 }]);
const PSBT_FILE = path.join(dir, 'tx.psbt');
writeFileSync(PSBT_FILE, fixture.psbt.toBuffer());
const TX_FILE = path.join(dir, 'tx.hex');
writeFileSync(TX_FILE, `${signWithBitcoinjs(fixture, [ours84]).tx.toHex()}\n`);

/** runCli over the real Node IO, its output captured. */
async function runReal(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...createNodeIo(), stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const COMMANDS: ReadonlyArray<readonly string[]> = [['review'], ['scan'], ['ur', 'encode', '--type', 'psbt'], ['bbqr', 'encode', '--type', 'P']];

describe('a file named on the command line that cannot be read (the real Node IO)', () => {
  for (const command of COMMANDS) {
    it(`${command.join(' ')}: a missing file, a missing folder on the way, a folder: named by the path as typed, exit 2`, async () => {
      const missing = path.join(dir, 'nonexist.psbt');
      expect(await runReal([...command, missing])).toMatchObject({ code: 2, stdout: '', stderr: `permafrost: no such file: ${missing}\nRun "permafrost --help" for usage.\n` });
      const deeper = path.join(dir, 'no-folder', 'x.psbt');
      expect((await runReal([...command, deeper])).stderr).toContain(`permafrost: no such file: ${deeper}\n`);
      const underFile = path.join(PSBT_FILE, 'x');
      expect((await runReal([...command, underFile])).stderr).toContain(`permafrost: no such file: ${underFile} (a part of the path is not a folder)\n`);
      expect(await runReal([...command, dir])).toMatchObject({ code: 2, stderr: expect.stringContaining(`permafrost: ${dir} is a folder, not a file\n`) });
    });
  }

  // The superuser reads any file: the permission case runs as another user only.
  const root = process.getuid?.() === 0;
  it.skipIf(root)('a file without read permission: "permission denied: PATH"', async () => {
    const locked = path.join(dir, 'locked.psbt');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    expect((await runReal(['review', locked])).stderr).toContain(`permafrost: permission denied: ${locked} (you may not read it)\n`);
  });

  it('the system’s codes as any CliIo gives them (EACCES, EPERM, others), never a WalletError’s own code as if it were one', async () => {
    const failing = (error: unknown): CliIo => ({ ...createNodeIo(), readFile: async () => Promise.reject(error) });
    const errno = (code: string) => Object.assign(new Error(code), { code });
    await expect(readInput(failing(errno('EACCES')), 'a.psbt', 10)).rejects.toThrow('permission denied: a.psbt (you may not read it)');
    await expect(readInput(failing(errno('EPERM')), 'a.psbt', 10)).rejects.toThrow('permission denied: a.psbt');
    await expect(readInput(failing(errno('EIO')), 'a.psbt', 10)).rejects.toThrow('cannot read a.psbt (EIO)');
    await expect(readInput(failing(new Error('no code')), 'a.psbt', 10)).rejects.toThrow(/^cannot read a\.psbt$/);
  });

  it('a FIFO is not waited on: refused as not a file', async () => {
    const fifo = path.join(dir, 'fifo.psbt');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const r = await runReal(['review', fifo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fifo.psbt is not a file.');
  });
});

describe('bbqr encode --type T: a file that is no raw transaction says so, and what to do', () => {
  it('a PSBT (binary, base64, hex): "for a PSBT use --type P"; a transaction (hex) is encoded', async () => {
    const b64 = path.join(dir, 'tx.b64');
    writeFileSync(b64, fixture.base64);
    const hexFile = path.join(dir, 'tx.psbt.hex');
    writeFileSync(hexFile, fixture.psbt.toHex());
    for (const file of [PSBT_FILE, b64, hexFile]) {
      const r = await runReal(['bbqr', 'encode', '--type', 'T', file]);
      expect(r).toMatchObject({ code: 1, stdout: '' });
      expect(r.stderr).toBe(`permafrost: ${file} is a PSBT, not a raw transaction: for a PSBT use --type P.\n`);
    }
    const ok = await runReal(['bbqr', 'encode', '--type', 'T', TX_FILE]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^B\$.T/);
  });

  it('random bytes, text, a transaction with a length claimed at 2^56: no parser internals, no "scanned"', async () => {
    const files = {
      'random.bin': Uint8Array.from({ length: 100 }, (_, i) => (i * 151 + 7) & 255),
      'words.txt': 'hello world',
      // Version 2, then an input count of 0xff + 8 bytes: the parser's "Wrong length: 72057594078887940".
      'huge-count.hex': `02000000ff${'ff'.repeat(7)}00`,
    };
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      const r = await runReal(['bbqr', 'encode', '--type', 'T', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`permafrost: ${file} is not a raw transaction (binary or hexadecimal); for a PSBT use --type P.\n`);
    }
  });

  it('the scanner says it in words too: a BBQr of type T that holds a PSBT, a hex line that is no transaction', () => {
    const scan = new TransactionScan();
    const hexPsbt = fixture.psbt.toHex().toUpperCase();
    // One BBQr part, hex encoding, file type T, holding the PSBT's bytes.
    const status = scan.add(`B$HT0100${hexPsbt}`);
    expect(status).toMatchObject({ kind: 'invalid', why: 'this BBQr code says it holds a transaction (file type T) but holds a PSBT' });
    const what = identifyQrText(`02000000ff${'ff'.repeat(7)}00`);
    expect(what).toEqual({ kind: 'other', why: 'this QR code holds hexadecimal that is neither a PSBT nor a transaction (its bytes do not read as one)' });
  });
});

describe('a reader that goes away (the built bundle, a real pipe)', () => {
  const BIN = 'dist/cli/permafrost.cjs';
  const big = path.join(dir, 'big.psbt');
  writeFileSync(big, buildPsbt({ inputs: Array.from({ length: 60 }, (_, index) => ({ type: 'p2wpkh' as const, index, nonWitnessUtxo: true })) }).bytes);

  /** `permafrost ARGS 2>ERR | head -N` in bash: what head printed, the command's standard error and exit status. */
  function pipedToHead(args: readonly string[], lines: number): { first: string; stderr: string; code: number } {
    const err = path.join(dir, 'stderr.txt');
    const script = 'node "$@" 2>"$ERR" </dev/null | head -n "$HEAD_LINES"; echo "status=${PIPESTATUS[0]}"';
    const r = spawnSync('bash', ['-c', script, 'bash', BIN, ...args], { encoding: 'utf8', env: { ...process.env, ERR: err, HEAD_LINES: String(lines) } });
    const status = /status=(\d+)\n$/.exec(r.stdout);
    return { first: r.stdout.replace(/status=\d+\n$/, ''), stderr: readFileSync(err, 'utf8'), code: Number(status?.[1]) };
  }

  it.skipIf(!existsSync(BIN))('ur encode … | head -1: the first part printed, then a quiet exit (141), no stack trace', { timeout: 60_000 }, () => {
    const r = pipedToHead(['ur', 'encode', '--type', 'psbt', '--fragment-bytes', '10', big], 1);
    // 1,332 parts, about 200 KB: far more than a pipe holds once head has gone.
    expect(r.first).toMatch(/^UR:PSBT\/1-\d+\/[A-Z]+\n$/);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_CLOSED_PIPE);
  });

  it.skipIf(!existsSync(BIN))('review FILE | head -3: the first lines, then no stack trace (a quiet 141 when the review outlived head)', { timeout: 60_000 }, () => {
    const r = pipedToHead(['review', big], 3);
    expect(r.first.split('\n')).toHaveLength(4);
    expect(r.stderr).toBe('');
    // The review is written line by line: whether head was gone before the last line is up to the scheduler.
    expect([0, EXIT_CLOSED_PIPE]).toContain(r.code);
  });
});
