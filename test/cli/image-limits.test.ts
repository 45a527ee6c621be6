/**
 * The limits of `permafrost scan`'s image reading (electron/cli/images.ts, electron/cli/image-header.ts) against the
 * three attacks of the review of issue 10, each in a small version made here from the specifications (PNG:
 * https://www.w3.org/TR/png-3/ §5 chunks, §8.2 Adam7, §11.2.1 IHDR; JPEG: ITU-T T.81 Annex B markers, G.1.2.2
 * progressive EOB runs):
 * - a PNG with a second IHDR (pngjs takes the last one; the size was checked on the first);
 * - a PNG whose image data inflates past what its header implies (pngjs inflates interlaced images with no bound);
 * - a progressive JPEG of many scans holding only end-of-band runs (jpeg-js walks every block for each scan).
 * And the files a phone or a screenshot tool makes still read: an interlaced PNG built here pass by pass, and a
 * progressive JPEG of 64 scans.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jpegLayout, MAX_JPEG_SCANS, pngLayout } from '../../electron/common/image-header';
import { decodeImage, MAX_IMAGE_PIXELS, readImage } from '../../electron/cli/images';
import { textQr } from '../../electron/core';
import { runInProcess } from '../helpers/cli';
import { matrixToRgba } from '../helpers/qr-image';
import { acScanOfEobRuns, adam7, chunk, DHT_EOB14, DQT, EOI, IEND, ihdr, png, rows, scansJpeg, sof, SOI, u16 } from '../helpers/hostile-images';
import { refusal } from '../helpers/refusal';

/** A QR code drawn as an 8-bit greyscale image: the pixel function and its size. */
function qrPicture(text: string): { size: number; grey: (x: number, y: number) => number } {
  const image = matrixToRgba(textQr(text), 3);
  return { size: image.width, grey: (x, y) => image.data[(y * image.width + x) * 4] as number };
}

