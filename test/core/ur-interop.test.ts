/**
 * UR interoperability against independent implementations (dev dependencies, tests only):
 * - @ngraveio/bc-ur 1.1.13 (UREncoder / URDecoder: the TypeScript port of BlockchainCommons' reference bc-ur that
 *   BlueWallet, Keystone's SDK and others ship) for UR v2 `psbt` and v1 `crypto-psbt`, single- and multi-part, both
 *   directions: their fountain parts (past the pure ones, joined late, shuffled) read by our TransactionScan, ours by
 *   their URDecoder; and the same parts, byte for byte, from both encoders.
 * - @keystonehq/bc-ur-registry 0.8.0 CryptoPSBT (Keystone's registry: the crypto-psbt type as Keystone, Sparrow's
 *   hummingbird peers and BlueWallet use it) both ways.
 */
import { CryptoPSBT } from '@keystonehq/bc-ur-registry';
import { UR, URDecoder, UREncoder } from '@ngraveio/bc-ur';
import { hex } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { psbtFrames } from '../../electron/core/codecs/answer';
import { encodeCbor } from '../../electron/core/codecs/cbor';
import { TransactionScan } from '../../electron/core/codecs/scan';
import { UrEncoder } from '../../electron/core/codecs/ur/ur';
import { buildFixture, pathFor, type FixtureInput } from '../helpers/psbt-fixtures';

const input = (i: number): FixtureInput => ({ type: 'p2wpkh', path: pathFor('p2wpkh', 0, i), value: 100_000 + i });
/** Real PSBTs (bitcoinjs-lib) of about 0.2, 2 and 8 KB: one QR, a few parts, many parts. */
const SMALL = new Uint8Array(buildFixture([{ ...input(0), nonWitnessUtxo: false }], [{ to: 'stranger', value: 50_000 }]).psbt.toBuffer());
const MEDIUM = new Uint8Array(buildFixture([input(0), input(1), input(2)], [{ to: 'stranger', value: 90_000 }]).psbt.toBuffer());
const LARGE = new Uint8Array(buildFixture(Array.from({ length: 12 }, (_, i) => input(i)), [{ to: 'stranger', value: 900_000 }]).psbt.toBuffer());

const TYPES = [
  ['psbt', 'ur2'],
  ['crypto-psbt', 'ur1'],
] as const;

/** Their decoder fed until complete; the PSBT inside the UR's CBOR byte string. */
function theirDecode(parts: readonly string[]): { type: string; psbt: Uint8Array; used: number } {
  const decoder = new URDecoder();
  let used = 0;
  for (const part of parts) {
    if (decoder.isComplete()) break;
    decoder.receivePart(part);
    used += 1;
  }
  expect(decoder.isComplete(), 'their decoder completes').toBe(true);
  expect(decoder.isSuccess(), decoder.isError() ? decoder.resultError() : '').toBe(true);
  const ur = decoder.resultUR();
  return { type: ur.type, psbt: new Uint8Array(ur.decodeCBOR()), used };
}

/** Our scan fed until complete. */
function ourDecode(parts: readonly string[]): { bytes: Uint8Array; format: string; used: number } {
  const scan = new TransactionScan();
  let used = 0;
  for (const part of parts) {
    used += 1;
    const status = scan.add(part);
    expect(['added', 'duplicate', 'complete']).toContain(status.kind);
    if (status.kind === 'complete') break;
  }
  const result = scan.result();
  if (result.kind !== 'psbt') throw new Error('not a PSBT');
  return { bytes: result.bytes, format: result.format, used };
}

const theirEncoder = (type: string, psbt: Uint8Array, fragment: number, firstSeq = 0) => new UREncoder(new UR(Buffer.from(encodeCbor(psbt)), type), fragment, firstSeq);

describe('@ngraveio/bc-ur: the same parts from both encoders', () => {
  for (const [type] of TYPES) {
    for (const [name, psbt, fragment, firstSeq] of [
      ['one QR', SMALL, 400, 0],
      ['multi-part, Sparrow-size fragments', LARGE, 400, 0],
      ['multi-part, small fragments, from seq 1000', MEDIUM, 60, 1000],
    ] as const) {
      it(`${type}, ${name}: 3 × seqLen parts identical`, () => {
        const ours = new UrEncoder({ type, cbor: encodeCbor(psbt) }, fragment, firstSeq);
        const theirs = theirEncoder(type, psbt, fragment, firstSeq);
        const count = Math.max(3, ours.seqLen * 3);
        expect(Array.from({ length: count }, () => ours.nextPart())).toEqual(Array.from({ length: count }, () => theirs.nextPart()));
      });
    }
  }
});

