/**
 * The batch public derivation and encoders agree with @scure/bip32 (deriveChild) and @scure/btc-signer
 * (p2wpkh, p2tr) on thousands of indices, on every network's prefix. The official BIP84/86 vectors in
 * accounts.test.ts pass through the same code.
 */
import { p2tr, p2wpkh } from '@scure/btc-signer';
import { describe, expect, it } from 'vitest';
import { deriveAccount, masterFromSeed, mnemonicToSeed } from '../../electron/core';
import { addressNetwork } from '../../electron/core/keys/networks';
import { p2trChildAddresses, p2wpkhAddress, publicChildren } from '../../electron/core/keys/fast-derive';

const master = masterFromSeed(await mnemonicToSeed('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', 'fast'));

describe('batch CKDpub equals @scure/bip32 deriveChild', () => {
  it.each([
    [0, 1500],
    [2 ** 31 - 300, 300],
  ])('indices %i.. (%i of them)', (from, count) => {
    const node = deriveAccount(master, { kind: 'bip84', network: 'mainnet', account: 7 }).node.deriveChild(1);
    const batch = publicChildren({ publicKey: node.publicKey!, chainCode: node.chainCode! }, from, count);
    for (let k = 0; k < count; k += 1) expect(batch[k]).toEqual(node.deriveChild(from + k).publicKey);
  });
});

describe('encoders equal @scure/btc-signer', () => {
  it.each(['mainnet', 'testnet', 'regtest'] as const)('P2WPKH and BIP86 P2TR on %s, 500 indices', (network) => {
    const net = addressNetwork(network);
    const node = deriveAccount(master, { kind: 'bip86', network, account: 0 }).node.deriveChild(0);
    const parent = { publicKey: node.publicKey!, chainCode: node.chainCode! };
    const pubs = publicChildren(parent, 0, 500);
    const tr = p2trChildAddresses(parent, 0, 500, net.bech32);
    pubs.forEach((pub, i) => {
      expect(p2wpkhAddress(pub, net.bech32)).toBe(p2wpkh(pub, net).address);
      expect(tr[i]).toBe(p2tr(pub.subarray(1), undefined, net).address);
    });
  });
});