describe('PNG: the chunks are walked before anything is inflated', () => {
  it('a second IHDR header (the review: 1×1 first, 8000×8000 second) is refused by name, before decoding', () => {
    const data = chunk('IDAT', deflateSync(new Uint8Array(2)));
    const two = png(ihdr(1, 1), ihdr(8000, 8000), data, IEND);
    expect(refusal(() => readImage('two.png', two)).message).toBe('two.png is a PNG image with a second IHDR header (at byte 33): a PNG has exactly one, so which size it has is ambiguous — refused.');
    // After the image data, too.
    expect(refusal(() => readImage('late.png', png(ihdr(1, 1), data, ihdr(8000, 8000), IEND))).message).toMatch(/^late\.png is a PNG image with a second IHDR header \(at byte 55\)/);
  });

  it('the IHDR must come first, and its size, colour type and bit depth are checked', () => {
    const data = chunk('IDAT', deflateSync(new Uint8Array(2)));
    expect(refusal(() => readImage('a.png', png(data, ihdr(1, 1), IEND))).message).toBe('a.png is a damaged PNG image (its first chunk is "IDAT", not the IHDR header).');
    expect(refusal(() => readImage('a.png', png(ihdr(7000, 7000), data, IEND))).message).toBe(`a.png is 7000×7000 pixels, more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels read: scale it down or crop it to the QR code.`);
    expect(refusal(() => readImage('a.png', png(ihdr(0, 5), data, IEND))).message).toBe('a.png is a damaged PNG image (its header declares 0×5 pixels).');
    expect(refusal(() => readImage('a.png', png(ihdr(1, 1, { colourType: 2, depth: 4 }), data, IEND))).message).toBe('a.png is a damaged PNG image (a bit depth of 4 is not allowed for truecolour).');
    expect(refusal(() => readImage('a.png', png(ihdr(1, 1, { colourType: 5 }), data, IEND))).message).toBe('a.png is a damaged PNG image (colour type 5 does not exist).');
    expect(refusal(() => readImage('a.png', png(ihdr(1, 1, { interlace: 2 }), data, IEND))).message).toBe('a.png is a damaged PNG image (interlace method 2; PNG defines only 0 and 1).');
  });

  it('nothing may follow IEND; a chunk running past the end and a missing IEND are damage', () => {
    const good = png(ihdr(2, 2), chunk('IDAT', deflateSync(rows(2, 2, () => 9))), IEND);
    expect(readImage('a.png', good)).toMatchObject({ width: 2, height: 2 });
    const after = new Uint8Array(Buffer.concat([good, png(ihdr(8000, 8000))]));
    expect(refusal(() => readImage('a.png', after)).message).toBe('a.png is a PNG image with 33 bytes after its IEND chunk (the end of the image): refused.');
    expect(refusal(() => readImage('a.png', good.slice(0, good.length - 12))).message).toBe('a.png is a damaged PNG image (it ends at byte 59, before its IEND chunk).');
    expect(refusal(() => readImage('a.png', good.slice(0, 50))).message).toBe('a.png is a damaged PNG image (its "IDAT" chunk at byte 33 runs past the end of the file).');
    expect(refusal(() => readImage('a.png', png(ihdr(2, 2), IEND))).message).toBe('a.png is a damaged PNG image (it has no image data (IDAT chunk)).');
  });

  it('the inflated size the header implies: rows with their filter bytes, and every Adam7 pass when interlaced', () => {
    // 100×37 greyscale 8-bit: 37 rows of 1 + 100 bytes. Interlaced: the passes built above, counted by their bytes.
    const plain = pngLayout('a', png(ihdr(100, 37), chunk('IDAT', new Uint8Array(1)), IEND), MAX_IMAGE_PIXELS);
    expect(plain).toMatchObject({ interlaced: false, inflatedBytes: 37 * 101 });
    const interlaced = pngLayout('a', png(ihdr(100, 37, { interlace: 1 }), chunk('IDAT', new Uint8Array(1)), IEND), MAX_IMAGE_PIXELS);
    expect(interlaced).toMatchObject({ interlaced: true, inflatedBytes: adam7(100, 37, () => 0).length });
    // 16-bit truecolour with alpha, 3×1 interlaced: passes 1 (1 px), 2 (1 px: x=4 is outside, so none), …
    expect(pngLayout('a', png(ihdr(3, 1, { colourType: 6, depth: 16, interlace: 1 }), chunk('IDAT', new Uint8Array(1)), IEND), MAX_IMAGE_PIXELS)).toMatchObject({ inflatedBytes: (1 + 8) + (1 + 8) + (1 + 8) });
  });

  it('an interlaced PNG bomb (the review: image data that inflates to gigabytes) is refused at the bound its header implies', () => {
    // 100×100 greyscale, interlaced: the header implies 10,100-odd bytes; the data inflates to 64 MiB of zeros
    // (65 KB compressed). The inflation stops at the bound, and pngjs is never called.
    const bound = adam7(100, 100, () => 0).length;
    const bomb = png(ihdr(100, 100, { interlace: 1 }), chunk('IDAT', deflateSync(new Uint8Array(64 << 20), { level: 9 })), IEND);
    expect(bomb.length).toBeLessThan(100_000);
    expect(refusal(() => readImage('bomb.png', bomb)).message).toBe(`bomb.png is a PNG image whose compressed data inflates to more than the ${bound.toLocaleString('en-US')} bytes its 100×100 pixels need (a decompression bomb?): refused.`);
    // One byte more than the image needs is already too much; not interlaced, the same.
    const oneMore = png(ihdr(100, 100, { interlace: 1 }), chunk('IDAT', deflateSync(new Uint8Array(bound + 1))), IEND);
    expect(refusal(() => readImage('b.png', oneMore)).message).toMatch(/^b\.png is a PNG image whose compressed data inflates to more than/);
    const plain = png(ihdr(100, 100), chunk('IDAT', deflateSync(new Uint8Array(101 * 100 + 1))), IEND);
    expect(refusal(() => readImage('c.png', plain)).message).toBe('c.png is a PNG image whose compressed data inflates to more than the 10,100 bytes its 100×100 pixels need (a decompression bomb?): refused.');
  });

  it('an interlaced PNG of a QR code (built pass by pass), split over several IDAT chunks, is read', () => {
    const { size, grey } = qrPicture('UR:CRYPTO-PSBT/HDCXLKAHSSQZWFVSLOFZOXWKRE');
    const z = deflateSync(adam7(size, size, grey));
    const third = Math.ceil(z.length / 3);
    const file = png(ihdr(size, size, { interlace: 1 }), chunk('IDAT', z.subarray(0, third)), chunk('tEXt', Buffer.from('Comment\0made here')), chunk('IDAT', z.subarray(third, 2 * third)), chunk('IDAT', z.subarray(2 * third)), IEND);
    const frame = readImage('interlaced.png', file);
    expect({ width: frame.width, height: frame.height }).toEqual({ width: size, height: size });
    expect(decodeImage(frame)?.text).toBe('UR:CRYPTO-PSBT/HDCXLKAHSSQZWFVSLOFZOXWKRE');
  });
});

