/**
 * Review of issue 10, in the app: two BBQr codes of the same size in front of the scanner (here: image files of
 * both codes' parts, read one after another as camera frames are) are refused with a plain alert and nothing is
 * reviewed; Start over, then one code alone is read and reviewed. A pasted part longer than any QR code is refused
 * by name. Screenshots: bbqr-mixed-*.png.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBbqr } from '../electron/core';
import { buildPsbt } from '../test/helpers/psbt-build';
import { closeBrowser, launchApp } from './harness/app';
import { qrImageFiles } from './harness/camera';
import { openSignBitcoin } from './harness/flows';
import { expectInWindow, SMALL_WINDOW, windowScreenshot } from './harness/window';

afterAll(closeBrowser);

/** Two PSBTs of the wallet that differ in their amounts only: the same length, so the same BBQr headers. */
const psbtOf = (amount: bigint) => buildPsbt({ inputs: [0, 1, 2, 3].map((index) => ({ type: 'p2tr' as const, index, amount: amount + BigInt(index) })) }).bytes;

describe('Sign Bitcoin by QR: two BBQr codes of the same size', () => {
  it('both in view: a plain alert, nothing reviewed; Start over, one code alone: reviewed', async () => {
    const A = encodeBbqr(psbtOf(100_000n), 'P', { encoding: 'H', maxChars: 200 });
    const B = encodeBbqr(psbtOf(200_000n), 'P', { encoding: 'H', maxChars: 200 });
    expect(A.map((p) => p.slice(0, 8))).toEqual(B.map((p) => p.slice(0, 8)));
    const k = A.findIndex((part, i) => part !== B[i]);
    const both = qrImageFiles('bbqr-mixed-both', [...A.slice(0, k), B[k]!, ...A.slice(k)], 5);
    const alone = qrImageFiles('bbqr-mixed-alone', A, 5);
    const app = await launchApp();
    try {
      const { page } = app;
      await page.setViewportSize(SMALL_WINDOW);
      await openSignBitcoin(app, 'scan');
      await page.getByTestId('qr-image-file').setInputFiles(both);
      await expect.poll(() => page.getByTestId('scan-problem').textContent().catch(() => ''), { timeout: 30_000 }).toBe(
        'Two different BBQr codes of the same size are in view — show only one, then choose Start over.',
      );
      expect(await page.getByTestId('scan-problem').getAttribute('role')).toBe('alert');
      expect(await page.getByTestId('psbt-review').count()).toBe(0);
      // The alert, the progress (exact for a BBQr: its header says how many parts) and Start over beside the camera,
      // in sight on a 1280×720 screen.
      expect(await page.getByTestId('scan-status').textContent()).toMatch(/^BBQr: \d+ of \d+ parts$/);
      await windowScreenshot(page, 'bbqr-mixed-01-both-in-view-720');
      await expectInWindow(page.getByTestId('scan-problem'), 'the alert');
      await expectInWindow(page.getByTestId('scan-status'), 'the scan progress line');
      await expectInWindow(page.getByTestId('scan-restart'), 'Start over');
      await app.screenshot('bbqr-mixed-01-both-in-view');

      await page.getByTestId('scan-restart').click();
      await expect.poll(() => page.getByTestId('scan-problem').count()).toBe(0);
      await page.getByTestId('qr-image-file').setInputFiles(alone);
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 30_000 }).toBe(true);
      const review = (await page.getByTestId('psbt-review').textContent()) ?? '';
      expect([review.includes('100,003 sats'), review.includes('200,003 sats')]).toEqual([true, false]); // A's, not B's
      await app.screenshot('bbqr-mixed-02-one-alone-reviewed');
    } finally {
      await app.close();
    }
  });

  it('a pasted part longer than a QR code holds is refused by name', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignBitcoin(app, 'paste');
      await page.getByTestId('psbt-text').fill([`B$HP0200${'0'.repeat(4289)}`, `B$HP0201${'00'.repeat(10)}`].join('\n'));
      await page.getByTestId('load-text').click();
      await expect.poll(() => page.getByTestId('error').textContent().catch(() => ''), { timeout: 20_000 }).toBe(
        'That QR code, or its parts, could not be read. Line 1: this part is longer than a QR code can hold (4297 characters; at most 4296).',
      );
      await app.screenshot('bbqr-mixed-03-pasted-part-too-long');
    } finally {
      await app.close();
    }
  });

  it('pasted lines holding parts of both codes: said so at once, not "paste the missing parts"', async () => {
    const A = encodeBbqr(psbtOf(100_000n), 'P', { encoding: 'H', maxChars: 200 });
    const B = encodeBbqr(psbtOf(200_000n), 'P', { encoding: 'H', maxChars: 200 });
    const k = A.findIndex((part, i) => part !== B[i]);
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignBitcoin(app, 'paste');
      await page.getByTestId('psbt-text').fill([...A.slice(0, k + 1), B[k]!, ...A.slice(k + 1)].join('\n'));
      await page.getByTestId('load-text').click();
      await expect.poll(() => page.getByTestId('error').textContent().catch(() => ''), { timeout: 20_000 }).toBe(
        'That QR code, or its parts, could not be read. Two different BBQr codes of the same size are in the input, and their parts cannot be told apart (BBQr has no checksum): give the parts of only one.',
      );
      expect(await page.getByTestId('psbt-review').count()).toBe(0);
      await app.screenshot('bbqr-mixed-04-pasted-two-codes');
      // Nothing of the mix is kept: the parts of one code alone, pasted next, are reviewed.
      await page.getByTestId('psbt-text').fill(A.join('\n'));
      await page.getByTestId('load-text').click();
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 20_000 }).toBe(true);
      await app.screenshot('bbqr-mixed-05-pasted-one-code');
    } finally {
      await app.close();
    }
  });
});
