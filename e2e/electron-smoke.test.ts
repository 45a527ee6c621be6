/**
 * The real thing, where it exists: Playwright launches Electron on the built app. This machine cannot download
 * Electron's binary, so here the spec reports itself skipped (and `npm test` lists it as skipped).
 */
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../scripts/electron-binary.mjs';

const found = findElectronBinary();
if (!found.path) console.warn(`real-Electron smoke test SKIPPED: ${found.reason}`);

describe.skipIf(!found.path)(`real Electron (${found.path ?? `skipped: ${found.reason}`})`, () => {
  it('launches the built app, shows home, exposes the bridge, sandboxed', async () => {
    const app = await _electron.launch({ executablePath: found.path as string, args: ['.'] });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor();
      expect(await page.evaluate(() => typeof (window as unknown as { permafrost?: object }).permafrost)).toBe('object');
      expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
      // Chromium's profile, crash dumps and logs live in the private temp directory (removed on quit), not userData.
      const paths = await app.evaluate(({ app: a }) => Object.fromEntries((['temp', 'sessionData', 'crashDumps', 'logs'] as const).map((n) => [n, a.getPath(n)])));
      for (const name of ['sessionData', 'crashDumps', 'logs'] as const) expect(paths[name]?.startsWith(`${paths.temp}/`), name).toBe(true);
    } finally {
      await app.close();
    }
  });
});
