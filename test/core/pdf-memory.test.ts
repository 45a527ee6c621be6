/**
 * Review of issue 13 ("Memory"): the PDF of a kit holds its words and its Compact SeedQR (the entropy). renderPdf
 * hands the caller one array, which the caller zeroes once the file is written (test/main/secret-buffers.test.ts);
 * the pieces pdfkit emitted on the way (each page's compressed stream among them) are zeroed by renderPdf itself,
 * observed here by recording every piece pdfkit's document emits.
 */
import PDFDocument from 'pdfkit/browser';
import { describe, expect, it } from 'vitest';
import { buildShareCards } from '../../electron/core';
import { renderPdf } from '../../electron/core/backup/pdf';
import { splitIntoShares } from '../../electron/core/backup/slip39/modes';
import { readFonts } from '../../electron/main/fonts';

const fonts = readFonts('assets/fonts');

/** Runs f while keeping every 'data' piece a pdfkit document emits. */
async function recordingPieces<T>(f: () => Promise<T>): Promise<{ result: T; pieces: Uint8Array[] }> {
  const proto = PDFDocument.prototype as unknown as { emit: (event: string, ...args: unknown[]) => unknown };
  const emit = proto.emit;
  const pieces: Uint8Array[] = [];
  proto.emit = function (this: unknown, event: string, ...args: unknown[]) {
    if (event === 'data' && args[0] instanceof Uint8Array) pieces.push(args[0]);
    return emit.call(this, event, ...args);
  };
  try {
    return { result: await f(), pieces };
  } finally {
    proto.emit = emit;
  }
}

describe('renderPdf leaves no copy of the PDF behind but the one it returns', () => {
  it('share cards of a 2-of-3 split: every piece pdfkit emitted is zeroed; the bytes returned are the whole file', async () => {
    const { split } = await splitIntoShares({ mode: 'bip39', secret: { mnemonic: 'legal winner thank year wave sausage worth useful legal winner thank yellow' }, groupThreshold: 1, groups: [{ threshold: 2, count: 3 }], iterationExponent: 0 });
    const cards = buildShareCards({ paper: 'a4', fingerprint: '00000000', hasPassphrase: false, mode: 'bip39', identifier: split.identifier, groupThreshold: 1, groups: split.groups, date: '2026-11-30' });
    const { result, pieces } = await recordingPieces(() => renderPdf(cards, fonts));
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(result.bytes.length);
    expect(Buffer.from(result.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const left = pieces.filter((p) => p.some((b) => b !== 0));
    expect(left.map((p) => `${p.length} bytes`)).toEqual([]);
  });
});
