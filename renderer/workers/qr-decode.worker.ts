/// <reference lib="webworker" />
/**
 * Decodes QR codes from camera frames, image files and video files off the UI thread (Linux Chromium has no
 * BarcodeDetector), with the decoder in ./qr-decode.ts. A request is { id, image, mode }; the answer
 * { id, text, bytes } (null, null when the frame holds no readable QR code).
 */
import { decodeFrame, type DecodeMode } from './qr-decode';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<{ id: number; image: ImageData; mode?: DecodeMode }>) => {
  const { id, image, mode = 'bytes' } = event.data;
  const found = decodeFrame(image, mode);
  self.postMessage({ id, text: found?.text ?? null, bytes: found?.bytes ?? null });
};
