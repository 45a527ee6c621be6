/**
 * A fake camera for Chromium (--use-file-for-fake-video-capture): a Y4M video, written in plain Node, whose
 * frames show QR codes — one QR per frame for an animated code. Format: header
 * "YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg", then per frame "FRAME\\n" + Y plane + U and V planes (4:2:0).
 * The same pictures also make a WebM video file (a phone's screen recording stand-in), encoded by Chromium's own
 * MediaRecorder (VP8).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { textQr, type QrMatrix } from '../../electron/core';
import { matrixToRgba } from '../../test/helpers/qr-image';
import { ARTIFACTS } from './app';

const W = 640;
const H = 480;

/** The grey picture (the Y plane): the QR centred, black 16 on white 235 as video levels go. */
function luma(matrix: QrMatrix): Buffer {
  const y = Buffer.alloc(W * H, 235); // white
  const quiet = 4;
  const scale = Math.floor(Math.min(W, H) * 0.8 / (matrix.size + quiet * 2));
  const side = (matrix.size + quiet * 2) * scale;
  const x0 = Math.floor((W - side) / 2) + quiet * scale;
  const y0 = Math.floor((H - side) / 2) + quiet * scale;
  for (let r = 0; r < matrix.size; r++) {
    for (let c = 0; c < matrix.size; c++) {
      if (!matrix.modules[r * matrix.size + c]) continue;
      for (let dy = 0; dy < scale; dy++) y.fill(16, (y0 + r * scale + dy) * W + x0 + c * scale, (y0 + r * scale + dy) * W + x0 + (c + 1) * scale);
    }
  }
  return y;
}

function frame(matrix: QrMatrix): Buffer {
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128); // grey chroma: no colour
  return Buffer.concat([Buffer.from('FRAME\n'), luma(matrix), chroma]);
}

/** Writes the video; each QR is held for `repeat` frames (10 frames a second). */
export function writeQrVideo(file: string, matrices: readonly QrMatrix[], repeat = 3): void {
  const frames: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const m of matrices) for (let i = 0; i < repeat; i++) frames.push(frame(m));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat(frames));
}

/**
 * Writes a WebM video (VP8, 640×480) showing the QR codes in turn, each held for `repeat` frames at `fps`, `loops`
 * times over (a screen recording of an animated QR holds several loops), recorded in real time by the page's
 * MediaRecorder from a canvas: the kind of file a phone's screen recording gives. A second of white comes first,
 * while the encoder starts (frames given to it before it runs are lost).
 */
export async function writeQrWebm(page: Page, file: string, matrices: readonly QrMatrix[], repeat = 3, fps = 10, loops = 2): Promise<void> {
  const pictures = matrices.map((m) => luma(m).toString('base64'));
  const webm = await page.evaluate(
    async ({ pictures, repeat, fps, loops, W, H }) => {
      const canvas = document.createElement('canvas');
      canvas.width = W;
      canvas.height = H;
      const ctx = canvas.getContext('2d')!;
      const images = pictures.map((b64) => {
        const grey = atob(b64);
        const img = ctx.createImageData(W, H);
        for (let i = 0; i < W * H; i++) {
          const v = grey.charCodeAt(i);
          img.data[i * 4] = img.data[i * 4 + 1] = img.data[i * 4 + 2] = v;
          img.data[i * 4 + 3] = 255;
        }
        return img;
      });
      const stream = canvas.captureStream(0);
      const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
      const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 8_000_000 });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      const show = async (draw: () => void) => {
        draw();
        track.requestFrame();
        await new Promise((resolve) => setTimeout(resolve, 1000 / fps));
      };
      recorder.start(200);
      for (let i = 0; i < fps; i++) await show(() => ((ctx.fillStyle = '#ebebeb'), ctx.fillRect(0, 0, W, H)));
      for (let loop = 0; loop < loops; loop++) {
        for (const img of images) for (let r = 0; r < repeat; r++) await show(() => ctx.putImageData(img, 0, 0));
      }
      recorder.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(bin);
    },
    { pictures, repeat, fps, loops, W, H },
  );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(webm, 'base64'));
}

/** QR codes of `parts` as PNG files in the artifacts (a phone's photos or screenshots), `<name>-<n>.png`, n from 1. */
export function qrImageFiles(name: string, parts: readonly string[], scale = 6): string[] {
  const dir = path.join(ARTIFACTS, 'qr-images');
  mkdirSync(dir, { recursive: true });
  return parts.map((part, i) => {
    const file = path.join(dir, `${name}-${i + 1}.png`);
    const img = matrixToRgba(textQr(part), scale);
    const png = new PNG({ width: img.width, height: img.height });
    png.data = Buffer.from(img.data);
    writeFileSync(file, PNG.sync.write(png));
    return file;
  });
}
