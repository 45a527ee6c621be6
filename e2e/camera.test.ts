/** Restore by scanning SeedQRs with the (fake) camera: real getUserMedia frames, decoded in the app's worker. */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedQrMatrix, textQr } from '../electron/core';
import { ARTIFACTS, closeBrowser, launchApp } from './harness/app';
import { writeQrVideo } from './harness/camera';

afterAll(closeBrowser);

const vectors = JSON.parse(readFileSync('test/vectors/seedqr-vectors.json', 'utf8')).vectors as Array<{ mnemonic: string }>;
const videoDir = path.join(ARTIFACTS, 'camera');

async function restoreByCamera(video: string, name: string) {
  const app = await launchApp({ cameraVideo: video });
  const { page } = app;
  await page.getByTestId('task-restore').click();
  await page.getByTestId('method-scan').click();
  await expect.poll(() => page.getByTestId('scanner').getAttribute('data-status'), { timeout: 15_000 }).not.toBe('starting');
  await app.screenshot(`${name}-scanning`);
  return app;
}

describe('Restore by scanning a SeedQR with the camera', () => {
  it('CompactSeedQR (12 words, raw bytes with a \\n byte inside): scanned, opened, fingerprint shown', async () => {
    mkdirSync(videoDir, { recursive: true });
    const v = vectors[6]!; // Test vector 7: a Compact payload holding the byte 0x0a
    const video = path.join(videoDir, 'compact.y4m');
    writeQrVideo(video, [seedQrMatrix(v.mnemonic, 'compact')], 20);
    const app = await restoreByCamera(video, 'camera-compact');
    try {
      const { page } = app;
      await expect.poll(() => page.getByTestId('scanned').textContent(), { timeout: 20_000 }).toBe('Scanned a Compact SeedQR with 12 words.');
      await page.getByTestId('next').click();
      await expect.poll(() => page.getByTestId('fingerprint').textContent()).toMatch(/^[0-9a-f]{8}$/);
      await app.screenshot('camera-compact-done');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a QR that is not a SeedQR is named, and scanning goes on', async () => {
    const video = path.join(videoDir, 'not-seedqr.y4m');
    writeQrVideo(video, [textQr('HELLO WORLD')], 20);
    const app = await restoreByCamera(video, 'camera-not-seedqr');
    try {
      await expect.poll(() => app.page.getByTestId('error').textContent(), { timeout: 20_000 }).toBe('This QR code holds 11 bytes: a CompactSeedQR holds 16 (12 words) or 32 (24 words).');
      expect(await app.page.getByTestId('scanner').isVisible()).toBe(true);
    } finally {
      await app.close();
    }
  });
});
