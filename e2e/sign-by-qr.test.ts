/**
 * Sign Bitcoin by QR, as with Sparrow or BlueWallet: the coordinator's animated UR is shown to the (fake) camera,
 * decoded frame by frame in the app's worker, collected in main, reviewed and signed; the answer is an animated QR
 * on the screen, read back off the screen frame by frame as the coordinator's camera would, and checked by
 * bitcoinjs-lib.
 */
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBbqr, psbtAnswer, psbtFrames, textQr } from '../electron/core';
import { chunk, IEND, ihdr, png, scansJpeg } from '../test/helpers/hostile-images';
import { ABANDON, buildPsbt, validateWithBitcoinjs } from '../test/helpers/psbt-build';
import { ARTIFACTS, closeBrowser, launchApp } from './harness/app';
import { qrImageFiles, writeQrVideo, writeQrWebm } from './harness/camera';
import { restoreWallet } from './harness/flows';
import type { AppUnderTest } from './harness/app';
import { readAnimatedPsbtFromScreen } from './harness/screen-qr';
import { expectInWindow, seenInWindow, SMALL_WINDOW, windowScreenshot } from './harness/window';

afterAll(closeBrowser);

/** Opens the wallet (the BIP39 test words), Sign Bitcoin, and the scanning section (`before` runs just before that). */
async function openScan(app: AppUnderTest, before?: () => Promise<void>): Promise<void> {
  await restoreWallet(app, ABANDON.split(' '));
  await app.page.getByTestId('task-sign-btc').click();
  expect(await app.page.getByTestId('scanner').count()).toBe(0); // no camera until the user opens the section
  await before?.();
  await app.page.locator('details summary', { hasText: 'Or scan its QR code' }).click();
}

/**
 * Chromium's fake camera is one device: a second one is announced by enumerateDevices, and getUserMedia records
 * what it was asked for (then opens the fake camera), so the camera choice can be seen to ask for that device.
 */
async function announceSecondCamera(app: AppUnderTest): Promise<void> {
  await app.page.evaluate(() => {
    const md = navigator.mediaDevices;
    const open = md.getUserMedia.bind(md);
    const list = md.enumerateDevices.bind(md);
    const w = window as unknown as { asked: MediaStreamConstraints[] };
    w.asked = [];
    md.getUserMedia = (c?: MediaStreamConstraints) => {
      w.asked.push(JSON.parse(JSON.stringify(c ?? {})));
      const video = { ...(c?.video as MediaTrackConstraints) };
      delete video.deviceId;
      return open({ ...c, video });
    };
    md.enumerateDevices = async () => [
      ...(await list()),
      { deviceId: 'second-camera', groupId: 'g2', kind: 'videoinput', label: 'USB document camera', toJSON: () => ({}) } as MediaDeviceInfo,
    ];
  });
}

/** Signs the reviewed PSBT and reads the app's animated answer off the screen; checks it with bitcoinjs-lib. */
async function signAndReadBack(app: AppUnderTest, inputs: number[], format: 'ur2' | 'ur1' | 'bbqr', name: string): Promise<void> {
  const { page } = app;
  await app.screenshot(`${name}-review`);
  await page.getByTestId('sign').click();
  await expect.poll(() => page.getByTestId('signed-result').textContent(), { timeout: 20_000 }).toMatch(/the transaction is complete\.$/);
  await expect.poll(() => page.getByTestId('answer-format').inputValue()).toBe(format);
  await expect.poll(() => page.getByTestId('qr-frame-counter').count(), { timeout: 20_000 }).toBe(1);
  await app.screenshot(`${name}-answer`);
  // The harness's 1280×800 window: the code and its counter in sight without scrolling.
  await expectInWindow(page.getByTestId('qr'), 'the answer’s QR code');
  await expectInWindow(page.getByTestId('qr-frame-counter'), 'the part counter');
  if (format === 'bbqr') {
    // Sparrow's Normal BBQr density (its QRDensityTest: Low 7, Normal 17, High 27): QR version 17 at most, 85
    // modules a side (93 with the quiet zone), as the UR answer's about 16.
    expect(await page.getByTestId('qr-density').inputValue()).toBe('17');
    expect(await page.getByTestId('qr-density').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['7', '17', '27']);
    const side = Number((await page.getByTestId('qr').first().getAttribute('viewBox'))!.split(' ')[2]);
    expect(side).toBeLessThanOrEqual(85 + 8);
  }
  const result = await readAnimatedPsbtFromScreen(page.getByTestId('qr').first());
  expect(result).toMatchObject({ kind: 'psbt', format });
  validateWithBitcoinjs((result as { bytes: Uint8Array }).bytes, inputs);
}

