/**
 * The scanned QR frames on their way to the main process: one at a time. A camera decodes up to 30 frames a
 * second and a hostile screen can show anything; sending each without waiting piles requests up in main. So one
 * frame is in flight; the frames decoded meanwhile wait (at most `capacity`, the oldest let go first — a camera
 * shows them again); a frame equal to the last one sent or to one already waiting is skipped (the decoder in
 * main already has it: a still QR decoded 30 times a second is sent once).
 */
import { useEffect, useRef, useState } from 'react';

export class ScanFeed {
  private last: string | null = null;
  private waiting: string[] = [];
  private busy = false;
  /** Bumped by reset(): a send that began before it does not count as the last one sent after it. */
  private generation = 0;

  constructor(
    /** Sends one frame; `current()` turns false once the feed is reset, so a late answer can be ignored. */
    private readonly send: (text: string, current: () => boolean) => Promise<unknown>,
    readonly capacity = 16,
  ) {}

  /** A decoded frame: sent now if nothing is in flight, else queued (or skipped, see above). */
  push(text: string): void {
    if (text === this.last || this.waiting.includes(text)) return;
    this.waiting.push(text);
    if (this.waiting.length > this.capacity) this.waiting.shift();
    void this.pump();
  }

  /** A fresh scan (Start over, or the transaction is read): waiting frames are dropped, a repeat is sent again. */
  reset(): void {
    this.generation++;
    this.last = null;
    this.waiting = [];
  }

  /** Frames waiting to be sent (for tests and progress). */
  get pending(): number {
    return this.waiting.length;
  }

  get inFlight(): boolean {
    return this.busy;
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let text = this.waiting.shift(); text !== undefined; text = this.waiting.shift()) {
        const generation = this.generation;
        this.last = text;
        try {
          await this.send(text, () => generation === this.generation);
        } catch {
          // The caller reports its own errors; the next frame still goes.
        }
        if (generation !== this.generation && this.last === text) this.last = null;
      }
    } finally {
      this.busy = false;
    }
  }
}

/** A ScanFeed for a screen: `send` may change on every render (the latest is used); dropped when the screen goes. */
export function useScanFeed(send: (text: string, current: () => boolean) => Promise<unknown>): ScanFeed {
  const latest = useRef(send);
  useEffect(() => {
    latest.current = send;
  });
  const [feed] = useState(() => new ScanFeed((text, current) => latest.current(text, current)));
  useEffect(() => () => feed.reset(), [feed]);
  return feed;
}
