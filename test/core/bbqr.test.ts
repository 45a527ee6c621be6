/**
 * BBQr (coinkite/BBQr BBQr.md): the reference implementation's splits of its own test data, its real scan, the
 * spec's worked numbers, round trips with parts shuffled / repeated / interleaved with another message, and
 * malformed parts (reported with a reason, never thrown). Vectors: test/vectors/README.md (bbqr-*).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { base32 } from '@scure/base';
import fc from 'fast-check';
import { deflateRaw, inflateRaw } from 'pako';
import { describe, expect, it } from 'vitest';
import {
  BbqrDecoder,
  decodeBbqr,
  encodeBbqr,
  MAX_BBQR_BYTES,
  QR_ALNUM_CAPACITY_L,
  splitBbqr,
  type BbqrEncodeOptions,
  type BbqrEncoding,
  type BbqrFileType,
  type BbqrStatus,
} from '../../electron/core/codecs/bbqr';
import { isWalletError } from '../../electron/core/errors';

/**
 * The reference implementation's test data and the splits it makes of them come from coinkite/BBQr: data fetched
 * from another project is kept in the steering repo's shared/vectors, not here. Those tests run when it is there
 * (shared/vectors/bbqr/test_data/ and bbqr-reference-splits.json) and say they are skipped otherwise.
 */
const SHARED_BBQR = path.resolve('../shared/vectors/bbqr');
const DATA = `${SHARED_BBQR}/test_data/`;
const REFERENCE_FILE = `${SHARED_BBQR}/bbqr-reference-splits.json`;
const HAVE_REFERENCE = existsSync(REFERENCE_FILE) && existsSync(DATA);
const REFERENCE_SKIP = HAVE_REFERENCE ? '' : ' — skipped: the BBQr reference vectors are not in shared/vectors/bbqr yet';

interface SplitCase {
  input: { file?: string; edge_size?: number; low_entropy?: boolean };
  file_type: BbqrFileType;
  requested_encoding: BbqrEncoding | null;
  options: { max_version?: number; min_version?: number; min_split?: number; max_split?: number };
  version: number;
  encoding: BbqrEncoding;
  count: number;
  parts_sha256: string;
  first_part_head: string;
  last_part_length: number;
  parts?: string[];
}
interface Reference {
  alnum_capacity_L: number[];
  real_scan: { file: string; parts: number; file_type: BbqrFileType; data_length: number; data_sha256: string };
  raw_deflate_wbits10_level_default: Record<string, { before: number; after: number; sha256: string }>;
  splits: SplitCase[];
}
const reference: Reference = HAVE_REFERENCE
  ? (JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as Reference)
  : { alnum_capacity_L: [], real_scan: { file: '', parts: 0, file_type: 'U', data_length: 0, data_sha256: '' }, raw_deflate_wbits10_level_default: {}, splits: [] };

const fileBytes = new Map<string, Uint8Array>();
function readData(name: string): Uint8Array {
  let bytes = fileBytes.get(name);
  if (bytes === undefined) {
    bytes = new Uint8Array(readFileSync(DATA + name));
    fileBytes.set(name, bytes);
  }
  return bytes;
}

/** The generator's edge_data(): b'A' * size, or SHA-256('bbqr edge' || size u32be || k u32be) blocks. */
function edgeData(size: number, lowEntropy: boolean): Uint8Array {
  if (lowEntropy) return new Uint8Array(size).fill(0x41);
  const out = new Uint8Array(size + 32);
  for (let k = 0, at = 0; at < size; k++, at += 32) {
    const seed = new Uint8Array(17);
    seed.set(utf8ToBytes('bbqr edge'));
    new DataView(seed.buffer).setUint32(9, size);
    new DataView(seed.buffer).setUint32(13, k);
    out.set(sha256(seed), at);
  }
  return out.slice(0, size);
}

function inputOf(c: SplitCase): Uint8Array {
  if (c.input.file !== undefined) return readData(c.input.file);
  return edgeData(c.input.edge_size ?? 0, c.input.low_entropy ?? false);
}

