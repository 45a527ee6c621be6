/**
 * The signed-PSBT answer (psbtFrames: UR v2 `psbt`, UR v1 `crypto-psbt`, BBQr) against what each importer's own
 * code expects of an incoming animated PSBT. Every fact below was read in the importer's source, cited as
 * repository @ commit, file:line; the test checks our encoder's output against it. Where a fact is about a library
 * the importer ships and that is installed here (@ngraveio/bc-ur 1.1.13 and @keystonehq/bc-ur-registry 0.8.0 in
 * BlueWallet and Keystone's SDK; @scure/base and pako in BlueWallet's BBQr), that library reads our frames.
 *
 * The watch-only account QR, shown by the same component, is checked too: BlueWallet's reading of crypto-account
 * rebuilds SLIP-132's published keys from ours; Nunchuk's single-part reading gets one frame.
 *
 * Sources read:
 * - Sparrow: sparrowwallet/sparrow @ e7ae9ccae55145025d4ce055064f9086f8275a1c; its UR library
 *   sparrowwallet/hummingbird @ 6f06b2cd6120fe397f31b2231532d303e628c4dd.
 * - BlueWallet: BlueWallet/BlueWallet @ 7dc4fc5b9c2ae85fc4d610814be9226bf5db1489.
 * - Nunchuk: nunchuk-io/libnunchuk @ d6019019e959b8824a7b914b26e3165e88fd74dc, its submodules nunchuk-io/bbqr-cpp
 *   @ e1b68da3699c971fd8850e433dcc394bd5ded060 and bakaoh/bc-ur @ c5f4b91c5370ccd0b44d1b5f0b8674e7a33f5d99.
 * - Keystone: KeystoneHQ/keystone-sdk-web src/types/ur.ts @ 03a6fe8624f5bd2d9b49a28bd5f4b213eea4c7d5,
 *   src/chains/bitcoin.ts @ 3d91e0382673f62fcbece9d163645e42e21f8e8f; KeystoneHQ/keystone3-firmware
 *   rust/rust_c/src/common/ur.rs @ 0104042f3569ded471c753ed44bdcf44c101594c.
 */
import { CryptoAccount, CryptoPSBT, type CryptoHDKey } from '@keystonehq/bc-ur-registry';
import { sha256 } from '@noble/hashes/sha2.js';
import { URDecoder } from '@ngraveio/bc-ur';
import { base32, createBase58check } from '@scure/base';
import { readFileSync } from 'node:fs';
import { inflateRaw } from 'pako';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER_FORMAT, DEFAULT_UR_FRAGMENT_LENGTH, psbtFrames, type AnswerFormat } from '../../electron/core/codecs/answer';
import { splitBbqr } from '../../electron/core/codecs/bbqr';
import { textQr } from '../../electron/core/codecs/qr';
import { decodeBytewords } from '../../electron/core/codecs/ur/bytewords';
import { decodePart } from '../../electron/core/codecs/ur/fountain';
import { deriveAccount } from '../../electron/core/keys/accounts';
import { accountUrString } from '../../electron/core/keys/export';
import { masterFromSeed } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';
import { urFrames } from '../../electron/main/handlers/accounts';
import { farthestReference } from '../helpers/deflate';
import { buildFixture, pathFor, type FixtureInput } from '../helpers/psbt-fixtures';

const input = (i: number): FixtureInput => ({ type: 'p2wpkh', path: pathFor('p2wpkh', 0, i), value: 100_000 + i });
/** Real PSBTs (bitcoinjs-lib) of about 0.2, 2 and 8 KB: one QR, a few parts, many parts. */
const PSBTS = {
  small: new Uint8Array(buildFixture([{ ...input(0), nonWitnessUtxo: false }], [{ to: 'stranger', value: 50_000 }]).psbt.toBuffer()),
  medium: new Uint8Array(buildFixture([input(0), input(1), input(2)], [{ to: 'stranger', value: 90_000 }]).psbt.toBuffer()),
  large: new Uint8Array(buildFixture(Array.from({ length: 12 }, (_, i) => input(i)), [{ to: 'stranger', value: 900_000 }]).psbt.toBuffer()),
};
const CASES = Object.entries(PSBTS);
/** The densities the Sign Bitcoin screen offers (renderer/flows/sign/SignBitcoinFlow.tsx): UR bytes, BBQr max version. */
const UR_FRAGMENTS = [100, 200, 400, 800] as const;
const BBQR_VERSIONS = [10, 20, 40] as const;

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
/** SLIP-132's BIP44/49/84 account keys for "abandon … about" (test/vectors/README.md). */
const slip132 = JSON.parse(readFileSync('test/vectors/slip132-bip44-49-84-vectors.json', 'utf8')) as { accounts: Array<{ account_path: string; ext_pub: string }> };

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** "ur:<type>/..." split as the importers split it: on "/" (hummingbird URDecoder.java:154, bc-ur ur-decoder.cpp). */
function urComponents(frame: string): string[] {
  return frame.toLowerCase().slice(3).split('/');
}

