/** Steps many specs take: opening a wallet by typing its words (and a passphrase), back on the home screen; pasting an Ethereum request. */
import type { AppUnderTest } from './app';

export async function restoreWallet(app: AppUnderTest, words: readonly string[], passphrase = ''): Promise<string> {
  const { page } = app;
  await page.getByTestId('task-restore').click();
  await page.getByTestId('method-type').click();
  if (words.length !== 12) await page.getByTestId('word-count').selectOption(String(words.length));
  for (const [i, w] of words.entries()) await page.getByTestId(`word-${i + 1}`).fill(w);
  await page.getByTestId('next').click();
  if (passphrase) {
    await page.getByTestId('use-passphrase').check();
    await page.getByTestId('passphrase').fill(passphrase);
    await page.getByTestId('passphrase-again').fill(passphrase);
  }
  await page.getByTestId('next').click();
  await page.getByTestId('fingerprint').waitFor();
  const fingerprint = (await page.getByTestId('fingerprint').textContent()) ?? '';
  await page.getByTestId('done').click();
  await page.getByRole('button', { name: 'Permafrost — home' }).click();
  return fingerprint;
}

/** "abandon … about" opened, Sign Bitcoin at its load step, with its scan or paste section open if asked. */
export async function openSignBitcoin(app: AppUnderTest, section?: 'scan' | 'paste'): Promise<void> {
  await restoreWallet(app, 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' '));
  await app.page.getByTestId('task-sign-btc').click();
  if (section) await app.page.locator('details summary', { hasText: section === 'scan' ? 'Or scan its QR code' : 'Or paste it' }).click();
}

/** Sign Ethereum's scan step: the request's UR parts pasted (the paste box opened if it is not yet) and loaded. */
export async function pasteEthRequest(app: AppUnderTest, parts: readonly string[]): Promise<void> {
  const { page } = app;
  if (!(await page.getByTestId('eth-request-text').isVisible())) await page.locator('details summary', { hasText: 'Or paste it' }).click();
  await page.getByTestId('eth-request-text').fill(parts.join('\n'));
  await page.getByTestId('load-text').click();
}