describe('JPEG: the markers are walked before decoding', () => {
  it(`a progressive JPEG of ${MAX_JPEG_SCANS + 1} scans (the review: 47.6 megapixels, scans of end-of-band runs only) is refused by its scan count`, () => {
    const file = scansJpeg(7000, 6800, MAX_JPEG_SCANS + 1);
    expect(file.length).toBeLessThan(10_000);
    expect(refusal(() => readImage('scans.jpg', file)).message).toBe(`scans.jpg is a JPEG image with ${MAX_JPEG_SCANS + 1} start-of-scan markers, more than the ${MAX_JPEG_SCANS} read (a photo has about 10): each scan is a pass over the whole image — refused.`);
    expect(jpegLayout('a', scansJpeg(7000, 6800, MAX_JPEG_SCANS), MAX_IMAGE_PIXELS)).toEqual({ width: 7000, height: 6800, scans: MAX_JPEG_SCANS, blocks: 875 * 850 });
  });

  it(`${MAX_JPEG_SCANS} scans are read (a small image: jpeg-js decodes it, grey, no code)`, () => {
    expect(readImage('ok.jpg', scansJpeg(64, 48, MAX_JPEG_SCANS))).toMatchObject({ width: 64, height: 48 });
  });

  it('scans hidden from the walk (a segment length that skips them) are still counted', () => {
    // An APP1 segment whose length covers the scans: the walk skips them, the count over the file does not.
    const scans = Array.from({ length: MAX_JPEG_SCANS + 1 }, () => acScanOfEobRuns(16_384)).flat();
    const file = Uint8Array.from([...SOI, ...DQT, ...sof(0xc2, 64, 48), ...DHT_EOB14, 0xff, 0xe1, ...u16(2 + scans.length), ...scans, ...EOI]);
    expect(refusal(() => readImage('hidden.jpg', file)).message).toMatch(/^hidden\.jpg is a JPEG image with 65 start-of-scan markers/);
  });

  it('scans × blocks is bounded too: 30 scans of a 47.6-megapixel colour image (3 components, no subsampling) are refused', () => {
    const scan = acScanOfEobRuns(743_750);
    const colour = (scans: number) => Uint8Array.from([...SOI, ...DQT, ...sof(0xc2, 7000, 6800, [0x11, 0x11, 0x11]), ...DHT_EOB14, ...Array.from({ length: scans }, () => scan).flat(), ...EOI]);
    expect(refusal(() => readImage('colour.jpg', colour(30))).message).toBe(`colour.jpg is a JPEG image of 30 scans over 2,231,250 blocks (8×8 pixels): 66,937,500 block passes, more than the 48,000,000 read (${MAX_JPEG_SCANS} scans of a 48-megapixel greyscale image) — refused.`);
    expect(jpegLayout('a', colour(21), MAX_IMAGE_PIXELS)).toMatchObject({ scans: 21, blocks: 3 * 743_750 });
    // 4:2:0 (luma sampled 2×2): 875×850 luma blocks rounded up to whole MCUs, and a quarter as many for each chroma.
    expect(jpegLayout('a', Uint8Array.from([...SOI, ...sof(0xc0, 7000, 6800, [0x22, 0x11, 0x11]), ...EOI]), MAX_IMAGE_PIXELS)).toMatchObject({ blocks: 438 * 425 * 6 });
  });

  it('more than 4 components, a sampling factor outside 1–4: refused', () => {
    expect(refusal(() => readImage('five.jpg', Uint8Array.from([...SOI, ...sof(0xc0, 16, 16, [0x11, 0x11, 0x11, 0x11, 0x11]), ...EOI]))).message).toBe('five.jpg is a JPEG image with 5 colour components; a photo has 1, 3 or 4.');
    expect(refusal(() => readImage('wide.jpg', Uint8Array.from([...SOI, ...sof(0xc0, 16, 16, [0x51]), ...EOI]))).message).toBe('wide.jpg is a damaged JPEG image (a sampling factor outside 1–4).');
  });

  it('a second frame header, a frame over the limit, a frame of height 0: refused from the header', () => {
    const scan = acScanOfEobRuns(16_384);
    const two = Uint8Array.from([...SOI, ...DQT, ...sof(0xc0, 16, 16), ...DHT_EOB14, ...sof(0xc2, 7000, 6800), ...scan, ...EOI]);
    expect(refusal(() => readImage('two.jpg', two)).message).toBe('two.jpg is a JPEG image with a second frame header (SOF marker at byte 106): a JPEG has one — refused.');
    const huge = Uint8Array.from([...SOI, ...DQT, ...sof(0xc0, 10_000, 10_000), ...DHT_EOB14, ...scan, ...EOI]);
    expect(refusal(() => readImage('huge.jpg', huge)).message).toBe(`huge.jpg is 10000×10000 pixels, more than the ${MAX_IMAGE_PIXELS / 1e6} megapixels read: scale it down or crop it to the QR code.`);
    const dnl = Uint8Array.from([...SOI, ...DQT, ...sof(0xc0, 100, 0), ...DHT_EOB14, ...scan, ...EOI]);
    expect(refusal(() => readImage('dnl.jpg', dnl)).message).toBe('dnl.jpg is a JPEG image whose frame header declares 100×0 pixels (a height set later by a DNL marker is not read).');
  });
});

describe('permafrost scan names the refused file and goes on', () => {
  it('the three attacks, each reported on stderr with its reason; exit 1', async () => {
    const files = new Map([
      ['two-ihdr.png', png(ihdr(1, 1), ihdr(8000, 8000), chunk('IDAT', deflateSync(new Uint8Array(2))), IEND)],
      ['bomb.png', png(ihdr(100, 100, { interlace: 1 }), chunk('IDAT', deflateSync(new Uint8Array(16 << 20), { level: 9 })), IEND)],
      ['scans.jpg', scansJpeg(7000, 6800, 200)],
    ]);
    const r = await runInProcess(['scan', 'two-ihdr.png', 'bomb.png', 'scans.jpg'], { files });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('two-ihdr.png: the file is a PNG image with a second IHDR header');
    expect(r.stderr).toContain('bomb.png: the file is a PNG image whose compressed data inflates to more than');
    expect(r.stderr).toContain('scans.jpg: the file is a JPEG image with 200 start-of-scan markers');
  });
});
