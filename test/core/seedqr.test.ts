/** SeedQR: all 9 official vectors (SeedSigner docs/seed_qr/README.md; test/vectors/README.md), encode and decode. */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeSeedQr, encodeCompactSeedQr, encodeStandardSeedQr, seedQrMatrix } from '../../electron/core/backup/seedqr';
import { decodeMatrix } from '../helpers/qr-image';
import { SEEDQR_VECTORS } from '../helpers/seedqr-vectors';

describe('SeedQR official vectors', () => {
  SEEDQR_VECTORS.forEach((v, i) => {
    const words = v.mnemonic.split(' ').length;
    it(`vector ${i + 1} (${words} words): Standard and Compact, encoded, drawn, scanned and decoded`, () => {
      expect(encodeStandardSeedQr(v.mnemonic)).toBe(v.standard_digit_stream);
      expect(bytesToHex(encodeCompactSeedQr(v.mnemonic))).toBe(v.compact_bytes_hex);
      expect(decodeSeedQr({ text: v.standard_digit_stream })).toEqual({ mnemonic: v.mnemonic, format: 'standard' });
      expect(decodeSeedQr({ bytes: hexToBytes(v.compact_bytes_hex) })).toEqual({ mnemonic: v.mnemonic, format: 'compact' });

      const standard = seedQrMatrix(v.mnemonic, 'standard');
      expect(standard.size).toBe(words === 24 ? 29 : 25);
      expect(decodeMatrix(standard).text).toBe(v.standard_digit_stream);

      const compact = seedQrMatrix(v.mnemonic, 'compact');
      expect(compact.size).toBe(words === 24 ? 25 : 21);
      const scanned = decodeMatrix(compact);
      expect(bytesToHex(scanned.bytes)).toBe(v.compact_bytes_hex);
      expect(decodeSeedQr({ bytes: scanned.bytes }).mnemonic).toBe(v.mnemonic);
    });
  });
});

describe('SeedQR bad input', () => {
  it.each([
    [{ text: '0001000200' }, /12 or 24 words, 4 digits per word \(48 or 96 digits\); this one has 10\./],
    [{ text: '9999'.repeat(12) }, /word 1 has index 9999/],
    [{ text: '0000'.repeat(12) }, /fail the BIP39 checksum/],
    [{ bytes: new Uint8Array(17) }, /holds 17 bytes: a CompactSeedQR holds 16/],
    [{ bytes: new Uint8Array(20) }, /holds 20 bytes: a CompactSeedQR holds 16/],
    [{ text: 'ur:crypto-account/abc' }, /not a SeedQR/],
  ])('%j', (payload, message) => {
    expect(() => decodeSeedQr(payload)).toThrow(message);
  });
});
