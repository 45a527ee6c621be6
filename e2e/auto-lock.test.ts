/**
 * Issue 13: the auto-lock. The setting on This computer; with a short idle time, an open wallet left alone is
 * closed in main and the app returns to Home saying why. "abandon … about" is a public test phrase.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchApp, type AppUnderTest } from './harness/app';

afterAll(closeBrowser);
const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' ');

describe('Auto-lock', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('This computer shows the idle time (10 minutes by default) and sets another', async () => {
    const { page } = app;
    await page.getByTestId('task-computer').click();
    await expect.poll(() => page.getByTestId('auto-lock-minutes').inputValue()).toBe('10');
    await page.getByTestId('auto-lock-minutes').selectOption('5');
    await expect.poll(() => page.evaluate(() => (window as unknown as { permafrost: { getAutoLock(): Promise<{ ok: boolean; value: { idleSeconds: number } }> } }).permafrost.getAutoLock().then((r) => r.value.idleSeconds))).toBe(300);
    await app.screenshot('auto-lock-01-setting');
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('a wallet left alone past the idle time is closed, and the app is back Home saying why', async () => {
    const { page } = app;
    // A short idle time for the test (the setting offers minutes; the channel takes seconds).
    await page.evaluate(() => (window as unknown as { permafrost: { setAutoLock(r: { idleSeconds: number }): Promise<unknown> } }).permafrost.setAutoLock({ idleSeconds: 3 }));
    await page.getByTestId('task-restore').click();
    await page.getByTestId('method-type').click();
    for (const [i, w] of ABOUT.entries()) await page.getByTestId(`word-${i + 1}`).fill(w);
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await page.getByTestId('done').click();
    await expect.poll(() => page.getByTestId('wallet-badge').count()).toBe(1);
    expect(app.vault.size.wallets).toBe(1);
    await app.screenshot('auto-lock-02-open');
    await expect.poll(() => page.getByTestId('auto-locked').textContent(), { timeout: 20_000 }).toBe('Locked after 3 seconds without use: every wallet was closed.');
    expect(await page.getByTestId('wallet-badge').count()).toBe(0);
    expect(await page.getByTestId('task-restore').isVisible()).toBe(true);
    expect(app.vault.size.wallets).toBe(0);
    await app.screenshot('auto-lock-03-locked');
    expect(app.consoleErrors).toEqual([]);
  });
});