/** A UR fed to @ngraveio/bc-ur's URDecoder (BlueWallet's BlueURDecoder extends it; Keystone's SDK uses it). */
function ngraveioDecode(frames: readonly string[]): { type: string; cbor: Buffer } {
  const decoder = new URDecoder();
  for (const f of frames) {
    if (decoder.isComplete()) break;
    decoder.receivePart(f);
  }
  expect(decoder.isSuccess()).toBe(true);
  const ur = decoder.resultUR();
  return { type: ur.type, cbor: ur.cbor };
}

describe('UR answer: what every importer needs', () => {
  it('the default fragment is Sparrow\'s own "Normal" density: 400 bytes (sparrow QRDensity.java:4), shown 5 a second (QRDisplayDialog.java:46, 200 ms)', () => {
    expect(DEFAULT_UR_FRAGMENT_LENGTH).toBe(400);
  });

  for (const format of ['ur2', 'ur1'] as const) {
    for (const [name, psbt] of CASES) {
      it(`${format}, ${name} PSBT: upper case, 'ur:' scheme, one type, parts that agree with their own header, the CBOR a bare byte string`, () => {
        for (const fragment of UR_FRAGMENTS) {
          const frames = psbtFrames(psbt, format, { fragmentLength: fragment });
          const type = format === 'ur2' ? 'psbt' : 'crypto-psbt';
          for (const f of frames) {
            // Upper case so the QR is alphanumeric; every importer lower-cases first (hummingbird URDecoder.java:145,
            // bc-ur ur-decoder.cpp:35 for Nunchuk, Sparrow QRScanDialog.java:233; BlueWallet upper-cases: ScanQRCode.tsx:166-198).
            expect(f).toBe(f.toUpperCase());
            const parts = urComponents(f);
            expect(parts[0]).toBe(type);
            // One component (single part) or "seqNum-seqLen/fragment": hummingbird URDecoder.java:81-97 rejects any other path length.
            expect(parts.length === 2 || (parts.length === 3 && /^\d+-\d+$/.test(parts[1] ?? ''))).toBe(true);
            // Sparrow sends a text to its legacy (BC32) UR decoder when it has more than 3 "/" components, or when the
            // payload has a digit and none of b, i, o (hummingbird LegacyURDecoder.java:48-66): never for ours.
            const payload = parts.at(-1) ?? '';
            expect(parts.length <= 3 && (/[bio]/.test(payload) || !/\d/.test(payload))).toBe(true);
            // Nunchuk reads a first part matching UR:BYTES/<n>OF<m>/ as the legacy format (libnunchuk nunchukutils.cpp:95, 1048).
            expect(/^UR:BYTES\/[0-9]+OF[0-9]+\/(.+)$/.test(f)).toBe(false);
          }
          // Sequence numbers 1, 2, ... of seqLen (hummingbird URDecoder.java:97-107 drops a part whose path disagrees
          // with the fountain part inside; @ngraveio/bc-ur's decoder checks the same, below).
          if (frames.length > 1) {
            frames.forEach((f, i) => expect(urComponents(f)[1]).toBe(`${i + 1}-${frames.length / 2}`));
            // Inside each fountain part: the same seqNum/seqLen as the path, and one messageLength, checksum and
            // fragment length in all parts — hummingbird FountainDecoder.java:259-271 and @ngraveio/bc-ur
            // fountainDecoder.js validatePart (:38-60) throw away a part that differs from the first.
            const inside = frames.map((f) => decodePart(decodeBytewords(urComponents(f)[2]!, 'minimal')));
            inside.forEach((p, i) => expect([p.seqNum, p.seqLen]).toEqual([i + 1, frames.length / 2]));
            expect(new Set(inside.map((p) => `${p.messageLength}/${p.checksum}/${p.data.length}`)).size).toBe(1);
          }
          const { type: decodedType, cbor } = ngraveioDecode(frames);
          expect(decodedType).toBe(type);
          // Sparrow (hummingbird CryptoPSBT.java:27, URPSBT.java:17), Nunchuk (libnunchuk bcr2.hpp:465-468,
          // decodeBytes) and Keystone (CryptoPSBT.fromCBOR) take the first CBOR item as an untagged byte string.
          expect(cbor[0]! >> 5).toBe(2);
          expect(hex(new Uint8Array(CryptoPSBT.fromCBOR(cbor).getPSBT()))).toBe(hex(psbt));
        }
      });
    }
  }

  it('a fountain loop is 2 × seqLen frames, as Nunchuk\'s own export (libnunchuk nunchukutils.cpp:884-886: until seqNum > 2 × seqLen)', () => {
    const frames = psbtFrames(PSBTS.large, 'ur1');
    const seqLen = Number(urComponents(frames[0]!)[1]!.split('-')[1]);
    expect(seqLen).toBeGreaterThan(1);
    expect(frames).toHaveLength(2 * seqLen);
    // A receiver that joined at the first mixed part still completes within the loop.
    expect(hex(new Uint8Array(CryptoPSBT.fromCBOR(ngraveioDecode([...frames.slice(seqLen), ...frames.slice(0, seqLen)]).cbor).getPSBT()))).toBe(hex(PSBTS.large));
  });
});

