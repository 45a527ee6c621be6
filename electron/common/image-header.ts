/**
 * The structure of a PNG or JPEG file, read before any pixel is decoded, so that the decoders (pngjs, jpeg-js) are
 * only given files whose work and memory are bounded by the size their header declares:
 * - PNG (https://www.w3.org/TR/png-3/ §5): exactly one IHDR, first; its size, bit depth and colour type; nothing
 *   after IEND; and the number of bytes its image data must inflate to (filter bytes and Adam7 passes included),
 *   which the caller uses as the bound of the inflation — a decompression bomb stops there.
 * - JPEG (ITU-T T.81 Annex B): one frame header (SOF) whose size is within the limit, with 1–4 components sampled
 *   1–4 times (B.2.2), and at most MAX_JPEG_SCANS start-of-scan markers: jpeg-js walks every block of the image for
 *   each scan, so a file of empty scans (a few bytes each) would otherwise cost minutes. Scans × blocks is bounded
 *   too (as many block passes as MAX_JPEG_SCANS scans of the largest greyscale image read).
 * Pure: bytes in, a description or the reason for refusing out; nothing here throws. Shared by `permafrost scan`
 * (electron/cli/images.ts, which also bounds the PNG's inflation) and the app's "read it from image files"
 * (renderer/components/QrImageFile.tsx: Chromium's decoders bound PNG data by the header, but walk every block of
 * a JPEG for each scan too).
 */

/** The largest image decoded, in pixels (a 48-megapixel phone camera's full resolution). */
export const MAX_IMAGE_PIXELS = 48_000_000;

/** More start-of-scan markers than this are refused: a progressive photo has about 10 (libjpeg's default script). */
export const MAX_JPEG_SCANS = 64;

export type Refusal = { readonly refused: string };

/**
 * Why a PNG or JPEG file is refused before it is decoded (its structure, its size, its scans), or null; other
 * formats (WebP in the app) are left to their decoder.
 */
export function imageRefusal(name: string, bytes: Uint8Array, maxPixels = MAX_IMAGE_PIXELS): string | null {
  const checked = bytes[0] === 0x89 && bytes[1] === 0x50 ? pngLayout(name, bytes, maxPixels) : bytes[0] === 0xff && bytes[1] === 0xd8 ? jpegLayout(name, bytes, maxPixels) : null;
  return checked !== null && 'refused' in checked ? checked.refused : null;
}

export interface PngLayout {
  readonly width: number;
  readonly height: number;
  readonly interlaced: boolean;
  /** The IDAT chunks' data, in order (the zlib stream). */
  readonly idat: readonly Uint8Array[];
  /** The exact size of the inflated image data the header implies (a filter byte per row, every Adam7 pass). */
  readonly inflatedBytes: number;
}

export interface JpegLayout {
  readonly width: number;
  readonly height: number;
  readonly scans: number;
  /** 8×8 blocks of all components, as jpeg-js allocates them (whole MCUs). */
  readonly blocks: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per colour type, and the bit depths each allows (PNG §11.2.1, Table 11.1). */
const COLOUR_TYPES: Record<number, { readonly channels: number; readonly depths: readonly number[]; readonly name: string }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16], name: 'greyscale' },
  2: { channels: 3, depths: [8, 16], name: 'truecolour' },
  3: { channels: 1, depths: [1, 2, 4, 8], name: 'indexed-colour' },
  4: { channels: 2, depths: [8, 16], name: 'greyscale with alpha' },
  6: { channels: 4, depths: [8, 16], name: 'truecolour with alpha' },
};
/** Adam7's seven passes: first column, first row, column step, row step (PNG §8.2). */
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

const u16 = (b: Uint8Array, at: number) => ((b[at] as number) << 8) | (b[at + 1] as number);
const u32 = (b: Uint8Array, at: number) => (((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)) >>> 0;
const chunkType = (b: Uint8Array, at: number) => String.fromCharCode(b[at] as number, b[at + 1] as number, b[at + 2] as number, b[at + 3] as number);
const count = (n: number) => n.toLocaleString('en-US');

export function tooManyPixels(name: string, width: number, height: number, maxPixels: number): Refusal | null {
  return width * height > maxPixels
    ? { refused: `${name} is ${width}×${height} pixels, more than the ${maxPixels / 1e6} megapixels read: scale it down or crop it to the QR code.` }
    : null;
}

/** Bytes of inflated data for an image (or an Adam7 pass) of this size: each row a filter byte and its packed pixels. */
function rawBytes(width: number, height: number, bitsPerPixel: number): number {
  return width === 0 || height === 0 ? 0 : (Math.ceil((width * bitsPerPixel) / 8) + 1) * height;
}

function inflatedSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  if (!interlaced) return rawBytes(width, height, bitsPerPixel);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    total += rawBytes(Math.max(0, Math.ceil((width - x0) / dx)), Math.max(0, Math.ceil((height - y0) / dy)), bitsPerPixel);
  }
  return total;
}

