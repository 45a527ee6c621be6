/**
 * BIP174 test vectors (bitcoin/bips bip-0174.mediawiki §Test Vectors; test/vectors/README.md). One test per vector:
 * invalid ones are a WalletError BAD_PSBT saying where and what; valid ones parse and serialize back byte for byte.
 * Also: the size limits, text forms, and mutated PSBTs (flipped, truncated, spliced) that never throw a TypeError.
 */
import { base64, hex } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWalletError } from '../../electron/core/errors';
import { MAX_PSBT_BYTES, MAX_PSBT_INPUTS, parsePsbt, serializePsbt } from '../../electron/core/psbt/parse';
import { reviewPsbt } from '../../electron/core/psbt/review';
import { bipGroups, expectBadPsbt, rawV2Psbt, sameBytes, sortedPairs } from '../helpers/psbt-fixtures';

const groups = bipGroups('bip174-psbt-vectors.json');
const invalid = groups.find((g) => g.text.startsWith('The following are invalid'))?.cases ?? [];
const valid = groups.find((g) => g.text.startsWith('The following are valid'))?.cases ?? [];
const signerChecks = groups.find((g) => g.text.startsWith('Fails Signer checks'))?.cases ?? [];

/** What each invalid vector's refusal must name (the field or the fault), in order. */
const EXPECTED_WORDS: readonly RegExp[] = [
  /not a PSBT/, // network transaction
  /output|cut short|missing/i, // missing outputs
  /scriptSig/, // filled scriptSig
  /unsigned_tx is missing/,
  /appears twice/,
  /global map: unsigned_tx has 1 byte of key data/,
  /input 0: witness_utxo has 1 byte of key data/,
  /input 0: partial_sig key data is 32 bytes/,
  /input 0: redeem_script has 1 byte of key data/,
  /input 0: witness_script has 1 byte of key data/,
  /input 0: bip32_derivation key data is 32 bytes|input 1: bip32_derivation key data is 32 bytes/,
  /input 0: non_witness_utxo has 1 byte of key data/,
  /input 0: final_scriptsig has 1 byte of key data/,
  /input 1: final_scriptwitness has 1 byte of key data/,
  /output 0: bip32_derivation key data is 32 bytes/,
  /input 0: sighash_type has 1 byte of key data/,
  /output 0: redeem_script has 1 byte of key data/,
  /output 1: witness_script has 32 bytes of key data/,
  /witness serialization|unsigned_tx/,
  /unsigned_tx (has \d+ bytes after its locktime|is in witness serialization)/, // fuzzed: the bytes after the version read as a segwit marker
];

describe('BIP174 invalid PSBTs are refused with where and what', () => {
  expect(invalid).toHaveLength(20);
  invalid.forEach((v, i) => {
    it(`${i + 1}: ${v.case}`, () => {
      const message = expectBadPsbt(() => parsePsbt(hex.decode(v.hex)));
      expect(message).toMatch(EXPECTED_WORDS[i] as RegExp);
      // The base64 form says the same.
      expect(expectBadPsbt(() => parsePsbt(v.base64))).toBe(message);
    });
  });
});

describe('BIP174 valid PSBTs parse and round-trip', () => {
  expect(valid).toHaveLength(10);
  valid.forEach((v, i) => {
    it(`${i + 1}: ${v.case}`, () => {
      const p = parsePsbt(v.base64);
      expect(p.version).toBe(0);
      expect(hex.encode(serializePsbt(p))).toBe(v.hex);
      expect(hex.encode(serializePsbt(parsePsbt(v.hex)))).toBe(v.hex);
      expect(hex.encode(serializePsbt(parsePsbt(hex.decode(v.hex))))).toBe(v.hex);
    });
  });
});

describe('BIP174 "fails signer checks" PSBTs are readable (the review and the signer refuse them, not the parser)', () => {
  signerChecks.forEach((v, i) => {
    it(`${i + 1}: ${v.case}`, () => {
      expect(hex.encode(serializePsbt(parsePsbt(v.base64)))).toBe(v.hex);
    });
  });
});

describe('BIP174 walk-through PSBTs (creator, updater, signers, combiner, finalizer; unknown keys) round-trip exactly', () => {
  const steps = groups.flatMap((g) =>
    Array.isArray(g.data) ? (g.data as Array<{ hex: string }>).filter((d) => d.hex.startsWith('70736274ff')).map((d) => ({ text: g.text, hex: d.hex })) : [],
  );
  it('has the walk-through steps', () => expect(steps.length).toBeGreaterThanOrEqual(9));
  steps.forEach((step, i) => {
    it(`${i + 1}: ${step.text.slice(0, 90)}`, () => {
      const out = serializePsbt(parsePsbt(step.hex));
      // BIP174 leaves the order of keys in a map to the writer; the combiner's vector lists two partial_sig keys
      // unsorted, we write them sorted. Same pairs, same maps, same bytes otherwise.
      expect(sortedPairs(out)).toEqual(sortedPairs(hex.decode(step.hex)));
      if (!/combiner must create/.test(step.text)) expect(hex.encode(out)).toBe(step.hex);
    });
  });
});

