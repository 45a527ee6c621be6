/**
 * Review of issue 13 ("Memory"): `permafrost backup` zeroes the kit's PDF bytes (the words and the Compact SeedQR)
 * once the file is written, as the app does (test/main/secret-buffers.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type * as Pdf from '../../electron/core/backup/pdf';
import { runInProcess } from '../helpers/cli';

const { rendered } = vi.hoisted(() => ({ rendered: [] as Uint8Array[] }));
vi.mock('../../electron/core/backup/pdf', async (importOriginal) => {
  const real = await importOriginal<typeof Pdf>();
  return {
    ...real,
    renderPdf: async (...args: Parameters<typeof real.renderPdf>) => {
      const r = await real.renderPdf(...args);
      rendered.push(r.bytes);
      return r;
    },
  };
});

const WORDS24 = JSON.parse(readFileSync('test/vectors/seedqr-vectors.json', 'utf8')).vectors[0].mnemonic as string;

describe('permafrost backup', () => {
  it('the PDF bytes are zeroed once the file is written; the file is the whole PDF', async () => {
    const r = await runInProcess(['backup', '--out', 'k.pdf', '--sheets', 'seed,metal'], { stdin: WORDS24 });
    expect(r.code).toBe(0);
    const saved = r.files.get('k.pdf')!;
    expect(Buffer.from(saved.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(rendered).toHaveLength(1);
    expect(rendered[0]!.length).toBe(saved.length);
    expect(rendered[0]!.every((b) => b === 0)).toBe(true);
  });
});
