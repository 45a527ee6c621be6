/**
 * TransactionScan (one scanning session for every transaction QR format) and psbtFrames (the answer): the BCR and
 * Keystone crypto-psbt vectors, round trips answer → scan in every format, frames shuffled / repeated / missed and
 * seen later, joining mid-stream, a frame of another transaction in the middle, QR codes that are no transaction
 * named, a stray frame read first that does not lock the scan (issue 13 item 6), and malformed frames that never
 * throw. Interop with the independent @ngraveio/bc-ur and Keystone's registry: ur-interop.test.ts; the UR codec
 * against the bc-ur reference vectors: bc-ur.test.ts; every format with lossy channels: qr-formats-property.test.ts.
 */
import { readFileSync } from 'node:fs';
import { base64, hex } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { psbtFrames, type AnswerFormat } from '../../electron/core/codecs/answer';
import { encodeBbqr } from '../../electron/core/codecs/bbqr';
import { CborTag, encodeCbor } from '../../electron/core/codecs/cbor';
import { BBQR_MIXED, TransactionScan, type ScanStatus } from '../../electron/core/codecs/scan';
import { encodeUr, UrEncoder } from '../../electron/core/codecs/ur/ur';
import { isWalletError } from '../../electron/core/errors';

interface Item {
  caption: string;
  code: string;
}
const BCR = JSON.parse(readFileSync('test/vectors/bcr-ur-examples-v1-crypto-types.json', 'utf8')) as {
  papers: Record<string, { sections: Array<{ heading: string; items: Item[] }> }>;
};
const bcrUrs = (paper: string, type: string): string[] =>
  BCR.papers[paper]!.sections.flatMap((s) => s.items.map((i) => i.code)).filter((c) => c.startsWith(`ur:${type}/`));

const KEYSTONE = JSON.parse(readFileSync('test/vectors/keystone-ur-registry-test-vectors.json', 'utf8')) as {
  files: Record<string, Array<{ name: string; constants: { psbtHex: string }; ur_decoded: Record<string, { ur_type: string; cbor_hex: string }> }>>;
};

/** bcr-2020-006's example PSBT: v0, 2 inputs (no UTXO data), 2 P2WPKH outputs, no signatures; 167 bytes. */
const EXAMPLE_PSBT_HEX =
  '70736274ff01009a020000000258e87a21b56daf0c23be8e7070456c336f7cbaa5c8757924f545887bb2abdd750000000000ffffffff838d0427d0ec650a68aa46bb0b098aea4422c071b2ca78352a077959d07cea1d0100000000ffffffff0270aaf00800000000160014d85c2b71d0060b09c9886aeb815e50991dda124d00e1f5050000000016001400aea9a2e5f0f876a588df5546e8742d1d87008f000000000000000000';
const EXAMPLE_PSBT = hex.decode(EXAMPLE_PSBT_HEX);
/** Its unsigned transaction (the global map's value, 154 bytes): a whole raw transaction to stand for an answer. */
const EXAMPLE_TX_HEX = EXAMPLE_PSBT_HEX.slice(16, 16 + 154 * 2);
/** Where the example's global map ends (its 0x00 separator). */
const GLOBAL_END = 162;