/** The IHDR chunk's data (13 bytes) checked: size within the limit, a valid colour type and bit depth. */
function readIhdr(name: string, data: Uint8Array, maxPixels: number): Refusal | { width: number; height: number; interlaced: boolean; bitsPerPixel: number } {
  const damaged = (why: string): Refusal => ({ refused: `${name} is a damaged PNG image (${why}).` });
  if (data.length !== 13) return damaged(`its IHDR header is ${data.length} bytes, not 13`);
  const width = u32(data, 0);
  const height = u32(data, 4);
  const [depth, colourType, compression, filter, interlace] = [data[8], data[9], data[10], data[11], data[12]] as number[] as [number, number, number, number, number];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return damaged(`its header declares ${width}×${height} pixels`);
  const large = tooManyPixels(name, width, height, maxPixels);
  if (large) return large;
  const colour = COLOUR_TYPES[colourType];
  if (!colour) return damaged(`colour type ${colourType} does not exist`);
  if (!colour.depths.includes(depth)) return damaged(`a bit depth of ${depth} is not allowed for ${colour.name}`);
  if (compression !== 0 || filter !== 0) return damaged(`compression method ${compression} and filter method ${filter}; PNG defines only 0`);
  if (interlace > 1) return damaged(`interlace method ${interlace}; PNG defines only 0 and 1`);
  return { width, height, interlaced: interlace === 1, bitsPerPixel: colour.channels * depth };
}

/**
 * A PNG file's chunks walked (lengths only; pngjs checks the CRCs): exactly one IHDR and it comes first, at least one
 * IDAT, an IEND with nothing after it. `name` starts the messages ("the file").
 */
export function pngLayout(name: string, bytes: Uint8Array, maxPixels: number): PngLayout | Refusal {
  const damaged = (why: string): Refusal => ({ refused: `${name} is a damaged PNG image (${why}).` });
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return damaged('no PNG signature');
  let header: Exclude<ReturnType<typeof readIhdr>, Refusal> | null = null;
  const idat: Uint8Array[] = [];
  let at = 8;
  for (;;) {
    if (at + 12 > bytes.length) return damaged(`it ends at byte ${count(bytes.length)}, before its IEND chunk`);
    const length = u32(bytes, at);
    const type = chunkType(bytes, at + 4);
    if (length > 0x7fffffff || at + 12 + length > bytes.length) return damaged(`its ${JSON.stringify(type)} chunk at byte ${count(at)} runs past the end of the file`);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (header === null) {
      if (type !== 'IHDR') return damaged(`its first chunk is ${JSON.stringify(type)}, not the IHDR header`);
      const read = readIhdr(name, data, maxPixels);
      if ('refused' in read) return read;
      header = read;
    } else if (type === 'IHDR') {
      return { refused: `${name} is a PNG image with a second IHDR header (at byte ${count(at)}): a PNG has exactly one, so which size it has is ambiguous — refused.` };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      const end = at + 12 + length;
      if (end !== bytes.length) return { refused: `${name} is a PNG image with ${count(bytes.length - end)} bytes after its IEND chunk (the end of the image): refused.` };
      break;
    }
    at += 12 + length;
  }
  if (idat.length === 0) return damaged('it has no image data (IDAT chunk)');
  return { width: header.width, height: header.height, interlaced: header.interlaced, idat, inflatedBytes: inflatedSize(header.width, header.height, header.bitsPerPixel, header.interlaced) };
}

/** SOFn markers (T.81 Table B.1): C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers without a length: TEM, RST0–7, SOI, EOI. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);

/** Every FF DA byte pair in the file: entropy-coded data never holds one (an FF there is followed by 00 or RSTn), so
 * this bounds the scans any parser can start, whatever it makes of the segment lengths. */
