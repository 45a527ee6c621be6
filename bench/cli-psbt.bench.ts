/**
 * Issue 9, "review + sign of a 1000-input PSBT in ≤ 3 s end to end in the CLI": runCli in process (in-memory
 * files, the words on stdin), for 1000 P2WPKH inputs of "abandon … about" (BIP84 account 0, one key per input) and
 * one payment. Timed: reading the file, parsing, `review --json` with the words (every input proven by
 * derivation), then `sign --out --force --json` (parse, seed, review again, sign and verify, serialize, write).
 * Two PSBTs: witness_utxo only (as many coordinators send P2WPKH; needs --accept MISSING_NON_WITNESS_UTXO) and with
 * each input's previous transaction (non_witness_utxo, as Sparrow and Core send). Results in docs/BENCHMARKS.md.
 *
 * Also from a cold start, as a user runs it: the built bundle (dist/cli/permafrost.cjs, `npm run build` first;
 * skipped when absent) in a fresh `node` per command — `review` then `sign`, and `sign` alone (it reviews first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { runInProcess } from '../test/helpers/cli';
import { ABANDON, buildPsbt } from '../test/helpers/psbt-build';

const N = 1000;
const opts = { iterations: 3, warmupIterations: 1, time: 0 };

async function reviewAndSign(files: Map<string, Uint8Array>, accept: readonly string[]): Promise<void> {
  const review = await runInProcess(['review', 'tx.psbt', '--json'], { files, stdin: `${ABANDON}\n` });
  if (review.code !== 0) throw new Error(`review failed: ${review.stderr}`);
  const sign = await runInProcess(['sign', 'tx.psbt', '--out', 'signed.psbt', '--force', '--json', ...accept], { files, stdin: `${ABANDON}\n` });
  if (sign.code !== 0 || (sign.json() as { signedInputs: number }).signedInputs !== N) throw new Error(`sign failed: ${sign.stderr}`);
}

for (const nonWitnessUtxo of [false, true]) {
  const built = buildPsbt({ inputs: Array.from({ length: N }, (_, index) => ({ type: 'p2wpkh' as const, index, nonWitnessUtxo })) });
  const files = new Map([['tx.psbt', built.bytes]]);
  const accept = nonWitnessUtxo ? [] : ['--accept', 'MISSING_NON_WITNESS_UTXO'];
  describe(`CLI review + sign, ${N} P2WPKH inputs${nonWitnessUtxo ? ' with non_witness_utxo' : ', witness_utxo only'} (${(built.bytes.length / 1024).toFixed(0)} KiB)`, () => {
    bench('runCli review --json, then sign --out --json', () => reviewAndSign(files, accept), opts);
    bench('runCli review --json only', async () => {
      const r = await runInProcess(['review', 'tx.psbt', '--json'], { files, stdin: `${ABANDON}\n` });
      if (r.code !== 0) throw new Error(r.stderr);
    }, opts);
  });
}

const BIN = 'dist/cli/permafrost.cjs';

/** One command in a fresh Node process, the words on stdin. */
function cold(args: readonly string[]): void {
  const r = spawnSync(process.execPath, [BIN, ...args], { input: `${ABANDON}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`permafrost ${args[0]} failed: ${r.stderr}`);
}

if (existsSync(BIN)) {
  const dir = mkdtempSync(path.join(tmpdir(), 'permafrost-bench-'));
  const file = path.join(dir, 'tx.psbt');
  const out = path.join(dir, 'signed.psbt');
  writeFileSync(file, buildPsbt({ inputs: Array.from({ length: N }, (_, index) => ({ type: 'p2wpkh' as const, index, nonWitnessUtxo: true })) }).bytes);
  const coldOpts = { iterations: 5, warmupIterations: 1, time: 0 };
  describe(`CLI from a cold start (${BIN}, a fresh node per command), ${N} P2WPKH inputs with non_witness_utxo`, () => {
    bench('permafrost review --json, then permafrost sign --out --json', () => {
      cold(['review', file, '--json']);
      cold(['sign', file, '--out', out, '--force', '--json']);
    }, coldOpts);
    bench('permafrost sign --out --json alone (it reviews first)', () => cold(['sign', file, '--out', out, '--force', '--json']), coldOpts);
    bench('permafrost review --json alone', () => cold(['review', file, '--json']), coldOpts);
    bench('permafrost --version (Node start + loading the bundle)', () => cold(['--version']), coldOpts);
  });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
