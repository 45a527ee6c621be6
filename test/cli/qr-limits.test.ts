/**
 * Review of issue 10, in the CLI: two BBQr codes of the same size given together are refused by every command that
 * reads QR parts (bbqr decode, review -, sign -, scan --assemble); `ur encode --fragment-bytes` and
 * `bbqr encode --max-chars` stop at what one QR code holds, and say why; a line that is not a part of the format
 * read is named (a UR part, a BBQr part, an address) by the scan's own classifier.
 */
import { describe, expect, it } from 'vitest';
import { encodeBbqr, MAX_QR_TEXT_CHARS, MAX_UR_FRAGMENT_LENGTH, psbtFrames } from '../../electron/core';
import { runInProcess, type CliRun } from '../helpers/cli';
import { ABANDON, buildFixture, pathFor, type FixtureInput } from '../helpers/psbt-fixtures';
import { pngBytes } from '../helpers/qr-photo';
import { matrixToRgba } from '../helpers/qr-image';
import { textQr } from '../../electron/core';

/** Two PSBTs of our wallet of the same length (amounts differ): as BBQr hex parts of 200 characters, the same headers. */
const psbtPaying = (base: number) => {
  const inputs: FixtureInput[] = Array.from({ length: 4 }, (_, i) => ({ type: 'p2tr', path: pathFor('p2tr', 0, i), value: base + i }));
  return new Uint8Array(buildFixture(inputs, [{ to: 'stranger', value: base }]).psbt.toBuffer());
};
const PSBT_A = psbtPaying(100_000);
const PSBT_B = psbtPaying(200_000);
const A = encodeBbqr(PSBT_A, 'P', { encoding: 'H', maxChars: 200 });
const B = encodeBbqr(PSBT_B, 'P', { encoding: 'H', maxChars: 200 });
/** Every part of A, and B's part at a position where they differ, in the middle. */
const k = A.findIndex((part, i) => part !== B[i]);
const WITH_B = [...A.slice(0, 2), B[k]!, ...A.slice(2)];
const MIXED = 'Two different BBQr codes of the same size are in the input, and their parts cannot be told apart (BBQr has no checksum): give the parts of only one.';

