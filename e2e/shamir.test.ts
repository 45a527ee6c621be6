/**
 * Shamir shares through the real bridge and handlers: split the open phrase 2-of-3 (every quorum checked),
 * print the share cards (the PDF Chromium would send to the printer, read back as paper), verify a share, then
 * recover the wallet from a different quorum. "abandon … about" is a public test phrase.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfInfo, pdfText, readAllQrs } from '../test/helpers/pdf';
import { closeBrowser, launchApp, type AppUnderTest } from './harness/app';

afterAll(closeBrowser);
const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' ');

describe('Split into shares, print the cards, recover', () => {
  let app: AppUnderTest;
  let shares: string[] = [];
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('splits the open phrase 2-of-3 and checks every quorum', async () => {
    const { page } = app;
    await page.getByTestId('task-restore').click();
    await page.getByTestId('method-type').click();
    for (const [i, w] of ABOUT.entries()) await page.getByTestId(`word-${i + 1}`).fill(w);
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await page.getByTestId('done').click();
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-split').click();
    expect(await page.getByTestId('mode-bip39').isChecked()).toBe(true);
    await app.screenshot('split-01-mode');
    await page.getByTestId('next').click();
    await page.getByTestId('count').selectOption('3');
    await page.getByTestId('threshold').selectOption('2');
    expect(await page.getByTestId('scheme-words').textContent()).toContain('Shares needed to restore: any 2 of these 3.');
    await app.screenshot('split-02-scheme');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('quorum-result').textContent(), { timeout: 20_000 }).toBe('All 3 quorums restore fingerprint 73c5da0a.');
    await expect.poll(() => page.locator('.paper-page').count()).toBe(3);
    shares = await page.locator('.paper-words').evaluateAll((lists) => lists.map((ol) => [...ol.querySelectorAll('b')].map((b) => b.textContent).join(' ')));
    expect(shares).toHaveLength(3);
    for (const s of shares) expect(s.split(' ')).toHaveLength(20);
    await app.screenshot('split-03-cards');
  });

  it('prints the cards: one page a share, its words and its QR code readable', async () => {
    const { page } = app;
    await page.getByTestId('print').click();
    await expect.poll(() => page.getByTestId('print-status').textContent()).toBe('Sent to the printer.');
    const file = app.printed.at(-1)!;
    expect(Number(pdfInfo(file).Pages)).toBe(3);
    const text = pdfText(file);
    for (const s of shares) expect(text).toContain(s.split(' ')[10]);
    expect(readAllQrs(file, 2).map((q) => q.text)).toContain(shares[1]!.toUpperCase());
  });

  it('verifies a printed share typed back by four letters a word', async () => {
    const { page } = app;
    await page.getByTestId('to-verify').click();
    await page.getByTestId('share-words').fill(shares[2]!.split(' ').map((w) => w.slice(0, 4)).join(' '));
    await page.getByTestId('check-share').click();
    await expect.poll(() => page.getByTestId('share-check').textContent()).toBe('Match Share 3 matches (1 of 3 verified).');
    await app.screenshot('split-04-verify');
    await page.getByTestId('done').click();
    await expect.poll(() => app.vault.size.splits).toBe(0);
  });

  it('recovers the same wallet from another quorum (shares 3 and 1), showing progress', async () => {
    const { page } = app;
    await page.getByTestId('close-wallet').click();
    await page.getByTestId('task-recover').click();
    // Type the share up to a word of more than four letters, cut to three: the hint offers it; at four letters Tab
    // completes it. (A four-letter word typed whole is already a word: nothing to complete. The shares are random, so
    // the word is chosen, not assumed: the last word of a share is a four-letter one in about one run in six.)
    const words = shares[2]!.split(' ');
    const at = words.findIndex((w, i) => i > 0 && w.length > 4);
    expect(at).toBeGreaterThan(0);
    const word = words[at]!;
    const before = words.slice(0, at).join(' ');
    await page.getByTestId('share-words').fill(`${before} ${word.slice(0, 3)}`);
    await expect.poll(() => page.getByTestId('share-words-hint').textContent()).toContain(`${at + 1} words`);
    await expect.poll(() => page.getByTestId('share-words-hint').textContent()).toContain(word);
    await page.getByTestId('share-words').fill(`${before} ${word.slice(0, 4)}`);
    await expect.poll(() => page.getByTestId('share-words-hint').textContent()).toContain(`${word} — Tab completes it`);
    await page.getByTestId('share-words').press('Tab');
    expect(await page.getByTestId('share-words').inputValue()).toBe(`${before} ${word} `);
    // The rest typed, the last word by its four letters (a share is read by four letters a word).
    await page.getByTestId('share-words').fill(`${before} ${words.slice(at).map((w) => w.slice(0, 4)).join(' ')}`);
    await expect.poll(() => page.getByTestId('share-words-hint').textContent()).toContain(`${words.length} words`);
    await page.getByTestId('add-share').click();
    await expect.poll(() => page.getByTestId('recovery-progress').textContent()).toContain('group 1: 1 of 2 shares; 1 more share needed');
    await app.screenshot('recover-01-progress');
    await page.getByTestId('share-words').fill(shares[0]!);
    await page.getByTestId('add-share').click();
    await expect.poll(() => page.getByTestId('recovery-progress').textContent()).toContain('Enough shares.');
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('fingerprint').textContent()).toBe('73c5da0a');
    await app.screenshot('recover-02-done');
    expect(app.consoleErrors).toEqual([]);
  });
});