function optionsOf(c: SplitCase): BbqrEncodeOptions {
  const o = c.options;
  return {
    ...(c.requested_encoding === null ? {} : { encoding: c.requested_encoding }),
    ...(o.max_version === undefined ? {} : { maxVersion: o.max_version }),
    ...(o.min_version === undefined ? {} : { minVersion: o.min_version }),
    ...(o.min_split === undefined ? {} : { minSplit: o.min_split }),
    ...(o.max_split === undefined ? {} : { maxSplit: o.max_split }),
  };
}

/** The longest back-reference distance in a raw deflate stream (RFC 1951), walking its blocks without output. */
function farthestReference(stream: Uint8Array): number {
  let bit = 0;
  const bits = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++, bit++) v |= (((stream[bit >> 3] ?? 0) >> (bit & 7)) & 1) << i;
    return v;
  };
  const table = (lengths: number[]): (() => number) => {
    const map = new Map<string, number>();
    const max = Math.max(...lengths);
    const count = new Array<number>(max + 2).fill(0);
    for (const l of lengths) if (l) count[l] = (count[l] ?? 0) + 1;
    const next = [0, 0];
    for (let l = 1, code = 0; l <= max; l++) next[l + 1] = code = (code + (count[l] ?? 0)) << 1;
    lengths.forEach((l, sym) => {
      if (!l) return;
      const code = next[l] ?? 0;
      next[l] = code + 1;
      map.set(`${l}:${code}`, sym);
    });
    return () => {
      for (let l = 1, code = 0; l <= max; l++) {
        code = (code << 1) | bits(1);
        const sym = map.get(`${l}:${code}`);
        if (sym !== undefined) return sym;
      }
      throw new Error('bad code');
    };
  };
  const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  let farthest = 0;
  for (;;) {
    const final = bits(1);
    const type = bits(2);
    if (type === 0) {
      bit = (bit + 7) & ~7;
      const len = bits(16);
      bits(16);
      bit += len * 8;
    } else {
      let litlen: () => number;
      let dist: () => number;
      if (type === 1) {
        litlen = table([...new Array<number>(144).fill(8), ...new Array<number>(112).fill(9), ...new Array<number>(24).fill(7), ...new Array<number>(8).fill(8)]);
        dist = table(new Array<number>(30).fill(5));
      } else {
        const hlit = bits(5) + 257;
        const hdist = bits(5) + 1;
        const hclen = bits(4) + 4;
        const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
        const cl = new Array<number>(19).fill(0);
        for (let i = 0; i < hclen; i++) cl[order[i] ?? 0] = bits(3);
        const clRead = table(cl);
        const lengths: number[] = [];
        while (lengths.length < hlit + hdist) {
          const sym = clRead();
          if (sym < 16) lengths.push(sym);
          else if (sym === 16) lengths.push(...new Array<number>(3 + bits(2)).fill(lengths.at(-1) ?? 0));
          else if (sym === 17) lengths.push(...new Array<number>(3 + bits(3)).fill(0));
          else lengths.push(...new Array<number>(11 + bits(7)).fill(0));
        }
        litlen = table(lengths.slice(0, hlit));
        dist = table(lengths.slice(hlit));
      }
      for (;;) {
        const sym = litlen();
        if (sym < 256) continue;
        if (sym === 256) break;
        bits(LEN_EXTRA[sym - 257] ?? 0);
        const d = dist();
        const distance = (DIST_BASE[d] ?? 0) + bits(d < 4 ? 0 : (d >> 1) - 1);
        farthest = Math.max(farthest, distance);
      }
    }
    if (final) return farthest;
  }
}

function feed(decoder: BbqrDecoder, parts: readonly string[]): BbqrStatus[] {
  return parts.map((p) => decoder.add(p));
}

