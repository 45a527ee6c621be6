/**
 * BIP371 (Taproot PSBT fields) test vectors (bitcoin/bips bip-0371.mediawiki §Test Vectors; test/vectors/README.md;
 * three hex strings carry a stray '<' in the BIP: the converted `hex` is the cleaned one, checked against base64).
 * One test per vector: invalid ones are BAD_PSBT naming the field and its size; valid ones round-trip exactly.
 */
import { hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { parsePsbt, serializePsbt } from '../../electron/core/psbt/parse';
import { bipGroups, expectBadPsbt } from '../helpers/psbt-fixtures';

const groups = bipGroups('bip371-psbt-vectors.json');
const invalid = groups.find((g) => g.text.startsWith('The following are invalid'))?.cases ?? [];
const valid = groups.find((g) => g.text.startsWith('The following are valid'))?.cases ?? [];

const WORDS: readonly RegExp[] = [
  /input 0: tap_internal_key is 33 bytes, expected 32/,
  /input 0: tap_key_sig is 63 bytes, expected 64 or 65/,
  /input 0: tap_key_sig is 66 bytes, expected 64 or 65/,
  /input 0: tap_bip32_derivation key data is 33 bytes, expected 32/,
  /output 1: tap_internal_key is 33 bytes, expected 32/,
  /output 1: tap_bip32_derivation key data is 33 bytes, expected 32/,
  /input 0: tap_script_sig key data is 65 bytes, expected 64/,
  /input 0: tap_script_sig is 66 bytes, expected 64 or 65/,
  /input 0: tap_script_sig is 63 bytes, expected 64 or 65/,
  /input 0: tap_leaf_script control block is 98 bytes/,
  /input 0: tap_leaf_script control block is 96 bytes/,
];

describe('BIP371 invalid PSBTs are refused, naming the field and its size', () => {
  expect(invalid).toHaveLength(11);
  invalid.forEach((v, i) => {
    it(`${i + 1}: ${v.case.replace(/<\/?tt>/g, '')}`, () => {
      const message = expectBadPsbt(() => parsePsbt(hex.decode(v.hex)));
      expect(message).toMatch(WORDS[i] as RegExp);
      expect(expectBadPsbt(() => parsePsbt(v.base64))).toBe(message);
    });
  });
});

describe('BIP371 valid PSBTs parse and round-trip exactly', () => {
  expect(valid).toHaveLength(6);
  valid.forEach((v, i) => {
    it(`${i + 1}: ${v.case}`, () => {
      const p = parsePsbt(v.base64);
      expect(p.version).toBe(0);
      expect(hex.encode(serializePsbt(p))).toBe(v.hex);
    });
  });
});
