/**
 * Scanned frames go to the main process one at a time (renderer/components/scan-feed.ts, used by Sign Bitcoin and
 * Sign Ethereum for the camera, video and image inputs): under a stream of 1,000 decoded frames — repeats of a still
 * code and a hostile flood of distinct ones — never more than one request is in flight, repeats are sent once, and
 * what waits is bounded.
 */
import { describe, expect, it } from 'vitest';
import { ScanFeed } from '../../renderer/components/scan-feed';

/** A fake main process: records what it is sent and how many requests are open at once; answers when told. */
function fakeMain() {
  const sent: string[] = [];
  const open: Array<() => void> = [];
  let most = 0;
  const send = (text: string) =>
    new Promise<void>((resolve) => {
      sent.push(text);
      open.push(resolve);
      most = Math.max(most, open.length);
    });
  /** Answers the open request and lets the feed send its next frame. */
  const answer = async () => {
    open.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { sent, send, answer, open, most: () => most };
}

describe('ScanFeed', () => {
  it('a still QR decoded 1,000 times is sent once', async () => {
    const main = fakeMain();
    const feed = new ScanFeed(main.send);
    for (let i = 0; i < 1000; i++) {
      feed.push('UR:CRYPTO-PSBT/ONE');
      if (i % 10 === 0) await main.answer();
    }
    expect(main.sent).toEqual(['UR:CRYPTO-PSBT/ONE']);
  });

  it('a flood of 1,000 distinct frames while main is slow: one request in flight, at most 16 waiting, the newest kept', async () => {
    const main = fakeMain();
    const feed = new ScanFeed(main.send);
    for (let i = 0; i < 1000; i++) feed.push(`frame ${i}`);
    expect(main.open).toHaveLength(1);
    expect(feed.pending).toBe(16);
    while (main.open.length > 0) await main.answer();
    expect(main.most()).toBe(1);
    expect(main.sent).toEqual(['frame 0', ...Array.from({ length: 16 }, (_, i) => `frame ${984 + i}`)]);
    expect(feed.inFlight).toBe(false);
  });

  it('parts of an animated code arriving faster than main answers all get there, in order, each once', async () => {
    const main = fakeMain();
    const feed = new ScanFeed(main.send);
    const parts = ['p1', 'p2', 'p3', 'p4'];
    for (const p of [...parts, ...parts]) feed.push(p); // the loop shown twice before the first answer
    while (main.open.length > 0) await main.answer();
    expect(main.sent).toEqual(parts);
    expect(main.most()).toBe(1);
  });

  it('a failed send does not stop the feed; Start over (reset) drops what waits and lets a repeat through again', async () => {
    let calls = 0;
    const sent: string[] = [];
    const feed = new ScanFeed(async (text) => {
      sent.push(text);
      if (++calls === 1) throw new Error('main said no');
    });
    feed.push('a');
    feed.push('b');
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['a', 'b']);
    feed.push('b'); // the same as the last one sent: skipped
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['a', 'b']);
    feed.reset();
    feed.push('b');
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['a', 'b', 'b']);
  });

  it('reset while a frame is in flight: the frames waiting are dropped, the same frame shown again is sent again', async () => {
    const main = fakeMain();
    const feed = new ScanFeed(main.send);
    feed.push('x');
    feed.push('y');
    feed.reset();
    feed.push('x');
    while (main.open.length > 0) await main.answer();
    expect(main.sent).toEqual(['x', 'x']);
  });

  it('an answer that comes back after a reset is marked as the old scan’s (the screen ignores it)', async () => {
    const main = fakeMain();
    const answered: Array<[string, boolean]> = [];
    const feed = new ScanFeed(async (text, current) => {
      await main.send(text);
      answered.push([text, current()]);
    });
    feed.push('old');
    feed.reset(); // Start over while 'old' is in flight
    feed.push('new');
    while (main.open.length > 0) await main.answer();
    expect(answered).toEqual([
      ['old', false],
      ['new', true],
    ]);
  });
});
