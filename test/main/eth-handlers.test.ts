/**
 * The Sign Ethereum channels through the real registered listeners (sender check, schema, Result), with the
 * "abandon … about" wallet. The pairing QR is read back by Keystone's own registry (what MetaMask's keyring uses).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CryptoHDKey } from '@keystonehq/bc-ur-registry-eth';
import { UrDecoder } from '../../electron/core';
import { handlerHarness } from '../helpers/ipc';

const vectors = JSON.parse(readFileSync('test/vectors/ethereum-vectors.json', 'utf8')) as {
  bip44_eth_abandon_about: { account_xpub: string; addresses: Array<{ path: string; address: string }> };
};

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

async function setup() {
  const h = handlerHarness();
  const { walletId } = await h.ok('openWallet', { source: { words: ABANDON, language: null }, passphrase: '' });
  return { ...h, walletId };
}

describe('Sign Ethereum channels', () => {
  it('getEthPairing: the crypto-hdkey QR (read by Keystone’s registry) and the first 5 addresses (ethereum-vectors.json bip44_eth_abandon_about)', async () => {
    const { ok, walletId } = await setup();
    const pairing = await ok('getEthPairing', { walletId });
    expect(pairing.accountPath).toBe("m/44'/60'/0'");
    expect(pairing.fingerprint).toBe('73c5da0a');
    expect(pairing.addresses).toHaveLength(5);
    expect(pairing.addresses.slice(0, 2).map((a) => ({ path: a.path, address: a.address }))).toEqual(vectors.bip44_eth_abandon_about.addresses);
    expect(pairing.qr.text).toBe(pairing.ur);
    const status = new UrDecoder().receive(pairing.ur);
    if (status.kind !== 'complete') throw new Error('the pairing UR did not decode');
    const key = CryptoHDKey.fromCBOR(Buffer.from(status.ur.cbor));
    expect(key.getOrigin().getSourceFingerprint()?.toString('hex')).toBe('73c5da0a');
    expect(key.getBip32Key()).toBe(vectors.bip44_eth_abandon_about.account_xpub);
  });

  it('a closed wallet and a malformed request are refused with a code', async () => {
    const { call } = await setup();
    expect(await call('getEthPairing', { walletId: '0'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
    expect(await call('scanEthRequestFrame', { walletId: '0'.repeat(32), text: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