describe('Sign Bitcoin by animated QR: camera in, animated QR out', () => {
  it('scans a multi-part UR PSBT, signs, and answers with an animated UR the coordinator can read', async () => {
    const built = buildPsbt({ inputs: [{ type: 'p2tr', index: 0 }, { type: 'p2tr', index: 1 }] });
    // Small fragments, as a coordinator shows them at low density: each frame a sparse QR.
    const frames = psbtFrames(built.bytes, 'ur2', { fragmentLength: 90 });
    expect(frames.length).toBeGreaterThan(3);
    const video = path.join(ARTIFACTS, 'camera', 'psbt-ur.y4m');
    writeQrVideo(video, frames.map((f) => textQr(f)), 4);
    const app = await launchApp({ cameraVideo: video });
    try {
      const { page } = app;
      // A 1280×720 screen: the progress beside the camera, the answer's code and its counter, all without scrolling.
      await page.setViewportSize(SMALL_WINDOW);
      await restoreWallet(app, ABANDON.split(' '));
      await page.getByTestId('task-sign-btc').click();
      await page.locator('details summary', { hasText: 'Or scan its QR code' }).click();
      await expect.poll(() => page.getByTestId('scan-status').textContent(), { timeout: 30_000 }).toMatch(/^UR \(psbt\): \d+ of ~\d+ parts/);
      expect(await page.locator('.scanner-box').isVisible()).toBe(true);
      await windowScreenshot(page, 'sign-qr-01-scanning-720');
      await expectInWindow(page.getByTestId('scan-status'), 'the scan progress line');
      await expectInWindow(page.locator('.scanner-box'), 'the camera’s aiming square');
      await app.screenshot('sign-qr-01-scanning');
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 60_000 }).toBe(true);
      expect(await page.getByTestId('psbt-inputs').textContent()).toContain("Yours · m/86'/0'/0'/0/1");
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('signed-result').textContent(), { timeout: 20_000 }).toBe('Signed 2 of 2 inputs: the transaction is complete.');
      await expect.poll(() => page.locator('.animated-qr').count()).toBe(1);
      await windowScreenshot(page, 'sign-qr-02-answer-720');
      await expectInWindow(page.getByTestId('qr'), 'the answer’s QR code');
      await expectInWindow(page.getByTestId('qr-frame-counter'), 'the part counter');
      await expectInWindow(page.getByTestId('qr-speed'), 'the speed choice');
      await expectInWindow(page.getByTestId('qr-fullscreen'), 'Full screen');
      await expectInWindow(page.getByTestId('signed-result'), 'what was signed');
      await app.screenshot('sign-qr-02-answer');
      // The coordinator's camera: read frames off the screen until the PSBT is whole.
      const result = await readAnimatedPsbtFromScreen(page.getByTestId('qr').first());
      expect(result).toMatchObject({ kind: 'psbt', format: 'ur2' });
      validateWithBitcoinjs((result as { bytes: Uint8Array }).bytes, [0, 1]);
      // Counted in parts, as the coordinator's scanner counts (the fountain's mixed parts after them are "extra"),
      // not in the twice as many frames the loop shows.
      const parts = psbtAnswer((result as { bytes: Uint8Array }).bytes, 'ur2').parts;
      expect(parts).toBeGreaterThan(1);
      const counter = (await page.getByTestId('qr-frame-counter').textContent()) ?? '';
      expect(counter).toMatch(/^(Part \d+ of \d+|Extra part \d+ · \d+ parts)$/);
      expect(Number(/(\d+)(?: parts)?$/.exec(counter)?.[1])).toBe(parts);

      // Full screen, black on white, the frame counter in sight: read back again from it; Escape leaves it only.
      await page.getByTestId('qr-fullscreen').click();
      await expect.poll(() => page.getByTestId('qr-fullscreen-view').isVisible()).toBe(true);
      expect(await page.getByTestId('qr-frame-counter').textContent()).toMatch(/^(Part \d+ of \d+|Extra part \d+ · \d+ parts)$/);
      await app.screenshot('sign-qr-02b-answer-fullscreen');
      const box = await page.getByTestId('qr-fullscreen-view').getByTestId('qr').boundingBox();
      expect(box!.height).toBeGreaterThan(600); // as large as the 1280×720 window allows
      const again = await readAnimatedPsbtFromScreen(page.getByTestId('qr-fullscreen-view').getByTestId('qr'));
      validateWithBitcoinjs((again as { bytes: Uint8Array }).bytes, [0, 1]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('qr-fullscreen-view').count()).toBe(0);
      expect(await page.getByTestId('signed-result').isVisible()).toBe(true);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('reads a BBQr PSBT from image files (photos or screenshots), and answers in BBQr', async () => {
    const built = buildPsbt({ inputs: [{ type: 'p2tr', index: 2 }, { type: 'p2tr', index: 3 }, { type: 'p2tr', index: 4 }] });
    const parts = encodeBbqr(built.bytes, 'P', { encoding: 'Z', maxVersion: 10 });
    expect(parts.length).toBeGreaterThan(1);
    const files = qrImageFiles('bbqr-part', parts);
    const app = await launchApp();
    try {
      const { page } = app;
      await restoreWallet(app, ABANDON.split(' '));
      await page.getByTestId('task-sign-btc').click();
      await page.locator('details summary', { hasText: 'Or scan its QR code' }).click();
      await page.getByTestId('qr-image-file').setInputFiles([...files].reverse());
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 30_000 }).toBe(true);
      await app.screenshot('sign-qr-03-from-images');
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('signed-result').textContent(), { timeout: 20_000 }).toBe('Signed 3 of 3 inputs: the transaction is complete.');
      await expect.poll(() => page.getByTestId('answer-format').inputValue()).toBe('bbqr');
      const result = await readAnimatedPsbtFromScreen(page.getByTestId('qr').first());
      expect(result).toMatchObject({ kind: 'psbt', format: 'bbqr' });
      validateWithBitcoinjs((result as { bytes: Uint8Array }).bytes, [0, 1, 2]);

      // The same coordinator PSBT as UR v1 parts pasted one per line, shuffled: reviewed, and answered in UR v1.
      await page.getByTestId('sign-another').click();
      const urParts = psbtFrames(built.bytes, 'ur1', { fragmentLength: 120 });
      await page.locator('details summary', { hasText: 'Or paste it' }).click();
      await page.getByTestId('psbt-text').fill([...urParts].reverse().join('\n'));
      await page.getByTestId('load-text').click();
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 20_000 }).toBe(true);
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('answer-format').inputValue(), { timeout: 20_000 }).toBe('ur1');
    } finally {
      await app.close();
    }
  });
});

