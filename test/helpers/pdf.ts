/** Checking a PDF as a person would see it: poppler's pdfinfo/pdftotext/pdftoppm, and QR codes read off the pixels. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, onTestFinished } from 'vitest';

/**
 * Writes a PDF to a temporary folder removed when the calling test ends (the kits hold test words) — or, when it is
 * called while a describe block collects its tests (a kit shared by them), when that block ends.
 */
export function writeTemp(bytes: Uint8Array, name = 'kit.pdf'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'permafrost-pdf-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

export function pdfText(file: string, layout = true): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
}

/** Rasterises a box of a page (points from the top-left) at `dpi` and decodes the QR code in it. */
export function readQrAt(file: string, page: number, box: { x: number; y: number; size: number }, dpi = 200): { text: string; bytes: Uint8Array } {
  const k = dpi / 72;
  const pad = 6;
  const out = path.join(path.dirname(file), `qr-${page}-${Math.round(box.x)}-${Math.round(box.y)}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-x', String(Math.floor((box.x - pad) * k)), '-y', String(Math.floor((box.y - pad) * k)), '-W', String(Math.ceil((box.size + 2 * pad) * k)), '-H', String(Math.ceil((box.size + 2 * pad) * k)), '-png', '-singlefile', file, out]);
  const png = PNG.sync.read(readFileSync(`${out}.png`));
  const result = jsQR(Uint8ClampedArray.from(png.data), png.width, png.height);
  if (!result) throw new Error(`no QR code readable on page ${page} at ${Math.round(box.x)},${Math.round(box.y)}`);
  return { text: result.data, bytes: Uint8Array.from(result.binaryData) };
}

/**
 * Every QR code on a page, found the way a person's eye would: the page rasterised, then windows of a few sizes
 * slid across it, each given to jsQR. Returns the distinct payloads (text and raw bytes).
 */
export function readAllQrs(file: string, page: number, dpi = 110): Array<{ text: string; bytes: Uint8Array }> {
  const out = path.join(path.dirname(file), `page-${page}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-png', '-singlefile', file, out]);
  const png = PNG.sync.read(readFileSync(`${out}.png`));
  const found = new Map<string, { text: string; bytes: Uint8Array }>();
  for (const win of [Math.round(png.width * 0.45), Math.round(png.width * 0.3), Math.round(png.width * 0.2)]) {
    const step = Math.round(win / 3);
    for (let y = 0; y + win <= png.height; y += step) {
      for (let x = 0; x + win <= png.width; x += step) {
        const data = new Uint8ClampedArray(win * win * 4);
        for (let row = 0; row < win; row++) data.set(png.data.subarray(((y + row) * png.width + x) * 4, ((y + row) * png.width + x + win) * 4), row * win * 4);
        const r = jsQR(data, win, win);
        if (r) found.set(Buffer.from(r.binaryData).toString('hex'), { text: r.data, bytes: Uint8Array.from(r.binaryData) });
      }
    }
  }
  return [...found.values()];
}