function compactSize(n: number): number[] {
  if (n < 0xfd) return [n];
  if (n <= 0xffff) return [0xfd, n & 255, n >> 8];
  return [0xfe, n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
}

/**
 * The example PSBT made `extra` bytes longer by a BIP174 proprietary global field (0xFC, identifier "test") whose
 * value is filled from `seed`: a valid PSBT of any size, different for different seeds.
 */
function psbtOfSize(extra: number, seed = 1): Uint8Array {
  if (extra === 0) return EXAMPLE_PSBT;
  const key = [0xfc, 4, 0x74, 0x65, 0x73, 0x74, 0];
  const value = Uint8Array.from({ length: extra }, (_, i) => (i * 31 + seed * 97 + ((i * seed) >> 3)) & 255);
  return Uint8Array.from([
    ...EXAMPLE_PSBT.subarray(0, GLOBAL_END),
    ...compactSize(key.length),
    ...key,
    ...compactSize(value.length),
    ...value,
    ...EXAMPLE_PSBT.subarray(GLOBAL_END),
  ]);
}

function feed(scan: TransactionScan, frames: readonly string[]): ScanStatus[] {
  return frames.map((f) => scan.add(f));
}

/** Feeds frames until the scan completes; returns how many were needed, or -1. */
function feedUntilComplete(scan: TransactionScan, frames: readonly string[]): number {
  for (let i = 0; i < frames.length; i++) if (scan.add(frames[i]!).kind === 'complete') return i + 1;
  return -1;
}

function expectPsbt(scan: TransactionScan, bytes: Uint8Array, format: string): void {
  const result = scan.result();
  expect(result.kind).toBe('psbt');
  expect(result.format).toBe(format);
  if (result.kind === 'psbt') expect(hex.encode(result.bytes)).toBe(hex.encode(bytes));
}

const ANSWER_FORMATS: readonly AnswerFormat[] = ['ur2', 'ur1', 'bbqr'];

describe('crypto-psbt vectors (bcr-2020-006, Keystone ur-registry)', () => {
  const bcr = bcrUrs('papers/bcr-2020-006-urtypes.md', 'crypto-psbt');
  it('the BCR example is there', () => expect(bcr).toHaveLength(1));

  for (const ur of bcr) {
    it(`BCR example, lower and upper case: ${ur.slice(0, 40)}…`, () => {
      for (const text of [ur, ur.toUpperCase()]) {
        const scan = new TransactionScan();
        const status = scan.add(text);
        expect(status).toMatchObject({ kind: 'complete', format: 'ur1', progress: { received: 1, estimated: 1 } });
        expectPsbt(scan, EXAMPLE_PSBT, 'ur1');
      }
    });
  }

  for (const test of KEYSTONE.files['keystone-ur-registry-CryptoPSBT.test.ts']!) {
    it(`Keystone ${test.name}`, () => {
      for (const [ur, decoded] of Object.entries(test.ur_decoded)) {
        expect(decoded.ur_type).toBe('crypto-psbt');
        const scan = new TransactionScan();
        expect(scan.add(ur).kind).toBe('complete');
        expectPsbt(scan, hex.decode(test.constants.psbtHex), 'ur1');
      }
    });
  }

  it('the answer writes the vector exactly: bare byte string, no tag 310 at the top level', () => {
    expect(psbtFrames(EXAMPLE_PSBT, 'ur1')).toEqual([bcr[0]!.toUpperCase()]);
  });

  it('a PSBT inside its registry tag (310 for crypto-psbt, 40310 for psbt) is read as well', () => {
    for (const [type, tag, format] of [['crypto-psbt', 310, 'ur1'], ['psbt', 40310, 'ur2']] as const) {
      const scan = new TransactionScan();
      expect(scan.add(encodeUr({ type, cbor: encodeCbor(new CborTag(tag, EXAMPLE_PSBT)) })).kind).toBe('complete');
      expectPsbt(scan, EXAMPLE_PSBT, format);
    }
  });
});

describe('round trips: psbtFrames → TransactionScan', () => {
  for (const format of ANSWER_FORMATS) {
    for (const extra of [0, 500, 5000, 40_000]) {
      it(`${format}, ${EXAMPLE_PSBT.length + extra} bytes, frames in order`, () => {
        const psbt = psbtOfSize(extra, 3);
        const frames = psbtFrames(psbt, format);
        const scan = new TransactionScan();
        const needed = feedUntilComplete(scan, frames);
        expect(needed).toBeGreaterThan(0);
        expectPsbt(scan, psbt, format);
        if (format === 'bbqr') expect(needed).toBe(frames.length);
        else expect(needed).toBe(frames.length === 1 ? 1 : frames.length / 2); // the seqLen pure parts suffice
        expect(scan.result().format).toBe(format);
      });
    }
  }

  it('UR frames are upper case (QR alphanumeric mode), a fountain stream of 2 × seqLen parts', () => {
    const psbt = psbtOfSize(5000);
    for (const format of ['ur2', 'ur1'] as const) {
      const frames = psbtFrames(psbt, format, { fragmentLength: 400 });
      const seqLen = Math.ceil(psbt.length / 400); // at least: fragments are at most 400 bytes
      expect(frames.every((f) => f === f.toUpperCase())).toBe(true);
      expect(frames[0]).toMatch(format === 'ur2' ? /^UR:PSBT\/1-\d+\// : /^UR:CRYPTO-PSBT\/1-\d+\//);
      const len = Number(/\/1-(\d+)\//.exec(frames[0]!)![1]);
      expect(len).toBeGreaterThanOrEqual(seqLen);
      expect(frames).toHaveLength(2 * len);
      expect(frames[2 * len - 1]).toContain(`/${2 * len}-${len}/`);
    }
  });

  it('fragmentLength and maxVersion are honoured and checked', () => {
    const psbt = psbtOfSize(2000);
    expect(psbtFrames(psbt, 'ur2', { fragmentLength: 100 }).length).toBe(2 * Math.ceil(psbt.length / 100));
    const small = psbtFrames(psbt, 'bbqr', { maxVersion: 10 });
    expect(small.length).toBeGreaterThan(psbtFrames(psbt, 'bbqr').length);
    expect(small.every((f) => f.length <= 395)).toBe(true); // version 10 at ECC L: 395 alphanumeric characters
    for (const bad of [0, 9, 1.5, 100_000]) {
      expect(() => psbtFrames(psbt, 'ur1', { fragmentLength: bad })).toThrow(/fragment length/);
    }
    expect(() => psbtFrames(new Uint8Array(0), 'ur2')).toThrow(/no PSBT/);
  });

  it('progress: received counts distinct parts, estimated is seqLen (BBQr: the part count)', () => {
    const psbt = psbtOfSize(3000);
    const frames = psbtFrames(psbt, 'ur2', { fragmentLength: 500 });
    const seqLen = frames.length / 2;
    const scan = new TransactionScan();
    expect(scan.add(frames[0]!)).toEqual({ kind: 'added', format: 'ur2', progress: { received: 1, estimated: seqLen } });
    expect(scan.add(frames[0]!)).toMatchObject({ kind: 'duplicate', progress: { received: 1, estimated: seqLen } });
    expect(scan.add(frames[1]!)).toMatchObject({ kind: 'added', progress: { received: 2, estimated: seqLen } });
    const bbqr = psbtFrames(psbt, 'bbqr', { maxVersion: 8 });
    const b = new TransactionScan();
    expect(b.add(bbqr[1]!)).toEqual({ kind: 'added', format: 'bbqr', progress: { received: 1, estimated: bbqr.length } });
    expect(b.add(bbqr[1]!).kind).toBe('duplicate');
  });

  it('estimated grows past seqLen while fountain parts are still needed', () => {
    const psbt = psbtOfSize(3000);
    const frames = psbtFrames(psbt, 'ur2', { fragmentLength: 300 });
    const seqLen = frames.length / 2;
    const scan = new TransactionScan();
    // Skip pure part 1: with only mixed parts to replace it, more than seqLen parts may be needed.
    let last: ScanStatus | undefined;
    for (const f of frames.slice(1)) {
      last = scan.add(f);
      if (last.kind === 'complete') break;
      expect(last.progress.estimated).toBeGreaterThanOrEqual(Math.max(seqLen, last.progress.received));
    }
    expect(last?.kind).toBe('complete');
  });

  it('single-QR formats: base64 and hex PSBT, raw transaction in hex, BBQr file type T', () => {
    const cases: Array<[string, string, 'psbt' | 'transaction']> = [
      [base64.encode(EXAMPLE_PSBT), 'base64', 'psbt'],
      [EXAMPLE_PSBT_HEX, 'hex', 'psbt'],
      [EXAMPLE_PSBT_HEX.toUpperCase(), 'hex', 'psbt'],
      [EXAMPLE_TX_HEX, 'hex', 'transaction'],
      [`  ${EXAMPLE_TX_HEX.toUpperCase()}\n`, 'hex', 'transaction'],
    ];
    for (const [text, format, kind] of cases) {
      const scan = new TransactionScan();
      expect(scan.add(text)).toEqual({ kind: 'complete', format, progress: { received: 1, estimated: 1 } });
      const result = scan.result();
      expect(result.kind).toBe(kind);
      if (result.kind === 'psbt') expect(hex.encode(result.bytes)).toBe(EXAMPLE_PSBT_HEX);
      else expect(result.hex).toBe(EXAMPLE_TX_HEX);
      expect(scan.add(text).kind).toBe('complete');
    }
    const tx = hex.decode(EXAMPLE_TX_HEX);
    for (const encoding of ['H', '2', 'Z'] as const) {
      const scan = new TransactionScan();
      feed(scan, encodeBbqr(tx, 'T', { encoding, maxVersion: 5 }));
      expect(scan.result()).toEqual({ kind: 'transaction', hex: EXAMPLE_TX_HEX, format: 'bbqr' });
    }
  });

  it('result() before completion says what is missing', () => {
    const scan = new TransactionScan();
    expect(() => scan.result()).toThrow(/No transaction QR code/);
    scan.add(psbtFrames(psbtOfSize(3000), 'ur2')[0]!);
    expect(() => scan.result()).toThrow(/keep scanning/);
    let thrown: unknown;
    try {
      scan.result();
    } catch (e) {
      thrown = e;
    }
    expect(isWalletError(thrown)).toBe(true);
  });
});

describe('frames shuffled, duplicated, missed then seen later (property)', () => {
  it('completes with the input in every format', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ANSWER_FORMATS),
        fc.integer({ min: 0, max: 12_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 60, max: 400 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 300 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 300 }),
        (format, extra, seed, fragmentLength, order, drop) => {
          const psbt = psbtOfSize(extra, seed);
          const frames = psbtFrames(psbt, format, { fragmentLength, maxVersion: 12 });
          // First pass: shuffled, with frames dropped (up to about half) and repeated.
          const shuffledFrames = frames.map((f, i) => [order[i % order.length]! + i * 0.001, f] as const).sort((a, b) => a[0] - b[0]).map(([, f]) => f);
          const firstPass = shuffledFrames.filter((_, i) => !drop[i % drop.length]);
          const scan = new TransactionScan();
          for (const f of [...firstPass, ...firstPass.slice(0, 3)]) {
            const s = scan.add(f);
            expect(['added', 'duplicate', 'complete']).toContain(s.kind);
          }
          // Second pass: the whole loop again (the display keeps looping); the missed frames now arrive.
          if (!scan.complete) feedUntilComplete(scan, [...frames, ...frames]);
          expect(scan.complete).toBe(true);
          expectPsbt(scan, psbt, format);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('joining a UR stream mid-way (on a mixed part) completes within the loop', () => {
    for (const format of ['ur2', 'ur1'] as const) {
      const psbt = psbtOfSize(8000, 7);
      const frames = psbtFrames(psbt, format);
      const seqLen = frames.length / 2;
      for (const start of [1, Math.floor(seqLen / 2), seqLen, seqLen + 3, frames.length - 1]) {
        const scan = new TransactionScan();
        const looped = [...frames.slice(start), ...frames, ...frames];
        const needed = feedUntilComplete(scan, looped);
        expect(needed).toBeGreaterThan(0);
        expect(needed).toBeLessThanOrEqual(frames.length + seqLen);
        expectPsbt(scan, psbt, format);
      }
    }
  });

  it('fountain parts beyond the shown loop are read (a receiver that keeps an encoder running)', () => {
    const psbt = psbtOfSize(4000, 9);
    const encoder = new UrEncoder({ type: 'psbt', cbor: encodeCbor(psbt) }, 250, 1000);
    const scan = new TransactionScan();
    const frames = Array.from({ length: encoder.seqLen * 3 }, () => encoder.nextPart());
    expect(feedUntilComplete(scan, frames)).toBeGreaterThan(0);
    expectPsbt(scan, psbt, 'ur2');
  });
});

describe('a frame of another transaction is reported, not mixed in', () => {
  const a = psbtOfSize(4000, 1);
  const sameSize = psbtOfSize(4000, 2);
  /** Another BBQr message of the same size has the same headers: the scan refuses both (bbqr-mixed.test.ts). */
  const otherOf = (format: AnswerFormat) => (format === 'bbqr' ? psbtOfSize(8000, 2) : sameSize);

  for (const format of ANSWER_FORMATS) {
    it(`${format}: a frame of another message in the middle is foreign, never mixed in`, () => {
      const framesA = psbtFrames(a, format, { maxVersion: 10 });
      const framesB = psbtFrames(otherOf(format), format, { maxVersion: 10 });
      const scan = new TransactionScan();
      expect(scan.add(framesA[0]!).kind).toBe('added');
      if (format === 'bbqr') expect(framesB[0]!.slice(0, 6)).not.toBe(framesA[0]!.slice(0, 6));
      expect(scan.add(framesB[0]!)).toMatchObject({ kind: 'foreign', format, why: expect.stringContaining('another transaction'), progress: { received: 1 } });
      expect(feedUntilComplete(scan, framesA.slice(1))).toBeGreaterThan(0);
      expectPsbt(scan, a, format);
      expect(scan.add(framesB[1]!).kind).toBe('foreign');
      expect(scan.add(framesA[1]!).kind).toBe('complete');
    });

    // Issue 13 item 6: "one stray frame from another UR and the real stream never completes".
    it(`${format}: a stray frame read first does not lock the scan: it goes on with the stream shown (regression)`, () => {
      const framesA = psbtFrames(a, format, { maxVersion: 10 });
      const stray = psbtFrames(otherOf(format), format, { maxVersion: 10 })[2]!;
      const scan = new TransactionScan();
      expect(scan.add(stray).kind).toBe('added');
      const first = scan.add(framesA[0]!);
      expect(first).toMatchObject({ kind: 'foreign', why: expect.stringContaining('another transaction'), progress: { received: 1 } });
      // A second part of the stream shown outweighs the stray: the scan goes on with it, its first part kept.
      const second = scan.add(framesA[1]!);
      expect(second).toMatchObject({ kind: 'added', format, restarted: true, why: expect.stringMatching(/went on with another transaction/), progress: { received: 2 } });
      expect(feedUntilComplete(scan, framesA.slice(2))).toBe(framesA.length - 2 - (format === 'bbqr' ? 0 : framesA.length / 2));
      expectPsbt(scan, a, format);
      // The result stands: the stray's stream does not take over a complete scan.
      expect(scan.add(stray).kind).toBe('foreign');
    });

    it(`${format}: two streams interleaved: the one read further leads, each in its own decoder; the one completed is whole`, () => {
      const framesA = psbtFrames(a, format, { maxVersion: 10 });
      const framesB = psbtFrames(otherOf(format), format, { maxVersion: 10 });
      expect(framesB.length).toBeGreaterThan(4);
      const scan = new TransactionScan();
      scan.add(framesA[0]!);
      const statuses = feed(scan, framesB.slice(0, 3));
      expect(statuses.map((x) => x.kind)).toEqual(['foreign', 'added', 'added']);
      expect(statuses[1]!.restarted).toBe(true);
      // Back to A: its frames are foreign until it has been read further than B, then the scan goes on with A.
      feedUntilComplete(scan, framesA.slice(1));
      expectPsbt(scan, a, format);
    });
  }

  it('a stray animated frame, then a single-QR PSBT held in front of the camera: the steady one is read', () => {
    const scan = new TransactionScan();
    scan.add(psbtFrames(a, 'ur2')[3]!);
    const single = base64.encode(EXAMPLE_PSBT);
    expect(scan.add(single).kind).toBe('foreign');
    expect(scan.add(single)).toMatchObject({ kind: 'complete', format: 'base64' });
    expectPsbt(scan, EXAMPLE_PSBT, 'base64');
  });

  it('stray frames of up to three other transactions anywhere, even first: the stream shown completes (property)', () => {
    const others = [3, 4, 5, 6].map((seed) => psbtOfSize(3000, seed));
    fc.assert(
      fc.property(
        fc.constantFrom(...ANSWER_FORMATS),
        fc.array(fc.record({ other: fc.nat({ max: 3 }), part: fc.nat(), at: fc.nat() }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 100, max: 300 }),
        (format, strays, fragmentLength) => {
          const frames = psbtFrames(a, format, { fragmentLength, maxVersion: 10 });
          // One frame each from distinct other messages: a stray never repeats its own stream.
          const used = new Set<number>();
          const strayFrames = strays.flatMap(({ other, part, at }) => {
            if (used.has(other)) return [];
            used.add(other);
            const theirs = psbtFrames(others[other]!, format, { fragmentLength, maxVersion: 10 });
            return [[at % (frames.length + 1), theirs[part % theirs.length]!] as const];
          });
          const shown = [...frames, ...frames];
          for (const [at, f] of [...strayFrames].sort((x, y) => y[0] - x[0])) shown.splice(at, 0, f);
          const scan = new TransactionScan();
          feedUntilComplete(scan, shown);
          if (!scan.complete) {
            // BBQr codes of the same size cannot be told apart: the scan refuses, and reads the code once it is alone.
            expect([format, scan.mixed]).toEqual(['bbqr', BBQR_MIXED]);
            scan.reset();
            feedUntilComplete(scan, frames);
          }
          expectPsbt(scan, a, format);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('other formats, other UR types and single-QR PSBTs are foreign to a stream under way', () => {
    const framesA = psbtFrames(a, 'ur2');
    const scan = new TransactionScan();
    scan.add(framesA[0]!);
    const others = [
      psbtFrames(a, 'ur1')[0]!, // the same PSBT as crypto-psbt: another stream all the same
      psbtFrames(EXAMPLE_PSBT, 'ur2')[0]!, // single-part psbt UR
      psbtFrames(sameSize, 'bbqr')[0]!,
      base64.encode(EXAMPLE_PSBT),
      EXAMPLE_TX_HEX,
    ];
    for (const f of others) expect(scan.add(f)).toMatchObject({ kind: 'foreign', format: 'ur2', progress: { received: 1 } });
    feedUntilComplete(scan, framesA);
    expectPsbt(scan, a, 'ur2');
  });

  it('the same PSBT shown with another fragment size does not mix, and says why', () => {
    const scan = new TransactionScan();
    scan.add(psbtFrames(a, 'ur2', { fragmentLength: 300 })[0]!);
    const s = scan.add(psbtFrames(a, 'ur2', { fragmentLength: 200 })[1]!);
    expect(s.kind).toBe('foreign');
    expect(s.why).toMatch(/another frame size/);
  });

  it('a single-QR answer then another one: foreign; reset() starts over', () => {
    const scan = new TransactionScan();
    expect(scan.add(EXAMPLE_TX_HEX).kind).toBe('complete');
    expect(scan.add(base64.encode(EXAMPLE_PSBT)).kind).toBe('foreign');
    scan.reset();
    expect(scan.add(base64.encode(EXAMPLE_PSBT)).kind).toBe('complete');
    expect(scan.result().kind).toBe('psbt');
  });
});

describe('QR codes that are not transactions are named', () => {
  const account = bcrUrs('papers/bcr-2020-015-account.md', 'crypto-account')[0]!;
  const hdkey = bcrUrs('papers/bcr-2020-007-hdkey.md', 'crypto-hdkey')[0]!;
  const cases: Array<[string, RegExp]> = [
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', /a Bitcoin address, not a transaction/],
    ['BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', /a Bitcoin address/],
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', /a Bitcoin address/],
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', /a Bitcoin address/],
    ['bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.1', /payment request/],
    ['0x52908400098527886E0F7030069857D2E4169EE7', /an Ethereum address/],
    ['0'.repeat(4) + '1924'.repeat(11), /SeedQR/], // 48 digits: a Standard SeedQR
    ['1924'.repeat(24), /SeedQR/],
    [account, /an account export/],
    [account.toUpperCase(), /an account export/],
    [hdkey, /an extended public key/],
    ['ur:crypto-seed/oeadgdstaslplabghydrpfmkbggufgludprfgmaotpiecffltnlpqdenos', /a wallet seed/],
    ['ur:bytes/hdeymejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpktpmsrjtgwdpfnsboxgwlbaawzuefywkdplrsrjynbvygabwjldapfcsdwkbrkch', /raw bytes/],
    ['ur:something-else/aeaeaeae', /a UR of type "something-else", not a transaction/],
    ['xpub6CUGRUonZSQ4TWtTMmzXdrXDtypWKiKrhko4egpiMZbpiaQL2jkwSB1icqYh2cfDfVxdx4df189oLKnC5fSwqPfgyP3hooxujYzAu3fDVmz', /an extended public key/],
    ['wpkh([73c5da0a/84h/0h/0h]xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V/0/*)#wc3n3van', /a wallet descriptor/],
    ['lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyq', /a Lightning invoice/],
    ['abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', /words/],
    ['B$2J0100' + 'ABCDEFGH', /a BBQr JSON file, not a transaction/],
    ['B$2U0100' + 'ABCDEFGH', /a BBQr Unicode text file/],
    ['hello world', /not a transaction/],
    ['', /empty/],
  ];
  for (const [text, why] of cases) {
    it(`${text.slice(0, 48) || '(empty)'} → invalid, named`, () => {
      const scan = new TransactionScan();
      const s = scan.add(text);
      expect(s.kind).toBe('invalid');
      expect(s.why).toMatch(why);
      // It does not decide the stream: a transaction read next starts one.
      expect(scan.format).toBeNull();
      expect(scan.add(base64.encode(EXAMPLE_PSBT)).kind).toBe('complete');
    });
  }

  it('mid-stream, a non-transaction QR is invalid (named), not foreign, and the stream goes on', () => {
    const psbt = psbtOfSize(3000);
    const frames = psbtFrames(psbt, 'ur1');
    const scan = new TransactionScan();
    scan.add(frames[0]!);
    expect(scan.add(account)).toMatchObject({ kind: 'invalid', format: 'ur1', why: expect.stringMatching(/account export/) });
    feedUntilComplete(scan, frames);
    expectPsbt(scan, psbt, 'ur1');
  });

  it('a complete stream that holds no PSBT is invalid with why, and forgotten', () => {
    const notPsbt = new TextEncoder().encode('not a psbt at all, just some words');
    for (const frames of [
      [encodeUr({ type: 'psbt', cbor: encodeCbor(notPsbt) })],
      [encodeUr({ type: 'crypto-psbt', cbor: encodeCbor('a text string') })],
      encodeBbqr(notPsbt, 'P'),
      encodeBbqr(notPsbt, 'T'),
    ]) {
      const scan = new TransactionScan();
      const statuses = feed(scan, frames);
      const last = statuses[statuses.length - 1]!;
      expect(last.kind).toBe('invalid');
      expect(last.why).toMatch(/not a valid PSBT|does not hold a PSBT|not a valid transaction/);
      expect(scan.complete).toBe(false);
      expect(scan.format).toBeNull();
    }
    const bad = new TransactionScan();
    expect(bad.add('cHNidP8BAAA=')).toMatchObject({ kind: 'invalid', format: 'base64', why: expect.stringMatching(/not a valid PSBT/) });
    expect(bad.add('70736274ff0100')).toMatchObject({ kind: 'invalid', why: expect.stringMatching(/not a valid PSBT/) });
    expect(bad.add('02000000ab01')).toMatchObject({ kind: 'invalid', why: expect.stringMatching(/neither a PSBT nor a transaction/) });
    expect(bad.add('12345')).toMatchObject({ kind: 'invalid', why: 'this QR code is a number, not a transaction' });
  });
});

describe('malformed frames never throw', () => {
  const psbt = psbtOfSize(3000, 5);
  const streams = Object.fromEntries(ANSWER_FORMATS.map((f) => [f, psbtFrames(psbt, f, { maxVersion: 10 })])) as Record<AnswerFormat, string[]>;

  it('arbitrary text, alone and in the middle of a stream', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ANSWER_FORMATS), fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('ur:', 'UR:PSBT/', 'ur:psbt/1-2/', 'B$', 'B$ZP', 'B$ZP0200', 'cHNidP8', '70736274ff')), { maxLength: 20 }), (format, junk) => {
        const scan = new TransactionScan();
        scan.add(streams[format][0]!);
        for (const text of junk) {
          const s = scan.add(text);
          expect(['invalid', 'foreign', 'added', 'duplicate', 'complete']).toContain(s.kind);
          if (s.kind === 'invalid' || s.kind === 'foreign') expect(s.why).toBeTruthy();
        }
        feedUntilComplete(scan, [...streams[format], ...streams[format]]);
        expectPsbt(scan, psbt, format);
      }),
      { numRuns: 200 },
    );
  });

  it('valid frames cut short, with a character changed, or with characters inserted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ANSWER_FORMATS),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('cut', 'change', 'insert'),
        fc.string({ minLength: 1, maxLength: 3 }),
        (format, which, at, how, chars) => {
          const frames = streams[format];
          const frame = frames[which % frames.length]!;
          const i = at % frame.length;
          const damaged = how === 'cut' ? frame.slice(0, i) : how === 'change' ? frame.slice(0, i) + chars + frame.slice(i + chars.length) : frame.slice(0, i) + chars + frame.slice(i);
          const alone = new TransactionScan();
          expect(() => alone.add(damaged)).not.toThrow();
          const scan = new TransactionScan();
          scan.add(frames[0]!);
          const s = scan.add(damaged);
          if (s.kind === 'invalid' || s.kind === 'foreign') expect(s.why).toBeTruthy();
          // A damaged UR frame fails its CRC-32: it never gets into the message (BBQr has no checksum: next tests).
          if (format !== 'bbqr') {
            feedUntilComplete(scan, [...frames, ...frames]);
            expectPsbt(scan, psbt, format);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('BBQr (no checksum): a changed part after the genuine one is refused, and so is the rest until Start over', () => {
    const frames = streams.bbqr;
    expect(frames.length).toBeGreaterThan(2);
    const scan = new TransactionScan();
    scan.add(frames[1]!);
    const changed = frames[1]!.slice(0, 20) + (frames[1]![20] === 'A' ? 'B' : 'A') + frames[1]!.slice(21);
    expect(scan.add(changed)).toMatchObject({ kind: 'invalid', why: BBQR_MIXED, mixed: true });
    expect(feedUntilComplete(scan, frames)).toBe(-1);
    scan.reset();
    feedUntilComplete(scan, frames);
    expectPsbt(scan, psbt, 'bbqr');
  });

  it('BBQr: a stream that fails to decompress is reported and forgotten; the genuine parts then complete', () => {
    const frames = streams.bbqr;
    expect(frames[0]!.slice(0, 4)).toBe('B$ZP');
    const changed = frames[0]!.slice(0, 12) + (frames[0]![12] === 'A' ? 'B' : 'A') + frames[0]!.slice(13);
    const scan = new TransactionScan();
    const statuses = feed(scan, [changed, ...frames.slice(1)]);
    const last = statuses[statuses.length - 1]!;
    expect(last.kind).toBe('invalid');
    expect(scan.format).toBeNull();
    expect(feedUntilComplete(scan, frames)).toBe(frames.length);
    expectPsbt(scan, psbt, 'bbqr');
  });

  it('not a string at all', () => {
    const scan = new TransactionScan();
    for (const v of [undefined, null, 42, {}, new Uint8Array(3)]) {
      expect(scan.add(v as unknown as string)).toMatchObject({ kind: 'invalid' });
    }
  });
});
