// The pure encoder inside the `qrcode` package (lib/core: no Buffer, no fs). Its package entry also loads PNG and
// file renderers, which the core must not, so the core imports this file directly.
declare module 'qrcode/lib/core/qrcode.js' {
  export interface Segment {
    data: string | Uint8Array;
    mode: 'numeric' | 'alphanumeric' | 'byte' | 'kanji';
  }
  export interface Options {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    version?: number;
    maskPattern?: number;
  }
  export interface BitMatrix {
    size: number;
    data: Uint8Array;
    get(row: number, col: number): number;
  }
  export function create(data: string | Segment[], options?: Options): { modules: BitMatrix; version: number; errorCorrectionLevel: unknown; maskPattern: number };
}
