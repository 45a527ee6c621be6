/**
 * The UR reference tests of BlockchainCommons/bc-ur test/test.cpp (test/vectors/bc-ur-reference-tests.json):
 * CRC32, Bytewords, Xoshiro256**, sampler, shuffle, fragments, degrees, fountain parts, single- and multi-part URs.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../electron/core/codecs/cbor';
import { decodeBytewords, encodeBytewords } from '../../electron/core/codecs/ur/bytewords';
import { crc32 } from '../../electron/core/codecs/ur/crc32';
import {
  chooseDegree,
  chooseFragments,
  encodePart,
  FountainDecoder,
  FountainEncoder,
  nominalFragmentLength,
  partitionMessage,
} from '../../electron/core/codecs/ur/fountain';
import { decodeSinglePartUr, encodeUr, UrDecoder, UrEncoder } from '../../electron/core/codecs/ur/ur';
import { RandomSampler, shuffled, Xoshiro256 } from '../../electron/core/codecs/ur/xoshiro';

type Test = { expected: Record<string, unknown>; asserts: Array<{ raw: string }> };
const T = JSON.parse(readFileSync('test/vectors/bc-ur-reference-tests.json', 'utf8')).tests as Record<string, Test>;
const ex = <V>(test: string, key: string) => T[test]!.expected[key] as V;

const makeMessage = (len: number, seed = 'Wolf') => new Xoshiro256(seed).nextData(len);
const makeMessageUr = (len: number, seed = 'Wolf') => ({ type: 'bytes', cbor: encodeCbor(makeMessage(len, seed)) });

describe('bc-ur reference tests', () => {
  it('test_crc32', () => {
    expect(crc32(utf8ToBytes('Hello, world!')).toString(16)).toBe('ebe6c6e6');
    expect(crc32(utf8ToBytes('Wolf')).toString(16)).toBe('598c84dc');
  });

  it('test_bytewords_1', () => {
    const input = Uint8Array.from(ex<number[]>('test_bytewords_1', 'input'));
    expect(encodeBytewords(input, 'standard')).toBe('able acid also lava zoom jade need echo taxi');
    expect(encodeBytewords(input, 'uri')).toBe('able-acid-also-lava-zoom-jade-need-echo-taxi');
    expect(encodeBytewords(input, 'minimal')).toBe('aeadaolazmjendeoti');
    expect(decodeBytewords('able acid also lava zoom jade need echo taxi', 'standard')).toEqual(input);
    expect(decodeBytewords('able-acid-also-lava-zoom-jade-need-echo-taxi', 'uri')).toEqual(input);
    expect(decodeBytewords('aeadaolazmjendeoti', 'minimal')).toEqual(input);
    expect(() => decodeBytewords('able acid also lava zero jade need echo wolf', 'standard')).toThrow(/checksum/);
    expect(() => decodeBytewords('able-acid-also-lava-zero-jade-need-echo-wolf', 'uri')).toThrow(/checksum/);
    expect(() => decodeBytewords('aeadaolazojendeowf', 'minimal')).toThrow(/checksum/);
    expect(() => decodeBytewords('wolf', 'standard')).toThrow(/too short/);
    expect(() => decodeBytewords('', 'standard')).toThrow(/too short/);
  });

  it('test_bytewords_2', () => {
    const input = Uint8Array.from(ex<number[]>('test_bytewords_2', 'input'));
    expect(encodeBytewords(input, 'standard')).toBe(ex('test_bytewords_2', 'encoded'));
    expect(encodeBytewords(input, 'minimal')).toBe(ex('test_bytewords_2', 'encoded_minimal'));
    expect(decodeBytewords(ex('test_bytewords_2', 'encoded'), 'standard')).toEqual(input);
    expect(decodeBytewords(ex('test_bytewords_2', 'encoded_minimal'), 'minimal')).toEqual(input);
  });

  it('test_rng_1', () => {
    const rng = new Xoshiro256('Wolf');
    expect(Array.from({ length: 100 }, () => Number(rng.next() % 100n))).toEqual(ex('test_rng_1', 'expected_numbers'));
  });
  it('test_rng_2', () => {
    const rng = new Xoshiro256(crc32(utf8ToBytes('Wolf')));
    expect(Array.from({ length: 100 }, () => Number(rng.next() % 100n))).toEqual(ex('test_rng_2', 'expected_numbers'));
  });
  it('test_rng_3', () => {
    const rng = new Xoshiro256('Wolf');
    expect(Array.from({ length: 100 }, () => rng.nextInt(1, 10))).toEqual(ex('test_rng_3', 'expected_numbers'));
  });
  it('test_find_fragment_length', () => {
    expect(nominalFragmentLength(12345, 1005, 1955)).toBe(1764);
    expect(nominalFragmentLength(12345, 1005, 30000)).toBe(12345);
  });
  it('test_random_sampler', () => {
    const sampler = new RandomSampler(ex<number[]>('test_random_sampler', 'probs'));
    const rng = new Xoshiro256('Wolf');
    expect(Array.from({ length: 500 }, () => sampler.next(rng))).toEqual(ex('test_random_sampler', 'expected_samples'));
  });
  it('test_shuffle', () => {
    const rng = new Xoshiro256('Wolf');
    const values = ex<number[]>('test_shuffle', 'values');
    expect(Array.from({ length: 10 }, () => shuffled(values, rng))).toEqual(ex('test_shuffle', 'expectedResult'));
  });
  it('test_partition_and_join', () => {
    const message = makeMessage(1024);
    const fragments = partitionMessage(message, nominalFragmentLength(1024, 10, 100));
    expect(fragments.map(bytesToHex)).toEqual(ex('test_partition_and_join', 'expected_fragments'));
    const joined = new Uint8Array(fragments.reduce((n, f) => n + f.length, 0));
    fragments.forEach((f, i) => joined.set(f, i * f.length));
    expect(joined.slice(0, 1024)).toEqual(message);
  });
  it('test_choose_degree', () => {
    const degrees = Array.from({ length: 200 }, (_, i) => chooseDegree(11, new Xoshiro256(`Wolf-${i + 1}`)));
    expect(degrees).toEqual(ex('test_choose_degree', 'expected_degrees'));
  });
  it('test_choose_fragments', () => {
    const checksum = crc32(makeMessage(1024));
    const indexes = Array.from({ length: 30 }, (_, i) => chooseFragments(i + 1, 11, checksum).sort((a, b) => a - b));
    expect(indexes).toEqual(ex('test_choose_fragments', 'expected_fragment_indexes'));
  });
  it('test_xor', () => {
    const rng = new Xoshiro256('Wolf');
    const a = rng.nextData(10);
    const b = rng.nextData(10);
    expect(bytesToHex(a)).toBe('916ec65cf77cadf55cd7');
    expect(bytesToHex(b)).toBe('f9cda1a1030026ddd42e');
    expect(bytesToHex(a.map((x, i) => x ^ (b[i] as number)))).toBe('68a367fdf47c8b2888f9');
  });
  it('test_fountain_encoder', () => {
    const encoder = new FountainEncoder(makeMessage(256), 30);
    const parts = Array.from({ length: 20 }, () => {
      const p = encoder.nextPart();
      return `seqNum:${p.seqNum}, seqLen:${p.seqLen}, messageLen:${p.messageLength}, checksum:${p.checksum}, data:${bytesToHex(p.data)}`;
    });
    expect(parts).toEqual(ex('test_fountain_encoder', 'expected_parts'));
  });
  it('test_fountain_encoder_cbor', () => {
    const encoder = new FountainEncoder(makeMessage(256), 30);
    expect(Array.from({ length: 20 }, () => bytesToHex(encodePart(encoder.nextPart())))).toEqual(ex('test_fountain_encoder_cbor', 'expected_parts'));
  });
  it('test_fountain_encoder_is_complete', () => {
    const encoder = new FountainEncoder(makeMessage(256), 30);
    let generated = 0;
    while (!encoder.isComplete) {
      encoder.nextPart();
      generated++;
    }
    expect(generated).toBe(encoder.seqLen);
  });
  it('test_fountain_decoder (32767 bytes, fragments of 1000, from seq 100)', () => {
    const message = makeMessage(32767);
    const encoder = new FountainEncoder(message, 1000, 100);
    const decoder = new FountainDecoder();
    let guard = 0;
    while (!decoder.result && guard++ < 1000) decoder.receive(encoder.nextPart());
    expect(decoder.result).toEqual(message);
  });
  it('test_single_part_ur', () => {
    const ur = makeMessageUr(50);
    const encoded = new UrEncoder(ur).nextPart();
    expect(encoded).toBe(ex('test_single_part_ur', 'expected'));
    expect(encodeUr(ur)).toBe(encoded);
    expect(decodeSinglePartUr(encoded)).toEqual(ur);
  });
  it('test_ur_encoder', () => {
    const encoder = new UrEncoder(makeMessageUr(256), 30);
    expect(Array.from({ length: 20 }, () => encoder.nextPart())).toEqual(ex('test_ur_encoder', 'expected_parts'));
  });
  it('test_multipart_ur (32767 bytes, fragments of 1000, from seq 100)', () => {
    const ur = makeMessageUr(32767);
    const encoder = new UrEncoder(ur, 1000, 100);
    const decoder = new UrDecoder();
    let status = decoder.receive(encoder.nextPart());
    for (let i = 0; status.kind !== 'complete' && i < 1000; i++) status = decoder.receive(encoder.nextPart());
    expect(status).toEqual({ kind: 'complete', ur });
  });
});

describe('animated UR: frames dropped, duplicated and shuffled (property)', () => {
  it('any order, with duplicates and a third of the frames lost, restores the message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.integer({ min: 20, max: 400 }), fc.integer(), (message, fragment, seed) => {
        const ur = { type: 'crypto-psbt', cbor: encodeCbor(message) };
        const encoder = new UrEncoder(ur, fragment);
        const frames = Array.from({ length: encoder.seqLen * 4 + 4 }, () => encoder.nextPart());
        const rng = new Xoshiro256(`shuffle-${seed}`);
        const kept = shuffled(frames, rng).filter((_, i) => i % 3 !== 0);
        const decoder = new UrDecoder();
        let last = decoder.receive(kept[0] as string);
        for (const f of [...kept, ...kept.slice(0, 5)]) {
          if (last.kind === 'complete') break;
          last = decoder.receive(f);
        }
        return last.kind === 'complete' && bytesToHex(last.ur.cbor) === bytesToHex(ur.cbor);
      }),
      { numRuns: 40 },
    );
  });
  it('a frame from another sequence is reported, not thrown, and does not spoil the scan', () => {
    const a = new UrEncoder({ type: 'bytes', cbor: encodeCbor(makeMessage(500, 'A')) }, 50);
    const b = new UrEncoder({ type: 'bytes', cbor: encodeCbor(makeMessage(500, 'B')) }, 50);
    const decoder = new UrDecoder();
    expect(decoder.receive(a.nextPart())).toMatchObject({ kind: 'progress', result: 'added' });
    expect(decoder.receive(b.nextPart())).toEqual({ kind: 'invalid', message: 'This QR frame belongs to a different animated QR than the frames before it.' });
    expect(decoder.receive('ur:crypto-psbt/1-3/lpadaxcsencylobemohsgmoyadhdeynteelblrcygldwvarflojtcywyjytpdkfwprylienshnjnpluypmamtkmybsjkspvseeeh')).toMatchObject({ kind: 'invalid' });
    expect(decoder.receive('hello')).toEqual({ kind: 'invalid', message: 'This QR code is not a UR (it does not start with "ur:").' });
  });
  it('a frame claiming a huge message is refused', () => {
    const huge = encodePart({ seqNum: 1, seqLen: 100_000, messageLength: 100_000, checksum: 1, data: new Uint8Array(1) });
    expect(new UrDecoder().receive(`ur:bytes/1-100000/${encodeBytewords(huge)}`)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/too large/) });
  });
});

// Issue 13 item 7: "UrEncoder with a first sequence number of 2^32−1 wraps to 0 and throws a TypeError".
describe('the sequence number is a uint32 that starts at 1 (regression)', () => {
  it('after 2^32 − 1 comes 1 again: every part decodes, and the message completes across the wrap', () => {
    const ur = makeMessageUr(500);
    const encoder = new UrEncoder(ur, 50, 0xffffffff - 3);
    const parts = Array.from({ length: 30 }, () => encoder.nextPart());
    expect(parts.map((p) => Number(/\/(\d+)-/.exec(p)?.[1]))).toEqual([0xfffffffd, 0xfffffffe, 0xffffffff, ...Array.from({ length: 27 }, (_, i) => i + 1)]);
    const decoder = new UrDecoder();
    let status = decoder.receive(parts[0]!);
    for (const p of parts.slice(1)) if (status.kind !== 'complete') status = decoder.receive(p);
    expect(status).toEqual({ kind: 'complete', ur });
  });
  it('starting at 2^32 − 1 itself: the first part is 1 (no TypeError)', () => {
    const encoder = new UrEncoder(makeMessageUr(500), 50, 0xffffffff);
    expect(() => encoder.nextPart()).not.toThrow();
    expect(new UrEncoder(makeMessageUr(500), 50, 0xffffffff).nextPart()).toMatch(/^ur:bytes\/1-11\//);
  });
  it('a first sequence number outside 0 … 2^32 − 1 is a WalletError that says so', () => {
    for (const bad of [-1, 0.5, 2 ** 32, Number.NaN]) {
      expect(() => new FountainEncoder(makeMessage(100), 10, bad)).toThrow(expect.objectContaining({ name: 'WalletError', code: 'INVALID_ARGUMENT', message: expect.stringMatching(/first sequence number/) }));
    }
  });
});

// Issue 13 item 6: "The UR decoder locks onto the first frame it accepts: one stray frame from another UR ... and
// the real stream never completes".
describe('UrDecoder does not lock onto a stray first frame (regression)', () => {
  const real = makeMessageUr(2000, 'real');
  const framesOf = (ur: { type: string; cbor: Uint8Array }, n: number) => {
    const encoder = new UrEncoder(ur, 100);
    return Array.from({ length: n }, () => encoder.nextPart());
  };

  it('a stray part of another UR of the same type first: reported, then the real stream takes over and completes', () => {
    const decoder = new UrDecoder();
    const stray = framesOf(makeMessageUr(2000, 'stray'), 3)[2]!;
    expect(decoder.receive(stray)).toMatchObject({ kind: 'progress', result: 'added' });
    const frames = framesOf(real, 60);
    expect(decoder.receive(frames[0]!)).toEqual({ kind: 'invalid', message: 'This QR frame belongs to a different animated QR than the frames before it.' });
    expect(decoder.receive(frames[1]!)).toMatchObject({ kind: 'progress', received: 2 });
    let status = decoder.receive(frames[2]!);
    for (const f of frames.slice(3)) if (status.kind !== 'complete') status = decoder.receive(f);
    expect(status).toEqual({ kind: 'complete', ur: real });
    // Once complete, the result stands.
    expect(decoder.receive(stray)).toEqual({ kind: 'complete', ur: real });
  });

  it('a stray of another type (a mutated "ur:bxtes" frame, another UR on screen) first: the same', () => {
    const frames = framesOf(real, 60);
    const other = framesOf({ type: 'crypto-psbt', cbor: encodeCbor(makeMessage(900, 'x')) }, 2)[1]!;
    const decoder = new UrDecoder();
    decoder.receive(other);
    expect(decoder.receive(frames[0]!)).toMatchObject({ kind: 'invalid', message: 'This QR is a bytes, but the frames so far were a crypto-psbt.' });
    let status = decoder.receive(frames[1]!);
    for (const f of frames.slice(2)) if (status.kind !== 'complete') status = decoder.receive(f);
    expect(status).toEqual({ kind: 'complete', ur: real });
  });

  it('strays of up to three other URs anywhere in the stream (property): the real one completes, nothing mixed in', () => {
    const strays = ['a', 'b', 'c', 'd'].map((seed) => framesOf(makeMessageUr(1500, seed), 40));
    fc.assert(
      fc.property(fc.array(fc.record({ which: fc.nat({ max: 3 }), part: fc.nat({ max: 39 }), at: fc.nat({ max: 80 }) }), { maxLength: 3 }), (inserts) => {
        const shown = framesOf(real, 80);
        const used = new Set<number>();
        for (const { which, part, at } of inserts) {
          if (used.has(which)) continue;
          used.add(which);
          shown.splice(at % shown.length, 0, strays[which]![part]!);
        }
        const decoder = new UrDecoder();
        let status = decoder.receive(shown[0]!);
        for (const f of shown.slice(1)) if (status.kind !== 'complete') status = decoder.receive(f);
        expect(status).toEqual({ kind: 'complete', ur: real });
      }),
      { numRuns: 60 },
    );
  });
});
