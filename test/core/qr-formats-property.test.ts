/**
 * Property tests (issue 10): random payloads of 1 B – 200 KB through every QR format — UR v1 `crypto-psbt` and v2
 * `psbt` (fountain-coded), BBQr with encodings H, 2 and Z, and the plain single-QR base64/hex PSBT — with up to half
 * of the frames dropped, some duplicated, all shuffled. UR: the fountain continues past the pure parts (the display
 * keeps producing new mixed parts), so the decoder completes without the dropped frames ever coming back; BBQr has
 * no redundancy, so its dropped parts arrive on the display's next loop. Each completes and equals the input.
 *
 * Two levels: the codecs on arbitrary bytes (UrEncoder/UrDecoder, encodeBbqr/BbqrDecoder), and the scanning
 * session (TransactionScan) on valid PSBTs of any size in every format a coordinator shows. Sizes are drawn mostly
 * small with a few up to 200 KB, to keep the run to a few seconds.
 */
import { base64, hex } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { psbtFrames } from '../../electron/core/codecs/answer';
import { BbqrDecoder, encodeBbqr, type BbqrEncoding } from '../../electron/core/codecs/bbqr';
import { decodeCbor, encodeCbor } from '../../electron/core/codecs/cbor';
import { TransactionScan } from '../../electron/core/codecs/scan';
import { UrDecoder, UrEncoder } from '../../electron/core/codecs/ur/ur';
import { Xoshiro256 } from '../../electron/core/codecs/ur/xoshiro';

const MAX = 200 * 1024;

/** Mostly small sizes, some up to 200 KB. */
const size = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 4000 }) }, { weight: 1, arbitrary: fc.integer({ min: 4000, max: MAX }) });

/** Random bytes, or compressible ones (so BBQr Z really deflates rather than falling back to 2). */
function payload(length: number, seed: number, compressible: boolean): Uint8Array {
  const bytes = new Xoshiro256(`payload-${seed}`).nextData(length);
  if (compressible) for (let i = 0; i < bytes.length; i++) bytes[i] = 0x41 + ((bytes[i] as number) % 4);
  return bytes;
}

/** The channel: each frame dropped with probability `drop` (≤ 0.5), some repeated, the lot shuffled. */
function lossy<T>(frames: readonly T[], seed: number, drop: number): T[] {
  const rng = new Xoshiro256(`channel-${seed}`);
  const kept = frames.flatMap((f) => (rng.nextDouble() < drop ? [] : rng.nextDouble() < 0.15 ? [f, f] : [f]));
  for (let i = kept.length - 1; i > 0; i--) {
    const j = rng.nextInt(0, i);
    [kept[i], kept[j]] = [kept[j] as T, kept[i] as T];
  }
  return kept;
}

const URS = [['psbt'], ['crypto-psbt']] as const;

/** At most ~300 UR parts (a coordinator shows larger fragments for a larger PSBT; this keeps the run short). */
const fragmentFor = (length: number, fragment: number) => Math.max(fragment, Math.ceil(length / 300));

/** BBQr parts, or null when the data does not fit in 1295 parts of the versions allowed (the encoder says so). */
function bbqrParts(data: Uint8Array, type: 'B' | 'P', encoding: BbqrEncoding, maxVersion: number): string[] | null {
  try {
    return encodeBbqr(data, type, { encoding, maxVersion, minVersion: Math.min(5, maxVersion) });
  } catch (e) {
    if (e instanceof Error && /do not fit/.test(e.message)) return null;
    throw e;
  }
}
const BBQR_ENCODINGS: readonly BbqrEncoding[] = ['H', '2', 'Z'];

