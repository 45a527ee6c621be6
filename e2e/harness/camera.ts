/**
 * A fake camera for Chromium (--use-file-for-fake-video-capture): a Y4M video, written in plain Node, whose
 * frames show QR codes — one QR per frame for an animated code. Format: header
 * "YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg", then per frame "FRAME\\n" + Y plane + U and V planes (4:2:0).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { QrMatrix } from '../../electron/core';

const W = 640;
const H = 480;

function frame(matrix: QrMatrix): Buffer {
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
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128); // grey chroma: no colour
  return Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
}

/** Writes the video; each QR is held for `repeat` frames (10 frames a second). */
export function writeQrVideo(file: string, matrices: readonly QrMatrix[], repeat = 3): void {
  const frames: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const m of matrices) for (let i = 0; i < repeat; i++) frames.push(frame(m));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat(frames));
}
