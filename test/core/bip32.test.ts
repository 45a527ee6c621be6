/** BIP32 test vectors 1-5 (bitcoin/bips bip-0032.mediawiki; test/vectors/README.md). One test per key. */
import { readFileSync } from 'node:fs';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { derive, formatPath, masterFromSeed, parseExtendedKey, parsePath } from '../../electron/core/keys/hd';

const data = JSON.parse(readFileSync('test/vectors/bip32-vectors.json', 'utf8')) as {
  valid: Array<{ vector: number; seed_hex: string; chains: Array<{ path: string; ext_pub: string; ext_prv: string }> }>;
  invalid_extended_keys: Array<{ vector: number; key: string; reason: string }>;
};

describe('BIP32 valid vectors', () => {
  for (const v of data.valid) {
    for (const chain of v.chains) {
      it(`vector ${v.vector} ${chain.path}`, () => {
        const node = derive(masterFromSeed(hexToBytes(v.seed_hex)), parsePath(chain.path));
        expect(node.privateExtendedKey).toBe(chain.ext_prv);
        expect(node.publicExtendedKey).toBe(chain.ext_pub);
        // And both parse back.
        expect(parseExtendedKey(chain.ext_pub).key.publicExtendedKey).toBe(chain.ext_pub);
        expect(parseExtendedKey(chain.ext_prv).isPrivate).toBe(true);
      });
    }
  }
});

describe('BIP32 vector 5: invalid extended keys are refused with a reason', () => {
  data.invalid_extended_keys.forEach((v, i) => {
    it(`${i + 1}: ${v.reason}`, () => {
      let error: unknown = null;
      try {
        parseExtendedKey(v.key);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(/^This extended key cannot be used: .+\.$/) });
      expect(String((error as Error).message)).not.toContain(v.key.slice(4, 20));
    });
  });
});

describe('paths', () => {
  it.each([
    ["m/84'/0'/0'", [0x80000054, 0x80000000, 0x80000000]],
    ['m/84h/0h/0h/0/5', [0x80000054, 0x80000000, 0x80000000, 0, 5]],
    ['m/0H/1', [0x80000000, 1]],
    ['m', []],
  ])('%s', (text, indices) => {
    expect(parsePath(text)).toEqual(indices);
  });
  it('formats with apostrophes or h', () => {
    expect(formatPath([0x80000054, 0x80000000, 0x80000000, 1, 7])).toBe("m/84'/0'/0'/1/7");
    expect(formatPath([0x80000030, 0x80000002], 'h')).toBe('m/48h/2h');
  });
  it.each(['84/0/0', "m/84'/x", 'm/2147483648', "m//0'"])('rejects %s', (text) => {
    expect(() => parsePath(text)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
