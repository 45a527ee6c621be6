/**
 * The CSP confines scripts now that the app has its own origin: on file:, `script-src 'self'` ran any local file
 * and a worker got no policy. The app page and its worker are served by serveAppFile (the app's protocol
 * handler function); a probe page and worker on the same origin, served by the same function, show what a
 * worker may do, and a control without the header shows the probe would notice.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../electron/main/csp';
import { serveAppFile } from '../electron/main/protocol';
import { APP_PAGE_URL, closeBrowser, E2E_ORIGIN, launchApp, RENDERER_DIR, routeApp, type AppUnderTest } from './harness/app';

// Page-side: records CSP violations so a test can tell "refused by the CSP" from "failed for another reason".
const recordViolations = () => {
  const w = window as unknown as { __violations: string[] };
  w.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
};

const probe = mkdtempSync(path.join(tmpdir(), 'permafrost-csp-probe-'));
const evilScript = path.join(probe, 'evil.js');
writeFileSync(evilScript, 'window.__evil = "file";');

let app: AppUnderTest;
beforeAll(async () => {
  app = await launchApp();
});
afterAll(async () => {
  await app.close();
  await closeBrowser();
  rmSync(probe, { recursive: true, force: true });
});

/** Adds a <script src> to the page; resolves 'loaded' or 'error' (runs in the page). */
const loadScript = (src: string) =>
  new Promise<string>((resolve) => {
    const el = document.createElement('script');
    el.src = src;
    el.onload = () => resolve('loaded');
    el.onerror = () => resolve('error');
    document.head.append(el);
  });

describe('the app page and its worker', () => {
  it('the page response carries the CSP header (and the meta CSP is not all that stands)', async () => {
    const response = await app.page.goto(APP_PAGE_URL);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  });

  it('the QR worker response carries the CSP header too', async () => {
    const worker = readdirSync(path.join(RENDERER_DIR, 'assets')).find((f) => /^qr-decode\.worker-.*\.js$/.test(f));
    if (!worker) throw new Error('no built QR worker in dist/renderer/assets: run npm run build');
    const url = `${E2E_ORIGIN}/assets/${worker}`;
    const [response] = await Promise.all([
      app.context.waitForEvent('response', { predicate: (r) => r.url() === url, timeout: 10_000 }),
      app.page.evaluate((u) => void new Worker(u, { type: 'module' }), url),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(response.headers()['content-type']).toBe('text/javascript; charset=utf-8');
  });

  // Each is refused before any request leaves the renderer: by the CSP (both the header and the <meta> policy
  // report it), or for file:, by Chromium itself (a non-file page may not load file:, and 'self' no longer is file:).
  it.each([
    ['a local file (what file: + script-src self allowed)', `file://${evilScript}`, 0],
    ['a foreign origin', 'https://cdn.evil.test/x.js', 2],
    ['another host under the same domain', 'https://evil.permafrost.test/x.js', 2],
    ['a data: URL', 'data:text/javascript,window.__evil="data"', 2],
  ])('refuses a script from %s, before any request is made', async (_name, src, violationCount) => {
    const { page } = app;
    await page.goto(APP_PAGE_URL);
    await page.evaluate(recordViolations);
    const blockedBefore = app.blocked.length;
    const outcome = await page.evaluate(
      loadScript,
      src,
    );
    expect(outcome).toBe('error');
    expect(await page.evaluate(() => (window as unknown as { __evil?: string }).__evil)).toBeUndefined();
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(violations).toHaveLength(violationCount);
    for (const v of violations) expect(v).toMatch(/^script-src-elem /);
    // Refused in the renderer: the request never reached the network layer.
    expect(app.blocked.slice(blockedBefore)).toEqual([]);
  });

  it('a path that climbs out of the renderer directory reaches nothing (the handler refuses it)', async () => {
    const { page } = app;
    await page.goto(APP_PAGE_URL);
    const outcome = await page.evaluate(
      loadScript,
      `${E2E_ORIGIN}/%2e%2e/%2e%2e${evilScript}`,
    );
    expect(outcome).toBe('error');
    expect(await page.evaluate(() => (window as unknown as { __evil?: string }).__evil)).toBeUndefined();
  });

  it("refuses an inline script and the page's own fetch('data:…')", async () => {
    const { page } = app;
    await page.goto(APP_PAGE_URL);
    await page.evaluate(recordViolations);
    const fetched = await page.evaluate(() =>
      fetch('data:text/plain,seed').then(
        (r) => r.text(),
        (e: unknown) => `refused ${(e as Error).name}`,
      ),
    );
    expect(fetched).toBe('refused TypeError');
    await page.evaluate(() => {
      const el = document.createElement('script');
      el.textContent = 'window.__evil = "inline"';
      document.head.append(el);
    });
    expect(await page.evaluate(() => (window as unknown as { __evil?: string }).__evil)).toBeUndefined();
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(new Set(violations)).toEqual(new Set(['connect-src data', 'script-src-elem inline']));
  });
});

describe("a worker's own fetch('data:…')", () => {
  // A probe on the app's origin: a page without a <meta> CSP (only the header can confine it) and a module worker
  // that tries to fetch a data: URL, served by the same serveAppFile.
  const probeDir = path.join(probe, 'renderer');
  mkdirSync(probeDir, { recursive: true });
  writeFileSync(path.join(probeDir, 'index.html'), '<!doctype html><title>probe</title>');
  writeFileSync(
    path.join(probeDir, 'probe.worker.js'),
    [
      'const seen = [];',
      "self.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));",
      "fetch('data:text/plain,seed').then((r) => r.text(), (e) => `refused ${e.name}`)",
      '  .then((result) => setTimeout(() => postMessage({ result, seen }), 50));',
    ].join('\n'),
  );

  async function runProbe(context: BrowserContext): Promise<{ result: string; seen: string[] }> {
    const page: Page = await context.newPage();
    await page.goto(`${E2E_ORIGIN}/index.html`);
    return page.evaluate(
      () =>
        new Promise<{ result: string; seen: string[] }>((resolve, reject) => {
          const w = new Worker('/probe.worker.js', { type: 'module' });
          w.onmessage = (e: MessageEvent<{ result: string; seen: string[] }>) => resolve(e.data);
          w.onerror = () => reject(new Error('the probe worker did not start'));
        }),
    );
  }

  it('is refused by the CSP the worker response carries', async () => {
    const context = await app.context.browser()!.newContext();
    try {
      await routeApp(context, { rendererDir: probeDir, origin: E2E_ORIGIN }, () => {});
      expect(await runProbe(context)).toEqual({ result: 'refused TypeError', seen: ['connect-src data'] });
    } finally {
      await context.close();
    }
  });

  it('control: the same worker served without the CSP header does read the data: URL', async () => {
    const context = await app.context.browser()!.newContext();
    try {
      await context.route('**/*', async (route) => {
        const response = await serveAppFile({ rendererDir: probeDir, origin: E2E_ORIGIN }, route.request().url());
        const headers = Object.fromEntries(response.headers.entries());
        delete headers['content-security-policy'];
        await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
      });
      expect(await runProbe(context)).toEqual({ result: 'seed', seen: [] });
    } finally {
      await context.close();
    }
  });
});