describe('codecs on arbitrary bytes, 1 B – 200 KB', () => {
  for (const [type] of URS) {
    it(`UR ${type}: a lossy, shuffled first loop, then the fountain's next parts: complete and equal`, () => {
      fc.assert(
        fc.property(size, fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 100, max: 1000 }), (length, seed, compressible, dropPercent, fragment) => {
          const data = payload(length, seed, compressible);
          const encoder = new UrEncoder({ type, cbor: encodeCbor(data) }, fragmentFor(length, fragment), 0);
          const loop = Array.from({ length: encoder.isSinglePart ? 1 : encoder.seqLen * 2 }, () => encoder.nextPart());
          const decoder = new UrDecoder();
          let status = decoder.receive(loop[0]!); // at least one frame (a single QR is shown steadily)
          for (const f of lossy(loop, seed, dropPercent / 100)) if (status.kind !== 'complete') status = decoder.receive(f.toUpperCase());
          // The display goes on with new mixed parts; a bound that fountain codes meet with a wide margin.
          for (let i = 0; status.kind !== 'complete' && i < encoder.seqLen * 3 + 10; i++) status = decoder.receive(encoder.nextPart());
          expect(status.kind).toBe('complete');
          if (status.kind === 'complete') {
            expect(status.ur.type).toBe(type);
            expect(hex.encode(decodeCbor(status.ur.cbor, { maxLength: MAX * 2 }) as Uint8Array)).toBe(hex.encode(data));
          }
        }),
        { numRuns: 25 },
      );
    });
  }

  for (const encoding of BBQR_ENCODINGS) {
    it(`BBQr ${encoding}: a lossy, shuffled loop, then the next loop: complete and equal`, () => {
      fc.assert(
        fc.property(size, fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 5, max: 40 }), (length, seed, compressible, dropPercent, maxVersion) => {
          const data = payload(length, seed, compressible);
          const parts = bbqrParts(data, 'B', encoding, maxVersion);
          fc.pre(parts !== null);
          if (parts === null) return;
          if (encoding !== 'Z') expect(parts[0]!.slice(2, 3)).toBe(encoding);
          const decoder = new BbqrDecoder();
          let done = false;
          for (const p of [...lossy(parts, seed, dropPercent / 100), ...parts]) {
            if (done) break;
            const s = decoder.add(p);
            expect(s.kind).not.toBe('invalid');
            done = s.kind === 'complete';
          }
          expect(done).toBe(true);
          expect(decoder.result().fileType).toBe('B');
          expect(hex.encode(decoder.result().data)).toBe(hex.encode(data));
        }),
        { numRuns: 20 },
      );
    });
  }
});

/* ---------- the scanning session on valid PSBTs ---------- */

/** bcr-2020-006's example PSBT (167 bytes, v0). */
const EXAMPLE = hex.decode(
  '70736274ff01009a020000000258e87a21b56daf0c23be8e7070456c336f7cbaa5c8757924f545887bb2abdd750000000000ffffffff838d0427d0ec650a68aa46bb0b098aea4422c071b2ca78352a077959d07cea1d0100000000ffffffff0270aaf00800000000160014d85c2b71d0060b09c9886aeb815e50991dda124d00e1f5050000000016001400aea9a2e5f0f876a588df5546e8742d1d87008f000000000000000000',
);
/** Where its global map ends (its 0x00 separator). */
const GLOBAL_END = 162;

