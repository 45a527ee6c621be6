/**
 * Paper backup through the real bridge and handlers: preview, print (the print handler runs for real: Chromium
 * renders the page it would send to the printer), save the PDF, and verify the paper by typed words and by camera.
 * The wallet is SeedQR test vector 1 (public words).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCompactSeedQr, encodeStandardSeedQr, seedQrMatrix } from '../electron/core';
import { pdfInfo, pdfText, readAllQrs } from '../test/helpers/pdf';
import { ARTIFACTS, closeBrowser, launchApp, type AppUnderTest } from './harness/app';
import { writeQrVideo } from './harness/camera';

afterAll(closeBrowser);

const WORDS = (JSON.parse(readFileSync('test/vectors/seedqr-vectors.json', 'utf8')).vectors[0].mnemonic as string).split(' ');
const OTHER = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art';

async function openWallet(app: AppUnderTest) {
  const { page } = app;
  await page.getByTestId('task-restore').click();
  await page.getByTestId('method-type').click();
  await page.getByTestId('word-count').selectOption('24');
  for (const [i, w] of WORDS.entries()) await page.getByTestId(`word-${i + 1}`).fill(w);
  await page.getByTestId('next').click();
  await page.getByTestId('next').click();
  await expect.poll(() => page.getByTestId('fingerprint').textContent()).toMatch(/^[0-9a-f]{8}$/);
  const fingerprint = (await page.getByTestId('fingerprint').textContent()) as string;
  await page.getByTestId('done').click();
  await page.getByRole('button', { name: 'Permafrost — home' }).click();
  await page.getByTestId('task-paper').click();
  return fingerprint;
}

describe('Paper backup: preview, print, save, verify by words', () => {
  let app: AppUnderTest;
  let fingerprint: string;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('opens the wallet, chooses every sheet, writes the letter, and previews the pages', async () => {
    fingerprint = await openWallet(app);
    const { page } = app;
    for (const s of ['receive', 'inheritance']) await page.getByTestId(`sheet-${s}`).check();
    await page.getByTestId('inheritance-locations').fill('Seed card in the bank box; plate in the home safe.');
    await app.screenshot('paper-01-choose');
    await page.getByTestId('next').click();
    await expect.poll(() => page.locator('.paper-page').count()).toBe(7);
    expect(await page.getByTestId('paper-preview').textContent()).toContain('home safe');
    // The words cannot be selected (so not copied): select-all leaves the preview unselected.
    await page.getByTestId('paper-preview').click();
    await page.keyboard.press('Control+A');
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(selected).toContain('Printers can keep copies'); // select-all did select the page…
    expect(selected).not.toContain(WORDS[0]); // …but not the words
    await app.screenshot('paper-02-preview');
  });

  it('prints: what goes to the printer is the kit alone, every word in place, every QR readable', async () => {
    const { page } = app;
    await page.getByTestId('print').click();
    await expect.poll(() => page.getByTestId('print-status').textContent()).toContain('Sent to the printer');
    const file = app.printed[0]!;
    expect(pdfInfo(file)['Page size']).toMatch(/\(A4\)/);
    const text = pdfText(file);
    expect(text).not.toContain('Paper backup ·'); // the app's own chrome is not printed
    expect(text).not.toContain('Print…');
    const numbered = new Map<number, string>();
    for (const m of text.matchAll(/(\d+)\.\s+([a-z]+)\s+([A-Z]{3,4})/g)) if (!numbered.has(Number(m[1]))) numbered.set(Number(m[1]), m[2]!);
    expect(WORDS.map((_, i) => numbered.get(i + 1))).toEqual(WORDS);
    expect(text).toContain(fingerprint);

    const seedPage = readAllQrs(file, 1);
    expect(seedPage.map((q) => q.text)).toContain(encodeStandardSeedQr(WORDS.join(' ')));
    expect(seedPage.map((q) => bytesToHex(q.bytes))).toContain(bytesToHex(encodeCompactSeedQr(WORDS.join(' '))));
  });

  it('saves the PDF to a drive after an explicit confirmation', async () => {
    const { page } = app;
    await page.getByTestId('save-pdf').click();
    await expect.poll(() => page.getByTestId('dire-warning').isVisible()).toBe(true);
    await app.screenshot('paper-03-save-warning');
    await page.getByText('I understand the risk').click();
    await page.getByRole('button', { name: 'Save it' }).click();
    await expect.poll(() => page.getByTestId('print-status').textContent()).toMatch(/Saved to .*backup\.pdf/);
    const saved = app.saved.at(-1)!;
    expect(path.basename(saved)).toBe(`permafrost-${fingerprint}-backup.pdf`);
    expect(pdfText(saved)).toContain(WORDS[23]);
  });

  it('verifies by typed words: a match, then a mismatch naming the word', async () => {
    const { page } = app;
    await page.getByTestId('to-verify').click();
    await page.getByTestId('verify-type').check();
    await page.getByTestId('verify-words').fill(WORDS.join(' '));
    await page.getByTestId('verify-check').click();
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toContain('Match');
    await app.screenshot('paper-04-verify-match');
    await page.getByTestId('done').click();
    await page.getByTestId('task-paper').click();
    await page.getByTestId('next').click();
    await page.getByTestId('to-verify').click();
    await page.getByTestId('verify-type').check();
    const wrong = [...WORDS];
    [wrong[4], wrong[5]] = [wrong[5]!, wrong[4]!];
    await page.getByTestId('verify-words').fill(wrong.join(' '));
    await page.getByTestId('verify-check').click();
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toMatch(/Mismatch|checksum/);
    await app.screenshot('paper-05-verify-mismatch');
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('Paper backup: verify by scanning the printed SeedQR', () => {
  it.each([
    ['the right SeedQR', WORDS.join(' '), /^Match/],
    ['another wallet’s SeedQR', OTHER, /^Mismatch.*word 1 differs/],
  ])('%s', async (_name, mnemonic, expected) => {
    const video = path.join(ARTIFACTS, 'camera', `verify-${mnemonic === OTHER ? 'other' : 'right'}.y4m`);
    writeQrVideo(video, [seedQrMatrix(mnemonic, 'compact')], 20);
    const app = await launchApp({ cameraVideo: video });
    try {
      await openWallet(app);
      const { page } = app;
      await page.getByTestId('next').click();
      await page.getByTestId('to-verify').click();
      await expect.poll(() => page.getByTestId('verify-result').textContent(), { timeout: 20_000 }).toMatch(expected);
      await app.screenshot(`paper-verify-camera-${mnemonic === OTHER ? 'other' : 'right'}`);
    } finally {
      await app.close();
    }
  });
});
