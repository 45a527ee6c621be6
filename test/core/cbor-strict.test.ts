/** The CBOR decoder refuses what a deterministic, valid encoding never contains; a hostile UR frame never throws. */
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../electron/core/codecs/cbor';
import { encodeBytewords } from '../../electron/core/codecs/ur/bytewords';
import { UrDecoder } from '../../electron/core/codecs/ur/ur';

describe('strict CBOR', () => {
  it.each([
    ['overlong UTF-8 (C0 AF)', '62c0af', /not valid UTF-8/],
    ['a surrogate (ED A0 80)', '63eda080', /not valid UTF-8/],
    ['above U+10FFFF (F4 90 80 80)', '64f4908080', /not valid UTF-8/],
    ['a bad continuation byte', '62c328', /not valid UTF-8/],
    ['a truncated sequence', '61e2', /not valid UTF-8/],
    ['a non-shortest integer (0x18 0x05)', '1805', /shortest form/],
    ['a non-shortest length (0x59 0x00 0x01)', '590001ff', /shortest form/],
    ['a duplicate map key', 'a201010102', /map key 1 appears twice/],
    ['an indefinite length', '5fff', /indefinite/],
    ['a float', 'fa3f800000', /floats/],
    ['trailing bytes', '0101', /left over/],
    ['an array longer than the data', '9a00010000', /more items/],
  ])('%s', (_name, hex, message) => {
    expect(() => decodeCbor(hexToBytes(hex))).toThrow(message);
  });
  it('valid UTF-8 of every length round-trips', () => {
    const text = 'a é € 𝄞 ガ';
    expect(decodeCbor(encodeCbor(text))).toBe(text);
  });
});

describe('UrDecoder never throws on a hostile frame', () => {
  it('a fountain part whose CBOR holds invalid UTF-8 is reported invalid', () => {
    const frame = `ur:bytes/1-1/${encodeBytewords(hexToBytes('8501010101' + '64f4908080'))}`;
    expect(new UrDecoder().receive(frame)).toMatchObject({ kind: 'invalid' });
  });
  it('a sequence number above 2^32 is refused', () => {
    const part = encodeCbor([2 ** 33, 1, 1, 1, new Uint8Array(1)]);
    expect(new UrDecoder().receive(`ur:bytes/${2 ** 33}-1/${encodeBytewords(part)}`)).toMatchObject({ kind: 'invalid' });
  });
});