describe('UR type: ur:crypto-psbt is the one every importer reads; ur:psbt only Sparrow and Nunchuk', () => {
  /** The UR types (lower case) each importer turns into a PSBT, as read in its code. */
  const READS: Record<string, { types: readonly string[]; where: string }> = {
    Sparrow: { types: ['crypto-psbt', 'psbt'], where: 'QRScanDialog.java:465-510 (RegistryType.CRYPTO_PSBT and PSBT; hummingbird RegistryType.java:24, 34)' },
    BlueWallet: {
      types: ['crypto-psbt'],
      where: 'ScanQRCode.tsx:166-200 sends only UR:CRYPTO-PSBT (and account/output/hdkey types, UR:BYTES) to its UR v2 decoder; any other "UR…" goes to the deprecated v1 (BC32) path; ur/index.js:391-394 makes a PSBT of crypto-psbt only, other types come back as CBOR hex (:486-488)',
    },
    Nunchuk: { types: ['crypto-psbt', 'psbt'], where: 'nunchukutils.cpp:1040-1074: any UR type, its CBOR read as a byte string' },
    Keystone: { types: ['crypto-psbt'], where: "keystone-sdk-web src/types/ur.ts: URType.CryptoPSBT = 'crypto-psbt', no 'psbt'; keystone3-firmware ur.rs QRCodeType::from: CryptoPsbt, any other type NotSupportURTypeError" },
  };

  it('BlueWallet routes our crypto-psbt frames to its UR v2 decoder, and not our psbt ones (ScanQRCode.tsx:170)', () => {
    const routedToV2 = (f: string) => ['UR:CRYPTO-ACCOUNT', 'UR:CRYPTO-PSBT', 'UR:CRYPTO-OUTPUT', 'UR:CRYPTO-HDKEY', 'UR:CRYPTO-MULTI-ACCOUNTS', 'B$'].some((p) => f.toUpperCase().startsWith(p));
    expect(psbtFrames(PSBTS.large, 'ur1').every(routedToV2)).toBe(true);
    expect(psbtFrames(PSBTS.large, 'ur2').some(routedToV2)).toBe(false);
    expect(psbtFrames(PSBTS.large, 'bbqr').every(routedToV2)).toBe(true);
  });

  it('so a PSBT that did not arrive by QR is answered as crypto-psbt (DEFAULT_ANSWER_FORMAT), which all four read; psbt only two', () => {
    const readers = (format: AnswerFormat) => Object.entries(READS).filter(([, r]) => r.types.includes(format === 'ur2' ? 'psbt' : 'crypto-psbt')).map(([n]) => n);
    expect(DEFAULT_ANSWER_FORMAT).toBe('ur1');
    expect(readers(DEFAULT_ANSWER_FORMAT)).toEqual(['Sparrow', 'BlueWallet', 'Nunchuk', 'Keystone']);
    expect(readers('ur2')).toEqual(['Sparrow', 'Nunchuk']);
    // Keystone's registry (the CryptoPSBT of keystone-sdk-web src/chains/bitcoin.ts:6-8) reads our default answer.
    const { type, cbor } = ngraveioDecode(psbtFrames(PSBTS.medium, DEFAULT_ANSWER_FORMAT, { fragmentLength: 100 }));
    expect(type).toBe('crypto-psbt');
    expect(hex(new Uint8Array(CryptoPSBT.fromCBOR(cbor).getPSBT()))).toBe(hex(PSBTS.medium));
  });
});

