/**
 * Animated-QR parts on standard input (`review -`, `sign -`, `ur decode`; `scan --assemble` reads its images' texts
 * the same way, electron/cli/stream.ts), issue 10 review: each line of a hostile input that is the first part of
 * another 16,384-fragment UR had cost a fountain decoder, and up to 16 passes over every line building a scan for
 * each (2,000 such lines took 32 s, 80 MB about 8 hours). Now each line is classified once, grouped by the stream it
 * is a part of and read once; more than MAX_STREAMS streams are refused before any is decoded. The work is counted
 * (the parts fed to a scan), not timed; legitimate mixed inputs choose the message as before.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_STREAMS, numberLines, readStream } from '../../electron/cli/stream';
import { encodeBbqr, psbtFrames } from '../../electron/core';
import { encodeCbor } from '../../electron/core/codecs/cbor';
import { TransactionScan } from '../../electron/core/codecs/scan';
import { encodeBytewords } from '../../electron/core/codecs/ur/bytewords';
import { runInProcess, type CliRun } from '../helpers/cli';
import { ABANDON, buildFixture, pathFor, type FixtureInput, type FixtureOutput } from '../helpers/psbt-fixtures';

const ours84: FixtureInput = { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000 };
const change84: FixtureOutput = { to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0), value: 9_000 };
const fixture = buildFixture([ours84], [{ to: 'stranger', value: 90_000 }, change84]);
const PSBT = new Uint8Array(fixture.psbt.toBuffer());
const OTHER = new Uint8Array(buildFixture([ours84], [{ to: 'stranger', value: 50_000 }, change84]).psbt.toBuffer());
const PARTS = psbtFrames(PSBT, 'ur2', { fragmentLength: 40 });
const SEQ_LEN = PARTS.length / 2;

/** The first part of a different 16,384-fragment UR for each i (another checksum), 1-byte fragments: 46 characters. */
function firstPartOfBigStream(i: number): string {
  const part = encodeCbor([1, 16_384, 16_384, (i * 2654435761) >>> 0, new Uint8Array([i & 255])]);
  return `ur:psbt/1-16384/${encodeBytewords(part, 'minimal')}`;
}
const HOSTILE = Array.from({ length: 3000 }, (_, i) => firstPartOfBigStream(i));

const errorOf = (r: CliRun): { code: string; message: string } => (JSON.parse(r.stderr.trim().split('\n').pop() as string) as { error: { code: string; message: string } }).error;

/** Counts the frames fed to any TransactionScan: the work done decoding. */
function countScans() {
  return vi.spyOn(TransactionScan.prototype, 'add');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hostile standard input: first parts of thousands of different big animated QRs', () => {
  it(`review -, sign -, ur decode: refused before any part is decoded, naming the ${MAX_STREAMS} codes (was 32 s for 2,000 lines)`, { timeout: 60_000 }, async () => {
    const fed = countScans();
    for (const argv of [['review', '-', '--json'], ['sign', '-', '--out', 'signed.psbt', '--json'], ['ur', 'decode', '--json']]) {
      const stdin = [...(argv[0] === 'ur' ? [] : [ABANDON]), ...HOSTILE].join('\n');
      const files = new Map<string, Uint8Array>();
      const r = await runInProcess(argv, { stdin, files });
      expect(r.code, argv.join(' ')).toBe(1);
      const first = argv[0] === 'ur' ? 1 : 2;
      expect(errorOf(r)).toEqual({
        code: 'BAD_QR',
        message: `The input mixes parts of more than ${MAX_STREAMS} different QR codes (line ${first + MAX_STREAMS} starts another one): give the parts of one transaction only.`,
      });
      expect([r.stdout, files.size]).toEqual(['', 0]);
    }
    expect(fed).not.toHaveBeenCalled();
  });

  it('scan --assemble (images named in the notes): the same refusal, naming the image', () => {
    const fed = countScans();
    const images = HOSTILE.slice(0, 100).map((text, i) => ({ number: i + 1, text, name: `frame${i + 1}.png` }));
    const read = readStream('any', images, { where: 'the 100 images' });
    expect(read.result).toBeNull();
    if (read.result === null) expect(read.missing.message).toContain(`(frame${MAX_STREAMS + 1}.png starts another one)`);
    expect(fed).not.toHaveBeenCalled();
  });

  it(`${MAX_STREAMS - 1} stray first parts of big streams, then the coordinator's parts: read, each line fed once`, async () => {
    const fed = countScans();
    const strays = HOSTILE.slice(0, MAX_STREAMS - 1);
    const r = await runInProcess(['review', '-', '--json'], { stdin: [ABANDON, ...strays, ...PARTS.slice(0, SEQ_LEN)].join('\n') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().inputs[0].ours).toBe(true);
    expect(r.stderr.trim().split('\n')).toEqual(strays.map((_, i) => `line ${i + 2}: skipped, a part of another message (incomplete)`));
    expect(fed).toHaveBeenCalledTimes(strays.length + SEQ_LEN);
  });

  it('the same parts repeated 1,000 times: each different part is fed to the scan once', () => {
    const fed = countScans();
    const lines = Array.from({ length: 1000 }, () => PARTS.slice(0, SEQ_LEN)).flat();
    const read = readStream('ur', numberLines(lines));
    expect(read.result).toMatchObject({ kind: 'psbt', format: 'ur2' });
    expect(fed).toHaveBeenCalledTimes(SEQ_LEN);
    // Incomplete, repeated: the count missing is still right.
    const short = readStream('ur', numberLines(Array.from({ length: 1000 }, () => PARTS.slice(0, SEQ_LEN - 2)).flat()));
    expect(short.result === null && short.missing.message).toBe(`Incomplete: ${SEQ_LEN - 2} UR parts read; at least 2 more still missing (the coordinator's loop shows them).`);
  });
});

