/**
 * BBQr against its specification's published rules (coinkite/BBQr BBQr.md, public domain), with no reference
 * library in node_modules: parts written by hand here the way the spec tells an implementer to, read by our
 * TransactionScan; and our encoder's parts checked against every MUST of the spec. (The reference implementation's
 * own test data and splits are in bbqr.test.ts, from test/vectors/bbqr.)
 */
import { base32, hex } from '@scure/base';
import fc from 'fast-check';
import { deflateRaw } from 'pako';
import { describe, expect, it } from 'vitest';
import { encodeBbqr, type BbqrEncoding } from '../../electron/core/codecs/bbqr';
import { TransactionScan } from '../../electron/core/codecs/scan';
import { buildFixture, pathFor, type FixtureInput } from '../helpers/psbt-fixtures';

const input = (i: number): FixtureInput => ({ type: 'p2wpkh', path: pathFor('p2wpkh', 0, i), value: 100_000 + i });
/** A real PSBT (bitcoinjs-lib) of a few KB: 12 inputs with their previous transactions. */
const PSBT = new Uint8Array(buildFixture(Array.from({ length: 12 }, (_, i) => input(i)), [{ to: 'stranger', value: 250_000 }, { to: 'stranger', value: 30_000 }]).psbt.toBuffer());

/** Two base-36 digits, upper case (BBQr.md: "Two digits of base 36"). */
const b36 = (n: number) => n.toString(36).toUpperCase().padStart(2, '0');

/** Parts in an order unlike the one they were made in (last first, then the even ones, then the odd ones). */
const scrambled = <T>(xs: readonly T[]) => [xs[xs.length - 1] as T, ...xs.slice(0, -1).filter((_, i) => i % 2 === 0), ...xs.slice(0, -1).filter((_, i) => i % 2 === 1)];

function readPsbt(parts: readonly string[]): Uint8Array {
  const scan = new TransactionScan();
  for (const p of parts) {
    const s = scan.add(p);
    expect(['added', 'complete']).toContain(s.kind);
  }
  const result = scan.result();
  if (result.kind !== 'psbt') throw new Error('not a PSBT');
  expect(result.format).toBe('bbqr');
  return result.bytes;
}

describe('parts written by hand from BBQr.md, read by our scanner', () => {
  it('"Coldcard Q Suggestions": the KISS way — the PSBT in capital hex split evenly, each behind B$HP0n0x', () => {
    const digits = hex.encode(PSBT).toUpperCase();
    const n = 5;
    // Equal blocks of whole bytes ("an even number of HEX digits in each block"), the runt last.
    const per = Math.ceil(digits.length / n / 2) * 2;
    const parts = Array.from({ length: n }, (_, i) => `B$HP${b36(n)}${b36(i)}${digits.slice(i * per, (i + 1) * per)}`);
    expect(parts[0]!.slice(0, 8)).toBe('B$HP0500');
    expect(hex.encode(readPsbt(scrambled(parts)))).toBe(hex.encode(PSBT));
  });

  it('"Split into 1k (1024) blocks, with one runt" (version 27 holds them all)', () => {
    expect(PSBT.length).toBeGreaterThan(2048);
    const digits = hex.encode(PSBT).toUpperCase();
    const n = Math.ceil(PSBT.length / 1024);
    expect(n).toBeGreaterThan(1);
    const parts = Array.from({ length: n }, (_, i) => `B$HP${b36(n)}${b36(i)}${digits.slice(i * 2048, (i + 1) * 2048)}`);
    expect(parts.slice(0, -1).every((p) => p.length === 8 + 2048 && p.length <= 2132)).toBe(true);
    expect(hex.encode(readPsbt(scrambled(parts)))).toBe(hex.encode(PSBT));
  });

  it('encoding 2: RFC 4648 base32, the "=" padding omitted, every part but the last a multiple of 8 characters', () => {
    const text = base32.encode(PSBT).replace(/=+$/, '');
    const per = 8 * 40; // 200 bytes a part
    const n = Math.ceil(text.length / per);
    const parts = Array.from({ length: n }, (_, i) => `B$2P${b36(n)}${b36(i)}${text.slice(i * per, (i + 1) * per)}`);
    expect(parts.join('')).not.toContain('=');
    expect(hex.encode(readPsbt(scrambled(parts)))).toBe(hex.encode(PSBT));
  });

  it('encoding Z: "zlib ... wbits value of 10, no header", maximum effort (9), the whole file compressed before splitting', () => {
    // pako is zlib's own algorithm in JS; raw deflate = no zlib/gzip header.
    const compressed = deflateRaw(PSBT, { windowBits: 10, level: 9 });
    expect(compressed.length).toBeLessThan(PSBT.length);
    const text = base32.encode(compressed).replace(/=+$/, '');
    const per = 8 * 25;
    const n = Math.ceil(text.length / per);
    const parts = Array.from({ length: n }, (_, i) => `B$ZP${b36(n)}${b36(i)}${text.slice(i * per, (i + 1) * per)}`);
    expect(n).toBeGreaterThan(2);
    expect(hex.encode(readPsbt(scrambled(parts)))).toBe(hex.encode(PSBT));
  });

  it('"the final QR received before any others": the runt held until the others come', () => {
    const digits = hex.encode(PSBT).toUpperCase();
    const per = Math.ceil(digits.length / 2.6 / 2) * 2;
    const parts = Array.from({ length: 3 }, (_, i) => `B$HP03${b36(i)}${digits.slice(i * per, (i + 1) * per)}`);
    expect(parts[2]!.length).toBeLessThan(parts[0]!.length);
    expect(hex.encode(readPsbt([parts[2]!, parts[0]!, parts[1]!]))).toBe(hex.encode(PSBT));
  });
});