describe('BBQr answer: what Sparrow, BlueWallet and Nunchuk need', () => {
  for (const [name, psbt] of CASES) {
    for (const maxVersion of BBQR_VERSIONS) {
      it(`${name} PSBT, QR versions up to ${maxVersion}`, () => {
        const frames = psbtFrames(psbt, 'bbqr', { maxVersion });
        const split = splitBbqr(psbt, 'P', { maxVersion });
        expect(frames).toEqual(split.parts);
        const count = parseInt(frames[0]!.slice(4, 6), 36);
        // The frame list is exactly the parts: BlueWallet completes when it holds as many distinct texts as the first
        // part's count (ur/index.js:491-501, keyed by the whole text :523-527), Sparrow when it holds as many part
        // numbers as the last header read says (BBQRDecoder.java:32-38).
        expect(new Set(frames).size).toBe(frames.length);
        expect(frames).toHaveLength(count);
        const bodies: Uint8Array[] = [];
        frames.forEach((f, i) => {
          // "B$", then an encoding Sparrow's enum matches exactly (BBQREncoding.java:89-96: H, 2, Z) and a file type it
          // knows (BBQRType.java:4), P for a PSBT (Nunchuk nunchukutils.cpp:1084-1086 turns only P into a PSBT).
          expect(f.slice(0, 4)).toMatch(/^B\$[H2Z]P$/);
          // The same first 6 characters in every part (BlueWallet join.ts:18-22, bbqr-cpp bbqr.cpp:122-131).
          expect(f.slice(0, 6)).toBe(frames[0]!.slice(0, 6));
          // Two base-36 digits, upper case: BigInteger(s, 36) (Sparrow BBQRHeader.java:40-43), parseInt(s, 36)
          // (BlueWallet join.ts:41, 50) and stoi(s, 36) (bbqr-cpp bbqr.cpp:138, 148) all read them.
          expect(f.slice(6, 8)).toBe(i.toString(36).toUpperCase().padStart(2, '0'));
          // A body after the header (bbqr-cpp bbqr.cpp:123 refuses a part of 8 characters or fewer).
          expect(f.length).toBeGreaterThan(8);
          // Each part's body decodes on its own: Sparrow (BBQRDecoder.java:35, BBQRHeader.java:12-14), BlueWallet
          // (utils.ts:194-203, padding each part) and Nunchuk (bbqr-cpp utils.cpp:105-133, base32 without stray bits,
          // strencoding.hpp:76-117) decode part by part before joining. Decoded here as BlueWallet does, with @scure/base.
          const body = f.slice(8);
          if (f[2] === 'H') {
            expect(body).toMatch(/^([0-9A-F]{2})+$/);
            bodies.push(Uint8Array.from(body.match(/../g)!.map((b) => parseInt(b, 16))));
          } else {
            expect(body).toMatch(/^[A-Z2-7]+$/);
            if (i < frames.length - 1) expect(body.length % 8).toBe(0);
            bodies.push(base32.decode(body + '='.repeat((8 - (body.length % 8)) % 8)));
          }
          // Every part fits the QR version the split names, at ECC level L in alphanumeric mode: the version the
          // reference and Nunchuk's density choice (nunchuk.h:46-49: 3, 10, 27, 40) are about.
          expect(textQr(f, 'L').version).toBeLessThanOrEqual(split.version);
        });
        expect(split.version).toBeLessThanOrEqual(maxVersion);
        const joined = new Uint8Array(bodies.reduce((n, b) => n + b.length, 0));
        bodies.reduce((at, b) => (joined.set(b, at), at + b.length), 0);
        if (frames[0]![2] === 'Z') {
          // Raw deflate read with a 1 KiB window: Sparrow new Inflater(10, true) (BBQREncoding.java:71), BlueWallet
          // pako.inflate(windowBits -10) (utils.ts:206), Nunchuk inflateInit2(-10) (bbqr-cpp utils.cpp:57).
          expect(farthestReference(joined)).toBeLessThanOrEqual(1024);
          expect(hex(inflateRaw(joined, { windowBits: 10 }))).toBe(hex(psbt));
        } else {
          expect(hex(joined)).toBe(hex(psbt));
        }
      });
    }
  }

  it('the default is Z (deflate) as Sparrow\'s own display (QRDisplayDialog.java:51) and bbqr-cpp (bbqr.hpp: encoding Z)', () => {
    expect(psbtFrames(PSBTS.large, 'bbqr')[0]!.slice(0, 4)).toBe('B$ZP');
  });
});