const files = (entries: Record<string, Uint8Array | string>) =>
  new Map(Object.entries(entries).map(([name, v]) => [name, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
const errorOf = (r: CliRun): { code: string; message: string } => (JSON.parse(r.stderr.trim().split('\n').pop() as string) as { error: { code: string; message: string } }).error;
const screenshot = (text: string) => {
  const image = matrixToRgba(textQr(text), 3);
  return pngBytes({ width: image.width, height: image.height, data: new Uint8Array(image.data) });
};

describe('two BBQr codes of the same size, given together', () => {
  it('the parts have the same headers, and A alone decodes (the control)', async () => {
    expect(A.map((p) => p.slice(0, 8))).toEqual(B.map((p) => p.slice(0, 8)));
    const r = await runInProcess(['bbqr', 'decode', '--json'], { stdin: A.join('\n') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ format: 'bbqr', bytes: PSBT_A.length });
  });

  it('bbqr decode: exit 1, said plainly, nothing printed', async () => {
    const r = await runInProcess(['bbqr', 'decode', '--json'], { stdin: WITH_B.join('\n') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(errorOf(r)).toEqual({ code: 'BAD_QR', message: MIXED });
    // The other way round (B's part read first, A's after it) as well.
    const back = await runInProcess(['bbqr', 'decode'], { stdin: [...WITH_B].reverse().join('\n') });
    expect([back.code, back.stdout]).toEqual([1, '']);
    expect(back.stderr).toContain(MIXED);
  });

  it('review - and sign -: exit 1, nothing reviewed or signed', async () => {
    const review = await runInProcess(['review', '-', '--json'], { stdin: [ABANDON, ...WITH_B].join('\n') });
    expect([review.code, review.stdout]).toEqual([1, '']);
    expect(errorOf(review)).toEqual({ code: 'BAD_QR', message: MIXED });
    const fs = new Map<string, Uint8Array>();
    const sign = await runInProcess(['sign', '-', '--out', 'signed.psbt', '--json'], { stdin: [ABANDON, ...WITH_B].join('\n'), files: fs });
    expect([sign.code, sign.stdout, fs.has('signed.psbt')]).toEqual([1, '', false]);
    expect(errorOf(sign)).toEqual({ code: 'BAD_QR', message: MIXED });
    // The control: A alone is signed.
    const ok = await runInProcess(['sign', '-', '--out', 'signed.psbt', '--json'], { stdin: [ABANDON, ...A].join('\n'), files: fs });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('scan --assemble: images of both codes’ parts: exit 1, said plainly', async () => {
    const images = Object.fromEntries(WITH_B.map((part, i) => [`frame-${i}.png`, screenshot(part)]));
    const r = await runInProcess(['scan', '--assemble', '--json', ...Object.keys(images)], { files: files(images) });
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(errorOf(r)).toEqual({ code: 'BAD_QR', message: MIXED });
  });
});

describe('encode: no part longer than a QR code holds', () => {
  const big = psbtPaying(300_000);
  it(`ur encode --fragment-bytes ${MAX_UR_FRAGMENT_LENGTH} (the most): every part fits ${MAX_QR_TEXT_CHARS} characters; one more is refused, saying why`, async () => {
    // A PSBT of 100 KB: five-digit sequence numbers are not reached here; the limit allows for them.
    const large = psbtFrames(new Uint8Array(100_000).fill(7), 'ur1', { fragmentLength: MAX_UR_FRAGMENT_LENGTH });
    expect(Math.max(...large.map((p) => p.length))).toBeLessThanOrEqual(MAX_QR_TEXT_CHARS);
    const fs = files({ 'tx.psbt': big });
    const r = await runInProcess(['ur', 'encode', '--type', 'crypto-psbt', '--fragment-bytes', String(MAX_UR_FRAGMENT_LENGTH), 'tx.psbt'], { files: fs });
    expect(r.code, r.stderr).toBe(0);
    for (const part of r.stdout.trim().split('\n')) expect(part.length).toBeLessThanOrEqual(MAX_QR_TEXT_CHARS);
    for (const n of [MAX_UR_FRAGMENT_LENGTH + 1, 4096]) {
      const over = await runInProcess(['ur', 'encode', '--type', 'crypto-psbt', '--fragment-bytes', String(n), 'tx.psbt'], { files: fs });
      expect([over.code, over.stdout]).toEqual([2, '']);
      expect(over.stderr).toContain(`--fragment-bytes must be a whole number from 10 to ${MAX_UR_FRAGMENT_LENGTH} (a UR part is about 2 characters a byte plus its header: at most 4296 characters, as many as a QR code can hold (version 40, alphanumeric)) (got "${n}")`);
    }
  });

  it('bbqr encode --max-chars 4296 is the most, and says why', async () => {
    const fs = files({ 'tx.psbt': big });
    const r = await runInProcess(['bbqr', 'encode', '--type', 'P', '--max-chars', '4296', 'tx.psbt'], { files: fs });
    expect(r.code, r.stderr).toBe(0);
    const over = await runInProcess(['bbqr', 'encode', '--type', 'P', '--max-chars', '4297', 'tx.psbt'], { files: fs });
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('--max-chars must be a whole number from 16 to 4296 (at most 4296 characters, as many as a QR code can hold (version 40, alphanumeric)) (got "4297")');
  });

  it('decode: a BBQr line longer than a QR code holds is skipped, saying so', async () => {
    const r = await runInProcess(['bbqr', 'decode'], { stdin: [`B$HP0100${'0'.repeat(4289)}`, ...A].join('\n') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('line 1: skipped, BBQr: longer (4297 characters) than a QR code holds\n');
  });
});

describe('decode: lines of another kind are named', () => {
  const ur = psbtFrames(PSBT_A, 'ur2', { fragmentLength: 100 });
  it('bbqr decode given UR parts, an address and plain text: each named, with the command that reads a UR', async () => {
    const r = await runInProcess(['bbqr', 'decode'], { stdin: [ur[0]!, 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'hello', ...A].join('\n') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe([
      'line 1: skipped, this is a UR part: use `permafrost ur decode`',
      'line 2: skipped, this QR code is a Bitcoin address, not a transaction',
      'line 3: skipped, this QR code is not a transaction (not a UR, BBQr, PSBT or raw transaction)',
      '',
    ].join('\n'));
  });

  it('ur decode given BBQr parts and a whole base64 PSBT: named, with the command that reads BBQr', async () => {
    const r = await runInProcess(['ur', 'decode'], { stdin: [A[0]!, Buffer.from(PSBT_A).toString('base64'), ...ur].join('\n') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe([
      'line 1: skipped, this is a BBQr part: use `permafrost bbqr decode`',
      'line 2: skipped, this is a whole PSBT in one line (base64), not a UR part',
      '',
    ].join('\n'));
    const only = await runInProcess(['ur', 'decode'], { stdin: A.join('\n') });
    expect(only.code).toBe(1);
    expect(only.stderr).toContain('line 1: skipped, this is a BBQr part: use `permafrost bbqr decode`');
  });
});
