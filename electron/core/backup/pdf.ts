/**
 * Draws a PaperDocument as a PDF with pdfkit (its browser build: no Node built-ins; the caller passes the font
 * bytes from assets/fonts). QR codes are vector rectangles — one per horizontal run of dark modules — so they are
 * sharp at any DPI and the file stays small. Metadata names the kit and nothing else: no words, no fingerprint,
 * no tool string.
 */
import { create as parseFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit/browser';
import type { QrMatrix } from '../codecs/qr';
import { WalletError } from '../errors';
import type { Block, Page, PaperDocument } from './paper';

export interface PdfFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

const SIZES = { a4: 'A4', letter: 'LETTER' } as const;
const MARGIN = 42;
const INK = '#000000';
const MUTED = '#444444';

export const PDF_TITLE = 'Permafrost backup kit';

// Characters that print as nothing or reorder what is around them: control characters, format characters (the
// bidi overrides U+202A-202E and isolates U+2066-2069, zero-width joiners, soft hyphen), variation selectors,
// private-use, unassigned and lone surrogates. On a backup, text must look exactly like what it says.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

// The only white space a backup prints: space, no-break space, tab and newline. JavaScript's \s also matches the
// byte-order mark U+FEFF (a format character that prints as nothing), the line and paragraph separators and
// spaces of other widths (U+1680, U+2000-200A, U+202F, U+205F, U+3000): none may slip through as "white space".
const PRINTED_SPACE = /^[ \u00A0\t\n]$/u;
const OTHER_SPACE = /[\s\p{Z}]/u;

const codePointName = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Checks each character (not each glyph: fontkit merges a variation selector into the character before it, so
 * glyph i is not character i) and refuses what cannot be printed faithfully. Only PRINTED_SPACE counts as white space.
 */
function checkPrintable(f: Font, text: string): void {
  for (const ch of text) {
    if (PRINTED_SPACE.test(ch)) continue;
    if (UNPRINTABLE.test(ch)) {
      throw new WalletError('UNSUPPORTED', `The text holds an invisible control or formatting character (${codePointName(ch)}), which a printed backup cannot show. Remove it; nothing was printed.`);
    }
    if (OTHER_SPACE.test(ch)) {
      throw new WalletError('UNSUPPORTED', `The text holds an unusual space or line separator (${codePointName(ch)}), which a printed backup cannot show as typed. Use an ordinary space or a new line; nothing was printed.`);
    }
    // A character without a glyph would print as an empty box: on a backup, refuse rather than mislead.
    if (!f.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0)) {
      throw new WalletError(
        'UNSUPPORTED',
        `The character "${ch}" (${codePointName(ch)}) cannot be printed with the bundled font (Latin, Greek and Cyrillic scripts). Nothing was printed.`,
      );
    }
  }
}

/**
 * Exact characters, fast: the fonts are monospace Latin, so each character is one glyph with its own advance and
 * no OpenType shaping is wanted — in particular no programming ligature ("/*" or "->" printed as one merged
 * glyph; fontkit also fails on them). This layout replaces fontkit's shaping, which cost most of the render time.
 */
function unshaped(f: Font): Font {
  const wrapper = Object.create(f) as Font;
  wrapper.layout = (raw: string) => {
    // Composed form (NFC): the wallet keeps words decomposed (NFKD), and a combining accent drawn without shaping
    // would land on the next letter ("ración" as "racioń").
    const text = raw.normalize('NFC');
    checkPrintable(f, text);
    const glyphs = f.glyphsForString(text);
    const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
    return {
      glyphs,
      positions,
      // pdfkit scales the positions in place, then reads the run's width.
      get advanceWidth() {
        return positions.reduce((sum, p) => sum + p.xAdvance, 0);
      },
    };
  };
  return wrapper;
}

/** Draws a QR code of `size` points at (x, y), quiet zone included. */
export type QrDrawer = (doc: PDFDocument, m: QrMatrix, x: number, y: number, size: number) => void;

export const drawQrVector: QrDrawer = (doc, m, x, y, size) => drawQr(doc, m, x, y, size);

function drawQr(doc: PDFDocument, m: QrMatrix, x: number, y: number, size: number): void {
  const quiet = 4;
  const cell = size / (m.size + quiet * 2);
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.modules[r * m.size + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.modules[r * m.size + c]) c++;
      doc.rect(x + (start + quiet) * cell, y + (r + quiet) * cell, (c - start) * cell, cell);
    }
  }
  doc.fill(INK);
}