describe('Sign Bitcoin by QR: image files that cannot be read', () => {
  it('a damaged image, one over 40 MB, and the hostile files of the review (a PNG with two headers, a JPEG of 200 empty scans) are each named, not decoded', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await openScan(app);
      await page.getByTestId('qr-image-file').setInputFiles([
        { name: 'damaged.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('not the rest of a PNG')]) },
        { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(40 * 1024 * 1024 + 1) },
        { name: 'two-ihdr.png', mimeType: 'image/png', buffer: Buffer.from(png(ihdr(1, 1), ihdr(8000, 8000), chunk('IDAT', deflateSync(new Uint8Array(2))), IEND)) },
        // 47.6 megapixels, 200 scans of end-of-band runs (15 KB): Chromium's decoder took 9 ms a scan on it.
        { name: 'scans.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(scansJpeg(7000, 6800, 200)) },
      ]);
      await expect.poll(() => page.getByTestId('qr-image-message').textContent().catch(() => ''), { timeout: 30_000 }).toBe(
        [
          'damaged.png is a damaged PNG image (its "the " chunk at byte 8 runs past the end of the file).',
          'huge.jpg is larger than 40 MB and was not opened.',
          'two-ihdr.png is a PNG image with a second IHDR header (at byte 33): a PNG has exactly one, so which size it has is ambiguous — refused.',
          'scans.jpg is a JPEG image with 200 start-of-scan markers, more than the 64 read (a photo has about 10): each scan is a pass over the whole image — refused.',
        ].join(' '),
      );
      await app.screenshot('sign-qr-images-unreadable');
      expect(await page.getByTestId('psbt-review').count()).toBe(0);
    } finally {
      await app.close();
    }
  });
});

