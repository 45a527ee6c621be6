import { useRef, useState } from 'react';
import { imageRefusal } from '../../electron/common/image-header';
import { QrDecoder } from './qr-decoder';
import type { ScannedQr } from './QrScanner';

/** Images larger than this are scaled down before decoding (a phone photo is 12 megapixels; QR codes need far fewer). */
const MAX_SIDE = 1600;
/** Larger image files are not opened (as `permafrost scan`): far more than a phone photo, and decoding one would fill memory. */
const MAX_FILE_BYTES = 40 * 1024 * 1024;

/**
 * "Read the QR code from an image file": a photo or a screenshot of the coordinator's QR, when the webcam cannot
 * focus. The image is decoded off the UI thread by the same worker as the camera; one QR per image (pick several
 * images, in any order, for an animated code).
 */
export function QrImageFile({ onScan, onChoose, mode = 'bytes' }: { onScan: (qr: ScannedQr) => void; onChoose?: () => void; mode?: 'text' | 'bytes' }) {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<string | null>(null);

  const decode = async (files: FileList) => {
    onChoose?.();
    const decoder = new QrDecoder(mode);
    let found = 0;
    const problems: string[] = [];
    try {
      for (const file of Array.from(files)) {
        if (file.size > MAX_FILE_BYTES) {
          problems.push(`${file.name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB and was not opened.`);
          continue;
        }
        // The file's structure first (as `permafrost scan`): Chromium's JPEG decoder walks every block of the image
        // for each scan, so a small file of thousands of empty scans would keep it busy for an hour.
        const bytes = new Uint8Array(await file.arrayBuffer());
        const refused = imageRefusal(file.name, bytes);
        if (refused !== null) {
          problems.push(refused);
          continue;
        }
        const bitmap = await createImageBitmap(new Blob([bytes], { type: file.type })).catch(() => null);
        if (!bitmap) {
          problems.push(`${file.name} could not be opened as an image (damaged, or not PNG, JPEG or WebP).`);
          continue;
        }
        const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
        const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (!ctx) continue;
        ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        const qr = await decoder.decode(ctx.getImageData(0, 0, canvas.width, canvas.height));
        if (qr) {
          found += 1;
          onScan(qr);
        }
      }
    } finally {
      decoder.close();
    }
    const opened = files.length - problems.length;
    const summary = opened === 0 ? '' : found === 0 ? 'No QR code could be read from that image. Try a sharper photo, straight on, filling the frame.' : `Read ${found} QR code${found === 1 ? '' : 's'} from ${opened} image${opened === 1 ? '' : 's'}.`;
    setMessage([...problems, summary].filter((m) => m !== '').join(' '));
    if (input.current) input.current.value = '';
  };

  return (
    <div className="qr-image-file">
      <label>
        Or read it from image files (photos or screenshots of the QR){' '}
        <input ref={input} type="file" accept="image/png,image/jpeg,image/webp" multiple onChange={(e) => e.target.files && void decode(e.target.files)} data-testid="qr-image-file" />
      </label>
      {message && <p className="muted" data-testid="qr-image-message">{message}</p>}
    </div>
  );
}