function compactSize(n: number): number[] {
  if (n < 0xfd) return [n];
  if (n <= 0xffff) return [0xfd, n & 255, n >> 8];
  return [0xfe, n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
}

/** The example made about `extra` bytes longer by a BIP174 proprietary global field (0xFC) of random content. */
function psbtOfSize(extra: number, seed: number, compressible: boolean): Uint8Array {
  if (extra < 16) return EXAMPLE;
  const key = [0xfc, 4, 0x74, 0x65, 0x73, 0x74, 0];
  const value = payload(extra - 16, seed, compressible);
  return Uint8Array.from([...EXAMPLE.subarray(0, GLOBAL_END), ...compactSize(key.length), ...key, ...compactSize(value.length), ...value, ...EXAMPLE.subarray(GLOBAL_END)]);
}

type Shown = 'ur2' | 'ur1' | 'bbqr-H' | 'bbqr-2' | 'bbqr-Z' | 'base64' | 'hex';
const SHOWN: readonly Shown[] = ['ur2', 'ur1', 'bbqr-H', 'bbqr-2', 'bbqr-Z', 'base64', 'hex'];

/** The display: the frames of one loop, and what comes after it (UR: new fountain parts; BBQr: the loop again). */
function display(psbt: Uint8Array, shown: Shown, fragment: number, maxVersion: number): { loop: string[]; next: () => string[] } {
  switch (shown) {
    case 'ur2':
    case 'ur1': {
      const encoder = new UrEncoder({ type: shown === 'ur2' ? 'psbt' : 'crypto-psbt', cbor: encodeCbor(psbt) }, fragmentFor(psbt.length, fragment), 0);
      const loop = encoder.isSinglePart ? [encoder.nextPart()] : Array.from({ length: encoder.seqLen * 2 }, () => encoder.nextPart().toUpperCase());
      return { loop, next: () => Array.from({ length: encoder.seqLen * 3 + 10 }, () => encoder.nextPart()) };
    }
    case 'bbqr-H':
    case 'bbqr-2':
    case 'bbqr-Z': {
      // Too large for the versions drawn: shown at up to version 40, as the reference encoder does by default.
      const loop = bbqrParts(psbt, 'P', shown.slice(5) as BbqrEncoding, maxVersion) ?? encodeBbqr(psbt, 'P', { encoding: shown.slice(5) as BbqrEncoding });
      return { loop, next: () => loop };
    }
    case 'base64':
      return { loop: [base64.encode(psbt)], next: () => [] };
    case 'hex':
      return { loop: [hex.encode(psbt)], next: () => [] };
  }
}

describe('TransactionScan on PSBTs of 167 B – 200 KB in every format', () => {
  it('lossy, duplicated, shuffled frames, then the display goes on: complete, equal, in the format shown', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHOWN), size, fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 100, max: 1000 }), fc.integer({ min: 5, max: 40 }), (shown, extra, seed, compressible, dropPercent, fragment, maxVersion) => {
        const psbt = psbtOfSize(extra, seed, compressible);
        const { loop, next } = display(psbt, shown, fragment, maxVersion);
        const scan = new TransactionScan();
        let complete = scan.add(loop[0]!).kind === 'complete';
        for (const f of [...lossy(loop, seed, dropPercent / 100), ...next()]) {
          if (complete) break;
          const s = scan.add(f);
          expect(['added', 'duplicate', 'complete']).toContain(s.kind);
          complete = s.kind === 'complete';
        }
        expect(complete).toBe(true);
        const result = scan.result();
        expect(result.format).toBe(shown.startsWith('bbqr') ? 'bbqr' : shown);
        expect(result.kind === 'psbt' ? hex.encode(result.bytes) : '').toBe(hex.encode(psbt));
      }),
      { numRuns: 40 },
    );
  });

  it('a 200 KB PSBT at Sparrow-size UR fragments (400 bytes) joined mid-loop with a third of the frames lost', () => {
    const psbt = psbtOfSize(MAX, 42, false);
    // UR v2 only: v1 is the same fountain code under another type name (the property above runs both).
    for (const format of ['ur2'] as const) {
      const frames = psbtFrames(psbt, format);
      const seqLen = frames.length / 2;
      const scan = new TransactionScan();
      const kept = [...frames.slice(seqLen / 2), ...frames].filter((_, i) => i % 3 !== 0);
      let done = false;
      for (const f of [...kept, ...frames]) if (!done) done = scan.add(f).kind === 'complete';
      expect(done).toBe(true);
      expect(hex.encode((scan.result() as { bytes: Uint8Array }).bytes)).toBe(hex.encode(psbt));
    }
  });
});