describe('Sign Bitcoin by QR: BBQr by camera, a video file, and QR codes that are not the transaction', () => {
  it('the camera plays a BBQr PSBT (Coldcard, Sparrow): reviewed, signed, answered in BBQr that bitcoinjs-lib accepts', async () => {
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2wpkh', index: 1, nonWitnessUtxo: true }, { type: 'p2wpkh', index: 2, nonWitnessUtxo: true }] });
    const parts = encodeBbqr(built.bytes, 'P', { encoding: 'Z', maxVersion: 8 });
    expect(parts.length).toBeGreaterThan(2);
    const video = path.join(ARTIFACTS, 'camera', 'psbt-bbqr.y4m');
    writeQrVideo(video, parts.map((p) => textQr(p)), 4);
    const app = await launchApp({ cameraVideo: video });
    try {
      await openScan(app);
      await expect.poll(() => app.page.getByTestId('scan-status').textContent(), { timeout: 30_000 }).toMatch(/^BBQr: \d+ of \d+ parts/); // exact: the BBQr header says how many
      await app.screenshot('sign-qr-bbqr-01-scanning');
      await expect.poll(() => app.page.getByTestId('psbt-review').isVisible(), { timeout: 60_000 }).toBe(true);
      await signAndReadBack(app, [0, 1, 2], 'bbqr', 'sign-qr-bbqr-02');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a video file (a screen recording of an animated UR v1) is read frame by frame: reviewed, signed, answered in UR v1', async () => {
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 3, nonWitnessUtxo: true }, { type: 'p2tr', index: 4 }] });
    const frames = psbtFrames(built.bytes, 'ur1', { fragmentLength: 80 });
    expect(frames.length).toBeGreaterThan(4);
    const app = await launchApp();
    try {
      const file = path.join(ARTIFACTS, 'qr-video', 'psbt-ur1.webm');
      // Each QR held 4 frames at 10 fps, 3 loops: a screen recording holds several loops, and the recorder may drop
      // frames on a busy machine.
      await writeQrWebm(app.page, file, frames.map((f) => textQr(f)), 4, 10, 3);
      await openScan(app);
      // No camera here: said, until a file is chosen instead — then the red line about the camera goes.
      const cameraError = app.page.getByTestId('scanner').getByRole('alert');
      await expect.poll(() => cameraError.textContent(), { timeout: 20_000 }).toMatch(/^No camera could be used/);
      await app.page.getByTestId('qr-video-file').setInputFiles(file);
      await expect.poll(() => app.page.getByTestId('scan-status').textContent(), { timeout: 30_000 }).toMatch(/^UR v1 \(crypto-psbt\): \d+ of ~\d+ parts/);
      expect(await cameraError.count()).toBe(0);
      await app.screenshot('sign-qr-video-01-reading');
      await expect
        .poll(() => app.page.getByTestId('psbt-review').isVisible(), {
          timeout: 60_000,
          message: 'the review did not come: see sign-qr-video-01-reading.png and the video status',
        })
        .toBe(true);
      await signAndReadBack(app, [0, 1], 'ur1', 'sign-qr-video-02');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('an address is named as not a transaction, a part of another transaction is skipped and said so, Start over starts again', async () => {
    const a = psbtFrames(buildPsbt({ inputs: [{ type: 'p2wpkh', index: 5 }, { type: 'p2wpkh', index: 6 }] }).bytes, 'ur2', { fragmentLength: 40 });
    const b = psbtFrames(buildPsbt({ inputs: [{ type: 'p2wpkh', index: 7 }] }).bytes, 'ur2', { fragmentLength: 40 });
    const video = path.join(ARTIFACTS, 'camera', 'wrong-codes.y4m');
    // An address, then the first part of transaction A, then parts of transaction B (looping).
    writeQrVideo(video, [textQr('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu'), textQr(a[0]!), textQr(b[0]!), textQr(b[1]!)], 8);
    const app = await launchApp({ cameraVideo: video });
    try {
      const { page } = app;
      await page.setViewportSize(SMALL_WINDOW);
      await openScan(app, () => announceSecondCamera(app));
      // Said beside the camera, in sight on a 1280×720 screen while the code is held up (read at one instant: the
      // next good frame takes the alert away).
      await expect.poll(() => seenInWindow(page, 'scan-problem'), { timeout: 30_000 }).toEqual({
        text: 'This QR code is a Bitcoin address, not a transaction. Show the QR code of the unsigned transaction (PSBT) from your online wallet.',
        inWindow: true,
      });
      await windowScreenshot(page, 'sign-qr-wrong-01-address-720');
      await expectInWindow(page.getByTestId('scan-status'), 'the scan progress line');
      await app.screenshot('sign-qr-wrong-01-address');
      await expect.poll(() => page.getByTestId('scan-problem').textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/^Skipped a QR code: a part of another transaction/);
      // One transaction at a time: A's part, or B's two once B is read further (the scan goes on with it).
      expect(await page.getByTestId('scan-status').textContent()).toMatch(/^UR \(psbt\): [12] of ~\d+ parts$/);
      await app.screenshot('sign-qr-wrong-02-other-transaction');
      await page.getByTestId('scan-restart').click();
      await expect.poll(() => page.getByTestId('scan-status').textContent()).toMatch(/^(No part of a transaction read yet\.|UR \(psbt\): [12] of ~\d+ parts)$/);
      // Another resolution: the camera starts again and scanning goes on.
      await page.getByTestId('camera-resolution').selectOption('480p');
      await expect.poll(() => page.getByTestId('scanner').getAttribute('data-status'), { timeout: 15_000 }).toBe('scanning');
      await expect.poll(() => page.getByTestId('scan-status').textContent(), { timeout: 30_000 }).toMatch(/^UR \(psbt\): [12] of ~\d+ parts$/);
      await app.screenshot('sign-qr-wrong-03-480p');
      // Two cameras: a choice appears; choosing the other asks getUserMedia for exactly that device.
      expect(await page.getByTestId('camera-device').locator('option').allTextContents()).toContain('USB document camera');
      await page.getByTestId('camera-device').selectOption('second-camera');
      await expect
        .poll(() => page.evaluate(() => JSON.stringify((window as unknown as { asked: MediaStreamConstraints[] }).asked.at(-1)?.video)))
        .toContain('"deviceId":{"exact":"second-camera"}');
      await expect.poll(() => page.getByTestId('scanner').getAttribute('data-status'), { timeout: 15_000 }).toBe('scanning');
      await app.screenshot('sign-qr-wrong-04-camera-choice');
      expect(await page.getByTestId('psbt-review').count()).toBe(0);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
