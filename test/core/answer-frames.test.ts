/**
 * The signed-PSBT answer's budget (psbtAnswer): up to MAX_ANSWER_PARTS parts the answer is psbtFrames itself; over
 * it no frame is made (a 1 MB PSBT as UR would be 2,501 parts) and the count says why. The count is of parts — what
 * a scanner counts to — not of the frames a fountain UR loops through (its parts, then as many mixed ones).
 */
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_PARTS, psbtAnswer, psbtFrames } from '../../electron/core/codecs/answer';

/** Incompressible bytes (BBQr's zlib cannot shrink them), the same every run. */
function bytes(length: number, seed = 1): Uint8Array {
  let x = seed;
  return Uint8Array.from({ length }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x >>> 24));
}

describe('psbtAnswer', () => {
  it('a 100 KB PSBT as UR (400-byte fragments): 251 parts, 502 frames (the parts, then as many mixed), the same as psbtFrames', () => {
    const psbt = bytes(100_000);
    const answer = psbtAnswer(psbt, 'ur2', { fragmentLength: 400 });
    expect(answer.parts).toBe(251);
    expect(answer.frames).toHaveLength(502);
    expect(answer.frames[250]).toMatch(/^UR:PSBT\/251-251\//);
    expect(answer.frames[251]).toMatch(/^UR:PSBT\/252-251\//);
    expect(answer.frames).toEqual(psbtFrames(psbt, 'ur2', { fragmentLength: 400 }));
  });
  it('a 1 MB PSBT as UR: 2,501 parts counted, none made (over the limit of 1,000)', () => {
    expect(MAX_ANSWER_PARTS).toBe(1000);
    for (const format of ['ur1', 'ur2'] as const) {
      expect(psbtAnswer(bytes(1_000_000), format, { fragmentLength: 400 })).toEqual({ frames: [], parts: 2501 });
    }
  });
  it('the limit is of parts: 1,000 parts are shown (2,000 frames), 1,001 are not', () => {
    // 1,000 fragments of 100 bytes: the CBOR byte string's head (0x5a and a 4-byte length) takes 5 of the 100,000.
    const at = psbtAnswer(bytes(99_995), 'ur1', { fragmentLength: 100 });
    expect(at.parts).toBe(1000);
    expect(at.frames).toHaveLength(2000);
    expect(psbtAnswer(bytes(99_996), 'ur1', { fragmentLength: 100 })).toEqual({ frames: [], parts: 1001 });
  });
  it('BBQr over the limit: counted, none given; within it: the frames', () => {
    const psbt = bytes(150_000, 7); // 1,112 parts at version 7 (BBQr allows 1,295)
    const low = psbtAnswer(psbt, 'bbqr', { maxVersion: 7 });
    expect(low.parts).toBeGreaterThan(MAX_ANSWER_PARTS);
    expect(low.frames).toEqual([]);
    const normal = psbtAnswer(psbt, 'bbqr', { maxVersion: 17 });
    expect(normal.parts).toBeLessThanOrEqual(MAX_ANSWER_PARTS);
    expect(normal.frames).toEqual(psbtFrames(psbt, 'bbqr', { maxVersion: 17 }));
  });
  it('BBQr past its 1,295 parts (1 MB at version 17): about how many parts it would take, none made', () => {
    const answer = psbtAnswer(bytes(1_000_000), 'bbqr', { maxVersion: 17 });
    expect(answer.frames).toEqual([]);
    // Version 17 holds 938 alphanumeric characters: 8 of header, then 928 base32 (whole groups of 8) a part.
    expect(answer.parts).toBe(Math.ceil((200_000 * 8) / 928));
  });
  it('a caller may set its own limit; one part is one part', () => {
    expect(psbtAnswer(bytes(5_000), 'ur2', { fragmentLength: 100, maxParts: 10 })).toEqual({ frames: [], parts: 51 });
    expect(psbtAnswer(bytes(50), 'ur1', { maxParts: 0 }).parts).toBe(1);
  });
  it('bad input is still a WalletError', () => {
    expect(() => psbtAnswer(new Uint8Array(0), 'ur2')).toThrow(/no PSBT/);
    expect(() => psbtAnswer(bytes(10), 'ur2', { fragmentLength: 5 })).toThrow(/fragment length/);
  });
});
