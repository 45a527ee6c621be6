/**
 * Wallet configurations as coordinators write them, each read by parseWalletConfig: BSMS 1.0 descriptor records
 * (the BIP129 test vector, and ours with its first address altered), Coldcard setup files (fixtures written from
 * Coldcard's documentation: test/fixtures/coldcard-*.txt), UR crypto-output (the BCR-2020-010 examples, and one
 * written by Keystone's own registry) and output-descriptor (v2), single and animated; the detection and refusals.
 */
import { readFileSync } from 'node:fs';
import * as descriptors from '@bitcoinerlab/descriptors';
import { CryptoHDKey, CryptoKeypath, CryptoOutput, MultiKey, PathComponent, ScriptExpressions } from '@keystonehq/bc-ur-registry';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import { describe, expect, it } from 'vitest';
import { CborMap, CborTag, encodeCbor } from '../../electron/core/codecs/cbor';
import { encodeUr, UrEncoder } from '../../electron/core/codecs/ur/ur';
import { parseDescriptor, deriveScripts } from '../../electron/core/wallets/descriptor';
import { cryptoOutputToDescriptor, outputDescriptorToText, parseWalletConfig } from '../../electron/core/wallets/formats';
import { multisigAddress, multisigDescriptors, multisigFromDescriptor } from '../../electron/core/wallets/multisig';
import { descriptorFor, keysFor } from '../helpers/multisig';

const { Output } = descriptors.DescriptorsFactory(ecc);
const keys = keysFor('p2wsh');
const expected = multisigFromDescriptor(descriptorFor('p2wsh', keys));

describe('BSMS 1.0 (BIP129)', () => {
  // bitcoin/bips bip-0129.mediawiki "Test Vectors", NO_ENCRYPTION with xpubs (2 of 2, P2WSH): the coordinator's
  // descriptor record (the same vector is in Coldcard's firmware tests, testing/test_bip129.py).
  const VECTOR = `BSMS 1.0
wsh(sortedmulti(2,[1cf0bf7e/48'/0'/0'/2']xpub6FL8FhxNNUVnG64YurPd16AfGyvFLhh7S2uSsDqR3Qfcm6o9jtcMYwh6DvmcBF9qozxNQmTCVvWtxLpKTnhVLN3Pgnu2D3pAoXYFgVyd8Yz/**,[4fc1dd4a/48'/0'/0'/2']xpub6EebMbEps7ZcV3FYEnddRsvrFWDrt2tiPmCeM7pPXQEmphvq9ZfJ1LWFUDjf3vxCeBuPrfyGrMazWUsYsetrnHatQZVLJH7LsgCjtMqdzgj/**))
/0/*,/1/*
bc1qrgc6p3kylfztu06ysl752gwwuekhvtfh9vr7zg43jvu60mutamcsv948ej`;

  it('BIP129 vector (NO_ENCRYPTION, xpub): 2 of 2 P2WSH, and its first address is the one we derive', () => {
    const { format, wallet } = parseWalletConfig(VECTOR);
    expect(format).toBe('bsms');
    expect(wallet).toMatchObject({ m: 2, n: 2, scriptType: 'p2wsh', sorted: true, network: 'mainnet' });
    expect(wallet.cosigners.map((c) => `${c.fingerprint} ${c.path}`)).toEqual(["1cf0bf7e m/48'/0'/0'/2'", "4fc1dd4a m/48'/0'/0'/2'"]);
    expect(multisigAddress(wallet, false, 0).address).toBe('bc1qrgc6p3kylfztu06ysl752gwwuekhvtfh9vr7zg43jvu60mutamcsv948ej');
  });

  it('refuses a record whose first address is not its descriptor’s (altered), and the encrypted/other versions', () => {
    expect(() => parseWalletConfig(VECTOR.replace('bc1qrgc6p3', 'bc1qrgc6p4'))).toThrow(/first address/);
    expect(() => parseWalletConfig(VECTOR.replace('BSMS 1.0', 'BSMS 2.0'))).toThrow(/BSMS 1.0/);
    expect(() => parseWalletConfig(VECTOR.replace('/0/*,/1/*', '/0/*'))).toThrow(/path restrictions/);
  });

  it('reads our own wallet’s record, checksum included', () => {
    const template = descriptorFor('p2wsh', keys, 2, '/**');
    const first = new Output({ descriptor: descriptorFor('p2wsh', keys, 2, '/0/*'), index: 0, network: bitcoin.networks.bitcoin }).getAddress();
    const { wallet } = parseWalletConfig(`BSMS 1.0\n${template}\nNo path restrictions\n${first}\n`);
    expect(wallet).toEqual(expected);
  });
});

