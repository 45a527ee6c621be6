/**
 * Issue 10, "the same decoders take pasted text and text files, one part per line", in the app: a real .txt file of
 * UR parts (Keystone's own encoder, one per line) chosen with "Open a PSBT file…", and a single-part UR pasted as
 * one line (upper case, as a QR reader gives it), are reviewed, signed and answered in UR v1; the answer is read back
 * off the screen and bitcoinjs-lib validates it. A pasted one-part BBQr is reviewed too; parts missing are said.
 * Screenshots: sign-text-parts-*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CryptoPSBT } from '@keystonehq/bc-ur-registry';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBbqr } from '../electron/core';
import { buildPsbt, validateWithBitcoinjs } from '../test/helpers/psbt-build';
import { ARTIFACTS, closeBrowser, launchApp, type AppUnderTest } from './harness/app';
import { openSignBitcoin } from './harness/flows';
import { readAnimatedPsbtFromScreen } from './harness/screen-qr';

afterAll(closeBrowser);

const EXPORTS = path.join(ARTIFACTS, 'exports');
const keystoneParts = (psbt: Uint8Array, fragment: number) => {
  const encoder = new CryptoPSBT(Buffer.from(psbt)).toUREncoder(fragment);
  return Array.from({ length: encoder.fragmentsLength }, () => encoder.nextPart());
};

/** Signs what is reviewed; the answer (UR v1, as it came) is read off the screen and validated by bitcoinjs-lib. */
async function signAndCheck(app: AppUnderTest, inputs: number[], shot: string): Promise<void> {
  const { page } = app;
  await page.getByTestId('sign').click();
  await expect.poll(() => page.getByTestId('answer-format').inputValue(), { timeout: 20_000 }).toBe('ur1');
  const answer = await readAnimatedPsbtFromScreen(page.getByTestId('qr').first());
  expect(answer).toMatchObject({ kind: 'psbt', format: 'ur1' });
  validateWithBitcoinjs((answer as { bytes: Uint8Array }).bytes, inputs);
  await app.screenshot(shot);
}

describe('Sign Bitcoin: QR parts as text', () => {
  it('a .txt file of UR parts opened with "Open a PSBT file…": reviewed, signed, answered in UR v1', async () => {
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2tr', index: 1 }] });
    const parts = keystoneParts(built.bytes, 60);
    expect(parts.length).toBeGreaterThan(3);
    mkdirSync(EXPORTS, { recursive: true });
    const file = path.join(EXPORTS, 'coordinator-parts.txt');
    writeFileSync(file, `${[...parts].reverse().join('\n')}\n`);
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignBitcoin(app);
      app.files.script.openPath = file;
      await page.getByTestId('load-file').click();
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 20_000 }).toBe(true);
      expect((await page.getByTestId('psbt-inputs').textContent()) ?? '').toContain("Yours · m/84'/0'/0'/0/0");
      await app.screenshot('sign-text-parts-01-file-reviewed');
      await signAndCheck(app, [0, 1], 'sign-text-parts-02-file-answered');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a single-part UR pasted as one line and a one-part BBQr: each reviewed; parts missing are said', async () => {
    const built = buildPsbt({ inputs: [{ type: 'p2tr', index: 2 }] });
    const [ur] = keystoneParts(built.bytes, 4000);
    const [bbqr, more] = encodeBbqr(built.bytes, 'P');
    expect(more).toBeUndefined();
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignBitcoin(app, 'paste');
      await page.getByTestId('psbt-text').fill(ur!.toUpperCase());
      await app.screenshot('sign-text-parts-03-one-line-pasted');
      await page.getByTestId('load-text').click();
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 20_000 }).toBe(true);
      await app.screenshot('sign-text-parts-04-one-line-reviewed');
      await signAndCheck(app, [0], 'sign-text-parts-05-one-line-answered');

      await page.getByTestId('sign-another').click();
      await page.locator('details summary', { hasText: 'Or paste it' }).click();
      const some = encodeBbqr(built.bytes, 'P', { encoding: 'H', maxChars: 80 });
      await page.getByTestId('psbt-text').fill(some.slice(0, 2).join('\n'));
      await page.getByTestId('load-text').click();
      await expect.poll(() => page.getByTestId('error').textContent().catch(() => ''), { timeout: 20_000 }).toBe(
        `That QR code, or its parts, could not be read. Incomplete: 2 of ${some.length} BBQr parts read; ${some.length - 2} still missing.`,
      );
      expect(await page.getByTestId('psbt-review').count()).toBe(0);
      await app.screenshot('sign-text-parts-06-parts-missing');

      await page.getByTestId('psbt-text').fill(bbqr!);
      await page.getByTestId('load-text').click();
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 20_000 }).toBe(true);
      await app.screenshot('sign-text-parts-07-bbqr-reviewed');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
