/** A QR code read from a frame: its text, and its raw bytes (a CompactSeedQR is binary). */
export interface ScannedQr {
  readonly text: string;
  readonly bytes: Uint8Array;
}

/**
 * The QR decoding worker behind the camera, image-file and video-file inputs: one frame in, its QR code (or null)
 * out, in order. The frame's pixels are handed over to the worker, not copied.
 */
export class QrDecoder {
  private readonly worker = new Worker(new URL('../workers/qr-decode.worker.ts', import.meta.url), { type: 'module' });
  private readonly pending = new Map<number, (qr: ScannedQr | null) => void>();
  private next = 1;
  private closed = false;

  constructor(private readonly mode: 'text' | 'bytes') {
    this.worker.onmessage = (e: MessageEvent<{ id: number; text: string | null; bytes: Uint8Array | null }>) => {
      const done = this.pending.get(e.data.id);
      this.pending.delete(e.data.id);
      done?.(e.data.text !== null && e.data.bytes ? { text: e.data.text, bytes: e.data.bytes } : null);
    };
    // A worker that fails (its script not loaded, out of memory on a huge frame) never answers: the frames waiting
    // get null, so `busy` does not stay true for ever and the camera keeps handing over frames.
    this.worker.onerror = (e: Event) => {
      e.preventDefault();
      this.settleAll();
    };
    this.worker.onmessageerror = () => this.settleAll();
  }

  /** Frames waiting for the worker. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  decode(image: ImageData): Promise<ScannedQr | null> {
    // After close() the worker is gone and would never answer: no frame waits for it.
    if (this.closed) return Promise.resolve(null);
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, image, mode: this.mode }, [image.data.buffer]);
    });
  }

  close(): void {
    this.closed = true;
    this.worker.terminate();
    this.settleAll();
  }

  private settleAll(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const done of waiting) done(null);
  }
}

/** Draws the current picture of a video (camera or file) and reads its pixels; null before it has one. */
export function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): ImageData | null {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx || video.videoWidth === 0) return null;
  if (canvas.width !== video.videoWidth) canvas.width = video.videoWidth;
  if (canvas.height !== video.videoHeight) canvas.height = video.videoHeight;
  ctx.drawImage(video, 0, 0);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}