/** Where a QR code was drawn, in points from the top-left of its physical page (for verification by tests). */
export interface DrawnQr {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly payload: string;
}

class Layout {
  y = MARGIN;
  constructor(
    readonly doc: PDFDocument,
    readonly width: number,
    readonly height: number,
    private readonly header: (continued: boolean) => void,
    readonly drawn: DrawnQr[],
    readonly physicalPage: () => number,
    private readonly drawQrWith: QrDrawer,
  ) {}
  qr(m: QrMatrix, x: number, y: number, size: number, payload: string): void {
    this.drawQrWith(this.doc, m, x, y, size);
    this.drawn.push({ page: this.physicalPage(), x, y, size, payload });
  }
  get right(): number {
    return this.width - MARGIN;
  }
  get inner(): number {
    return this.width - 2 * MARGIN;
  }
  /** Nothing drawn yet on this page below its header. */
  atTop(): boolean {
    return this.y <= MARGIN + 32;
  }
  /** Room for h points before the footer. */
  fits(h: number): boolean {
    return this.y + h <= this.height - MARGIN - 24;
  }
  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN;
    this.header(true);
  }
  ensure(h: number): void {
    if (!this.fits(h)) this.newPage();
  }
}

/**
 * A paragraph, wrapped to the page width. Text taller than what is left of the page flows on, chunk by chunk of
 * words, to new pages with their header (never left to pdfkit, which would add bare pages of its own).
 */
function text(l: Layout, s: string, opts: { size?: number; bold?: boolean; color?: string; gap?: number } = {}): void {
  const { doc } = l;
  const style = () => doc.font(opts.bold ? 'bold' : 'regular').fontSize(opts.size ?? 10).fillColor(opts.color ?? INK);
  const measure = (t: string) => (style(), doc.heightOfString(t, { width: l.inner, lineGap: 2 }));
  style();
  let rest = breakLongTokens(doc, s, l.inner);
  // More characters than this never fit on one page (every character is at least as wide as the narrowest, every
  // line at least one font size tall): only that much is measured per page, so long text costs linear time.
  const pageChars = Math.ceil(l.inner / Math.max(0.1, doc.widthOfString('.'))) * Math.ceil(l.height / (opts.size ?? 10));
  for (;;) {
    const h = rest.length <= pageChars ? measure(rest) : Infinity;
    if (l.fits(h)) {
      style();
      doc.text(rest, MARGIN, l.y, { width: l.inner, lineGap: 2 });
      l.y += h + (opts.gap ?? 8);
      return;
    }
    // The most words that fit here (binary search), at least one, then continue on a new page.
    const capped = rest.length > pageChars;
    const words = (capped ? rest.slice(0, pageChars) : rest).split(/(?<=\s)/);
    // The last piece of a cut may be part of a word: it is left for the search below, never placed whole.
    if (capped && words.length > 1) words.pop();
    let lo = 1;
    let hi = capped ? words.length : words.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (l.fits(measure(words.slice(0, mid).join('')))) lo = mid;
      else hi = mid - 1;
    }
    const head = words.slice(0, lo).join('');
    if (l.fits(measure(head))) {
      style();
      doc.text(head, MARGIN, l.y, { width: l.inner, lineGap: 2 });
      rest = rest.slice(head.length);
    } else if (l.atTop()) {
      // One token taller than a whole page: cut it by characters (nothing is dropped).
      const w = words[0] as string;
      const cut = Math.max(1, Math.floor(w.length / 2));
      rest = `${w.slice(0, cut)}\n${rest.slice(cut)}`;
      continue;
    }
    l.newPage();
  }
}

/**
 * Cuts every token wider than `width` (in the current font and size) into pieces that each fit on a line, one per
 * line. pdfkit would cut such a token itself by re-measuring every shorter prefix (quadratic time and memory):
 * this measures each character once.
 */
function breakLongTokens(doc: PDFDocument, s: string, width: number): string {
  const limit = width * 0.999;
  const widths = new Map<string, number>();
  const widthOf = (ch: string): number => {
    let w = widths.get(ch);
    if (w === undefined) widths.set(ch, (w = doc.widthOfString(ch)));
    return w;
  };
  return s.normalize('NFC').replace(/\S+/gu, (token) => {
    if (token.length < 8 || doc.widthOfString(token) <= limit) return token;
    const pieces: string[] = [];
    let piece = '';
    let used = 0;
    for (const ch of token) {
      const w = widthOf(ch);
      if (used + w > limit && piece) {
        pieces.push(piece);
        piece = '';
        used = 0;
      }
      piece += ch;
      used += w;
    }
    pieces.push(piece);
    return pieces.join('\n');
  });
}

