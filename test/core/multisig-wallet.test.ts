/**
 * Multisig wallets: descriptors in and out, addresses cross-checked with bitcoinjs-lib (payments.p2ms/p2wsh/p2sh)
 * and @bitcoinerlab/descriptors, BIP48 paths, our key proven from the seed, and the refusals (M > N, duplicate
 * keys, our fingerprint at the wrong path, a wallet without our key, wrong network, depth/path mismatch).
 */
import * as descriptors from '@bitcoinerlab/descriptors';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import { describe, expect, it } from 'vitest';
import { verifyChecksum } from '../../electron/core/keys/descriptor';
import { fingerprintHex } from '../../electron/core/keys/hd';
import {
  checkOurKeys,
  findMultisigAddress,
  multisigAddress,
  multisigAddresses,
  multisigDescriptors,
  multisigFromDescriptor,
  requireOurKey,
} from '../../electron/core/wallets/multisig';
import { cosignerKey, cosignerPath, descriptorFor, keysFor, masters, type ScriptKind } from '../helpers/multisig';

const { Output } = descriptors.DescriptorsFactory(ecc);
const ourFp = fingerprintHex(masters.ours);
const kinds: ScriptKind[] = ['p2wsh', 'p2sh-p2wsh', 'p2sh'];

function bitcoinjsAddress(kind: ScriptKind, pubkeys: Buffer[], m: number, network: bitcoin.Network): string {
  const sorted = [...pubkeys].sort(Buffer.compare);
  const ms = bitcoin.payments.p2ms({ m, pubkeys: sorted, network });
  if (kind === 'p2wsh') return bitcoin.payments.p2wsh({ redeem: ms, network }).address as string;
  if (kind === 'p2sh') return bitcoin.payments.p2sh({ redeem: ms, network }).address as string;
  return bitcoin.payments.p2sh({ redeem: bitcoin.payments.p2wsh({ redeem: ms, network }), network }).address as string;
}

describe('BIP48 cosigner paths', () => {
  it("uses m/48'/0'/0'/2' for P2WSH, m/48'/0'/0'/1' for P2SH-P2WSH, m/48'/1'/… on test networks, m/45' for P2SH", () => {
    const w = multisigFromDescriptor(descriptorFor('p2wsh', keysFor('p2wsh')));
    expect(w.cosigners[0]?.path).toBe("m/48'/0'/0'/2'");
    expect(multisigFromDescriptor(descriptorFor('p2sh-p2wsh', keysFor('p2sh-p2wsh'))).cosigners[0]?.path).toBe("m/48'/0'/0'/1'");
    expect(multisigFromDescriptor(descriptorFor('p2wsh', keysFor('p2wsh', 'testnet'))).cosigners[0]?.path).toBe("m/48'/1'/0'/2'");
    expect(multisigFromDescriptor(descriptorFor('p2sh', keysFor('p2sh'))).cosigners[0]?.path).toBe("m/45'");
  });
});

describe.each(kinds)('%s 2-of-3 addresses', (kind) => {
  const keys = keysFor(kind);
  const text = descriptorFor(kind, keys);
  const w = multisigFromDescriptor(text, { name: 'Family vault' });

  it('reads the wallet: M, N, script type, sorted, each cosigner as given', () => {
    expect(w).toMatchObject({ name: 'Family vault', m: 2, n: 3, scriptType: kind, sorted: true, network: 'mainnet' });
    expect(w.cosigners.map((c) => c.xpub)).toEqual(keys.map((k) => k.xpub));
    expect(w.cosigners.map((c) => c.fingerprint)).toEqual(keys.map((k) => k.fingerprint));
  });

  it('derives the same receive and change addresses as bitcoinjs-lib payments', () => {
    for (const change of [false, true]) {
      for (const a of multisigAddresses(w, { change, count: 5 })) {
        const pubs = keys.map((k) => Buffer.from(k.node.deriveChild(change ? 1 : 0).deriveChild(a.index).publicKey as Uint8Array));
        expect(a.address).toBe(bitcoinjsAddress(kind, pubs, 2, bitcoin.networks.bitcoin));
      }
    }
  });

  it('derives the same addresses as @bitcoinerlab/descriptors from our exported descriptor (checksummed)', () => {
    const d = multisigDescriptors(w);
    expect(verifyChecksum(d.multipath) && verifyChecksum(d.receive) && verifyChecksum(d.change)).toBe(true);
    for (const change of [0, 1]) {
      for (const index of [0, 7]) {
        const theirs = new Output({ descriptor: change ? d.change : d.receive, index, network: bitcoin.networks.bitcoin }).getAddress();
        expect(multisigAddresses(w, { change: change === 1, from: index, count: 1 })[0]?.address).toBe(theirs);
      }
    }
    // The exported descriptor reads back as the same wallet.
    expect(multisigFromDescriptor(d.multipath, { name: 'Family vault' })).toEqual(w);
  });

  it('a list (derived in one batch) equals the addresses derived one at a time', () => {
    const batch = multisigAddresses(w, { change: true, from: 10, count: 30 }).map((a) => a.address);
    const fresh = multisigFromDescriptor(text, { name: 'Family vault' });
    expect(batch).toEqual(Array.from({ length: 30 }, (_, k) => multisigAddress(fresh, true, 10 + k).address));
  });

  it('finds its own addresses ("is this address ours?") and not others', () => {
    const change7 = multisigAddresses(w, { change: true, from: 7, count: 1 })[0]?.address as string;
    expect(findMultisigAddress(w, change7)).toMatchObject({ change: true, index: 7, path: '1/7' });
    const other = multisigFromDescriptor(descriptorFor(kind, keysFor(kind, 'mainnet', ['ours', 'b', 'd'])));
    expect(findMultisigAddress(w, multisigAddresses(other, { count: 1 })[0]?.address as string, 20)).toBeNull();
  });
});

