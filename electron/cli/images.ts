/**
 * PNG and JPEG files as RGBA frames for the QR decoder (pngjs, jpeg-js), within explicit limits, and the frame
 * decoded with the app's own decoder (electron/common/qr-decode.ts, the one the renderer's worker runs). A photo of
 * a screen is often far larger than the code needs and noisy: when the full-size frame holds no readable code, it is
 * tried again at half and a quarter size (averaging pixels smooths the noise and the moiré of the screen).
 */
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeFrame, type DecodedQr, type Frame } from '../common/qr-decode';
import { WalletError } from '../core';
import { jpegLayout, MAX_IMAGE_PIXELS, pngLayout, type Refusal } from '../common/image-header';

/** The largest image file read: far more than a phone photo. */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024;
export { MAX_IMAGE_PIXELS };
/** Smaller than this (on its short side) an image is not halved again: the modules of a dense code would merge. */
const MIN_SIDE = 300;

const isPng = (b: Uint8Array) => b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const isJpeg = (b: Uint8Array) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

function refuse<T extends object>(checked: T | Refusal): T {
  if ('refused' in checked) throw new WalletError('INVALID_ARGUMENT', checked.refused);
  return checked;
}

/**
 * The PNG's image data inflated here first, bounded by the size its (single) header implies, so that pngjs — which
 * inflates an interlaced image with no bound — is only given a file whose data is known to fit.
 */
function readPng(name: string, bytes: Uint8Array): Frame {
  const layout = refuse(pngLayout(name, bytes, MAX_IMAGE_PIXELS));
  try {
    inflateSync(Buffer.concat(layout.idat), { maxOutputLength: layout.inflatedBytes });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new WalletError('INVALID_ARGUMENT', `${name} is a PNG image whose compressed data inflates to more than the ${layout.inflatedBytes.toLocaleString('en-US')} bytes its ${layout.width}×${layout.height} pixels need (a decompression bomb?): refused.`);
    }
    throw new WalletError('INVALID_ARGUMENT', `${name} is a damaged PNG image (its compressed data: ${e instanceof Error ? e.message.slice(0, 80) : 'unreadable'}).`);
  }
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  } catch (e) {
    throw new WalletError('INVALID_ARGUMENT', `${name} is a damaged PNG image (${e instanceof Error ? e.message.slice(0, 80) : 'unreadable'}).`);
  }
}

/** The JPEG's markers walked first (one frame within the limit, at most MAX_JPEG_SCANS scans), then decoded. */
function readJpeg(name: string, bytes: Uint8Array): Frame {
  refuse(jpegLayout(name, bytes, MAX_IMAGE_PIXELS));
  try {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
    return { width: image.width, height: image.height, data: image.data };
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(message)) {
      throw new WalletError('INVALID_ARGUMENT', `${name} is larger than the ${MAX_IMAGE_PIXELS / 1e6} megapixels read: scale it down or crop it to the QR code.`);
    }
    throw new WalletError('INVALID_ARGUMENT', `${name} is a damaged JPEG image (${message.slice(0, 80) || 'unreadable'}).`);
  }
}

/** The image's pixels as RGBA; a file that is no PNG or JPEG (or a damaged one) is a WalletError saying so. */
export function readImage(name: string, bytes: Uint8Array): Frame {
  if (isPng(bytes)) return readPng(name, bytes);
  if (isJpeg(bytes)) return readJpeg(name, bytes);
  throw new WalletError('INVALID_ARGUMENT', `${name} is neither a PNG nor a JPEG image.`);
}

/** The frame at half size, each pixel the average of four. */
function halve(frame: Frame): Frame {
  const width = Math.floor(frame.width / 2);
  const height = Math.floor(frame.height / 2);
  const src = frame.data;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = ((2 * y) * frame.width + 2 * x) * 4;
      const b = a + frame.width * 4;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) data[o + c] = ((src[a + c] as number) + (src[a + 4 + c] as number) + (src[b + c] as number) + (src[b + 4 + c] as number) + 2) >> 2;
    }
  }
  return { width, height, data };
}

/** The QR code in an image, or null: the full frame first, then smaller ones. Bytes exact (a binary payload). */
export function decodeImage(frame: Frame): DecodedQr | null {
  let current = frame;
  for (;;) {
    const found = decodeFrame(current, 'bytes');
    if (found !== null) return found;
    if (Math.min(current.width, current.height) / 2 < MIN_SIDE) return null;
    current = halve(current);
  }
}