describe('watch-only account QR (the same animated component): what BlueWallet and Nunchuk read', async () => {
  const master = masterFromSeed(await mnemonicToSeed(ABOUT));
  const b58check = createBase58check(sha256);
  /** SLIP-132 version bytes BlueWallet writes (ur/index.js:418, 443, 450). */
  const ZPUB = '04b24746';
  const YPUB = '049d7cb2';
  const XPUB = '0488b21e';

  it.each(slip132.accounts.map((v) => [v.account_path, v] as const))('%s: one QR of UR:CRYPTO-ACCOUNT whose key BlueWallet rebuilds as SLIP-132\'s ext_pub', (path, vector) => {
    const kind = ({ 44: 'bip44', 49: 'bip49', 84: 'bip84' } as const)[Number(path.split('/')[1]!.replace("'", '')) as 44 | 49 | 84];
    const account = deriveAccount(master, { kind, network: 'mainnet', account: 0 });
    const frames = urFrames(accountUrString(account));
    // One frame: Nunchuk reads a Keystone-style signer QR with the single-part ur::URDecoder::decode(qr_data[0])
    // (libnunchuk nunchukimpl.cpp:2188-2199, ParseKeystoneSigner, first output descriptor only).
    expect(frames).toHaveLength(1);
    const text = frames[0]!;
    // BlueWallet sends it to its UR decoder by this prefix (ScanQRCode.tsx:166).
    expect(text.startsWith('UR:CRYPTO-ACCOUNT/')).toBe(true);
    const { type, cbor } = ngraveioDecode([text]);
    expect(type).toBe('crypto-account');
    // BlueWallet ur/index.js:402-457: CryptoAccount.fromCBOR, then per output descriptor an extended key from the
    // hdkey's origin path (its depth and last component), parent fingerprint, chain code and key, with zpub version
    // bytes, re-versioned to ypub under m/49'/0'/ and to xpub under m/44'/0'/; MasterFingerprint in upper-case hex.
    const account0 = CryptoAccount.fromCBOR(cbor);
    expect(Buffer.from(account0.getMasterFingerprint()).toString('hex').toUpperCase()).toBe('73C5DA0A');
    const descriptors = account0.getOutputDescriptors();
    expect(descriptors).toHaveLength(1);
    const key = descriptors[0]!.getCryptoKey() as CryptoHDKey;
    const origin = key.getOrigin();
    const derivationPath = `m/${origin.getPath()}`;
    expect(derivationPath.replaceAll('h', "'")).toBe(path);
    const last = origin.getComponents().at(-1)!;
    const index = new Uint8Array(4);
    new DataView(index.buffer).setUint32(0, last.isHardened() ? last.getIndex() + 0x80000000 : last.getIndex());
    const version = derivationPath.startsWith("m/49'/0'/") ? YPUB : derivationPath.startsWith("m/44'/0'/") ? XPUB : ZPUB;
    const serialized = Buffer.concat([Buffer.from(version, 'hex'), Buffer.from([origin.getDepth()]), key.getParentFingerprint(), index, key.getChainCode(), key.getKey()]);
    expect(b58check.encode(serialized)).toBe(vector.ext_pub);
  });

  it("m/86'/0'/0' (taproot): BlueWallet keeps zpub version bytes for it (ur/index.js:418, re-versioned only under 49'/0' and 44'/0' :439-451): the key data are our account's", () => {
    const account = deriveAccount(master, { kind: 'bip86', network: 'mainnet', account: 0 });
    const frames = urFrames(accountUrString(account));
    expect(frames).toHaveLength(1);
    const descriptor = CryptoAccount.fromCBOR(ngraveioDecode([frames[0]!]).cbor).getOutputDescriptors()[0]!;
    const key = descriptor.getCryptoKey() as CryptoHDKey;
    const origin = key.getOrigin();
    expect(`m/${origin.getPath()}`.replaceAll('h', "'")).toBe("m/86'/0'/0'");
    const index = new Uint8Array(4);
    new DataView(index.buffer).setUint32(0, origin.getComponents().at(-1)!.getIndex() + 0x80000000);
    const rebuilt = Buffer.concat([Buffer.from(ZPUB, 'hex'), Buffer.from([origin.getDepth()]), key.getParentFingerprint(), index, key.getChainCode(), key.getKey()]);
    const ours = b58check.decode(account.xpub);
    expect(hex(rebuilt.subarray(4))).toBe(hex(ours.subarray(4)));
  });
});
