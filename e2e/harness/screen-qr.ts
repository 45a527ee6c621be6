/** Reads a QR code off the screen as a person's phone would: a screenshot, decoded with jsQR. */
import jsQR from 'jsqr';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';
import { TransactionScan, type ScanResult } from '../../electron/core';

export async function readQrFromScreen(locator: Locator): Promise<string> {
  const png = PNG.sync.read(await locator.screenshot());
  const result = jsQR(Uint8ClampedArray.from(png.data), png.width, png.height);
  if (!result) throw new Error('no QR code could be read from the screen');
  return result.data;
}

/**
 * Reads an animated QR off the screen as a coordinator's camera does: frame after frame into a TransactionScan
 * until the PSBT is whole (or 12 s pass). Returns the scan's result.
 */
export async function readAnimatedPsbtFromScreen(locator: Locator): Promise<ScanResult> {
  const scan = new TransactionScan();
  for (let i = 0; i < 120; i++) {
    const text = await readQrFromScreen(locator).catch(() => null);
    if (text && scan.add(text).kind === 'complete') return scan.result();
    await locator.page().waitForTimeout(100);
  }
  throw new Error('the animated QR on the screen did not complete');
}
