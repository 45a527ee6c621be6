/** BIP380 checksum and character-set vectors (bitcoin/bips bip-0380.mediawiki; test/vectors/README.md). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addChecksum, verifyChecksum } from '../../electron/core/keys/descriptor';

const groups = JSON.parse(readFileSync('test/vectors/bip380-390-descriptor-vectors.json', 'utf8')).bip380.groups as Array<{
  text: string;
  items: Array<{ label: string; values: string[] }>;
}>;
const checksumGroup = groups.find((g) => /checksum and character set/.test(g.text));
if (!checksumGroup) throw new Error('BIP380 checksum vectors not found');

describe('BIP380 checksum vectors', () => {
  for (const item of checksumGroup.items) {
    const text = item.values[0] as string;
    const valid = item.label === 'Valid checksum';
    it(`${item.label}: ${text} is ${valid ? 'valid' : 'invalid'}`, () => {
      expect(verifyChecksum(text)).toBe(valid);
      if (valid) expect(addChecksum(text.split('#')[0] as string)).toBe(text);
    });
  }
});
