/**
 * The animated QR's counter (renderer/components/qr-counter.ts) counts parts, what the scanner on the other side
 * counts to: a fountain UR loops through its parts and as many mixed parts again, which are "extra", never a
 * doubled total (it read "Frame 1 of 330" for 165 parts).
 */
import { describe, expect, it } from 'vitest';
import { psbtFrames } from '../../electron/core/codecs/answer';
import { frameCounter } from '../../renderer/components/qr-counter';

const psbt = Uint8Array.from({ length: 3_000 }, (_, i) => (i * 7919) % 256);

describe('frameCounter', () => {
  it('a fountain UR of 8 parts shown as 16 frames: Part 1..8 of 8, then Extra part 1..8', () => {
    const frames = psbtFrames(psbt, 'ur1', { fragmentLength: 400 });
    expect(frames).toHaveLength(16);
    expect(frameCounter(frames, 0)).toBe('Part 1 of 8');
    expect(frameCounter(frames, 7)).toBe('Part 8 of 8');
    expect(frameCounter(frames, 8)).toBe('Extra part 1 · 8 parts');
    expect(frameCounter(frames, 15)).toBe('Extra part 8 · 8 parts');
  });
  it('a BBQr: each frame one part of the exact total', () => {
    const frames = psbtFrames(psbt, 'bbqr', { maxVersion: 7 });
    expect(frames.length).toBeGreaterThan(2);
    expect(frameCounter(frames, 1)).toBe(`Part 2 of ${frames.length}`);
  });
  it('lower-case UR parts (as other encoders write them) are read alike', () => {
    expect(frameCounter(['ur:crypto-account/3-5/lpaxaxcfaddykoa', 'x'], 0)).toBe('Part 3 of 5');
  });
});