function block(l: Layout, b: Block): void {
  const { doc } = l;
  switch (b.kind) {
    case 'heading':
      l.ensure(40);
      l.y += 6;
      text(l, b.text, { size: 12, bold: true, gap: 6 });
      return;
    case 'paragraph':
      text(l, b.text, { bold: b.emphasis === 'warning', color: b.emphasis === 'muted' ? MUTED : INK });
      return;
    case 'fields': {
      l.ensure(b.rows.length * 15);
      for (const [label, value] of b.rows) {
        doc.font('regular').fontSize(10).fillColor(MUTED).text(label, MARGIN, l.y, { width: 140 });
        doc.font('bold').fillColor(INK);
        doc.text(breakLongTokens(doc, value, l.inner - 150), MARGIN + 150, l.y, { width: l.inner - 150 });
        l.y += 15;
      }
      l.y += 6;
      return;
    }
    case 'write-line': {
      l.ensure(26);
      doc.font('regular').fontSize(10).fillColor(MUTED).text(b.label, MARGIN, l.y + 8, { width: 140 });
      doc.lineWidth(0.7).strokeColor(INK).moveTo(MARGIN + (b.label ? 150 : 0), l.y + 20).lineTo(l.right, l.y + 20).stroke();
      l.y += 30;
      return;
    }
    case 'words': {
      // Columns read top to bottom (1-8 in the first column of a 24-word card), each word with its 4 letters.
      const columns = b.words.length > 12 ? 3 : 2;
      const rows = Math.ceil(b.words.length / columns);
      const colWidth = l.inner / columns;
      const rowHeight = 22;
      l.ensure(rows * rowHeight + 10);
      b.words.forEach((w, i) => {
        const x = MARGIN + Math.floor(i / rows) * colWidth;
        const y = l.y + (i % rows) * rowHeight;
        doc.font('regular').fontSize(10).fillColor(MUTED).text(`${String(i + 1).padStart(2, ' ')}.`, x, y + 3, { width: 24, lineBreak: false });
        doc.font('bold').fontSize(13).fillColor(INK).text(w, x + 26, y, { width: colWidth - 80, lineBreak: false });
        doc.font('regular').fontSize(9).fillColor(MUTED).text(b.abbreviations[i] ?? '', x + colWidth - 50, y + 3, { width: 44, lineBreak: false });
      });
      l.y += rows * rowHeight + 10;
      return;
    }
    case 'qrs': {
      const size = b.size ?? (b.codes.length > 1 ? Math.min(190, (l.inner - 20) / b.codes.length) : Math.min(260, l.inner));
      l.ensure(size + 30);
      b.codes.forEach((c, i) => {
        const x = MARGIN + i * (size + 20);
        l.qr(c.matrix, x, l.y, size, c.payload);
        doc.font('regular').fontSize(8).fillColor(MUTED).text(c.caption, x, l.y + size + 2, { width: size, align: 'center' });
      });
      l.y += size + 26;
      return;
    }
    case 'plate': {
      const box = 15;
      const rowHeight = 17;
      const perColumn = 12;
      const colWidth = 4 * box + 40;
      l.ensure(Math.min(b.rows.length, perColumn) * rowHeight + 10);
      b.rows.forEach((letters, i) => {
        const x = MARGIN + Math.floor(i / perColumn) * colWidth;
        const y = l.y + (i % perColumn) * rowHeight;
        doc.font('regular').fontSize(9).fillColor(MUTED).text(String(i + 1).padStart(2, ' '), x, y + 3, { width: 18, lineBreak: false });
        for (let k = 0; k < 4; k++) doc.rect(x + 22 + k * box, y, box, box);
        doc.lineWidth(0.6).strokeColor(INK).stroke();
        // One run per row: a monospace letter is 6 pt wide at 10 pt, so 9 pt of spacing puts one in each box.
        if (letters) doc.font('bold').fontSize(10).fillColor(INK).text(letters, x + 22 + 4.5, y + 2, { characterSpacing: box - 6, lineBreak: false });
      });
      l.y += Math.min(b.rows.length, perColumn) * rowHeight + 14;
      return;
    }
    case 'addresses': {
      const qr = 80;
      for (const row of b.rows) {
        l.ensure(qr + 8);
        l.qr(row.matrix, MARGIN, l.y, qr, row.address);
        doc.font('regular').fontSize(8).fillColor(MUTED).text(row.path, MARGIN + qr + 12, l.y + 14, { width: l.inner - qr - 12 });
        doc.font('regular').fontSize(11).fillColor(INK).text(row.address.replace(/(.{4})/g, '$1 ').trim(), MARGIN + qr + 12, l.y + 28, { width: l.inner - qr - 12 });
        l.y += qr + 4;
      }
      return;
    }
    case 'mono': {
      for (const line of b.lines) {
        if (!line) continue;
        doc.font('regular').fontSize(b.size ?? 8);
        const wrapped = breakLongTokens(doc, line, l.inner);
        const h = doc.heightOfString(wrapped, { width: l.inner });
        l.ensure(h);
        doc.fillColor(INK).text(wrapped, MARGIN, l.y, { width: l.inner });
        l.y += h + 4;
      }
      l.y += 4;
      return;
    }
  }
}

