/**
 * A QR code drawn from its text in the renderer, as the frame is shown: the main process sends an animated answer
 * as texts only (building hundreds of matrices there froze it for seconds). The `qr` package's pure encoder, at
 * low error correction (what Sparrow and the coordinators use for animated codes), picks alphanumeric mode when
 * the text allows it (upper-case UR and BBQr do) and the smallest version that holds the text.
 */
import encodeQR from 'qr';
import { qrPath } from './qr-path';

/** One frame ready to draw: modules per side and the SVG path of its dark modules. */
export interface QrFrame {
  readonly size: number;
  readonly path: string;
}

/** The module matrix of a text's QR code, row-major, 1 = dark, no quiet zone (the drawer adds it). */
export function frameMatrix(text: string): { size: number; modules: Uint8Array } {
  // The encoder adds at least one module of border; it is cut off here.
  const rows = encodeQR(text, 'raw', { ecc: 'low', border: 1 });
  const size = rows.length - 2;
  const modules = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    const row = rows[y + 1]!;
    for (let x = 0; x < size; x++) modules[y * size + x] = row[x + 1] ? 1 : 0;
  }
  return { size, modules };
}

/**
 * The frames drawn last, by text, so an answer of up to `capacity` frames is drawn once and then loops for free;
 * a longer one is drawn again as it comes round (a few milliseconds a frame). Least recently shown goes first.
 */
export class QrFrameCache {
  private readonly drawn = new Map<string, QrFrame>();
  constructor(readonly capacity = 48) {}

  get(text: string): QrFrame {
    const hit = this.drawn.get(text);
    if (hit) {
      this.drawn.delete(text);
      this.drawn.set(text, hit);
      return hit;
    }
    const matrix = frameMatrix(text);
    const frame = { size: matrix.size, path: qrPath(matrix) };
    this.drawn.set(text, frame);
    if (this.drawn.size > this.capacity) this.drawn.delete(this.drawn.keys().next().value!);
    return frame;
  }

  has(text: string): boolean {
    return this.drawn.has(text);
  }

  get size(): number {
    return this.drawn.size;
  }
}