function sosMarkers(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0xff); i !== -1 && i + 1 < bytes.length; i = bytes.indexOf(0xff, i + 1)) {
    if (bytes[i + 1] === 0xda) n += 1;
  }
  return n;
}

/**
 * A JPEG file's markers walked from SOI to EOI (segments by their length, entropy-coded data to the next marker):
 * one frame header within the size limit, at most MAX_JPEG_SCANS scans. Where the structure is broken the walk stops
 * and jpeg-js reports the damage; the scan count is also bounded over the whole file, so a broken structure
 * cannot hide scans from it.
 */
export function jpegLayout(name: string, bytes: Uint8Array, maxPixels: number): JpegLayout | Refusal {
  const markers = sosMarkers(bytes);
  if (markers > MAX_JPEG_SCANS) {
    return { refused: `${name} is a JPEG image with ${count(markers)} start-of-scan markers, more than the ${MAX_JPEG_SCANS} read (a photo has about 10): each scan is a pass over the whole image — refused.` };
  }
  let frame: { width: number; height: number; blocks: number } | null = null;
  let scans = 0;
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) break; // not a marker where one should be: jpeg-js says what is wrong
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) break; // EOI
    if (isStandalone(marker) || marker === 0x00) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) break;
    const length = u16(bytes, at + 2);
    if (isSof(marker)) {
      if (frame !== null) return { refused: `${name} is a JPEG image with a second frame header (SOF marker at byte ${count(at)}): a JPEG has one — refused.` };
      const read = readSof(name, bytes.subarray(at + 4, Math.min(bytes.length, at + 2 + length)), maxPixels);
      if (read === null) break;
      if ('refused' in read) return read;
      frame = read;
    }
    at += 2 + length;
    if (marker === 0xda) {
      scans += 1;
      // The entropy-coded data: up to the next marker that is not a stuffed FF 00 or a restart marker.
      while (at + 1 < bytes.length && !(bytes[at] === 0xff && bytes[at + 1] !== 0x00 && !((bytes[at + 1] as number) >= 0xd0 && (bytes[at + 1] as number) <= 0xd7))) at += 1;
    }
  }
  if (frame !== null && markers * frame.blocks > maxPixels) {
    return { refused: `${name} is a JPEG image of ${count(markers)} scans over ${count(frame.blocks)} blocks (8×8 pixels): ${count(markers * frame.blocks)} block passes, more than the ${count(maxPixels)} read (${MAX_JPEG_SCANS} scans of a ${maxPixels / 1e6}-megapixel greyscale image) — refused.` };
  }
  return { width: frame?.width ?? 0, height: frame?.height ?? 0, scans, blocks: frame?.blocks ?? 0 };
}

/** A frame header's data (after its length): the size within the limit, 1–4 components sampled 1–4 times; null when cut short. */
function readSof(name: string, data: Uint8Array, maxPixels: number): { width: number; height: number; blocks: number } | Refusal | null {
  if (data.length < 6) return null;
  const height = u16(data, 1);
  const width = u16(data, 3);
  const components = data[5] as number;
  if (height === 0 || width === 0) return { refused: `${name} is a JPEG image whose frame header declares ${width}×${height} pixels (a height set later by a DNL marker is not read).` };
  const large = tooManyPixels(name, width, height, maxPixels);
  if (large) return large;
  if (components < 1 || components > 4) return { refused: `${name} is a JPEG image with ${components} colour components; a photo has 1, 3 or 4.` };
  if (data.length < 6 + 3 * components) return null;
  const sampling = Array.from({ length: components }, (_, i) => ({ h: (data[7 + 3 * i] as number) >> 4, v: (data[7 + 3 * i] as number) & 15 }));
  if (sampling.some(({ h, v }) => h < 1 || h > 4 || v < 1 || v > 4)) return { refused: `${name} is a damaged JPEG image (a sampling factor outside 1–4).` };
  const maxH = Math.max(...sampling.map((c) => c.h));
  const maxV = Math.max(...sampling.map((c) => c.v));
  const mcus = Math.ceil(width / 8 / maxH) * Math.ceil(height / 8 / maxV);
  return { width, height, blocks: sampling.reduce((sum, { h, v }) => sum + mcus * h * v, 0) };
}
