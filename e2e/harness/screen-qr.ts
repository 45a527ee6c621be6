/** Reads a QR code off the screen as a person's phone would: a screenshot, decoded with jsQR. */
import jsQR from 'jsqr';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';

export async function readQrFromScreen(locator: Locator): Promise<string> {
  const png = PNG.sync.read(await locator.screenshot());
  const result = jsQR(Uint8ClampedArray.from(png.data), png.width, png.height);
  if (!result) throw new Error('no QR code could be read from the screen');
  return result.data;
}
