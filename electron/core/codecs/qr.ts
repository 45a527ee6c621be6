/**
 * QR code matrices (ISO/IEC 18004) built by the pure encoder in the `qrcode` package. The result is a plain
 * module matrix: the renderer draws it (canvas/SVG) and the PDF writer draws it as vector rectangles.
 */
import { create } from 'qrcode/lib/core/qrcode.js';
import { WalletError } from '../errors';

export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface QrSegment {
  readonly data: string | Uint8Array;
  readonly mode: 'numeric' | 'alphanumeric' | 'byte';
}

export interface QrMatrix {
  /** Modules per side (21 for version 1, +4 per version). */
  readonly size: number;
  readonly version: number;
  /** Row-major, size × size; 1 = dark module. No quiet zone: the drawer adds at least 4 modules. */
  readonly modules: Uint8Array;
}

export function qrMatrix(segments: readonly QrSegment[], options: { ecc?: ErrorCorrection; version?: number } = {}): QrMatrix {
  let qr: ReturnType<typeof create>;
  try {
    qr = create(
      segments.map((s) => ({ data: s.data, mode: s.mode })),
      { errorCorrectionLevel: options.ecc ?? 'M', ...(options.version ? { version: options.version } : {}) },
    );
  } catch (e) {
    throw new WalletError('INVALID_ARGUMENT', `This data does not fit in a QR code${options.version ? ` of version ${options.version}` : ''}: ${(e as Error).message}`);
  }
  const { size, data } = qr.modules;
  return { size, version: qr.version, modules: Uint8Array.from(data, (v) => (v ? 1 : 0)) };
}

/** Text in a QR code: alphanumeric mode when the text allows it (UR strings upper-cased do), byte mode otherwise. */
export function textQr(text: string, ecc: ErrorCorrection = 'L'): QrMatrix {
  const alphanumeric = /^[0-9A-Z $%*+\-./:]*$/.test(text);
  return qrMatrix([{ data: text, mode: alphanumeric ? 'alphanumeric' : 'byte' }], { ecc });
}