describe('legitimate mixed inputs choose the message as before', () => {
  const other = psbtFrames(OTHER, 'ur2', { fragmentLength: 40 });

  it('two streams interleaved, only one complete: the complete one, the other’s lines named', () => {
    const lines = PARTS.slice(0, SEQ_LEN).flatMap((p, i) => [other[i] as string, p]).slice(0, -2);
    const incomplete = readStream('ur', numberLines(lines));
    // Neither complete: the one read further, its count missing.
    expect(incomplete.result === null && incomplete.missing.message).toContain(`Incomplete: ${SEQ_LEN - 1} UR parts read`);
    const both = [...lines, PARTS[SEQ_LEN - 1] as string];
    const read = readStream('ur', numberLines(both));
    expect(read.result).toEqual({ kind: 'psbt', bytes: PSBT, format: 'ur2' });
    expect(read.result !== null && read.parts).toBe(SEQ_LEN);
    // The other stream started first and never completed: the stray one.
    expect(read.notes[0]).toBe('line 1: skipped, a part of another message (incomplete)');
    expect(read.notes).toHaveLength(lines.length / 2);
  });

  it('two complete streams interleaved: the one completed first, the other a part of another transaction', () => {
    const otherLen = other.length / 2;
    const lines = Array.from({ length: Math.max(SEQ_LEN, otherLen) }, (_, i) => [PARTS[i], other[i]]).flat().filter((l): l is string => l !== undefined && l !== '');
    const read = readStream('ur', numberLines(lines));
    const firstDone = SEQ_LEN <= otherLen ? PSBT : OTHER;
    expect(read.result).toEqual({ kind: 'psbt', bytes: firstDone, format: 'ur2' });
    expect(read.notes.every((n) => n.endsWith('skipped, a part of another transaction'))).toBe(true);
  });

  it('the same PSBT at two frame sizes: the complete one read, the other named as such', () => {
    const small = psbtFrames(PSBT, 'ur2', { fragmentLength: 20 });
    const read = readStream('ur', numberLines([small[0] as string, ...PARTS.slice(0, SEQ_LEN)]));
    expect(read.result).toEqual({ kind: 'psbt', bytes: PSBT, format: 'ur2' });
    expect(read.notes).toEqual(['line 1: skipped, a part of this transaction shown at another frame size: its parts do not mix with those read']);
  });

  it('two BBQr codes of the same size after another stream and a stray line: refused as before, nothing read', () => {
    // Two PSBTs of the same length (amounts differ): BBQr hex parts of 200 characters under the same headers.
    const paying = (base: number) => {
      const inputs: FixtureInput[] = Array.from({ length: 4 }, (_, i) => ({ type: 'p2tr', path: pathFor('p2tr', 0, i), value: base + i }));
      return new Uint8Array(buildFixture(inputs, [{ to: 'stranger', value: base }]).psbt.toBuffer());
    };
    const a = encodeBbqr(paying(100_000), 'P', { encoding: 'H', maxChars: 200 });
    const b = encodeBbqr(paying(200_000), 'P', { encoding: 'H', maxChars: 200 });
    const k = a.findIndex((part, i) => part !== b[i]);
    const read = readStream('any', numberLines([...other.slice(0, 2), 'hello', ...a, b[k] as string]));
    expect(read.result === null && read.missing.message).toBe('Two different BBQr codes of the same size are in the input, and their parts cannot be told apart (BBQr has no checksum): give the parts of only one.');
  });
});