/** Fonts parsed once per process (keyed by their bytes): parsing costs more than drawing a whole sheet. */
const parsedFonts = new WeakMap<Uint8Array, Font>();
function font(bytes: Uint8Array): Font {
  let f = parsedFonts.get(bytes);
  if (!f) parsedFonts.set(bytes, (f = unshaped(parseFont(bytes))));
  return f;
}

/**
 * The kit as PDF bytes, and where each QR code stands in it. The bytes hold the kit's words and SeedQR: the caller
 * zeroes them once written (pdfkit's pieces are zeroed here).
 */
export function renderPdf(kit: PaperDocument, fonts: PdfFonts, options: { drawQr?: QrDrawer } = {}): Promise<{ bytes: Uint8Array; qrs: DrawnQr[] }> {
  const doc = new PDFDocument({
    size: SIZES[kit.paper],
    margin: MARGIN,
    font: null,
    autoFirstPage: false,
    info: { Title: PDF_TITLE, Author: '', Subject: '', Keywords: '', Creator: 'Permafrost', Producer: 'Permafrost' },
  });
  doc.registerFont('regular', font(fonts.regular));
  doc.registerFont('bold', font(fonts.bold));
  const chunks: Uint8Array[] = [];
  const drawn: DrawnQr[] = [];
  let physical = 0;
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise<{ bytes: Uint8Array; qrs: DrawnQr[] }>((resolve) =>
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let o = 0;
      for (const c of chunks) {
        out.set(c, o);
        o += c.length;
        // The pages' streams (the words, the SeedQR) live only in `out` now: the caller zeroes it once saved.
        c.fill(0);
      }
      chunks.length = 0;
      resolve({ bytes: out, qrs: drawn });
    }),
  );
  kit.pages.forEach((page: Page, index) => {
    doc.addPage();
    physical += 1;
    const header = (continued: boolean) => {
      if (continued) physical += 1;
      doc.font('bold').fontSize(15).fillColor(INK).text(page.title, MARGIN, MARGIN, { width: 360, lineBreak: false });
      doc.font('regular').fontSize(9).fillColor(MUTED).text(`Permafrost · wallet ${kit.fingerprint}`, MARGIN, MARGIN + 4, { width: doc.page.width - 2 * MARGIN, align: 'right' });
      doc.lineWidth(0.8).strokeColor(INK).moveTo(MARGIN, MARGIN + 22).lineTo(doc.page.width - MARGIN, MARGIN + 22).stroke();
      const foot = `${page.secret ? 'SECRET — keep safe · ' : ''}sheet ${index + 1} of ${kit.pages.length}${continued ? ' (continued)' : ''}`;
      // pdfkit starts a new page for text below the bottom margin: lift it for the footer, then restore it.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font('regular').fontSize(8).fillColor(MUTED).text(foot, MARGIN, doc.page.height - MARGIN - 10, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
      doc.page.margins.bottom = bottom;
      layout.y = MARGIN + 32;
    };
    const layout = new Layout(doc, doc.page.width, doc.page.height, header, drawn, () => physical, options.drawQr ?? drawQrVector);
    header(false);
    for (const b of page.blocks) block(layout, b);
  });
  doc.end();
  return done;
}