describe('size limits', () => {
  it(`a PSBT of 10,000 inputs parses and is reviewed (MAX_PSBT_INPUTS = ${MAX_PSBT_INPUTS.toLocaleString('en-US')})`, () => {
    const p = parsePsbt(rawV2Psbt(10_000));
    expect(p.tx.inputsLength).toBe(10_000);
    const r = reviewPsbt(p, null);
    expect(r.fee).toBe(100_000);
    expect(r.totalIn).toBe(10_000_000);
  }, 60_000);
  it('a PSBT of 10,001 inputs is refused, saying the limit', () => {
    expect(expectBadPsbt(() => parsePsbt(rawV2Psbt(10_001)))).toBe('PSBT global map: input_count is 10001; at most 10,000 inputs are read');
  }, 60_000);
  it('a 10 MB PSBT parses and round-trips (as binary and as base64)', () => {
    const bytes = rawV2Psbt(2, 10_000_000);
    expect(bytes.length).toBeGreaterThan(10_000_000);
    const out = serializePsbt(parsePsbt(bytes));
    expect(sameBytes(out, bytes)).toBe(true);
    expect(parsePsbt(base64.encode(bytes)).tx.inputsLength).toBe(2);
  }, 60_000);
  it(`a PSBT over MAX_PSBT_BYTES (${MAX_PSBT_BYTES.toLocaleString('en-US')}) is refused with its size`, () => {
    const bytes = rawV2Psbt(1, MAX_PSBT_BYTES);
    expect(expectBadPsbt(() => parsePsbt(bytes))).toBe(`PSBT is ${bytes.length.toLocaleString('en-US')} bytes; at most 16,777,216 bytes (16 MiB) are read.`);
    expect(expectBadPsbt(() => parsePsbt(base64.encode(bytes)))).toBe(`PSBT is ${bytes.length.toLocaleString('en-US')} bytes; at most 16,777,216 bytes (16 MiB) are read.`);
  }, 60_000);
  it('empty, whitespace and garbage text are refused in words', () => {
    expect(expectBadPsbt(() => parsePsbt(''))).toBe('The PSBT is empty.');
    expect(expectBadPsbt(() => parsePsbt(' \n\t'))).toBe('The PSBT is empty.');
    expect(expectBadPsbt(() => parsePsbt('hello, world'))).toMatch(/not a PSBT/);
    expect(expectBadPsbt(() => parsePsbt('cHNidP8BAA'))).toMatch(/PSBT/);
    expect(expectBadPsbt(() => parsePsbt(new Uint8Array()))).toMatch(/not a PSBT/);
  });
  it('base64 with line breaks and hex with spaces are read (whitespace trimmed)', () => {
    const v = valid[0] as { hex: string; base64: string };
    const wrapped = (v.base64.match(/.{1,64}/g) ?? []).join('\r\n');
    expect(hex.encode(serializePsbt(parsePsbt(`\n${wrapped}\n`)))).toBe(v.hex);
    expect(hex.encode(serializePsbt(parsePsbt(` ${v.hex.toUpperCase()} `)))).toBe(v.hex);
    expect(hex.encode(serializePsbt(parsePsbt(new TextEncoder().encode(`${v.base64}\n`))))).toBe(v.hex);
  });
});

describe('mutated PSBTs never throw anything but a WalletError (fast-check)', () => {
  const seeds = [...valid, ...signerChecks].map((v) => hex.decode(v.hex));
  const check = (bytes: Uint8Array) => {
    try {
      const p = parsePsbt(bytes);
      serializePsbt(p);
      reviewPsbt(p, null);
    } catch (e) {
      if (!isWalletError(e)) throw e;
    }
  };
  it('one byte flipped', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(), fc.integer({ min: 1, max: 255 }), (s, at, x) => {
        const b = Uint8Array.from(seeds[s] as Uint8Array);
        const i = at % b.length;
        b[i] = (b[i] as number) ^ x;
        check(b);
      }),
      { numRuns: 2000 },
    );
  });
  it('truncated', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(), (s, n) => {
        const b = seeds[s] as Uint8Array;
        check(b.subarray(0, n % b.length));
      }),
      { numRuns: 1000 },
    );
  });
  it('a slice of one spliced into another', () => {
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(seeds.length - 1), fc.nat(), fc.nat(), fc.nat(), (s1, s2, a, b, c) => {
        const x = seeds[s1] as Uint8Array;
        const y = seeds[s2] as Uint8Array;
        const cut = a % x.length;
        const from = b % y.length;
        const to = from + (c % (y.length - from + 1));
        check(Uint8Array.from([...x.subarray(0, cut), ...y.subarray(from, to), ...x.subarray(cut)]));
      }),
      { numRuns: 1000 },
    );
  });
  it('random bytes after the magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => check(Uint8Array.from([0x70, 0x73, 0x62, 0x74, 0xff, ...tail]))),
      { numRuns: 2000 },
    );
  });
});
