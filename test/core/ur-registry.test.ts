/**
 * crypto-account / crypto-output / crypto-hdkey against the BlockchainCommons examples (bcr-2020-015, -010) and
 * KeystoneHQ's ur-registry tests (test/vectors/README.md): exact bytes, and decoded back by our strict decoder.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { type CborMap, CborTag, decodeCbor, encodeCbor } from '../../electron/core/codecs/cbor';
import { cryptoAccountCbor, hdKeyMap, outputExpression, type AccountOutput, type ScriptExpression } from '../../electron/core/codecs/ur/registry';
import { decodeSinglePartUr, encodeUr } from '../../electron/core/codecs/ur/ur';
import { deriveAccount, type AccountSpec } from '../../electron/core/keys/accounts';
import { accountOutput, accountUr, accountUrString, coldcardGenericJson, metamaskUr, outputUr } from '../../electron/core/keys/export';
import { derive, masterFromSeed, parsePath } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';

const bcr015 = JSON.parse(readFileSync('test/vectors/bcr-ur-examples-v1-crypto-types.json', 'utf8')).papers['papers/bcr-2020-015-account.md'].sections[0].items as Array<{ caption: string; code: string }>;
const bcrHex = bcr015.find((i) => i.caption.startsWith('* As a hex string'))!.code.trim();
const bcrUr = bcr015.find((i) => i.caption.startsWith('* As a UR'))!.code.trim();
const keystone = JSON.parse(readFileSync('test/vectors/keystone-ur-registry-test-vectors.json', 'utf8')).files as Record<
  string,
  Array<{ name: string; constants?: Record<string, string>; ur_decoded?: Record<string, { ur_type: string; cbor_hex: string }> }>
>;
const ks = (file: string, name: string) => {
  const t = keystone[file]!.find((x) => x.name === name)!;
  const [ur, decoded] = Object.entries(t.ur_decoded!)[0]!;
  return { ur, cbor: decoded.cbor_hex, constants: t.constants ?? {} };
};

const masterOf = async (words: string) => masterFromSeed(await mnemonicToSeed(words));

describe('bcr-2020-015 crypto-account example ("shield group erode …", 7 outputs)', () => {
  it('our encoder reproduces its CBOR and UR exactly (308-wrapped layout)', async () => {
    const master = await masterOf('shield group erode awake lock sausage cash glare wave crew flame glove');
    const mfp = 0x37b5eed4;
    const out = (path: string, script: ScriptExpression): AccountOutput => {
      const node = derive(master, parsePath(path));
      return {
        script,
        key: { key: node.publicKey!, chainCode: node.chainCode!, origin: { path: parsePath(path), sourceFingerprint: mfp }, parentFingerprint: node.parentFingerprint },
      };
    };
    const cbor = cryptoAccountCbor(
      mfp,
      [
        out("m/44'/0'/0'", ['pkh']),
        out("m/49'/0'/0'", ['sh', 'wpkh']),
        out("m/84'/0'/0'", ['wpkh']),
        out("m/45'", ['sh', 'cosigner']),
        out("m/48'/0'/0'/1'", ['sh', 'wsh', 'cosigner']),
        out("m/48'/0'/0'/2'", ['wsh', 'cosigner']),
        out("m/86'/0'/0'", ['tr']),
      ],
      { wrapOutputs: true },
    );
    expect(bytesToHex(cbor)).toBe(bcrHex.toLowerCase());
    expect(encodeUr({ type: 'crypto-account', cbor })).toBe(bcrUr);
  });
});

describe('Keystone ur-registry vectors', () => {
  it('crypto-account "construct 2" (abandon … about, wsh 48\'/0\'/0\'/2\', Keystone layout): same bytes', async () => {
    const v = ks('keystone-ur-registry-CryptoAccount.test.ts', 'test construct 2');
    const master = await masterOf(v.constants.mnemonic!);
    const path = parsePath("m/48'/0'/0'/2'");
    const node = derive(master, path);
    const cbor = cryptoAccountCbor(0x73c5da0a, [
      { script: ['wsh'], key: { key: node.publicKey!, chainCode: node.chainCode!, origin: { path, sourceFingerprint: 0x73c5da0a, depth: 4 }, parentFingerprint: node.parentFingerprint } },
    ]);
    expect(bytesToHex(cbor)).toBe(v.cbor);
    expect(encodeUr({ type: 'crypto-account', cbor })).toBe(v.ur);
  });
  it('ETH crypto-hdkey (MetaMask pairing key): same bytes from the same fields', () => {
    const v = ks('keystone-ur-registry-eth-CryptoHDKey.test.ts', 'test it can generate hd key for eth hd key');
    const cbor = encodeCbor(
      hdKeyMap({
        key: hexToBytes('02eae4b876a8696134b868f88cc2f51f715f2dbedb7446b8e6edf3d4541c4eb67b'),
        chainCode: hexToBytes('d882718b7a42806803eeb17f7483f20620611adb88fc943c898dc5aba94c2819'),
        origin: { path: parsePath("m/44'/60'/0'"), sourceFingerprint: 0xe9181cf3 },
        parentFingerprint: 0xd32e4508,
      }),
    );
    expect(bytesToHex(cbor)).toBe(v.constants.expectedHex);
    expect(encodeUr({ type: 'crypto-hdkey', cbor })).toBe(v.ur);
  });
  it('crypto-hdkey "public testnet" (use-info network 1): same bytes', () => {
    const v = ks('keystone-ur-registry-CryptoHDKey.test.ts', 'test public testnet');
    const decoded = decodeCbor(hexToBytes(v.cbor)) as CborMap;
    const origin = ((decoded.get(6) as CborTag).value as CborMap).get(1) as Array<number | boolean>;
    const path: number[] = [];
    for (let i = 0; i < origin.length; i += 2) path.push((origin[i] as number) + (origin[i + 1] ? 0x80000000 : 0));
    const cbor = encodeCbor(
      hdKeyMap({
        key: decoded.get(3) as Uint8Array,
        chainCode: decoded.get(4) as Uint8Array,
        useInfo: { type: 0, network: 1 },
        origin: { path },
        parentFingerprint: decoded.get(8) as number,
      }),
    );
    expect(bytesToHex(cbor)).toBe(v.cbor);
  });
});

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('our exports for "abandon … about"', async () => {
  const master = await masterOf(ABOUT);
  const acct = (spec: Partial<AccountSpec> & Pick<AccountSpec, 'kind'>) => deriveAccount(master, { network: 'mainnet', account: 0, ...spec });

  it('crypto-account of BIP84 decodes to fingerprint, wpkh(hdkey) with origin 84\'/0\'/0\' and depth 3', () => {
    const ur = decodeSinglePartUr(accountUrString(acct({ kind: 'bip84' })));
    expect(ur.type).toBe('crypto-account');
    const map = decodeCbor(ur.cbor) as CborMap;
    expect(map.get(1)).toBe(0x73c5da0a);
    const [output] = map.get(2) as CborTag[];
    expect(output!.tag).toBe(404);
    const key = (output!.value as CborTag).value as CborMap;
    expect((output!.value as CborTag).tag).toBe(303);
    expect(bytesToHex(key.get(3) as Uint8Array)).toBe(bytesToHex(acct({ kind: 'bip84' }).node.publicKey!));
    expect(((key.get(6) as CborTag).value as CborMap).entries).toEqual([
      [1, [84, true, 0, true, 0, true]],
      [2, 0x73c5da0a],
      [3, 3],
    ]);
    expect(key.get(5)).toBeUndefined(); // mainnet Bitcoin: use-info omitted (its default)
  });
  it.each([
    ['bip44', [403]],
    ['bip49', [400, 404]],
    ['bip84', [404]],
    ['bip86', [409]],
  ] as const)('%s output tags %j (what Sparrow maps to its script type)', (kind, tags) => {
    const cbor = decodeCbor(outputUr(acct({ kind })).cbor);
    const seen: number[] = [];
    let v = cbor;
    while (v instanceof CborTag && v.tag !== 303) {
      seen.push(v.tag);
      v = v.value;
    }
    expect(seen).toEqual(tags);
  });
  it('testnet keys carry use-info network 1', () => {
    const key = hdKeyMap(accountOutput(acct({ kind: 'bip84', network: 'testnet' })).key);
    expect(((key.get(5) as CborTag).value as CborMap).entries).toEqual([[2, 1]]);
  });
  it('all four single-sig accounts in one crypto-account', () => {
    const ur = accountUr(['bip44', 'bip49', 'bip84', 'bip86'].map((kind) => acct({ kind: kind as 'bip84' })));
    expect((decodeCbor(ur.cbor) as CborMap).get(2)).toHaveLength(4);
  });
  it('MetaMask crypto-hdkey: origin 44\'/60\'/0\' with source fingerprint, children 0/*, coin 60, note account.standard', () => {
    const map = decodeCbor(metamaskUr(acct({ kind: 'eth' })).cbor) as CborMap;
    expect(((map.get(5) as CborTag).value as CborMap).entries).toEqual([[1, 60]]);
    expect(((map.get(6) as CborTag).value as CborMap).entries).toEqual([
      [1, [44, true, 60, true, 0, true]],
      [2, 0x73c5da0a],
      [3, 3],
    ]);
    expect(((map.get(7) as CborTag).value as CborMap).entries).toEqual([[1, [0, false, [], false]]]);
    expect(map.get(9)).toBe('Permafrost');
    expect(map.get(10)).toBe('account.standard');
  });
  it('Coldcard-style generic JSON has what Sparrow and Specter read', () => {
    const json = JSON.parse(coldcardGenericJson(master, 'mainnet'));
    expect(json).toMatchObject({ chain: 'BTC', xfp: '73C5DA0A', account: 0 });
    expect(json.xpub).toBe(master.publicExtendedKey);
    expect(json.bip84).toMatchObject({
      name: 'p2wpkh',
      deriv: 'm/84h/0h/0h',
      xpub: acct({ kind: 'bip84' }).xpub,
      _pub: 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs',
      first: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
    });
    expect(json.bip84.xfp).not.toBe('73C5DA0A'); // the account node's own fingerprint, as Coldcard writes it
    expect(json.bip84.desc).toBe(acct({ kind: 'bip84' }).descriptors?.multipath);
    expect(json.bip44._pub).toBeUndefined();
    expect(json.bip48_2).toMatchObject({ name: 'p2wsh', deriv: 'm/48h/0h/0h/2h' });
    expect(json.bip48_2.first).toBeUndefined();
    expect(json.bip86).toMatchObject({ name: 'p2tr', first: 'bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr' });
    // bip48_1 and bip45 against Coldcard's own example: test/core/cosigner-export.test.ts.
    expect(Object.keys(json)).toEqual(['chain', 'xfp', 'account', 'xpub', 'bip44', 'bip49', 'bip84', 'bip48_1', 'bip48_2', 'bip45', 'bip86']);
  });
  it('testnet generic JSON: chain XTN, tpub/vpub', () => {
    const json = JSON.parse(coldcardGenericJson(master, 'testnet'));
    expect(json.chain).toBe('XTN');
    expect(json.xpub.startsWith('tpub')).toBe(true);
    expect(json.bip84._pub.startsWith('vpub')).toBe(true);
    expect(json.bip84.deriv).toBe('m/84h/1h/0h');
  });
});

describe('bcr-2020-010 crypto-output test vector 4 and Keystone "p2pkh hdkey"', () => {
  // pkh([d34db33f/44'/0'/0']xpub6ERApfZw…/1/*): an hdkey with origin, children 1/* and a parent fingerprint.
  const xpub = 'xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL';
  const fields = async (depth?: number) => {
    const { parseExtendedKey } = await import('../../electron/core');
    const { key } = parseExtendedKey(xpub);
    return {
      key: key.publicKey!,
      chainCode: key.chainCode!,
      origin: { path: parsePath("m/44'/0'/0'"), sourceFingerprint: 0xd34db33f, ...(depth === undefined ? {} : { depth }) },
      children: { path: [1, { wildcard: true as const, hardened: false }] },
      parentFingerprint: key.parentFingerprint,
    };
  };
  it('BCR example (origin depth 4, as published): same bytes and UR', async () => {
    const cbor = encodeCbor(outputExpression(['pkh'], await fields(4)));
    const published = 'D90193D9012FA503582102D2B36900396C9282FA14628566582F206A5DD0BCC8D5E892611806CAFB0301F0045820637807030D55D01F9A0CB3A7839515D796BD07706386A6EDDF06CC29A65A0E2906D90130A30186182CF500F500F5021AD34DB33F030407D90130A1018401F480F4081A78412E3A';
    expect(bytesToHex(cbor)).toBe(published.toLowerCase());
  });
  it('Keystone vector (no depth): same bytes and UR', async () => {
    const v = ks('keystone-ur-registry-CryptoOutput.test.ts', 'test p2pkh hdkey');
    const cbor = encodeCbor(outputExpression(['pkh'], await fields()));
    expect(bytesToHex(cbor)).toBe(v.cbor);
    expect(encodeUr({ type: 'crypto-output', cbor })).toBe(v.ur);
  });
});