describe('descriptor forms', () => {
  const keys = keysFor('p2wsh');
  it('reads /0/* like /<0;1>/* (change on /1/*), with or without checksum, multi as well as sortedmulti', () => {
    const a = multisigFromDescriptor(descriptorFor('p2wsh', keys));
    const b = multisigFromDescriptor(descriptorFor('p2wsh', keys, 2, '/0/*'));
    expect(b).toEqual(a);
    expect(multisigFromDescriptor(multisigDescriptors(a).receive)).toEqual(a);
    const unsorted = multisigFromDescriptor(descriptorFor('p2wsh', keys, 2, '/<0;1>/*', 'multi'));
    expect(unsorted.sorted).toBe(false);
    const pubs = keys.map((k) => Buffer.from(k.node.deriveChild(0).deriveChild(0).publicKey as Uint8Array));
    const ms = bitcoin.payments.p2ms({ m: 2, pubkeys: pubs });
    expect(multisigAddresses(unsorted, { count: 1 })[0]?.address).toBe(bitcoin.payments.p2wsh({ redeem: ms }).address);
  });

  it('refuses a wrong checksum, a key without origin, a private key, other branches, a single-key descriptor', () => {
    const good = multisigDescriptors(multisigFromDescriptor(descriptorFor('p2wsh', keys))).multipath;
    expect(() => multisigFromDescriptor(`${good.slice(0, -1)}${good.endsWith('q') ? 'p' : 'q'}`)).toThrow(/checksum does not match/);
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', keys).replace(/\[[^\]]+\]/, ''))).toThrow(/no origin/);
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', keys, 2, '/<0;2>/*'))).toThrow(/<0;1>/);
    expect(() => multisigFromDescriptor(`wpkh(${keys[0]?.expression}/0/*)`)).toThrow(/not supported here/);
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', keys).replace(keys[1]?.xpub as string, keys[1]?.node.privateExtendedKey as string))).toThrow(/private key/);
  });

  it('refuses a descriptor mixing /<0;1>/* and /0/* keys (BIP389 would keep /0/* on the change branch; we would derive /1/*)', () => {
    const mixed = descriptorFor('p2wsh', keys, 2, '/0/*').replace('/0/*', '/<0;1>/*');
    expect(mixed.match(/<0;1>/g)).toHaveLength(1);
    expect(() => multisigFromDescriptor(mixed)).toThrow(/Keys 1 and 2 end differently \(\/<0;1>\/\* and \/0\/\*\)/);
  });
});

describe('validation (attack and mistake tests)', () => {
  const keys = keysFor('p2wsh');
  it('refuses M > N', () => {
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', keys, 4))).toThrow(/M is larger than N/);
  });
  it('refuses a key listed twice', () => {
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', [keys[0], keys[1], keys[0]] as typeof keys))).toThrow(/Keys 1 and 3 are the same key/);
  });
  it('refuses a test network key in a mainnet wallet and a path whose coin type is the other network', () => {
    const t = cosignerKey(masters.c, 'p2wsh', 'testnet');
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', [keys[0], keys[1], t] as typeof keys))).toThrow(/mixes mainnet keys/);
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', keysFor('p2wsh', 'testnet')), { network: 'mainnet' })).toThrow(/not mainnet\. Choose its test network \(testnet, signet or regtest\) as its network and read it again\./);
    // A mainnet xpub at a path claiming coin type 1'.
    const wrongCoin = cosignerKey(masters.c, 'p2wsh', 'mainnet', cosignerPath('p2wsh', 'testnet'));
    expect(() => multisigFromDescriptor(descriptorFor('p2wsh', [keys[0], keys[1], wrongCoin] as typeof keys))).toThrow(/coin type 1'/);
  });
  it("refuses an xpub whose depth is not its origin path's length", () => {
    const k = keys[2] as (typeof keys)[number];
    const shortened = descriptorFor('p2wsh', keys).replace(k.expression, k.expression.replace('/48h/0h/0h/2h]', '/48h/0h/2h]'));
    expect(() => multisigFromDescriptor(shortened)).toThrow(/depth 4 but its path/);
  });
  it('refuses more than 15 keys in P2SH (the 520-byte redeem script limit)', () => {
    const many = Array.from({ length: 16 }, (_, i) => cosignerKey(masters.b, 'p2sh', 'mainnet', [45 + 0x80000000, i]));
    expect(() => multisigFromDescriptor(descriptorFor('p2sh', many))).toThrow(/at most 15/);
  });
});

describe('our key', () => {
  it('is ours only when our fingerprint AND the xpub derived from our seed at its path', () => {
    const w = multisigFromDescriptor(descriptorFor('p2wsh', keysFor('p2wsh')));
    expect(checkOurKeys(w, masters.ours, ourFp)).toEqual({ ours: [0], wrongKey: [] });
    expect(requireOurKey(w, masters.ours, ourFp).ours).toEqual([0]);
  });

  it('refuses our fingerprint at the wrong path (the xpub is ours, but from account 1, claimed as account 0)', () => {
    const real = cosignerKey(masters.ours, 'p2wsh', 'mainnet', [48 + 0x80000000, 0x80000000, 1 + 0x80000000, 2 + 0x80000000]);
    const claimed = { ...real, expression: real.expression.replace('/48h/0h/1h/2h]', '/48h/0h/0h/2h]') };
    const [, b, c] = keysFor('p2wsh');
    const w = multisigFromDescriptor(descriptorFor('p2wsh', [claimed, b, c] as ReturnType<typeof keysFor>));
    expect(checkOurKeys(w, masters.ours, ourFp)).toEqual({ ours: [], wrongKey: [0] });
    expect(() => requireOurKey(w, masters.ours, ourFp)).toThrow(/names our fingerprint 73c5da0a at m\/48'\/0'\/0'\/2', but the xpub listed there is not the key/);
  });

  it('refuses a key posing as ours next to our real key (an attacker’s xpub labelled with our fingerprint)', () => {
    // 2 of 3 with [ours, "ours" (really the attacker's key b, labelled 73c5da0a at account 1), c]: the holder would
    // believe they hold 2 of the 3 keys, while the attacker holds 2 and can spend alone.
    const fake = cosignerKey(masters.b, 'p2wsh', 'mainnet', [48 + 0x80000000, 0x80000000, 1 + 0x80000000, 2 + 0x80000000]);
    const posing = { ...fake, expression: fake.expression.replace(`[${fake.fingerprint}/`, `[${ourFp}/`) };
    const [ours, , c] = keysFor('p2wsh');
    const w = multisigFromDescriptor(descriptorFor('p2wsh', [ours, posing, c] as ReturnType<typeof keysFor>));
    expect(checkOurKeys(w, masters.ours, ourFp)).toEqual({ ours: [0], wrongKey: [1] });
    expect(() => requireOurKey(w, masters.ours, ourFp)).toThrow(/Key 2 names our fingerprint 73c5da0a at m\/48'\/0'\/1'\/2', but its xpub is not the key this seed has there/);
  });

  it('refuses a wallet that holds two keys of this seed (one seed would count as two signers)', () => {
    const second = cosignerKey(masters.ours, 'p2wsh', 'mainnet', [48 + 0x80000000, 0x80000000, 1 + 0x80000000, 2 + 0x80000000]);
    const [ours, b] = keysFor('p2wsh');
    const w = multisigFromDescriptor(descriptorFor('p2wsh', [ours, second, b] as ReturnType<typeof keysFor>));
    expect(checkOurKeys(w, masters.ours, ourFp)).toEqual({ ours: [0, 1], wrongKey: [] });
    expect(() => requireOurKey(w, masters.ours, ourFp)).toThrow(/holds 2 keys of the open wallet \(keys 1 and 2\)/);
  });

  it('refuses a wallet without our key and names its fingerprints', () => {
    const w = multisigFromDescriptor(descriptorFor('p2wsh', keysFor('p2wsh', 'mainnet', ['b', 'c', 'd'])));
    const fps = [masters.b, masters.c, masters.d].map(fingerprintHex).join(', ');
    expect(() => requireOurKey(w, masters.ours, ourFp)).toThrow(`its keys are ${fps}`);
  });
});
