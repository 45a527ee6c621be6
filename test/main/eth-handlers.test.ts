/**
 * The Sign Ethereum channels through the real registered listeners (sender check, schema, Result), with the
 * "abandon … about" wallet. The pairing QR is read back by Keystone's own registry (what MetaMask's keyring uses).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CryptoHDKey, DataType, ETHSignature } from '@keystonehq/bc-ur-registry-eth';
import { AbiCoder, MaxUint256, Transaction, Signature, verifyMessage } from 'ethers';
import { decodeSinglePartUr, UrDecoder } from '../../electron/core';
import { ABANDON_ADDRESS_0, ethRequest, requestParts, requestUr, txRequest, utf8 } from '../helpers/eth-requests';
import { handlerHarness } from '../helpers/ipc';

const vectors = JSON.parse(readFileSync('test/vectors/ethereum-vectors.json', 'utf8')) as {
  bip44_eth_abandon_about: { account_xpub: string; addresses: Array<{ path: string; address: string }> };
};

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const tx1559 = { type: 2, chainId: 1, nonce: 1, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 2n * 10n ** 10n, gasLimit: 21000, to: '0x3535353535353535353535353535353535353535', value: 10n ** 16n, data: `0x${'00'.repeat(600)}` };

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

  it('animated request scanned frame by frame → review → sign → the answer (read by Keystone) recovers to our address in ethers', async () => {
    const { ok, call, walletId } = await setup();
    const parts = requestParts(txRequest(tx1559), 150);
    expect(parts.length).toBeGreaterThan(2);
    let last = null;
    for (const [i, text] of parts.entries()) {
      last = await ok('scanEthRequestFrame', { walletId, text });
      if (i < parts.length - 1) expect(last).toMatchObject({ status: { kind: 'added', progress: { received: i + 1, estimated: parts.length } }, loaded: null });
    }
    const loaded = last!.loaded!;
    expect(last!.status.kind).toBe('complete');
    expect(loaded.review).toMatchObject({ kind: 'transaction', signer: { address: ABANDON_ADDRESS_0 }, chain: { name: 'Ethereum' }, transaction: { value: '0.01 ETH', data: { bytes: 600 } }, warnings: [] });
    const signed = await ok('signEthRequest', { ethRequestId: loaded.ethRequestId, walletId, accept: [] });
    expect(signed.frames).toHaveLength(1);
    expect(signed.frames[0]).toBe(signed.ur);
    const answer = ETHSignature.fromCBOR(Buffer.from(decodeSinglePartUr(signed.ur).cbor));
    expect(`0x${answer.getSignature().toString('hex')}`).toBe(signed.signature);
    const theirs = Transaction.from(tx1559);
    const sig = answer.getSignature();
    theirs.signature = Signature.from({ r: `0x${sig.subarray(0, 32).toString('hex')}`, s: `0x${sig.subarray(32, 64).toString('hex')}`, yParity: sig[64] as 0 | 1 });
    expect(theirs.from).toBe(ABANDON_ADDRESS_0);
    expect(await ok('closeEthRequest', { ethRequestId: loaded.ethRequestId })).toEqual({ closed: true });
    expect(await call('signEthRequest', { ethRequestId: loaded.ethRequestId, walletId, accept: [] })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
  });

  it('pasted message: signed; a dire warning is refused until acknowledged by its code', async () => {
    const { ok, call, walletId } = await setup();
    const hash = await ok('loadEthRequest', { walletId, text: requestUr(ethRequest(new Uint8Array(32).fill(1), DataType.personalMessage)) });
    expect(hash.review.warnings.map((w) => w.code)).toEqual(['BLIND_SIGNING']);
    expect(await call('signEthRequest', { ethRequestId: hash.ethRequestId, walletId, accept: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('Read and acknowledge first: This message is exactly 32 bytes') } });
    const signed = await ok('signEthRequest', { ethRequestId: hash.ethRequestId, walletId, accept: ['BLIND_SIGNING'] });
    expect(verifyMessage(new Uint8Array(32).fill(1), signed.signature)).toBe(ABANDON_ADDRESS_0);

    const approve = `0x095ea7b3${AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], [USDC, MaxUint256]).slice(2)}`;
    const parts = requestParts(txRequest({ ...tx1559, to: USDC, value: 0n, data: approve }), 60);
    const loaded = await ok('loadEthRequest', { walletId, text: [...parts].reverse().join('\n') });
    expect(loaded.review.warnings.map((w) => [w.code, w.needsAck])).toEqual([['UNLIMITED_APPROVAL', true]]);
    expect((await call('signEthRequest', { ethRequestId: loaded.ethRequestId, walletId, accept: ['BLIND_SIGNING'] })).ok).toBe(false);
    expect((await call('signEthRequest', { ethRequestId: loaded.ethRequestId, walletId, accept: ['UNLIMITED_APPROVAL'] })).ok).toBe(true);
  });

  it('a request for another wallet, garbage, and a frame of something else: precise refusals, the scan goes on', async () => {
    const { ok, call, walletId } = await setup();
    expect(await call('loadEthRequest', { walletId, text: requestUr(ethRequest(utf8('hi'), DataType.personalMessage, { xfp: '12345678' })) })).toMatchObject({ ok: false, error: { code: 'BAD_ETH_REQUEST', message: expect.stringContaining('This request is for another wallet') } });
    expect(await call('loadEthRequest', { walletId, text: 'ur:eth-sign-request/aeae' })).toMatchObject({ ok: false, error: { code: 'BAD_ETH_REQUEST' } });
    expect(await ok('scanEthRequestFrame', { walletId, text: 'bitcoin:bc1qxyz' })).toMatchObject({ status: { kind: 'invalid' }, loaded: null });
    expect(await ok('resetEthScan', undefined)).toEqual({ reset: true });
    expect((await ok('scanEthRequestFrame', { walletId, text: requestUr(ethRequest(utf8('hi'), DataType.personalMessage)) })).loaded?.review.message?.text).toBe('hi');
  });
});
