/**
 * Test helper: PNG and JPEG files built byte by byte from their specifications, to make the hostile files of the
 * review of issue 10 in small versions (PNG: https://www.w3.org/TR/png-3/ §5 chunks, §8.2 Adam7, §11.2.1 IHDR;
 * JPEG: ITU-T T.81 Annex B markers, G.1.2.2 progressive end-of-band runs).
 */
import { crc32 } from 'node:zlib';

// ---- PNG, from its specification ----
export const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}
export function ihdr(width: number, height: number, { depth = 8, colourType = 0, interlace = 0 } = {}): Uint8Array {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = depth;
  d[9] = colourType;
  d[12] = interlace;
  return chunk('IHDR', d);
}
export const png = (...chunks: Uint8Array[]) => new Uint8Array(Buffer.concat([SIGNATURE, ...chunks]));
export const IEND = chunk('IEND', new Uint8Array(0));

/** 8-bit greyscale rows, each with filter byte 0 (None). */
export function rows(width: number, height: number, grey: (x: number, y: number) => number): Uint8Array {
  const out = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * (width + 1) + 1 + x] = grey(x, y);
  return out;
}
export const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
/** The same image interlaced: the seven Adam7 passes, each a small image of its own rows (PNG §8.2). */
export function adam7(width: number, height: number, grey: (x: number, y: number) => number): Uint8Array {
  const passes: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of ADAM7 as Array<[number, number, number, number]>) {
    const w = Math.max(0, Math.ceil((width - x0) / dx));
    const h = Math.max(0, Math.ceil((height - y0) / dy));
    if (w > 0 && h > 0) passes.push(rows(w, h, (x, y) => grey(x0 + x * dx, y0 + y * dy)));
  }
  return new Uint8Array(Buffer.concat(passes));
}

// ---- JPEG, from T.81 ----
export const u16 = (n: number) => [n >> 8, n & 0xff];
export const segment = (marker: number, body: number[]) => [0xff, marker, ...u16(body.length + 2), ...body];
export const SOI = [0xff, 0xd8];
export const EOI = [0xff, 0xd9];
export const DQT = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
/** A frame header: 8-bit samples, components 1… (sampling 1×1 unless given, table 0). */
export const sof = (marker: number, width: number, height: number, sampling: number[] = [0x11]) => segment(marker, [8, ...u16(height), ...u16(width), sampling.length, ...sampling.flatMap((hv, i) => [i + 1, hv, 0])]);
/** A progressive AC scan of component 1, coefficients 1–63, whose data is one end-of-band run over every block. */
export function acScanOfEobRuns(blocks: number): number[] {
  // The Huffman table below has one code, '0', for EOB14 (symbol 0xE0): a run of 2^14 + the next 14 bits (G.1.2.2).
  let bits = '';
  for (let left = blocks; left > 0; left -= 32_767) bits += '0' + (Math.max(16_384, Math.min(left, 32_767)) - 16_384).toString(2).padStart(14, '0');
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const b = parseInt(bits.slice(i, i + 8), 2);
    data.push(b);
    if (b === 0xff) data.push(0x00);
  }
  return [...segment(0xda, [1, 1, 0x00, 1, 63, 0x00]), ...data];
}
export const DHT_EOB14 = segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0xe0]);
/** A progressive JPEG (SOF2) of `scans` AC scans holding only end-of-band runs, as in the review. */
export function scansJpeg(width: number, height: number, scans: number): Uint8Array {
  const blocks = Math.max(16_384, Math.ceil(width / 8) * Math.ceil(height / 8));
  const scan = acScanOfEobRuns(blocks);
  return Uint8Array.from([...SOI, ...DQT, ...sof(0xc2, width, height), ...DHT_EOB14, ...Array.from({ length: scans }, () => scan).flat(), ...EOI]);
}
