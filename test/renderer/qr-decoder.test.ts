/**
 * The renderer's handle on the decoding worker (renderer/components/qr-decoder.ts), against a fake Worker: the
 * camera skips frames while `busy`, so a frame the worker never answers would stop the scan for good, silently.
 * A worker that fails and a decode asked after close() must both leave nothing waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QrDecoder } from '../../renderer/components/qr-decoder';

class FakeWorker {
  static last: FakeWorker | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly posted: unknown[] = [];
  terminated = false;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(message: unknown): void {
    if (this.terminated) return; // a terminated worker drops what it is sent, and never answers
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
}

const frame = () => ({ data: new Uint8ClampedArray(4), width: 1, height: 1 }) as unknown as ImageData;
const settled = async <T>(p: Promise<T>): Promise<{ value: T } | 'waiting'> =>
  Promise.race([p.then((value) => ({ value })), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 50))]);

describe('QrDecoder', () => {
  beforeEach(() => vi.stubGlobal('Worker', FakeWorker));
  afterEach(() => vi.unstubAllGlobals());

  it('answers a frame with what the worker read', async () => {
    const decoder = new QrDecoder('text');
    const answer = decoder.decode(frame());
    expect(decoder.busy).toBe(true);
    FakeWorker.last!.onmessage!({ data: { id: 1, text: 'UR:PSBT/ABC', bytes: new Uint8Array([1]) } });
    expect(await answer).toEqual({ text: 'UR:PSBT/ABC', bytes: new Uint8Array([1]) });
    expect(decoder.busy).toBe(false);
  });

  it('a decode asked after close() is null at once, not a promise that never settles', async () => {
    const decoder = new QrDecoder('bytes');
    decoder.close();
    expect(await settled(decoder.decode(frame()))).toEqual({ value: null });
    expect(decoder.busy).toBe(false);
  });

  it('a worker that fails: the frames waiting are null and the decoder is not busy for ever', async () => {
    const decoder = new QrDecoder('bytes');
    const waiting = [decoder.decode(frame()), decoder.decode(frame())];
    const preventDefault = vi.fn();
    FakeWorker.last!.onerror?.({ preventDefault });
    expect(await settled(Promise.all(waiting))).toEqual({ value: [null, null] });
    expect(decoder.busy).toBe(false);
    expect(preventDefault).toHaveBeenCalled();
  });

  it('a message the worker sent that cannot be read: the same', async () => {
    const decoder = new QrDecoder('text');
    const waiting = decoder.decode(frame());
    FakeWorker.last!.onmessageerror?.();
    expect(await settled(waiting)).toEqual({ value: null });
    expect(decoder.busy).toBe(false);
  });
});