describe.skipIf(!HAVE_REFERENCE)(`BBQr reference implementation vectors (coinkite/BBQr python/bbqr on its test_data)${REFERENCE_SKIP}`, () => {
  it('uses the same QR capacities (alphanumeric, ECC L) as the reference', () => {
    expect([...QR_ALNUM_CAPACITY_L]).toEqual(reference.alnum_capacity_L);
  });

  it.each(reference.splits.map((c, i) => [i, c] as const))('split %i: identical parts, and they decode back', (_, c) => {
    const raw = inputOf(c);
    const split = splitBbqr(raw, c.file_type, optionsOf(c));
    expect({ version: split.version, encoding: split.encoding, count: split.parts.length }).toEqual({
      version: c.version,
      encoding: c.encoding,
      count: c.count,
    });
    if (c.parts !== undefined) expect(split.parts).toEqual(c.parts);
    expect(split.parts[0]?.slice(0, 24)).toBe(c.first_part_head);
    expect(split.parts.at(-1)?.length).toBe(c.last_part_length);
    expect(bytesToHex(sha256(utf8ToBytes(split.parts.join('\n'))))).toBe(c.parts_sha256);
    const decoded = decodeBbqr([...split.parts].reverse());
    expect(decoded.fileType).toBe(c.file_type);
    expect(decoded.encoding).toBe(c.encoding);
    expect(bytesToHex(decoded.data)).toBe(bytesToHex(raw));
  });

  it.each(Object.entries(reference.raw_deflate_wbits10_level_default))('Z of %s: the reference zlib bytes (the spec table sizes)', (name, z) => {
    const raw = readData(name);
    const parts = encodeBbqr(raw, name.endsWith('.psbt') ? 'P' : 'T', { encoding: 'Z', minVersion: 40 });
    const compressed = base32.decode(parts.map((p) => p.slice(8)).join('') + '='.repeat((8 - (parts.map((p) => p.slice(8)).join('').length % 8)) % 8));
    expect(raw.length).toBe(z.before);
    expect(compressed.length).toBe(z.after);
    expect(bytesToHex(sha256(compressed))).toBe(z.sha256);
  });

  it('joins the real scan (26 scans of 8 parts, U, Z, repeats included) as scanned, reversed and sorted', () => {
    const lines = readFileSync(DATA + reference.real_scan.file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(reference.real_scan.parts);
    const distinct = new Set(lines).size;
    expect(distinct).toBe(8);
    for (const order of [lines, [...lines].reverse(), [...lines].sort()]) {
      const decoder = new BbqrDecoder();
      const statuses = feed(decoder, order);
      expect(statuses.filter((s) => s.kind === 'added')).toHaveLength(distinct - 1);
      expect(statuses.filter((s) => s.kind === 'complete')).toEqual([{ kind: 'complete', received: 8, total: 8, fileType: 'U' }]);
      expect(statuses.filter((s) => s.kind === 'duplicate')).toHaveLength(lines.length - distinct);
      const { fileType, data } = decoder.result();
      expect(fileType).toBe(reference.real_scan.file_type);
      expect(data.length).toBe(reference.real_scan.data_length);
      expect(bytesToHex(sha256(data))).toBe(reference.real_scan.data_sha256);
      const text = new TextDecoder().decode(data);
      expect(text).toContain('Zlib compressed');
      expect(text).toContain('PSBT');
    }
  });
});

describe('BBQr spec (BBQr.md) worked numbers', () => {
  it('Example Headers: 2150 bytes of PSBT as 2000-hex-digit parts are B$HP0300, B$HP0301, B$HP0302 (version 27)', () => {
    const psbt = edgeData(2150, false);
    const split = splitBbqr(psbt, 'P', { encoding: 'H', maxChars: 2008, minVersion: 27 });
    expect(split.parts.map((p) => [p.slice(0, 8), p.length - 8])).toEqual([
      ['B$HP0300', 2000],
      ['B$HP0301', 2000],
      ['B$HP0302', 300],
    ]);
    expect(split.parts[0]?.length).toBe(2008); // "will be 2007 characters": the spec counts 7 header characters there
    expect(split.version).toBe(27);
  });

  it('Size Estimates: hex payload per QR = (characters - 8 header) / 2 for every version listed', () => {
    const table: Array<[number, number, number]> = [
      [1, 25, 8], [11, 468, 230], [23, 1588, 790], [24, 1704, 848], [25, 1853, 922], [26, 1990, 991], [27, 2132, 1062],
      [28, 2223, 1107], [29, 2369, 1180], [30, 2520, 1256], [31, 2677, 1334], [32, 2840, 1416], [33, 3009, 1500],
      [34, 3183, 1587], [35, 3351, 1671], [36, 3537, 1764], [37, 3729, 1860], [38, 3927, 1959], [39, 4087, 2039],
      [40, 4296, 2144],
    ];
    for (const [version, chars, payload] of table) {
      expect(QR_ALNUM_CAPACITY_L[version - 1]).toBe(chars);
      expect(Math.floor((chars - 8) / 2)).toBe(payload);
      const one = splitBbqr(edgeData(payload, false), 'T', { encoding: 'H', minVersion: version, maxVersion: version });
      expect(one.parts).toHaveLength(1);
      expect(() => splitBbqr(edgeData(payload + 1, false), 'T', { encoding: 'H', minVersion: version, maxVersion: version, maxSplit: 1 })).toThrow(/do not fit/);
    }
  });

  it.each([
    ['H', 2_776_480],
    ['2', 3_470_600],
  ] as const)('largest file: 1295 version-40 parts hold %s: %i bytes', (encoding, bytes) => {
    const data = new Uint8Array(bytes).map((_, i) => (i * 2654435761) >>> 24);
    const parts = encodeBbqr(data, 'T', { encoding, minVersion: 40 });
    expect(parts).toHaveLength(1295);
    expect(parts[1294]?.slice(0, 8)).toBe(`B$${encoding}TZZZY`);
    expect(parts.every((p) => p.length <= 4296)).toBe(true);
    expect(bytesToHex(sha256(decodeBbqr(parts).data))).toBe(bytesToHex(sha256(data))); // toEqual on MBs is slow
    expect(() => encodeBbqr(new Uint8Array(bytes + 1).fill(7), 'T', { encoding, minVersion: 40 })).toThrow(/do not fit/);
  });
});

describe('BBQr encoder', () => {
  it('Z keeps to a 1 KiB window (an inflater with wbits 10 reads it; one 32 KiB-window stream it would not)', () => {
    // Repeats 300 bytes back (inside 1 KiB: Z helps) and 3000 bytes back (only a wider window sees it).
    const near = edgeData(300, false);
    const block = [...near, ...near, ...near, ...edgeData(2100, false)];
    const data = new Uint8Array([...block, ...block]);
    const parts = encodeBbqr(data, 'B', { encoding: 'Z' });
    expect(parts[0]?.slice(0, 4)).toBe('B$ZB');
    const body = parts.map((p) => p.slice(8)).join('');
    const compressed = base32.decode(body + '='.repeat((8 - (body.length % 8)) % 8));
    // zlib's and pako's inflaters look back into their whole output buffer, so measure the distances instead.
    expect(inflateRaw(compressed)).toEqual(data);
    expect(farthestReference(compressed)).toBeLessThanOrEqual(1024);
    const wide = deflateRaw(data, { windowBits: 15 });
    expect(wide.length).toBeLessThan(compressed.length);
    expect(farthestReference(wide)).toBeGreaterThan(1024);
    for (const name of Object.keys(reference.raw_deflate_wbits10_level_default)) {
      expect(farthestReference(deflateRaw(readData(name), { windowBits: 10, level: 6, memLevel: 8, legacyHash: true }))).toBeLessThanOrEqual(1024);
    }
  });

  it('falls back from Z to 2 when deflate does not help, as the reference', () => {
    expect(encodeBbqr(edgeData(500, false), 'T')[0]?.slice(0, 4)).toBe('B$2T');
    expect(encodeBbqr(new Uint8Array(500), 'T')[0]?.slice(0, 4)).toBe('B$ZT');
  });

  it('respects maxChars and minSplit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4000 }), fc.integer({ min: 16, max: 4296 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom<BbqrEncoding>('H', '2', 'Z'), (data, maxChars, minSplit, encoding) => {
        let parts: string[];
        try {
          parts = encodeBbqr(data, 'B', { encoding, maxChars, minSplit, minVersion: 1 });
        } catch (e) {
          // Only when the data is too small to make minSplit parts, or too large for 1295 parts of maxChars.
          expect(isWalletError(e) && e.code === 'BAD_QR' && /do not fit/.test(e.message)).toBe(true);
          return;
        }
        expect(parts.length).toBeGreaterThanOrEqual(minSplit);
        expect(parts.every((p) => p.length <= maxChars)).toBe(true);
        expect(decodeBbqr(parts).data).toEqual(data);
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['empty data', () => encodeBbqr(new Uint8Array(0), 'P'), /nothing to encode/],
    ['unknown file type', () => encodeBbqr(new Uint8Array(1), 'Q' as BbqrFileType), /unknown file type/],
    ['unknown encoding', () => encodeBbqr(new Uint8Array(1), 'P', { encoding: 'B' as BbqrEncoding }), /unknown encoding/],
    ['minSplit above maxSplit', () => encodeBbqr(new Uint8Array(1), 'P', { minSplit: 3, maxSplit: 2 }), /above maxSplit/],
    ['maxChars under a header and a base32 group', () => encodeBbqr(new Uint8Array(1), 'P', { maxChars: 15 }), /maxChars/],
    ['a version above 40', () => encodeBbqr(new Uint8Array(1), 'P', { maxVersion: 41 }), /maxVersion/],
    ['too many parts needed', () => encodeBbqr(new Uint8Array(4000), 'P', { encoding: 'H', maxVersion: 5, maxSplit: 2 }), /do not fit/],
    ['more than 16 MiB', () => encodeBbqr(new Uint8Array(MAX_BBQR_BYTES + 1), 'B'), /at most/],
  ])('refuses %s with WalletError BAD_QR', (_, run, message) => {
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect(isWalletError(e) && e.code === 'BAD_QR').toBe(true);
    }
  });
});

