/// <reference lib="webworker" />
/**
 * Decodes QR codes from camera frames off the UI thread (Linux Chromium has no BarcodeDetector). Receives
 * ImageData, answers with the text and the raw bytes of the payload (a CompactSeedQR is raw bytes), or null.
 */
import jsQR from 'jsqr';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<{ id: number; image: ImageData }>) => {
  const { id, image } = event.data;
  const result = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  self.postMessage({ id, text: result ? result.data : null, bytes: result ? Uint8Array.from(result.binaryData) : null });
};
