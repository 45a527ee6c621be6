/** Test helper: draw a QR matrix as pixels (with a quiet zone) and decode it with jsQR, as a camera would. */
import jsQR from 'jsqr';
import type { QrMatrix } from '../../electron/core/codecs/qr';

export function matrixToRgba(matrix: Pick<QrMatrix, 'size' | 'modules'>, scale = 4, quiet = 4): { data: Uint8ClampedArray; width: number; height: number } {
  const side = (matrix.size + quiet * 2) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; x++) {
      if (!matrix.modules[y * matrix.size + x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }
  }
  return { data, width: side, height: side };
}

/** Decodes the QR as an image; returns the text and the raw bytes of the payload. */
export function decodeMatrix(matrix: Pick<QrMatrix, 'size' | 'modules'>): { text: string; bytes: Uint8Array } {
  const img = matrixToRgba(matrix);
  const result = jsQR(img.data, img.width, img.height);
  if (!result) throw new Error('jsQR could not decode the QR image');
  return { text: result.data, bytes: Uint8Array.from(result.binaryData) };
}
