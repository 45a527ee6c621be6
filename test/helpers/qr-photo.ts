/**
 * Test helper: a QR matrix as a "photo of a screen" — drawn at a non-integer scale, turned a few degrees, placed
 * off-centre on a larger frame, in grey on grey (a screen's contrast), with uneven light and noise — and such a
 * frame as PNG or JPEG file bytes (pngjs, jpeg-js), as the `scan` command reads them.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { QrMatrix } from '../../electron/core/codecs/qr';
import { mulberry32 } from './rng';

const rng = mulberry32;

export interface PhotoOptions {
  /** Frame size in pixels. */
  readonly width?: number;
  readonly height?: number;
  /** Pixels per module (non-integer: the screen's pixels do not line up with the camera's). */
  readonly scale?: number;
  /** Turn, in degrees. */
  readonly degrees?: number;
  /** Noise amplitude (± grey levels). */
  readonly noise?: number;
  readonly seed?: number;
}

export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}


export function photoOfQr(matrix: Pick<QrMatrix, 'size' | 'modules'>, options: PhotoOptions = {}): Rgba {
  const { scale = 3.3, degrees = 4, noise = 24, seed = 1 } = options;
  const side = (matrix.size + 8) * scale; // with a 4-module quiet zone
  const width = options.width ?? Math.ceil(side * 1.5);
  const height = options.height ?? Math.ceil(side * 1.3);
  const random = rng(seed);
  const cx = width * 0.52;
  const cy = height * 0.48;
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  const dark = (u: number, v: number) => {
    const mx = Math.floor(u);
    const my = Math.floor(v);
    return mx >= 0 && my >= 0 && mx < matrix.size && my < matrix.size && matrix.modules[my * matrix.size + mx] === 1;
  };
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // 2×2 samples a pixel: the edges of modules are grey, as a lens makes them.
      let ink = 0;
      for (const [sx, sy] of [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]] as const) {
        const dx = x + sx - cx;
        const dy = y + sy - cy;
        const u = (dx * cos + dy * sin) / scale + matrix.size / 2;
        const v = (-dx * sin + dy * cos) / scale + matrix.size / 2;
        if (dark(u, v)) ink += 0.25;
      }
      // A screen's grey-on-grey, lit unevenly from the left.
      const light = 215 - 40 * (x / width);
      const level = light - ink * (light - 45) + (random() * 2 - 1) * noise;
      const o = (y * width + x) * 4;
      const g = Math.max(0, Math.min(255, Math.round(level)));
      data[o] = Math.min(255, g + 6);
      data[o + 1] = g;
      data[o + 2] = Math.max(0, g - 6);
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

export function pngBytes(image: Rgba): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data);
  return new Uint8Array(PNG.sync.write(png));
}

export function jpegBytes(image: Rgba, quality = 60): Uint8Array {
  return new Uint8Array(jpeg.encode({ width: image.width, height: image.height, data: image.data }, quality).data);
}