describe('Coldcard multisig setup file (fixtures written from Coldcard’s documentation)', () => {
  it('P2WSH 2 of 3 with Name, Policy, Format, Derivation lines and comments', () => {
    const { format, wallet } = parseWalletConfig(readFileSync('test/fixtures/coldcard-multisig-2of3-p2wsh.txt', 'utf8'));
    expect(format).toBe('coldcard');
    expect(wallet).toEqual({ ...expected, name: 'CC-2-of-3' });
  });

  it('P2WSH-P2SH (nested) on testnet, "M / N" policy, lower-case fingerprints; addresses as bitcoinjs-lib', () => {
    const { wallet } = parseWalletConfig(readFileSync('test/fixtures/coldcard-multisig-2of3-p2sh-p2wsh-testnet.txt', 'utf8'));
    expect(wallet).toMatchObject({ name: 'Nested test', m: 2, n: 3, scriptType: 'p2sh-p2wsh', network: 'testnet' });
    const t = keysFor('p2sh-p2wsh', 'testnet');
    const pubs = t.map((k) => Buffer.from(k.node.deriveChild(0).deriveChild(0).publicKey as Uint8Array)).sort(Buffer.compare);
    const net = bitcoin.networks.testnet;
    const theirs = bitcoin.payments.p2sh({ redeem: bitcoin.payments.p2wsh({ redeem: bitcoin.payments.p2ms({ m: 2, pubkeys: pubs, network: net }), network: net }), network: net }).address;
    expect(multisigAddress(wallet, false, 0).address).toBe(theirs);
    expect(parseWalletConfig(readFileSync('test/fixtures/coldcard-multisig-2of3-p2sh-p2wsh-testnet.txt', 'utf8'), { network: 'signet' }).wallet.network).toBe('signet');
  });

  it('reads what Coldcard’s own reader accepts: comments after a value, CRLF, "2,3" / "2 3" policies, no policy (N of N)', () => {
    // Coldcard firmware shared/multisig.py from_file: "#" ends a line's content unless a digit follows it; the
    // policy is any two numbers ("2 of 3, 2/3, 2,3, 2 3"); without a Policy line every key must sign.
    const text = readFileSync('test/fixtures/coldcard-multisig-2of3-p2wsh.txt', 'utf8');
    const commented = text
      .replace('Name: CC-2-of-3', 'Name: CC-2-of-3   # the family vault')
      .replace('Policy: 2 of 3', 'Policy: 2 of 3 # any two')
      .replace(/(73C5DA0A: \S+)/, '$1  # this laptop')
      .replace(/\n/g, '\r\n');
    expect(parseWalletConfig(commented).wallet).toEqual({ ...expected, name: 'CC-2-of-3' });
    for (const policy of ['2,3', '2 3', '2/3']) expect(parseWalletConfig(text.replace('2 of 3', policy)).wallet.m).toBe(2);
    expect(parseWalletConfig(text.replace('Policy: 2 of 3\n', '')).wallet).toMatchObject({ m: 3, n: 3 });
  });

  it('refuses a policy that does not match the keys, a key without derivation, an unknown format, M > N', () => {
    const text = readFileSync('test/fixtures/coldcard-multisig-2of3-p2wsh.txt', 'utf8');
    expect(() => parseWalletConfig(text.replace('Policy: 2 of 3', 'Policy: 2 of 4'))).toThrow(/lists 3 keys/);
    expect(() => parseWalletConfig(text.replace('Policy: 2 of 3', 'Policy: 4 of 3'))).toThrow(/M is larger than N/);
    expect(() => parseWalletConfig(text.replace('Format: P2WSH', 'Format: P2TR'))).toThrow(/not P2WSH, P2SH-P2WSH or P2SH/);
    expect(() => parseWalletConfig(text.replace(/Derivation: .*\n/g, ''))).toThrow(/no "Derivation:"/);
  });
});

