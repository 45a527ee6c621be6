/**
 * BIP174 test vectors (bitcoin/bips bip-0174.mediawiki §Test Vectors; test/vectors/README.md). One test per vector:
 * invalid ones are a WalletError BAD_PSBT saying where and what; valid ones parse and serialize back byte for byte.
 */
import { hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { parsePsbt, serializePsbt } from '../../electron/core/psbt/parse';
import { bipGroups, expectBadPsbt, sortedPairs } from '../helpers/psbt-fixtures';

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
