/**
 * Issue 13: the auto-lock. The setting on This computer; with a short idle time, an open wallet left alone is
 * closed in main and the app returns to Home saying why. "abandon … about" is a public test phrase.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, type Method, type RequestOf, type ResponseOf, type Result } from '../electron/ipc';
import { encodeShare } from '../electron/core/backup/slip39/share';
import { buildPsbt } from '../test/helpers/psbt-build';
import { ARTIFACTS, closeBrowser, launchApp, type AppUnderTest } from './harness/app';
import { restoreWallet } from './harness/flows';

afterAll(closeBrowser);
const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' ');
/** A payment from the "abandon … about" wallet (one input of ours, m/84'/0'/0'/0/0), on the "USB drive". */
const UNSIGNED = path.join(ARTIFACTS, 'exports', 'auto-lock-payment.psbt');
/** A public test share that takes long to decrypt (exponent 12: four rounds of about 10 million PBKDF2 iterations). */
const SLOW_SHARE = encodeShare({ identifier: 4321, extendable: true, iterationExponent: 12, groupIndex: 0, groupThreshold: 1, groupCount: 1, memberIndex: 0, memberThreshold: 1, value: new Uint8Array(16).fill(5) });

/** A request through the page's bridge, as the renderer makes it. */
const ask = <M extends Method>(page: Page, method: M, request?: RequestOf<M>): Promise<Result<ResponseOf<M>>> =>
  page.evaluate(([m, r]) => (window as unknown as { permafrost: Record<string, (r: unknown) => Promise<never>> }).permafrost[m]!(r), [method, request] as const);

