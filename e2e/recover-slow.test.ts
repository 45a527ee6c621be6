/**
 * Issue 13, item 5: shares made with a high iteration exponent take minutes to decrypt. The recover flow shows
 * how far decryption has come and can stop it; the shares stay collected. The share is a public test value
 * (a 16-byte secret of 0x05 bytes, exponent 12: 41 million PBKDF2 iterations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeShare } from '../electron/core/backup/slip39/share';
import { closeBrowser, launchApp, type AppUnderTest } from './harness/app';

afterAll(closeBrowser);
const SLOW_SHARE = encodeShare({
  identifier: 1234,
  extendable: true,
  iterationExponent: 12,
  groupIndex: 0,
  groupThreshold: 1,
  groupCount: 1,
  memberIndex: 0,
  memberThreshold: 1,
  value: new Uint8Array(16).fill(5),
});

describe('Recover from slow shares: progress and stop', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('shows each decryption step while it runs, and Stop ends it with the shares kept', async () => {
    const { page } = app;
    await page.getByTestId('task-recover').click();
    await page.getByTestId('share-words').fill(SLOW_SHARE);
    await page.getByTestId('add-share').click();
    await expect.poll(() => page.getByTestId('recovery-progress').textContent()).toContain('Enough shares.');
    await app.screenshot('recover-slow-01-share');
    await page.getByTestId('next').click();
    await page.getByTestId('recover-wallet').check();
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('unlock-progress').textContent(), { timeout: 30_000 }).toMatch(/step [1-3] of 4 done/);
    await app.screenshot('recover-slow-02-progress');
    await page.getByTestId('stop-unlock').click();
    await expect.poll(() => page.getByTestId('error').textContent(), { timeout: 30_000 }).toContain('stopped before the shares were decrypted');
    expect(await page.getByTestId('unlock-progress').count()).toBe(0);
    expect(await page.getByTestId('next').isEnabled()).toBe(true);
    expect(app.vault.size.recoveries).toBe(1);
    await app.screenshot('recover-slow-03-stopped');
    expect(app.consoleErrors).toEqual([]);
  });
});
