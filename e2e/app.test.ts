import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../electron/ipc';
import { closeBrowser, launchApp, OFFLINE, WIFI_UP, type AppUnderTest } from './harness/app';

afterAll(closeBrowser);

describe('the app starts', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('shows the home screen with every task, only real screens enabled', async () => {
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'What would you like to do?' }).isVisible()).toBe(true);
    const tasks = page.locator('.task');
    expect(await tasks.count()).toBe(12);
    for (const id of ['sign-btc', 'sign-eth', 'multisig']) {
      expect(await page.getByTestId(`task-${id}`).isDisabled(), id).toBe(true);
    }
    for (const id of ['create', 'restore', 'open-file', 'split', 'recover', 'computer']) expect(await page.getByTestId(`task-${id}`).isEnabled(), id).toBe(true);
    // Accounts and backups need an open wallet.
    for (const id of ['accounts', 'paper', 'backup-file']) expect(await page.getByTestId(`task-${id}`).isDisabled(), id).toBe(true);
    await app.screenshot('01-home-offline');
  });

  it('shows "Offline" and no banner while no interface is up', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('airgap-badge').textContent()).toBe('Offline');
    expect(await page.getByTestId('airgap-banner').count()).toBe(0);
  });

  it('shows the red banner while an interface is up, and drops it when it goes down', async () => {
    const { page } = app;
    app.setInterfaces(WIFI_UP);
    const banner = page.getByTestId('airgap-banner');
    await expect.poll(() => banner.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await banner.textContent()).toContain('Network connected — this computer is not air-gapped');
    expect(await banner.textContent()).toContain('wlan0 (wifi)');
    expect(await page.getByTestId('airgap-badge').textContent()).toBe('Online');
    await app.screenshot('02-home-network-connected');
    app.setInterfaces(OFFLINE);
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
  });

  it('is keyboard navigable: Tab to "This computer", Enter opens it, Esc goes back', async () => {
    const { page } = app;
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'task-computer') break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('task-computer');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Is this computer offline?' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('airgap-summary').textContent()).toBe('Yes. No network interface is up.');
    await expect.poll(() => page.getByTestId('app-info').textContent()).toContain('0.1.0');
    // The build it runs, measured: the commit `npm run build` recorded and the SHA-256 of the list of every file,
    // recomputed by the main process from the files themselves (test/main/build-info.test.ts for the failures).
    const built = JSON.parse(readFileSync('dist/build.json', 'utf8')) as { commit: string };
    expect(await page.getByTestId('build-commit').textContent()).toBe(built.commit);
    const digest = createHash('sha256').update(readFileSync('dist/SHA256SUMS')).digest('hex');
    await expect.poll(() => page.getByTestId('build-digest').textContent()).toContain(digest.match(/.{8}/g)!.join(' '));
    expect(await page.getByTestId('blocked-requests').textContent()).toMatch(/Requests refused since start: \d+/);
    await app.screenshot('03-this-computer');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('heading', { name: 'What would you like to do?' }).isVisible()).toBe(true);
  });

  it('the bridge exposes exactly the contract methods, and cannot be replaced', async () => {
    const { page } = app;
    const keys = await page.evaluate(() => Object.keys((window as unknown as { permafrost: object }).permafrost).sort());
    expect(keys).toEqual(Object.keys(CHANNELS).sort());
    const replaced = await page.evaluate(() => {
      const w = window as unknown as { permafrost: unknown };
      try {
        w.permafrost = {};
      } catch {
        /* strict-mode pages throw; either way it must not change */
      }
      return Object.keys(w.permafrost as object).length;
    });
    expect(replaced).toBe(Object.keys(CHANNELS).length);
  });

  it('a malformed request through the real bridge gets BAD_REQUEST, not a crash', async () => {
    const result = await app.page.evaluate(() =>
      (window as unknown as { permafrost: { getAppInfo: (x: unknown) => Promise<unknown> } }).permafrost.getAppInfo(42),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('made no network request and logged no console error', () => {
    expect(app.escaped).toEqual([]);
    expect(app.blocked).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('network policy', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('no attempt to reach the network succeeds: fetch, image, script, WebSocket', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('airgap-badge').textContent()).toBe('Offline');
    const outcomes = await page.evaluate(async () => {
      const results: Record<string, string> = {};
      try {
        await fetch('https://example.com/');
        results.fetch = 'succeeded';
      } catch {
        results.fetch = 'failed';
      }
      results.image = await new Promise<string>((resolve) => {
        const img = new Image();
        img.onload = () => resolve('succeeded');
        img.onerror = () => resolve('failed');
        img.src = 'http://127.0.0.1:9/pixel.png';
      });
      results.script = await new Promise<string>((resolve) => {
        const s = document.createElement('script');
        s.onload = () => resolve('succeeded');
        s.onerror = () => resolve('failed');
        s.src = 'https://cdn.example.com/x.js';
        document.head.appendChild(s);
      });
      results.websocket = await new Promise<string>((resolve) => {
        try {
          const ws = new WebSocket('wss://relay.example.com/');
          ws.onopen = () => resolve('succeeded');
          ws.onerror = () => resolve('failed');
        } catch {
          resolve('failed');
        }
      });
      return results;
    });
    expect(outcomes).toEqual({ fetch: 'failed', image: 'failed', script: 'failed', websocket: 'failed' });
    expect(app.escaped).toEqual([]);
    // The CSP refuses these before any request is made; each refusal is logged as a console error.
    expect(app.consoleErrors.every((e) => /Content Security Policy/.test(e))).toBe(true);
    expect(app.consoleErrors.length).toBeGreaterThanOrEqual(3);
  });
});
