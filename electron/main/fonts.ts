/** The bundled PDF fonts (assets/fonts, SIL OFL), read once: the core takes them as bytes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PdfFonts } from '../core';

export function readFonts(dir: string): PdfFonts {
  const read = (name: string) => new Uint8Array(readFileSync(path.join(dir, name)));
  return { regular: read('JetBrainsMono-Regular.ttf'), bold: read('JetBrainsMono-Bold.ttf') };
}