describe('BbqrDecoder: any order, repeats, another message in between', () => {
  it('completes with the right data (property: shuffled, duplicated, a foreign part injected mid-stream)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 6000 }), fc.integer({ min: 1, max: 6000 }).map((n) => new Uint8Array(n).fill(0x41))),
        fc.constantFrom<BbqrEncoding>('H', '2', 'Z'),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (data, encoding, maxVersion, seed) => {
          const parts = encodeBbqr(data, 'P', { encoding, maxVersion });
          const foreign = encodeBbqr(utf8ToBytes('{"another":"message"}'), 'J', { encoding: 'H' })[0] ?? '';
          // Each part once, some twice, in a seeded order; the foreign part somewhere before the end.
          let state = seed >>> 0;
          const next = (n: number): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n);
          const stream = [...parts, ...parts.filter(() => next(3) === 0)];
          for (let i = stream.length - 1; i > 0; i--) {
            const j = next(i + 1);
            [stream[i], stream[j]] = [stream[j] ?? '', stream[i] ?? ''];
          }
          const decoder = new BbqrDecoder();
          const seen = new Set<string>();
          let completeAt = -1;
          let injected = false;
          stream.forEach((part, i) => {
            if (!injected && seen.size > 0 && i >= Math.floor(stream.length / 2)) {
              injected = true;
              const s = decoder.add(foreign);
              expect(s.kind).toBe('invalid');
              expect(s.why).toMatch(/a part of another BBQr message/);
              expect(s.received).toBe(seen.size);
            }
            const status = decoder.add(part);
            if (seen.has(part)) {
              expect(status.kind).toBe('duplicate');
            } else {
              seen.add(part);
              expect(status.kind).toBe(seen.size === parts.length ? 'complete' : 'added');
              if (status.kind === 'complete') completeAt = i;
            }
            expect(status).toMatchObject({ received: seen.size, total: parts.length, fileType: 'P' });
          });
          expect(completeAt).toBeGreaterThanOrEqual(0);
          expect(decoder.complete).toBe(true);
          expect(decoder.result().data).toEqual(data);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('holds the last (short) part when it comes first', () => {
    const parts = encodeBbqr(edgeData(3000, false), 'T', { encoding: 'H', maxVersion: 10 });
    expect(parts.length).toBeGreaterThan(2);
    const decoder = new BbqrDecoder();
    expect(decoder.add(parts.at(-1) ?? '')).toEqual({ kind: 'added', received: 1, total: parts.length, fileType: 'T' });
    expect(() => decoder.result()).toThrow(`1 of ${parts.length} parts read`);
    expect(feed(decoder, parts.slice(0, -1)).at(-1)?.kind).toBe('complete');
    expect(decoder.result().data).toEqual(edgeData(3000, false));
  });

  it('reset() starts over on another message', () => {
    const decoder = new BbqrDecoder();
    const first = encodeBbqr(edgeData(900, false), 'P', { encoding: 'H', maxVersion: 10 });
    const second = encodeBbqr(utf8ToBytes('hello'), 'U', { encoding: 'H' });
    decoder.add(first[0] ?? '');
    expect(decoder.add(second[0] ?? '').kind).toBe('invalid');
    decoder.reset();
    expect(decoder.add(second[0] ?? '')).toEqual({ kind: 'complete', received: 1, total: 1, fileType: 'U' });
    expect(new TextDecoder().decode(decoder.result().data)).toBe('hello');
  });
});

describe('BbqrDecoder: malformed parts are reported, never thrown', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['no header', '70736274FF', /does not start with B\$/],
    ['a UR', 'UR:CRYPTO-PSBT/HDOSJOJKIDJYZMADAENYAOAEAEAEAD', /does not start with B\$/],
    ['header only', 'B$HP0100', /without data/],
    ['short header', 'B$HP01', /without data/],
    ['unknown encoding', 'B$QP0100AB', /unknown BBQr encoding "Q"/],
    ['unknown file type', 'B$HQ0100AB', /unknown BBQr file type "Q"/],
    ['Key Teleport', 'B$HR0100AB', /Key Teleport/],
    ['lower-case count', 'B$HP0a00AB', /two base-36 digits/],
    ['count 00', 'B$HP0000AB', /says 0 parts/],
    ['index = count', 'B$HP0202AB', /part number 2 but the series has 2 parts/],
    ['index > count', 'B$HP02ZZAB', /part number 1295/],
    ['odd hex', 'B$HP0100ABC', /odd number of hex digits/],
    ['lower-case hex', 'B$HP0100ab', /not upper-case hex/],
    ['base32 with 1 and 8', 'B$2P0100AB18', /not base32/],
    ['base32 of 1 character', 'B$2P0100A', /not whole bytes/],
    ['base32 of 3 characters', 'B$2P0100ABC', /not whole bytes/],
    ['base32 of 6 characters', 'B$2P0100ABCDEF', /not whole bytes/],
    ['base32 with stray bits', 'B$2P0100AB', /stray bits/],
    ['base32 padding', 'B$2P0100AE======', /not base32/],
    ['longer than a QR holds', 'B$HP0100' + 'AB'.repeat(2200), /longer .* than a QR code holds/],
    ['Z that is not deflate', 'B$ZP0100' + base32.encode(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff])).replace(/=+$/, ''), /do not decompress/],
    ['Z cut short', 'B$ZP0100' + base32.encode(deflateRaw(edgeData(400, false)).slice(0, 200)).replace(/=+$/, ''), /cut short/],
  ];
  it.each(cases)('%s', (_, part, why) => {
    const decoder = new BbqrDecoder();
    const status = decoder.add(part);
    expect(status.kind).toBe('invalid');
    expect(status.why).toMatch(why);
    expect(status.received).toBe(0);
    expect(decoder.complete).toBe(false);
    expect(() => decoder.result()).toThrow(/no part read yet/);
  });

  it('another message: different total, encoding or file type; same index with other content; unequal sizes', () => {
    const parts = encodeBbqr(edgeData(2000, false), 'P', { encoding: 'H', maxVersion: 10 });
    const p0 = parts[0] ?? '';
    const p1 = parts[1] ?? '';
    const decoder = new BbqrDecoder();
    expect(decoder.add(p0).kind).toBe('added');
    const total = p0.slice(4, 6);
    const otherTotal = total === '09' ? '08' : '09';
    for (const foreign of [
      `B$HP${otherTotal}01${p1.slice(8)}`,
      `B$2P${total}01ABCDEFGH`,
      `B$HT${total}01${p1.slice(8)}`,
    ]) {
      const s = decoder.add(foreign);
      expect(s).toMatchObject({ kind: 'invalid', received: 1 });
      expect(s.why).toMatch(/a part of another BBQr message \(/);
    }
    expect(decoder.add(`${p0.slice(0, 8)}${'00'.repeat((p0.length - 8) / 2)}`).why).toMatch(/part 1 of \d+ differs from the one already read/);
    expect(decoder.add(`${p1.slice(0, 8)}ABCD`).why).toMatch(/holds 2 bytes where the others hold/);
    const last = parts.at(-1) ?? '';
    expect(decoder.add(`${last.slice(0, 8)}${'AB'.repeat((p0.length - 8) / 2 + 1)}`).why).toMatch(/the last part holds \d+ bytes, the others/);
    expect(feed(decoder, parts).at(-1)?.kind).toBe('complete');
    expect(decoder.result().data).toEqual(edgeData(2000, false));
  });

  it('a decompression bomb stops at 16 MiB and the decoder starts over', () => {
    const bomb = deflateRaw(new Uint8Array(MAX_BBQR_BYTES + 1024), { level: 9 });
    const body = base32.encode(bomb).replace(/=+$/, '');
    const per = 4280;
    const count = Math.ceil(body.length / per);
    const parts = Array.from({ length: count }, (_, i) => `B$ZB0${count}0${i}${body.slice(i * per, (i + 1) * per)}`);
    const decoder = new BbqrDecoder();
    const statuses = feed(decoder, parts);
    expect(statuses.at(-1)?.kind).toBe('invalid');
    expect(statuses.at(-1)?.why).toMatch(/more than 16777216 bytes when decompressed/);
    expect(statuses.at(-1)?.received).toBe(0);
    expect(decoder.complete).toBe(false);
  });

  it('never throws, whatever the text (property)', () => {
    const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./: ');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: alnum }).map((s) => 'B$' + s), fc.string({ unit: alnum }).map((s) => 'B$Z' + s)), { maxLength: 8 }), (texts) => {
        const decoder = new BbqrDecoder();
        for (const t of texts) {
          const s = decoder.add(t);
          expect(['added', 'duplicate', 'complete', 'invalid']).toContain(s.kind);
        }
      }),
      { numRuns: 500 },
    );
    expect(new BbqrDecoder().add(42 as unknown as string).why).toBe('not text');
  });

  it('decodeBbqr throws BAD_QR for a bad part and for missing parts; skips blank lines', () => {
    const parts = encodeBbqr(edgeData(2000, false), 'P', { encoding: '2', maxVersion: 10 });
    expect(decodeBbqr(['', ...parts.map((p) => `  ${p}\r`), '']).data).toEqual(edgeData(2000, false));
    expect(() => decodeBbqr(parts.slice(1))).toThrow(/parts read; scan the others/);
    expect(() => decodeBbqr([...parts, 'B$HP0100AB'])).toThrow(/a part of another BBQr message/);
  });
});
