// pdfkit's browser build (no Node built-ins: fonts come as bytes), aliased as 'pdfkit/browser' in vitest,
// esbuild and dependency-cruiser (its package exports it only to non-Node resolvers). Only the part pdf.ts uses, so
// the core does not pull in @types/pdfkit, which brings Node's types.
declare module 'fontkit' {
  /** A parsed font (opaque here: pdfkit lays text out with it). */
  export interface Glyph {
    readonly id: number;
    readonly advanceWidth: number;
  }
  export interface Font {
    layout(text: string): unknown;
    glyphsForString(text: string): Glyph[];
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Uint8Array): Font;
}

declare module 'pdfkit/browser' {
  import type { Font } from 'fontkit';
  interface TextOptions {
    width?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    lineGap?: number;
    lineBreak?: boolean;
    characterSpacing?: number;
    features?: Record<string, boolean>;
  }
  interface DocumentOptions {
    size?: string | [number, number];
    margin?: number;
    /** null: no default font (every text call selects one), sparing a font comparison pdfkit makes per document. */
    font?: Uint8Array | Font | null;
    autoFirstPage?: boolean;
    compress?: boolean;
    info?: Record<string, string | Date>;
  }
  export default class PDFDocument {
    constructor(options?: DocumentOptions);
    readonly page: { readonly width: number; readonly height: number; margins: { top: number; bottom: number; left: number; right: number } };
    registerFont(name: string, src: Uint8Array | Font): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(width: number): this;
    text(text: string, x: number, y: number, options?: TextOptions): this;
    heightOfString(text: string, options?: TextOptions): number;
    widthOfString(text: string, options?: TextOptions): number;
    rect(x: number, y: number, w: number, h: number): this;
    fill(color?: string): this;
    stroke(color?: string): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    addPage(options?: { size?: string; margin?: number }): this;
    image(src: Uint8Array, x: number, y: number, options?: { width?: number; height?: number }): this;
    on(event: 'data', listener: (chunk: Uint8Array) => void): this;
    on(event: 'end', listener: () => void): this;
    end(): void;
  }
}
