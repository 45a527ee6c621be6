/**
 * What a small window shows without scrolling: screenshots of the window alone (not the whole page), and checks that
 * an element lies wholly inside it with the page at its top. 1280×720 is a common laptop screen; the harness's own
 * window is 1280×800.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ARTIFACTS } from './app';

export const SMALL_WINDOW = { width: 1280, height: 720 } as const;

/** A screenshot of what the window shows, as the user sees it (no fullPage). */
export async function windowScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** The element is wholly inside the window, the page not scrolled: in sight without the user scrolling. */
export async function expectInWindow(locator: Locator, what: string): Promise<void> {
  const page = locator.page();
  const size = page.viewportSize()!;
  expect(await page.evaluate(() => window.scrollY), `${what}: the page was scrolled`).toBe(0);
  const box = await locator.boundingBox();
  expect(box, `${what}: not shown`).not.toBeNull();
  const inside = box!.x >= 0 && box!.y >= 0 && box!.x + box!.width <= size.width && box!.y + box!.height <= size.height;
  expect(inside, `${what} at x ${box!.x}–${box!.x + box!.width}, y ${box!.y}–${box!.y + box!.height}: outside the ${size.width}×${size.height} window`).toBe(true);
}

/**
 * The text of the element with this test id and whether it lies wholly inside the window (the page at its top),
 * read at one instant: for a message that the next camera frame may take away. Null while there is none.
 */
export async function seenInWindow(page: Page, testId: string): Promise<{ readonly text: string; readonly inWindow: boolean } | null> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const inWindow = window.scrollY === 0 && r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
    return { text: el.textContent ?? '', inWindow };
  }, testId);
}
