/**
 * The Multisig wallets channels through the real registered listeners (fake electron): read a configuration (text
 * or file), register it (authenticated file in the store), list, show, addresses, "is this address ours?", delete;
 * a registration changed on disk is refused as TAMPERED; loadPsbt/signPsbt with a registered wallet prove the
 * change and sign as one cosigner (bitcoinjs-lib validates the signatures).
 */
import * as bitcoin from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../electron/node/multisig-store';
import { handlerHarness } from '../helpers/ipc';
import { ABOUT, descriptorFor, keysFor } from '../helpers/multisig';
import { buildMultisigPsbt, validator } from '../helpers/multisig-psbt';

const keys = keysFor('p2wsh');
const descriptor = descriptorFor('p2wsh', keys);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function setup() {
  const store = memoryStore();
  const h = handlerHarness({ multisigStore: store });
  const { walletId } = await h.ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
  return { ...h, store, walletId };
}

describe('Multisig wallets channels', () => {
  it('read (text) → show → register → list → show → addresses → find → delete', async () => {
    const { ok, walletId, store } = await setup();
    const read = (await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: descriptor }, name: 'Family vault' }))!;
    expect(read.format).toBe('descriptor');
    expect(read.wallet).toMatchObject({ name: 'Family vault', m: 2, n: 3, scriptType: 'p2wsh', scriptLabel: 'Native SegWit multisig (P2WSH)', network: 'mainnet' });
    expect(read.wallet.cosigners.map((c) => c.ours)).toEqual([true, false, false]);
    expect(read.wallet.firstAddress).toMatch(/^bc1q/);
    expect(store.files.size).toBe(0); // nothing saved before the holder confirms

    const registered = await ok('registerMultisig', { walletId, draftId: read.draftId, name: null });
    expect(registered).toEqual(read.wallet);
    expect([...store.files.keys()]).toEqual([`73c5da0a-${registered.multisigId}.json`]);
    const stored = new TextDecoder().decode(store.files.values().next().value);
    expect(stored).toContain('"mac":"');
    expect(stored).not.toMatch(/prv|abandon/);

    expect(await ok('listMultisig', { walletId })).toEqual({ wallets: [registered], problems: [] });
    expect(await ok('getMultisig', { walletId, multisigId: registered.multisigId })).toEqual(registered);
    const rows = await ok('getMultisigAddresses', { walletId, multisigId: registered.multisigId, change: false, from: 0, count: 3 });
    expect(rows.map((r) => r.path)).toEqual(['0/0', '0/1', '0/2']);
    expect(rows[0]?.address).toBe(registered.firstAddress);
    const change5 = (await ok('getMultisigAddresses', { walletId, multisigId: registered.multisigId, change: true, from: 5, count: 1 }))[0]!;
    expect(await ok('findMultisigAddress', { walletId, multisigId: registered.multisigId, address: change5.address.toUpperCase(), gapLimit: 20 })).toEqual(change5);

    expect(await ok('deleteMultisig', { walletId, multisigId: registered.multisigId })).toEqual({ deleted: true });
    expect(await ok('listMultisig', { walletId })).toEqual({ wallets: [], problems: [] });
  });

  it('reads a Coldcard file chosen in the dialog; null when cancelled', async () => {
    const { ok, walletId, disk, openPath } = await setup();
    const text = ['Name: Shared', 'Policy: 2 of 3', "Derivation: m/48'/0'/0'/2'", 'Format: P2WSH', '', ...keys.map((k) => `${k.fingerprint.toUpperCase()}: ${k.xpub}`), ''].join('\n');
    disk.set('/media/usb/shared.txt', new TextEncoder().encode(text));
    openPath.value = '/media/usb/shared.txt';
    const read = (await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'file' }, name: null }))!;
    expect(read).toMatchObject({ format: 'coldcard', wallet: { name: 'Shared', m: 2, n: 3 } });
    openPath.value = null;
    expect(await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'file' }, name: null })).toBeNull();
  });

  it('refuses a wallet without our key, naming its fingerprints; refuses a bad request', async () => {
    const { call, walletId } = await setup();
    const foreign = descriptorFor('p2wsh', keysFor('p2wsh', 'mainnet', ['b', 'c', 'd']));
    expect(await call('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: foreign }, name: null })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('does not include a key of the open wallet') },
    });
    expect(await call('getMultisig', { walletId, multisigId: 'nothex' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('a registration changed on disk (an attacker adds their key, or lowers M) is refused as TAMPERED and listed as a problem', async () => {
    const { ok, call, walletId, store } = await setup();
    const read = (await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: descriptor }, name: 'Vault' }))!;
    const reg = await ok('registerMultisig', { walletId, draftId: read.draftId, name: null });
    const file = `73c5da0a-${reg.multisigId}.json`;
    const original = new TextDecoder().decode(store.files.get(file));
    const attacker = keysFor('p2wsh', 'mainnet', ['d'])[0]!;
    for (const forged of [original.replace('"m":2', '"m":1'), original.replace(keys[2]!.xpub, attacker.xpub).replace(keys[2]!.fingerprint, attacker.fingerprint)]) {
      store.files.set(file, new TextEncoder().encode(forged));
      expect(await call('getMultisig', { walletId, multisigId: reg.multisigId })).toMatchObject({ ok: false, error: { code: 'TAMPERED' } });
      const list = await ok('listMultisig', { walletId });
      expect(list.wallets).toEqual([]);
      expect(list.problems).toEqual([{ multisigId: reg.multisigId, name: 'Vault', code: 'TAMPERED', message: expect.stringContaining('changed after it was made') }]);
      const psbt = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }] });
      expect(await call('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(psbt.bytes) }, multisigId: reg.multisigId })).toMatchObject({ ok: false, error: { code: 'TAMPERED' } });
    }
    // A valid registration copied under another wallet's id is refused too.
    store.files.delete(file);
    store.files.set('73c5da0a-0123456789abcdef.json', new TextEncoder().encode(original));
    expect(await call('getMultisig', { walletId, multisigId: '0123456789abcdef' })).toMatchObject({ ok: false, error: { code: 'TAMPERED' } });
  });

  it('loadPsbt with the registered wallet proves the change; signPsbt signs as one cosigner, 1 of 2 signatures', async () => {
    const { ok, walletId } = await setup();
    const read = (await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: descriptor }, name: 'Vault' }))!;
    const reg = await ok('registerMultisig', { walletId, draftId: read.draftId, name: null });
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }, { index: 1 }], change: { index: 0 } });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) }, multisigId: reg.multisigId }))!;
    expect(loaded.review.outputs.map((o) => o.kind)).toEqual(['payment', 'change']);
    expect(loaded.review.multisig).toEqual({ name: 'Vault', m: 2, n: 3, scriptType: 'p2wsh' });
    const signed = await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: ['MISSING_NON_WITNESS_UTXO'] });
    expect(signed).toMatchObject({ signedInputs: 2, complete: false, multisig: [{ input: 0, signatures: 1, required: 2 }, { input: 1, signatures: 1, required: 2 }] });
    expect(bitcoin.Psbt.fromBase64(signed.base64).validateSignaturesOfAllInputs(validator)).toBe(true);
    // Without the registered wallet, the same PSBT has nothing of ours.
    const plain = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) } }))!;
    expect(plain.review.warnings.map((w) => w.code)).toContain('NOTHING_OURS');
  });
});