describe('our encoder keeps every MUST of BBQr.md', () => {
  it('alphanumeric QR characters only; the first 6 characters equal in all parts; all parts but the last of one length; whole bytes in each', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 6000 }), fc.constantFrom<BbqrEncoding>('H', '2', 'Z'), fc.integer({ min: 5, max: 40 }), (data, encoding, maxVersion) => {
        let parts: string[];
        try {
          parts = encodeBbqr(data, 'B', { encoding, maxVersion, minVersion: Math.min(5, maxVersion) });
        } catch {
          return; // more than 1295 parts of that version: refused, said elsewhere
        }
        const used = parts[0]!.slice(2, 3);
        expect(encoding === 'Z' ? ['Z', '2'] : [encoding]).toContain(used);
        for (const p of parts) {
          expect(p).toMatch(/^[0-9A-Z $%*+\-./:]+$/); // "only the alnumeric character set: 0-9A-Z$%*+-./:"
          expect(p.slice(0, 6)).toBe(parts[0]!.slice(0, 6));
        }
        expect(parts[0]!.slice(4, 6)).toBe(b36(parts.length));
        parts.forEach((p, i) => expect(p.slice(6, 8)).toBe(b36(i)));
        const bodies = parts.map((p) => p.slice(8));
        expect(new Set(bodies.slice(0, -1).map((b) => b.length)).size).toBeLessThanOrEqual(1);
        expect(bodies.at(-1)!.length).toBeLessThanOrEqual(bodies[0]!.length);
        // "Each block must decode to an integer number of bytes": even hex digits; base32 in groups of 8 but the last.
        for (const b of bodies.slice(0, -1)) expect(b.length % (used === 'H' ? 2 : 8)).toBe(0);
        if (used === 'H') expect(bodies.at(-1)!.length % 2).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('"If your data is up to 2,144 bytes ... it could be sent as a single QR (version 40, level L)": one part; one byte more, two', () => {
    const data = new Uint8Array(2145).map((_, i) => (i * 2654435761) >>> 24);
    expect(encodeBbqr(data.subarray(0, 2144), 'T', { encoding: 'H', minVersion: 40 })).toHaveLength(1);
    expect(encodeBbqr(data.subarray(0, 2144), 'T', { encoding: 'H', minVersion: 40 })[0]).toHaveLength(4296);
    expect(encodeBbqr(data, 'T', { encoding: 'H', minVersion: 40 })).toHaveLength(2);
  });
});
