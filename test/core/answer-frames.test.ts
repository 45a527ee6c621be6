/**
 * The signed-PSBT answer's frame budget (psbtAnswer): up to MAX_ANSWER_FRAMES frames the answer is psbtFrames
 * itself; over it no frame is made (a 1 MB PSBT as UR would be 5,002 fountain parts) and the count says why.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_FRAMES, psbtAnswer, psbtFrames } from '../../electron/core/codecs/answer';

/** Incompressible bytes (BBQr's zlib cannot shrink them), the same every run. */
function bytes(length: number, seed = 1): Uint8Array {
  let x = seed;
  return Uint8Array.from({ length }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x >>> 24));
}

describe('psbtAnswer', () => {
  it('a 100 KB PSBT as UR (400-byte fragments): 502 frames, all made, the same as psbtFrames', () => {
    const psbt = bytes(100_000);
    const answer = psbtAnswer(psbt, 'ur2', { fragmentLength: 400 });
    expect(answer.total).toBe(502);
    expect(answer.frames).toEqual(psbtFrames(psbt, 'ur2', { fragmentLength: 400 }));
  });
  it('a 1 MB PSBT as UR: 5,002 frames counted, none made (over the limit of 1,000)', () => {
    expect(MAX_ANSWER_FRAMES).toBe(1000);
    for (const format of ['ur1', 'ur2'] as const) {
      expect(psbtAnswer(bytes(1_000_000), format, { fragmentLength: 400 })).toEqual({ frames: [], total: 5002 });
    }
  });
  it('BBQr over the limit: counted, none given; within it: the frames', () => {
    const psbt = bytes(150_000, 7); // 1,112 parts at version 7 (BBQr allows 1,295)
    const low = psbtAnswer(psbt, 'bbqr', { maxVersion: 7 });
    expect(low.total).toBeGreaterThan(MAX_ANSWER_FRAMES);
    expect(low.frames).toEqual([]);
    const normal = psbtAnswer(psbt, 'bbqr', { maxVersion: 17 });
    expect(normal.total).toBeLessThanOrEqual(MAX_ANSWER_FRAMES);
    expect(normal.frames).toEqual(psbtFrames(psbt, 'bbqr', { maxVersion: 17 }));
  });
  it('BBQr past its 1,295 parts (1 MB at version 17): about how many frames it would take, none made', () => {
    const answer = psbtAnswer(bytes(1_000_000), 'bbqr', { maxVersion: 17 });
    expect(answer.frames).toEqual([]);
    // Version 17 holds 938 alphanumeric characters: 8 of header, then 928 base32 (whole groups of 8) a part.
    expect(answer.total).toBe(Math.ceil((200_000 * 8) / 928));
  });
  it('a caller may set its own limit; one frame is one frame', () => {
    expect(psbtAnswer(bytes(5_000), 'ur2', { fragmentLength: 100, maxFrames: 10 })).toEqual({ frames: [], total: 102 });
    expect(psbtAnswer(bytes(50), 'ur1', { maxFrames: 0 }).total).toBe(1);
  });
  it('bad input is still a WalletError', () => {
    expect(() => psbtAnswer(new Uint8Array(0), 'ur2')).toThrow(/no PSBT/);
    expect(() => psbtAnswer(bytes(10), 'ur2', { fragmentLength: 5 })).toThrow(/fragment length/);
  });
});