describe('UR crypto-output (BCR-2020-010, v1)', () => {
  const bcr = JSON.parse(readFileSync('test/vectors/bcr-ur-examples-v1-crypto-types.json', 'utf8')).papers['papers/bcr-2020-010-output-desc.md'].sections as Array<{ heading: string; items: Array<{ caption: string | null; code: string }> }>;
  const example = (n: number) => {
    const items = bcr.find((s) => s.heading === `Example/Test Vector ${n}`)?.items ?? [];
    return { descriptor: items[0]?.code as string, ur: items.find((i) => i.code.startsWith('ur:'))?.code as string, hex: items.find((i) => /^[0-9a-fA-F]+$/.test(i.code))?.code as string };
  };

  it('Example 3: sh(multi(2, two keys)) reads back as its descriptor text', () => {
    const e = example(3);
    expect(cryptoOutputToDescriptor(Uint8Array.from(Buffer.from(e.hex, 'hex')))).toBe(e.descriptor);
  });

  it('Example 5: wsh(multi(1, xpub/1/0/*, xpub/0/0/*)) gives the same xpubs and scripts (the second key’s origin [bd16bee5/0] kept)', () => {
    const e = example(5);
    const text = cryptoOutputToDescriptor(Uint8Array.from(Buffer.from(e.hex, 'hex')));
    expect(text.replace('[bd16bee5/0]', '')).toBe(e.descriptor);
    for (const i of [0, 1, 2]) expect(deriveScripts(parseDescriptor(text), 0, i).script).toEqual(deriveScripts(parseDescriptor(e.descriptor), 0, i).script);
    // Not a wallet of ours: no origins for the first key, and /1/0/* is not a receive/change branch.
    expect(() => parseWalletConfig(e.ur)).toThrow(/origin|<0;1>/);
  });

  it('a crypto-output written by Keystone’s registry (wsh sortedmulti, hdkeys with origins, /0/*) is our wallet', () => {
    const hd = keys.map(
      (k) =>
        new CryptoHDKey({
          isMaster: false,
          key: Buffer.from(k.node.publicKey as Uint8Array),
          chainCode: Buffer.from(k.node.chainCode as Uint8Array),
          origin: new CryptoKeypath(
            k.path.map((x) => new PathComponent({ index: x - 0x80000000, hardened: true })),
            Buffer.from(k.fingerprint, 'hex'),
            4,
          ),
          children: new CryptoKeypath([new PathComponent({ index: 0, hardened: false }), new PathComponent({ hardened: false })]),
          parentFingerprint: Buffer.from((k.node.parentFingerprint >>> 0).toString(16).padStart(8, '0'), 'hex'),
        }),
    );
    const output = new CryptoOutput([ScriptExpressions.WITNESS_SCRIPT_HASH, ScriptExpressions.SORTED_MULTISIG], new MultiKey(2, hd));
    const ur = output.toUREncoder(1000).nextPart();
    const { format, wallet } = parseWalletConfig(ur);
    expect(format).toBe('ur-crypto-output');
    expect(wallet).toEqual(expected);
    // Animated: the same UR in fountain parts, one per line.
    const encoder = new UrEncoder({ type: 'crypto-output', cbor: Uint8Array.from(output.toCBOR()) }, 60);
    const parts = Array.from({ length: encoder.seqLen + 2 }, () => encoder.nextPart());
    expect(parseWalletConfig(parts.join('\n')).wallet).toEqual(expected);
    expect(() => parseWalletConfig(parts.slice(0, 1).join('\n'))).toThrow(/incomplete/);
  });
});

describe('UR output-descriptor (v2: tag 40308, source with @0…, keys as tag 40303)', () => {
  const hdkey = (k: (typeof keys)[number]) =>
    new CborTag(
      40303,
      new CborMap([
        [3, k.node.publicKey as Uint8Array],
        [4, k.node.chainCode as Uint8Array],
        [6, new CborTag(40304, new CborMap([[1, k.path.flatMap((x) => [x - 0x80000000, true])], [2, Number.parseInt(k.fingerprint, 16)], [3, 4]]))],
        [8, k.node.parentFingerprint >>> 0],
      ]),
    );
  const cbor = encodeCbor(new CborTag(40308, new CborMap([[1, 'wsh(sortedmulti(2,@0/<0;1>/*,@1/<0;1>/*,@2/<0;1>/*))'], [2, keys.map(hdkey)], [3, 'Shared vault']])));

  it('reads the source with its keys, and the name', () => {
    expect(outputDescriptorToText(cbor)).toEqual({ descriptor: descriptorFor('p2wsh', keys), name: 'Shared vault' });
    const { format, wallet } = parseWalletConfig(encodeUr({ type: 'output-descriptor', cbor }));
    expect(format).toBe('ur-output-descriptor');
    expect(wallet).toEqual({ ...expected, name: 'Shared vault' });
  });

  it('refuses a source naming a key that is not given, and a UR of another type', () => {
    const short = encodeCbor(new CborMap([[1, 'wsh(sortedmulti(2,@0/<0;1>/*,@3/<0;1>/*))'], [2, keys.map(hdkey)]]));
    expect(() => outputDescriptorToText(short)).toThrow(/@3/);
    expect(() => parseWalletConfig(encodeUr({ type: 'crypto-psbt', cbor: encodeCbor(new Uint8Array(3)) }))).toThrow(/not a wallet configuration/);
  });
});

describe('detection', () => {
  it('refuses a descriptor file whose lines are different wallets (its change descriptor another key set)', () => {
    const d = multisigDescriptors(expected);
    const other = multisigDescriptors(multisigFromDescriptor(descriptorFor('p2wsh', keysFor('p2wsh', 'mainnet', ['ours', 'b', 'd']))));
    expect(() => parseWalletConfig(`${d.receive}\n${other.change}\n`)).toThrow(/Line 2 of the file is not the same wallet as line 1/);
    expect(() => parseWalletConfig(`# exported\n\n${d.multipath}\n${other.receive}\n`)).toThrow(/Line 4 of the file is not the same wallet as line 3 \(its receive addresses differ\)/);
  });

  it('a descriptor file with the multipath, receive and change descriptors is one wallet', () => {
    const d = multisigDescriptors(expected);
    expect(parseWalletConfig(`# exported\n${d.receive}\n${d.multipath}\n${d.change}\n`)).toEqual({ format: 'descriptor', wallet: expected });
  });
  it('says what it is not', () => {
    expect(() => parseWalletConfig('')).toThrow(/empty/);
    expect(() => parseWalletConfig(`wpkh(${keys[0]?.expression}/0/*)`)).toThrow(/single-key descriptor/);
    expect(() => parseWalletConfig('hello')).toThrow(/not a wallet configuration Permafrost reads/);
    expect(() => parseWalletConfig('x'.repeat(100_001))).toThrow(/at most 100,000/);
  });
});
