/**
 * permafrost ur / bbqr encode|decode (issue 10), in process over in-memory files, and one round trip through the
 * built bundle. The PSBTs and the transaction are built by bitcoinjs-lib (test/helpers).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, type CliRun } from '../helpers/cli';
import { buildFixture, pathFor, signWithBitcoinjs, type FixtureInput, type FixtureOutput } from '../helpers/psbt-fixtures';
import { mulberry32 } from '../helpers/rng';

const ours84: FixtureInput = { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000 };
const pay: FixtureOutput = { to: 'stranger', value: 90_000 };
const change84: FixtureOutput = { to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0), value: 9_000 };

const fixture = buildFixture([ours84], [pay, change84]);
const PSBT = new Uint8Array(fixture.psbt.toBuffer());
const PSBT_B64 = fixture.base64;
const TX_HEX = signWithBitcoinjs(fixture, [ours84]).tx.toHex();
/** A PSBT of another transaction: its parts are foreign to the first. */
const OTHER = buildFixture([ours84], [{ to: 'stranger', value: 50_000 }, change84]);

const files = (entries: Record<string, Uint8Array | string>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
const run = (argv: string[], options: { files?: Map<string, Uint8Array>; stdin?: string } = {}): Promise<CliRun> => runInProcess(argv, options);
const lines = (r: CliRun) => r.stdout.trim().split('\n');

/** A deterministic shuffle (mulberry32), so a failure reproduces. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const rnd = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The parts shuffled, a few repeated, blank lines and one line of another message mixed in. */
const messy = (parts: readonly string[], foreign: string, seed: number) => ['', ...shuffle([...parts, ...parts.slice(0, 3), foreign, '   '], seed), ''].join('\n');

describe('permafrost ur', () => {
  it('is in --help', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toMatch(/^ {2}ur encode {9}A PSBT/m);
    expect(r.stdout).toMatch(/^ {2}bbqr decode {7}BBQr parts on stdin/m);
  });

  for (const type of ['psbt', 'crypto-psbt'] as const) {
    it(`encode --type ${type}: a fountain stream (pure parts, then as many again), upper case; decode takes it in any order`, async () => {
      const enc = await run(['ur', 'encode', '--type', type, '--fragment-bytes', '40', 'tx.psbt'], { files: files({ 'tx.psbt': PSBT }) });
      expect(enc.code, enc.stderr).toBe(0);
      const parts = lines(enc);
      const seqLen = Number(/\/\d+-(\d+)\//.exec(parts[0] ?? '')?.[1]);
      expect(seqLen).toBeGreaterThan(3);
      expect(parts).toHaveLength(2 * seqLen);
      for (const [i, p] of parts.entries()) expect(p).toBe(`UR:${type.toUpperCase()}/${i + 1}-${seqLen}/${p.split('/')[2]}`);
      const foreign = lines(await run(['ur', 'encode', '--type', type, '--fragment-bytes', '40', 'o.psbt'], { files: files({ 'o.psbt': OTHER.base64 }) }))[1] as string;
      const dec = await run(['ur', 'decode'], { stdin: messy(parts.slice(0, seqLen), foreign, 7) });
      expect(dec.code, dec.stderr).toBe(0);
      expect(dec.stdout).toBe(`${PSBT_B64}\n`);
      expect(dec.stderr).toMatch(/^line \d+: skipped, a part of another transaction/m);
      // Pure parts missed are made up by the mixed ones (a receiver that joined late), lower case as well.
      const late = await run(['ur', 'decode', '--json'], { stdin: shuffle(parts.slice(2), 3).join('\n').toLowerCase() });
      expect(late.code, late.stderr).toBe(0);
      expect(late.json()).toMatchObject({ format: type === 'psbt' ? 'ur2' : 'ur1', kind: 'psbt', bytes: PSBT.length, base64: PSBT_B64 });
    });
  }

  it('one part when the PSBT fits; base64 and hex files are read as the PSBT; --out writes the binary', async () => {
    const hexText = `${Buffer.from(PSBT).toString('hex')}\n`;
    for (const file of ['bin.psbt', 'b64.txt', 'hex.txt']) {
      const enc = await run(['ur', 'encode', '--type', 'psbt', file], { files: files({ 'bin.psbt': PSBT, 'b64.txt': `${PSBT_B64}\n`, 'hex.txt': hexText }) });
      expect(enc.code, enc.stderr).toBe(0);
      expect(lines(enc)).toHaveLength(1);
      expect(enc.stdout).toMatch(/^UR:PSBT\/[A-Z]+\n$/);
      const fs = files({ 'out.psbt': 'keep' });
      const kept = await run(['ur', 'decode', '--out', 'out.psbt'], { stdin: enc.stdout, files: fs });
      expect(kept.code).toBe(1);
      expect(kept.stderr).toContain('already exists');
      const dec = await run(['ur', 'decode', '--out', 'out.psbt', '--force'], { stdin: enc.stdout, files: fs });
      expect(dec.code, dec.stderr).toBe(0);
      expect(Buffer.from(fs.get('out.psbt') as Uint8Array).equals(Buffer.from(PSBT))).toBe(true);
    }
  });

  it('a stray part of another message read first does not hide the complete one', async () => {
    const parts = lines(await run(['ur', 'encode', '--type', 'psbt', '--fragment-bytes', '40', 'tx.psbt'], { files: files({ 'tx.psbt': PSBT }) }));
    const stray = lines(await run(['ur', 'encode', '--type', 'psbt', '--fragment-bytes', '40', 'o.psbt'], { files: files({ 'o.psbt': OTHER.base64 }) }))[2] as string;
    const r = await run(['ur', 'decode'], { stdin: [stray, ...parts].join('\n') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${PSBT_B64}\n`);
    expect(r.stderr).toBe('line 1: skipped, a part of another message (incomplete)\n');
  });

  it('incomplete input: exit 1 saying how many parts are missing; nothing at all: exit 1', async () => {
    const parts = lines(await run(['ur', 'encode', '--type', 'psbt', '--fragment-bytes', '40', 'tx.psbt'], { files: files({ 'tx.psbt': PSBT }) }));
    const seqLen = parts.length / 2;
    const r = await run(['ur', 'decode', '--json'], { stdin: parts.slice(0, seqLen - 2).join('\n') });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error.message).toBe(`Incomplete: ${seqLen - 2} UR parts read; at least 2 more still missing (the coordinator's loop shows them).`);
    expect(r.stdout).toBe('');
    const none = await run(['ur', 'decode'], { stdin: 'hello\nbc1qxyz\n' });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No UR part of a transaction was read');
    expect(none.stderr).toContain('line 1: skipped, this QR code is not a transaction (not a UR, BBQr, PSBT or raw transaction)');
  });

  it('usage errors exit 2; a file that is no PSBT exits 1', async () => {
    const fs = files({ 'tx.psbt': PSBT, 'no.psbt': 'not a psbt' });
    for (const argv of [
      ['ur'],
      ['ur', 'scan'],
      ['ur', 'encode', 'tx.psbt'],
      ['ur', 'encode', '--type', 'bytes', 'tx.psbt'],
      ['ur', 'encode', '--type', 'psbt', '--fragment-bytes', '9', 'tx.psbt'],
      ['ur', 'encode', '--type', 'psbt', '--fragment-bytes', 'many', 'tx.psbt'],
      ['ur', 'encode', '--type', 'psbt'],
      ['ur', 'encode', '--type', 'psbt', 'missing.psbt'],
      ['ur', 'encode', '--type', 'psbt', '--frag', '40', 'tx.psbt'],
      ['ur', 'decode', 'extra'],
      ['ur', 'decode', '--force'],
    ]) {
      const r = await run(argv, { files: fs });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain('Run "permafrost --help"');
    }
    const bad = await run(['ur', 'encode', '--type', 'psbt', 'no.psbt'], { files: fs });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
  });
});

describe('permafrost bbqr', () => {
  for (const encoding of ['Z', '2', 'H'] as const) {
    it(`encode --type P --encoding ${encoding}: parts in any order decode to the PSBT`, async () => {
      const enc = await run(['bbqr', 'encode', '--type', 'P', '--encoding', encoding, '--max-chars', '80', 'tx.psbt'], { files: files({ 'tx.psbt': PSBT }) });
      expect(enc.code, enc.stderr).toBe(0);
      const parts = lines(enc);
      expect(parts.length).toBeGreaterThan(3);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(80);
        expect(p.slice(0, 4)).toMatch(new RegExp(`^B\\$[${encoding === 'Z' ? 'Z2' : encoding}]P$`));
      }
      // BBQr parts carry no checksum: another message is told apart by its header (here, its part count).
      const foreign = lines(await run(['bbqr', 'encode', '--type', 'P', '--encoding', encoding, '--max-chars', '60', 'o.psbt'], { files: files({ 'o.psbt': OTHER.base64 }) }))[1] as string;
      expect(foreign.slice(0, 6)).not.toBe(parts[0]?.slice(0, 6));
      const dec = await run(['bbqr', 'decode'], { stdin: messy(parts, foreign, 11) });
      expect(dec.code, dec.stderr).toBe(0);
      expect(dec.stdout).toBe(`${PSBT_B64}\n`);
      expect(dec.stderr).toMatch(/^line \d+: skipped, /m);
    });
  }

  it('--type T: a transaction (hex file) round trips, printed as hex; --json', async () => {
    const enc = await run(['bbqr', 'encode', '--type', 'T', '--max-chars', '60', '--json', 'tx.hex'], { files: files({ 'tx.hex': `${TX_HEX}\n` }) });
    expect(enc.code, enc.stderr).toBe(0);
    const { parts, type } = enc.json() as { parts: string[]; type: string };
    expect(type).toBe('T');
    expect(parts.length).toBeGreaterThan(1);
    const dec = await run(['bbqr', 'decode', '--json'], { stdin: shuffle(parts, 5).join('\n') });
    expect(dec.code, dec.stderr).toBe(0);
    expect(dec.json()).toMatchObject({ format: 'bbqr', kind: 'transaction', hex: TX_HEX });
    // A PSBT is not a transaction.
    const wrong = await run(['bbqr', 'encode', '--type', 'T', 'tx.psbt'], { files: files({ 'tx.psbt': PSBT }) });
    expect(wrong.code).toBe(1);
  });

  it('incomplete: exit 1 with the exact count missing; usage errors exit 2', async () => {
    const parts = lines(await run(['bbqr', 'encode', '--type', 'P', '--max-chars', '80', 'tx.psbt'], { files: files({ 'tx.psbt': PSBT }) }));
    const r = await run(['bbqr', 'decode'], { stdin: [...parts.slice(2), parts[3]].join('\n') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Incomplete: ${parts.length - 2} of ${parts.length} BBQr parts read; 2 still missing.`);
    const fs = files({ 'tx.psbt': PSBT });
    for (const argv of [
      ['bbqr'],
      ['bbqr', 'encode', 'tx.psbt'],
      ['bbqr', 'encode', '--type', 'X', 'tx.psbt'],
      ['bbqr', 'encode', '--type', 'P', '--encoding', 'B', 'tx.psbt'],
      ['bbqr', 'encode', '--type', 'P', '--max-chars', '10', 'tx.psbt'],
      ['bbqr', 'encode', '--type', 'P', 'a', 'b'],
      ['bbqr', 'decode', '--out'],
    ]) {
      expect((await run(argv, { files: fs })).code, argv.join(' ')).toBe(2);
    }
  });
});

describe('permafrost ur / bbqr (built bundle)', () => {
  it('ur encode a file, then ur decode the shuffled parts on stdin, in plain Node', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'permafrost-qr-'));
    try {
      const file = path.join(dir, 'tx.psbt');
      writeFileSync(file, PSBT);
      const bin = (JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin.permafrost as string;
      const enc = spawnSync(process.execPath, [bin, 'ur', 'encode', '--type', 'crypto-psbt', '--fragment-bytes', '50', file], { encoding: 'utf8' });
      expect(enc.status, enc.stderr).toBe(0);
      const parts = enc.stdout.trim().split('\n');
      expect(parts.length).toBeGreaterThan(2);
      const out = path.join(dir, 'back.psbt');
      const dec = spawnSync(process.execPath, [bin, 'ur', 'decode', '--out', out], { input: shuffle(parts, 1).join('\n'), encoding: 'utf8' });
      expect(dec.status, dec.stderr).toBe(0);
      expect(readFileSync(out).equals(Buffer.from(PSBT))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