describe('@ngraveio/bc-ur: ours read by their URDecoder', () => {
  for (const [type, format] of TYPES) {
    it(`${type}: one QR (upper case, as we show it)`, () => {
      const parts = psbtFrames(SMALL, format);
      expect(parts).toHaveLength(1);
      expect(theirDecode(parts)).toMatchObject({ type, psbt: SMALL });
    });

    it(`${type}: multi-part, pure parts missed: their decoder completes on our fountain parts`, () => {
      const parts = psbtFrames(LARGE, format, { fragmentLength: 200 });
      const seqLen = parts.length / 2;
      expect(seqLen).toBeGreaterThan(3);
      // Every second pure part lost: the mixed parts after the pure ones make up for them.
      const shown = parts.filter((_, i) => i >= seqLen || i % 2 === 0);
      const { type: got, psbt, used } = theirDecode([...shown, ...parts]);
      expect(got).toBe(type);
      expect(hex.encode(psbt)).toBe(hex.encode(LARGE));
      expect(used).toBeGreaterThan(seqLen / 2);
    });

    it(`${type}: random loss and order (property): whatever our frames they complete on, it is the PSBT`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 30, max: 500 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 40 }), fc.nat(), (fragment, keep, rot) => {
          const encoder = new UrEncoder({ type, cbor: encodeCbor(MEDIUM) }, fragment);
          const parts = Array.from({ length: encoder.seqLen * 4 }, () => encoder.nextPart().toUpperCase());
          const kept = parts.filter((_, i) => keep[i % keep.length] !== false);
          const turned = [...kept.slice(rot % kept.length), ...kept.slice(0, rot % kept.length), ...parts];
          expect(hex.encode(theirDecode(turned).psbt)).toBe(hex.encode(MEDIUM));
        }),
        { numRuns: 15 },
      );
    });
  }
});

describe('@ngraveio/bc-ur: theirs read by our TransactionScan', () => {
  for (const [type, format] of TYPES) {
    it(`${type}: one QR, lower and upper case`, () => {
      const part = theirEncoder(type, SMALL, 400).nextPart();
      expect(part.startsWith(`ur:${type}/`)).toBe(true);
      for (const text of [part, part.toUpperCase()]) expect(ourDecode([text])).toMatchObject({ bytes: SMALL, format });
    });

    it(`${type}: multi-part, joined late (fountain parts only)`, () => {
      const theirs = theirEncoder(type, LARGE, 200);
      const seqLen = theirs.fragmentsLength;
      const parts = Array.from({ length: seqLen * 6 }, () => theirs.nextPart());
      const { bytes, used } = ourDecode(parts.slice(seqLen));
      expect(hex.encode(bytes)).toBe(hex.encode(LARGE));
      expect(used).toBeGreaterThanOrEqual(seqLen);
    });

    it(`${type}: random loss, duplicates and order (property)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 30, max: 500 }), fc.integer({ min: 0, max: 5000 }), fc.array(fc.nat({ max: 3 }), { minLength: 4, maxLength: 40 }), (fragment, firstSeq, copies) => {
          const theirs = theirEncoder(type, MEDIUM, fragment, firstSeq);
          const parts = Array.from({ length: theirs.fragmentsLength * 4 }, () => theirs.nextPart());
          // Each part 0–3 times (0: lost), the whole loop reversed.
          const shown = parts.flatMap((p, i) => Array.from({ length: copies[i % copies.length]! }, () => p)).reverse();
          expect(hex.encode(ourDecode([...shown, ...parts]).bytes)).toBe(hex.encode(MEDIUM));
        }),
        { numRuns: 15 },
      );
    });
  }
});

describe('@keystonehq/bc-ur-registry CryptoPSBT', () => {
  it('their crypto-psbt parts (single and multi-part) are read by our scan', () => {
    for (const [psbt, fragment] of [[SMALL, 400], [LARGE, 150]] as const) {
      const encoder = new CryptoPSBT(Buffer.from(psbt)).toUREncoder(fragment);
      const parts = Array.from({ length: Math.max(1, encoder.fragmentsLength * 2) }, () => encoder.nextPart());
      expect(ourDecode(parts)).toMatchObject({ bytes: psbt, format: 'ur1' });
    }
  });

  it('our crypto-psbt answer is read by their registry (URDecoder → CryptoPSBT.fromCBOR → getPSBT)', () => {
    for (const [psbt, fragment] of [[SMALL, 400], [LARGE, 150]] as const) {
      const decoder = new URDecoder();
      for (const part of psbtFrames(psbt, 'ur1', { fragmentLength: fragment })) if (!decoder.isComplete()) decoder.receivePart(part);
      expect(decoder.isSuccess()).toBe(true);
      const ur = decoder.resultUR();
      expect(ur.type).toBe('crypto-psbt');
      expect(hex.encode(CryptoPSBT.fromCBOR(ur.cbor).getPSBT())).toBe(hex.encode(psbt));
    }
  });
});
