/**
 * permafrost scan IMAGE... (issue 10): QR codes read from PNG and JPEG files with the app's own decoder
 * (electron/common/qr-decode.ts, the one the renderer's worker runs). The images are made here: the project's QR
 * encoder (textQr/qrMatrix) drawn as a clean screenshot (PNG) or as a "photo of a screen" — non-integer scale,
 * turned, grey on grey, uneven light, noise, JPEG compression (test/helpers/qr-photo.ts). PSBTs are built by
 * bitcoinjs-lib (test/helpers).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { base64, hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS } from '../../electron/cli/images';
import { psbtFrames, qrMatrix, textQr } from '../../electron/core';
import { runInProcess, type CliRun } from '../helpers/cli';
import { buildFixture, pathFor, type FixtureInput } from '../helpers/psbt-fixtures';
import { jpegBytes, photoOfQr, pngBytes } from '../helpers/qr-photo';
import { matrixToRgba } from '../helpers/qr-image';

const ours84: FixtureInput = { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 100_000 };
const PSBT = new Uint8Array(buildFixture([ours84], [{ to: 'stranger', value: 90_000 }, { to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0), value: 9_000 }]).psbt.toBuffer());
const OTHER = new Uint8Array(buildFixture([ours84], [{ to: 'stranger', value: 50_000 }]).psbt.toBuffer());
const PSBT_B64 = base64.encode(PSBT);

/** A clean screenshot of a QR matrix, as a PNG file. */
function screenshotOf(matrix: Parameters<typeof matrixToRgba>[0], scale: number): Uint8Array {
  const image = matrixToRgba(matrix, scale);
  return pngBytes({ width: image.width, height: image.height, data: new Uint8Array(image.data) });
}
const screenshot = (text: string) => screenshotOf(textQr(text), 3);
const photo = (text: string, seed: number, quality = 60) => jpegBytes(photoOfQr(textQr(text), { seed, degrees: (seed % 7) - 3, scale: 2.8 + (seed % 5) * 0.3 }), quality);

const run = (argv: string[], files: Map<string, Uint8Array>): Promise<CliRun> => runInProcess(argv, { files });