describe('Auto-lock', () => {
  let app: AppUnderTest;
  let userData: string;
  beforeAll(async () => {
    mkdirSync(path.dirname(UNSIGNED), { recursive: true });
    writeFileSync(UNSIGNED, buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }] }).bytes);
    userData = mkdtempSync(path.join(tmpdir(), 'permafrost-e2e-user-data-'));
    app = await launchApp({ userDataDir: userData, recordReplies: [CHANNELS.loadPsbt, CHANNELS.finishRecovery] });
  });
  afterAll(async () => {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('This computer shows the idle time (10 minutes by default) and sets another', async () => {
    const { page } = app;
    await page.getByTestId('task-computer').click();
    await expect.poll(() => page.getByTestId('auto-lock-minutes').inputValue()).toBe('10');
    await page.getByTestId('auto-lock-minutes').selectOption('5');
    await expect.poll(() => page.evaluate(() => (window as unknown as { permafrost: { getAutoLock(): Promise<{ ok: boolean; value: { idleSeconds: number } }> } }).permafrost.getAutoLock().then((r) => r.value.idleSeconds))).toBe(300);
    await app.screenshot('auto-lock-01-setting');
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('the choice is kept for the next start (<userData>/settings.json)', async () => {
    expect(readFileSync(path.join(userData, 'settings.json'), 'utf8')).toBe('{"version":1,"autoLockSeconds":300}\n');
    const again = await launchApp({ userDataDir: userData });
    try {
      await again.page.getByTestId('task-computer').click();
      await expect.poll(() => again.page.getByTestId('auto-lock-minutes').inputValue()).toBe('5');
      expect(await again.page.getByTestId('auto-lock-problem').count()).toBe(0);
      // The bundled monospace font may still be loading (its text is invisible until then).
      await again.page.getByTestId('build-digest').waitFor();
      await again.page.evaluate(() => document.fonts.ready.then(() => undefined));
      await again.screenshot('auto-lock-01b-kept-after-restart');
      expect(again.consoleErrors).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('a damaged settings file: 10 minutes, and This computer says why', async () => {
    const damaged = mkdtempSync(path.join(tmpdir(), 'permafrost-e2e-user-data-'));
    writeFileSync(path.join(damaged, 'settings.json'), '{"version":1,"autoLockSeconds":-1}');
    const other = await launchApp({ userDataDir: damaged });
    try {
      await other.page.getByTestId('task-computer').click();
      await expect.poll(() => other.page.getByTestId('auto-lock-minutes').inputValue()).toBe('10');
      expect(await other.page.getByTestId('auto-lock-problem').textContent()).toMatch(
        /^The saved settings \(settings\.json\) could not be used — autoLockSeconds: Too small.*The defaults apply \(auto-lock after 10 minutes\) until you choose again\.$/,
      );
      // The bundled monospace font may still be loading (its text is invisible until then).
      await other.page.getByTestId('build-digest').waitFor();
      await other.page.evaluate(() => document.fonts.ready.then(() => undefined));
      await other.screenshot('auto-lock-01c-damaged-settings');
      expect(other.consoleErrors).toEqual([]);
    } finally {
      await other.close();
      rmSync(damaged, { recursive: true, force: true });
    }
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

  it('a transaction loaded and signed in Sign Bitcoin is gone after the lock: from main, and from the screen', async () => {
    const { page } = app;
    await ask(page, 'setAutoLock', { idleSeconds: 600 });
    expect(await restoreWallet(app, ABOUT)).toBe('73c5da0a');
    await page.getByTestId('task-sign-btc').click();
    app.files.script.openPath = UNSIGNED;
    await page.getByTestId('load-file').click();
    await expect.poll(() => page.getByTestId('psbt-review').isVisible()).toBe(true);
    await app.screenshot('auto-lock-04-psbt-loaded');
    await page.getByTestId('sign').click();
    await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
    await app.screenshot('auto-lock-05-psbt-signed');
    const loaded = app.replies.filter((r) => r.channel === CHANNELS.loadPsbt).at(-1)?.answer as Result<ResponseOf<'loadPsbt'>>;
    const psbtId = loaded.ok ? loaded.value!.psbtId : '';
    const frames = { psbtId, format: 'ur2', fragmentLength: 200 } as const;
    // Before the lock, main holds the signed transaction.
    expect((await ask(page, 'getSignedFrames', frames)).ok).toBe(true);

    // Left alone: a short idle time, and nothing touched.
    await ask(page, 'setAutoLock', { idleSeconds: 2 });
    await expect.poll(() => page.getByTestId('auto-locked').textContent(), { timeout: 20_000 }).toBe('Locked after 2 seconds without use: every wallet was closed.');
    expect(await page.getByTestId('psbt-review').count()).toBe(0);
    expect(await page.getByTestId('signed-result').count()).toBe(0);
    expect(await page.getByTestId('wallet-badge').count()).toBe(0);
    await app.screenshot('auto-lock-06-psbt-locked');
    const gone = { ok: false, error: { code: 'NO_SUCH_WALLET', message: 'That transaction is no longer loaded: load it again.' } };
    expect(await ask(page, 'getSignedFrames', frames)).toMatchObject(gone);
    expect(await ask(page, 'saveSignedPsbt', { psbtId, what: 'psbt' })).toMatchObject(gone);

    // The wallet opened again: Sign Bitcoin starts empty, at loading a transaction.
    await ask(page, 'setAutoLock', { idleSeconds: 600 });
    await restoreWallet(app, ABOUT);
    await page.getByTestId('task-sign-btc').click();
    await expect.poll(() => page.getByTestId('load-file').isVisible()).toBe(true);
    expect(await page.getByTestId('psbt-review').count()).toBe(0);
    expect(await page.getByTestId('signed-result').count()).toBe(0);
    expect(await ask(page, 'getSignedFrames', frames)).toMatchObject(gone);
    await app.screenshot('auto-lock-07-sign-again-empty');
    expect(app.consoleErrors).toEqual([]);
  });

  it('a slow share recovery running when the lock fires is stopped: no wallet opens, on no screen', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-recover').click();
    await page.getByTestId('share-words').fill(SLOW_SHARE);
    await page.getByTestId('add-share').click();
    await expect.poll(() => page.getByTestId('recovery-progress').textContent()).toContain('Enough shares.');
    await page.getByTestId('next').click();
    await page.getByTestId('recover-wallet').check();
    await ask(page, 'setAutoLock', { idleSeconds: 3 });
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('unlock-progress').isVisible(), { timeout: 30_000 }).toBe(true);
    await app.screenshot('auto-lock-08-recovering');
    // The progress poll is not the user's doing: the lock fires while the shares are being decrypted.
    await expect.poll(() => page.getByTestId('auto-locked').textContent(), { timeout: 60_000 }).toBe('Locked after 3 seconds without use: every wallet was closed.');
    await expect.poll(() => app.replies.some((r) => r.channel === CHANNELS.finishRecovery), { timeout: 60_000 }).toBe(true);
    expect(app.replies.find((r) => r.channel === CHANNELS.finishRecovery)?.answer).toEqual({
      ok: false,
      error: { code: 'NO_SUCH_WALLET', message: 'Every wallet was closed (the app locked itself after a time without use) while the shares were being decrypted: nothing was kept. Start again.' },
    });
    expect(app.vault.size).toEqual({ wallets: 0, drafts: 0, splits: 0, recoveries: 0 });
    expect(await page.getByTestId('wallet-badge').count()).toBe(0);
    expect(await page.getByTestId('unlock-progress').count()).toBe(0);
    expect(await page.getByTestId('task-recover').isVisible()).toBe(true);
    await app.screenshot('auto-lock-09-recovery-stopped');
    expect(app.consoleErrors).toEqual([]);
  });
});
