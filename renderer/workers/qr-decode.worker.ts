/// <reference lib="webworker" />
/**
 * Decodes QR codes from camera frames and image files off the UI thread (Linux Chromium has no BarcodeDetector).
 * Two decoders, chosen by what the caller needs:
 * - 'text' (transactions: UR, BBQr, base64 — all text): paulmillr's `qr` decoder, fast enough for every frame of a
 *   720p stream (bench/qr-decode.bench.ts);
 * - 'bytes' (a CompactSeedQR is raw bytes, which a text decoder would mangle): jsQR, which hands back the payload's
 *   bytes.
 */
import jsQR from 'jsqr';
import decodeQR from 'qr/decode.js';

declare const self: DedicatedWorkerGlobalScope;

const encoder = new TextEncoder();

self.onmessage = (event: MessageEvent<{ id: number; image: ImageData; mode?: 'text' | 'bytes' }>) => {
  const { id, image, mode = 'bytes' } = event.data;
  if (mode === 'text') {
    let text: string | null = null;
    try {
      text = decodeQR({ width: image.width, height: image.height, data: image.data });
    } catch {
      text = null;
    }
    self.postMessage({ id, text, bytes: text === null ? null : encoder.encode(text) });
    return;
  }
  const result = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  self.postMessage({ id, text: result ? result.data : null, bytes: result ? Uint8Array.from(result.binaryData) : null });
};
