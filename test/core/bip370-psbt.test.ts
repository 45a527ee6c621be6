/**
 * BIP370 (PSBT version 2) test vectors (bitcoin/bips bip-0370.mediawiki §Test Vectors; test/vectors/README.md).
 * One test per vector: invalid ones are BAD_PSBT naming the field; valid ones parse, stay version 2 and serialize
 * back byte for byte; the timelock cases resolve to the locktime the BIP states, or are refused when none exists.
 */
import { hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { parsePsbt, serializePsbt } from '../../electron/core/psbt/parse';
import { bipGroups, expectBadPsbt } from '../helpers/psbt-fixtures';

const groups = bipGroups('bip370-psbt-vectors.json');
const invalid = groups.find((g) => g.text.startsWith('The following are invalid'))?.cases ?? [];
const valid = groups.find((g) => g.text.startsWith('The following are valid'))?.cases ?? [];

/** The field each invalid vector is about, as the refusal names it. */
const FIELD: readonly string[] = [
  'unsigned_tx',
  'tx_version',
  'fallback_locktime',
  'input_count',
  'output_count',
  'tx_modifiable',
  'previous_txid',
  'output_index',
  'sequence',
  'required_time_locktime',
  'required_height_locktime',
  'amount',
  'script',
  'unsigned_tx',
  'input_count is missing',
  'output_count is missing',
  'tx_version is missing',
  'previous_txid is missing',
  'output_index is missing',
  'amount is missing',
  'script is missing',
  'required_time_locktime is 499999999',
  'required_height_locktime is 500000000',
  'required_height_locktime is 0',
];

describe('BIP370 invalid PSBTs are refused, naming the field', () => {
  expect(invalid).toHaveLength(24);
  invalid.forEach((v, i) => {
    it(`${i + 1}: ${v.case}`, () => {
      const message = expectBadPsbt(() => parsePsbt(v.base64));
      expect(message).toContain(FIELD[i]);
      expect(expectBadPsbt(() => parsePsbt(hex.decode(v.hex)))).toBe(message);
    });
  });
});

describe('BIP370 valid PSBTs parse as version 2 and round-trip exactly', () => {
  expect(valid).toHaveLength(14);
  valid.forEach((v, i) => {
    it(`${i + 1}: ${v.case}`, () => {
      const p = parsePsbt(v.base64);
      expect(p.version).toBe(2);
      expect(hex.encode(serializePsbt(p))).toBe(v.hex);
    });
  });
});

describe('BIP370 timelock determination', () => {
  for (const [title, expected] of [
    ['should be computed to be 0', 0],
    ['should be computed to be 10000', 10000],
    ['should be computed to be 1657048460', 1657048460],
  ] as const) {
    const cases = groups.find((g) => g.text.includes(title))?.cases ?? [];
    cases.forEach((v, i) => {
      it(`locktime ${expected}, case ${i + 1}: ${v.case}`, () => {
        const p = parsePsbt(v.hex);
        expect(p.tx.lockTime).toBe(expected);
        expect(hex.encode(serializePsbt(p))).toBe(v.hex);
      });
    });
  }
  const impossible = groups.find((g) => g.text.includes('cannot be computed'))?.cases ?? [];
  impossible.forEach((v, i) => {
    it(`no locktime exists, case ${i + 1}: ${v.case} — refused (it could never be finalized)`, () => {
      expect(expectBadPsbt(() => parsePsbt(v.base64))).toMatch(/both a block-height and a time lock/);
    });
  });
});
