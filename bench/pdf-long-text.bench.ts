/**
 * Issue 13 (fix 3): renderPdf on long unbroken text must be linear. A paragraph of one 20,000- and one
 * 40,000-character token (no space to wrap at), rendered as a one-paragraph document: the 40k case should take
 * about twice the 20k case, not four times. Results in docs/BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { renderPdf, type PaperDocument } from '../electron/core';

const fonts = { regular: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Regular.ttf')), bold: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Bold.ttf')) };
const doc = (text: string): PaperDocument => ({
  paper: 'a4',
  fingerprint: '00000000',
  pages: [{ sheet: 'inheritance', title: 'Letter', secret: false, blocks: [{ kind: 'paragraph', text }] }],
});
await renderPdf(doc('warm up'), fonts);

describe('one unbroken token (renderPdf)', () => {
  bench('20,000 characters', async () => {
    await renderPdf(doc('x'.repeat(20_000)), fonts);
  }, { iterations: 3, time: 0 });
  bench('40,000 characters', async () => {
    await renderPdf(doc('x'.repeat(40_000)), fonts);
  }, { iterations: 3, time: 0 });
});