describe('permafrost scan', () => {
  it('is in --help', async () => {
    expect((await runInProcess(['--help'])).stdout).toMatch(/^ {2}scan {14}QR codes in PNG\/JPEG files/m);
  });

  it('prints each payload in the order of the files: text (a UR part, a base64 PSBT), hex for binary (a CompactSeedQR)', async () => {
    const part = psbtFrames(PSBT, 'ur2', { fragmentLength: 100 })[0]!;
    const binary = Uint8Array.from([0x00, 0x0a, 0x0d, 0xff, 0x80, 0x41, 0x42, 0x00, 0x7f, 0x01, 0xfe, 0x10, 0x20, 0x30, 0x40, 0x50]); // CompactSeedQR-like: raw bytes
    const files = new Map([
      ['screen.png', screenshot(part)],
      ['phone.jpg', photo(PSBT_B64, 3)],
      ['seed.png', screenshotOf(qrMatrix([{ data: binary, mode: 'byte' }]), 5)],
    ]);
    const r = await run(['scan', 'screen.png', 'phone.jpg', 'seed.png'], files);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${part}\n${PSBT_B64}\n${hex.encode(binary)}\n`);
    const j = await run(['scan', 'seed.png', 'screen.png', '--json'], files);
    expect(j.json()).toEqual([{ file: 'seed.png', hex: hex.encode(binary) }, { file: 'screen.png', text: part }]);
  });

  it('a photo far larger than the code needs (noisy, turned, JPEG) is read, at a smaller size if need be', async () => {
    const part = psbtFrames(PSBT, 'ur1', { fragmentLength: 120 })[1]!;
    const big = jpegBytes(photoOfQr(textQr(part), { scale: 7.5, degrees: 5, noise: 30, seed: 8, width: 1500, height: 1100 }), 55);
    const r = await run(['scan', 'big.jpg'], new Map([['big.jpg', big]]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${part}\n`);
  });

  it('an image with no code, a file that is no image, a damaged one: reported by name, the others printed, exit 1', async () => {
    const blank = pngBytes({ width: 200, height: 150, data: new Uint8Array(200 * 150 * 4).fill(230) });
    const good = screenshot(PSBT_B64);
    const files = new Map([
      ['blank.png', blank],
      ['notes.txt', new TextEncoder().encode('hello')],
      ['cut.jpg', photo(PSBT_B64, 1).slice(0, 400)],
      ['cut.png', good.slice(0, 100)],
      ['good.png', good],
    ]);
    const r = await run(['scan', 'blank.png', 'notes.txt', 'cut.jpg', 'cut.png', 'good.png'], files);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${PSBT_B64}\n`);
    expect(r.stderr).toContain('blank.png: no QR code found');
    expect(r.stderr).toContain('notes.txt: the file is neither a PNG nor a JPEG image');
    expect(r.stderr).toMatch(/cut\.jpg: (the file is a damaged JPEG image|no QR code found)/);
    expect(r.stderr).toContain('cut.png: the file is a damaged PNG image');
  });

  it(`an image over ${MAX_IMAGE_PIXELS / 1e6} megapixels is refused from its header, before it is decoded`, async () => {
    const header = pngBytes({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 4) });
    const huge = header.slice();
    new DataView(huge.buffer).setUint32(16, 10_000);
    new DataView(huge.buffer).setUint32(20, 10_000);
    const r = await run(['scan', 'huge.png'], new Map([['huge.png', huge]]));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('huge.png: the file is 10000×10000 pixels, more than the 48 megapixels read');
  });

  it('usage errors exit 2', async () => {
    for (const argv of [['scan'], ['scan', 'a.png', '--out', 'x.psbt'], ['scan', 'a.png', '--assemble', '--force'], ['scan', 'missing.png'], ['scan', '--frames', 'a.png']]) {
      expect((await run(argv, new Map([['a.png', screenshot('x')]]))).code, argv.join(' ')).toBe(2);
    }
  });
});

describe('permafrost scan --assemble', () => {
  for (const format of ['ur2', 'ur1', 'bbqr'] as const) {
    it(`${format}: the frames as photos and screenshots, shuffled, repeated, with a stray image of another transaction, an address and a blank → the PSBT`, async () => {
      const frames = psbtFrames(PSBT, format, { fragmentLength: 90, maxVersion: 4 });
      expect(frames.length).toBeGreaterThan(3);
      const files = new Map<string, Uint8Array>();
      const names: string[] = [];
      // Every other pure part is missing on the first loop for UR: the mixed parts make up for them.
      const shown = format === 'bbqr' ? frames : frames.filter((_, i) => i % 2 === 1 || i >= frames.length / 2);
      shown.forEach((f, i) => {
        const name = i % 2 === 0 ? `frame-${i}.jpg` : `frame-${i}.png`;
        files.set(name, i % 2 === 0 ? photo(f, i + 1) : screenshot(f));
        names.push(name);
      });
      files.set('stray.png', screenshot(psbtFrames(OTHER, format, { fragmentLength: 90, maxVersion: 4 })[1]!));
      files.set('address.png', screenshot('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'));
      files.set('blank.png', pngBytes({ width: 120, height: 120, data: new Uint8Array(120 * 120 * 4).fill(255) }));
      const order = ['stray.png', ...[...names].reverse(), names[0]!, 'address.png', 'blank.png'];
      const r = await run(['scan', '--assemble', ...order], files);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${PSBT_B64}\n`);
      expect(r.stderr).toContain('stray.png: skipped, a part of another');
      expect(r.stderr).toContain('address.png: skipped, this QR code is a Bitcoin address, not a transaction');
      expect(r.stderr).toContain('blank.png: skipped, no QR code found');
    });
  }

  it('--out writes the binary PSBT, never over a file without --force; --json', async () => {
    const frames = psbtFrames(PSBT, 'bbqr', { maxVersion: 8 });
    const files = new Map<string, Uint8Array>(frames.map((f, i) => [`${i}.png`, screenshot(f)]));
    const names = [...files.keys()];
    const r = await run(['scan', '--assemble', '--out', 'tx.psbt', '--json', ...names], files);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ format: 'bbqr', kind: 'psbt', bytes: PSBT.length, out: 'tx.psbt' });
    expect(hex.encode(files.get('tx.psbt')!)).toBe(hex.encode(PSBT));
    files.set('tx.psbt', new Uint8Array([1, 2, 3]));
    const kept = await run(['scan', '--assemble', '--out', 'tx.psbt', ...names], files);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain('tx.psbt already exists');
    expect(files.get('tx.psbt')).toEqual(new Uint8Array([1, 2, 3]));
    expect((await run(['scan', '--assemble', '--out', 'tx.psbt', '--force', ...names], files)).code).toBe(0);
    expect(hex.encode(files.get('tx.psbt')!)).toBe(hex.encode(PSBT));
  });

  it('incomplete: exit 1 with the count missing', async () => {
    const frames = psbtFrames(PSBT, 'bbqr', { maxVersion: 8 });
    const files = new Map<string, Uint8Array>(frames.slice(1).map((f, i) => [`${i}.png`, screenshot(f)]));
    const r = await run(['scan', '--assemble', ...files.keys()], files);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Incomplete: ${frames.length - 1} of ${frames.length} BBQr parts read; 1 still missing.`);
    const none = await run(['scan', '--assemble', 'a.png'], new Map([['a.png', screenshot('hello')]]));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No transaction QR code (UR, BBQr, base64 or hex PSBT) was read from the 1 image.');
  });
});

describe('permafrost scan (built bundle)', () => {
  it('a PNG and a JPEG read by plain Node (pngjs, jpeg-js and the qr decoder bundled)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'permafrost-scan-'));
    try {
      const part = psbtFrames(PSBT, 'ur2', { fragmentLength: 100 })[0]!;
      writeFileSync(path.join(dir, 'a.png'), screenshot(part));
      writeFileSync(path.join(dir, 'b.jpg'), photo(PSBT_B64, 2));
      const bin = (JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin.permafrost as string;
      const r = spawnSync(process.execPath, [bin, 'scan', path.join(dir, 'a.png'), path.join(dir, 'b.jpg')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${part}\n${PSBT_B64}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
