/**
 * What a flow held does not outlive the auto-lock (issue 13): a loaded or signed PSBT, an Ethereum request, a
 * multisig configuration waiting for confirmation, a chosen backup file, half-scanned animated QR codes — all
 * dropped in main when the lock fires. Work still running then (signing, decrypting shares, making shares, a save
 * dialog left open) is stopped or its result discarded: nothing is opened, saved or answered after the lock.
 * Through the real registered listeners; the lock is the real AutoLock that createHandlers makes, fired by fake
 * timers (setTimeout only: the signer's setImmediate yields run for real).
 */
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { psbtFrames } from '../../electron/core';
import { encodeShare } from '../../electron/core/backup/slip39/share';
import type { BuildInfo } from '../../electron/ipc';
import type { SaveFileService } from '../../electron/main/handlers';
import { memoryStore } from '../../electron/node/multisig-store';
import { ethRequest, requestParts, requestUr } from '../helpers/eth-requests';
import { handlerHarness } from '../helpers/ipc';
import { descriptorFor, keysFor } from '../helpers/multisig';
import { buildMultisigPsbt } from '../helpers/multisig-psbt';
import { ABANDON, buildPsbt } from '../helpers/psbt-build';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const IDLE = 5;
const LOCKED = { ok: false, error: { code: 'NO_SUCH_WALLET' } };
const lockedWhile = (what: string) => ({ ok: false, error: { code: 'NO_SUCH_WALLET', message: `Every wallet was closed (the app locked itself after a time without use) while ${what}: nothing was kept. Start again.` } });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

async function setup(overrides: Parameters<typeof handlerHarness>[0] = {}) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const h = handlerHarness({ multisigStore: memoryStore(), ...overrides });
  await h.ok('setAutoLock', { idleSeconds: IDLE });
  const open = async () => (await h.ok('openWallet', { source: { words: ABANDON, language: null }, passphrase: '' })).walletId;
  const lock = async () => {
    const before = (await h.ok('getAutoLock', undefined)).locks;
    vi.advanceTimersByTime(IDLE * 1000);
    expect((await h.ok('getAutoLock', undefined)).locks).toBe(before + 1);
  };
  return { ...h, open, lock };
}

describe('the auto-lock drops what every flow held', () => {
  it('a signed PSBT: none of its channels answers after the lock, even with the wallet opened again', async () => {
    const { ok, call, open, lock } = await setup();
    let walletId = await open();
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }] });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) } }))!;
    await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] });
    // Before the lock the signed transaction is there to show and save.
    expect((await call('getSignedFrames', { psbtId: loaded.psbtId, format: 'ur2', fragmentLength: 200 })).ok).toBe(true);
    await lock();
    walletId = await open();
    const gone = { ok: false, error: { code: 'NO_SUCH_WALLET', message: 'That transaction is no longer loaded: load it again.' } };
    expect(await call('getSignedFrames', { psbtId: loaded.psbtId, format: 'ur2', fragmentLength: 200 })).toMatchObject(gone);
    expect(await call('getSignProgress', { psbtId: loaded.psbtId })).toMatchObject(gone);
    expect(await call('saveSignedPsbt', { psbtId: loaded.psbtId, what: 'psbt' })).toMatchObject(gone);
    expect(await call('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] })).toMatchObject(gone);
  });

  it('a multisig PSBT signed as one cosigner: gone after the lock; the registration (public, on disk) stays', async () => {
    const { ok, call, open, lock } = await setup();
    let walletId = await open();
    const keys = keysFor('p2wsh');
    const read = (await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: descriptorFor('p2wsh', keys) }, name: 'Vault' }))!;
    const { multisigId } = await ok('registerMultisig', { walletId, draftId: read.draftId, name: null });
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }], change: { index: 0 } });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) }, multisigId }))!;
    await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: ['MISSING_NON_WITNESS_UTXO'] });
    await lock();
    walletId = await open();
    expect(await call('getSignedFrames', { psbtId: loaded.psbtId, format: 'ur2', fragmentLength: 200 })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET', message: 'That transaction is no longer loaded: load it again.' } });
    expect((await ok('listMultisig', { walletId })).wallets.map((w) => w.multisigId)).toEqual([multisigId]);
  });

  it('an Ethereum request: gone after the lock, even with the wallet opened again', async () => {
    const { ok, call, open, lock } = await setup();
    let walletId = await open();
    const loaded = await ok('loadEthRequest', { walletId, text: requestUr(ethRequest(new TextEncoder().encode('hello'), DataType.personalMessage)) });
    await lock();
    walletId = await open();
    expect(await call('signEthRequest', { ethRequestId: loaded.ethRequestId, walletId, accept: [] })).toMatchObject({
      ok: false,
      error: { code: 'NO_SUCH_WALLET', message: 'That request is no longer loaded: scan it again.' },
    });
  });

  it('half-scanned animated QR codes (PSBT and Ethereum request): the parts read before the lock are forgotten', async () => {
    const { ok, open, lock } = await setup();
    let walletId = await open();
    const psbt = psbtFrames(buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2tr', index: 1 }] }).bytes, 'ur2', { fragmentLength: 120 });
    const eth = requestParts(ethRequest(new Uint8Array(600).fill(7), DataType.personalMessage), 60);
    // The first two parts before the lock; after it, every other part of the sequence ("ur:type/3-7/…").
    const parts = (frames: readonly string[]) => Number(/\/1-(\d+)\//.exec(frames[0]!)![1]);
    expect(parts(psbt)).toBeGreaterThan(3);
    expect(parts(eth)).toBeGreaterThan(3);
    for (const text of psbt.slice(0, 2)) expect((await ok('scanPsbtFrame', { walletId, network: 'mainnet', text })).loaded).toBeNull();
    for (const text of eth.slice(0, 2)) expect((await ok('scanEthRequestFrame', { walletId, text })).loaded).toBeNull();
    await lock();
    walletId = await open();
    // The rest alone completes nothing: the scans start from zero.
    for (const text of psbt.slice(2, parts(psbt))) expect((await ok('scanPsbtFrame', { walletId, network: 'mainnet', text })).loaded).toBeNull();
    for (const text of eth.slice(2, parts(eth))) expect((await ok('scanEthRequestFrame', { walletId, text })).loaded).toBeNull();
    // …and with the first two again, they complete: the collectors still work.
    let loaded = null;
    for (const text of psbt.slice(0, 2)) loaded ??= (await ok('scanPsbtFrame', { walletId, network: 'mainnet', text })).loaded;
    let request = null;
    for (const text of eth.slice(0, 2)) request ??= (await ok('scanEthRequestFrame', { walletId, text })).loaded;
    expect(request).not.toBeNull();
    expect(loaded).not.toBeNull();
  });

  it('a multisig configuration waiting for confirmation, and a chosen backup file: both must be read again', async () => {
    const { ok, call, open, lock, openPath, disk } = await setup();
    let walletId = await open();
    const read = (await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: descriptorFor('p2wsh', keysFor('p2wsh')) }, name: 'Family vault' }))!;
    disk.set('/media/usb/wallet.age', new TextEncoder().encode('age-encryption.org/v1\n'));
    openPath.value = '/media/usb/wallet.age';
    const chosen = (await ok('chooseEncryptedBackup', undefined))!;
    await lock();
    walletId = await open();
    expect(await call('registerMultisig', { walletId, draftId: read.draftId, name: null })).toMatchObject({
      ok: false,
      error: { code: 'NO_SUCH_WALLET', message: 'That wallet configuration is no longer loaded: read it again.' },
    });
    expect(await call('openEncryptedBackup', { fileId: chosen.fileId, encryptionPassphrase: 'correct horse battery staple', bip39Passphrase: null })).toMatchObject({
      ok: false,
      error: { code: 'NO_SUCH_WALLET', message: 'Choose the backup file again.' },
    });
  });
});

describe('work running when the lock fires is stopped or discarded', () => {
  it('signing 300 inputs: stops at its next pause; nothing signed is kept or answered', async () => {
    const { ok, call, open, lock } = await setup();
    const walletId = await open();
    const built = buildPsbt({ inputs: Array.from({ length: 300 }, (_, index) => ({ type: 'p2tr' as const, index })) });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(built.bytes) } }))!;
    const signing = call('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] });
    let progress = await ok('getSignProgress', { psbtId: loaded.psbtId });
    for (let i = 0; i < 500 && progress.signed === 0; i++) {
      await tick();
      progress = await ok('getSignProgress', { psbtId: loaded.psbtId });
    }
    expect(progress).toMatchObject({ running: true });
    expect(progress.signed).toBeGreaterThan(0);
    expect(progress.signed).toBeLessThan(300);
    await lock();
    expect(await signing).toMatchObject(lockedWhile('the transaction was being signed'));
    expect(await call('getSignedFrames', { psbtId: loaded.psbtId, format: 'ur2', fragmentLength: 200 })).toMatchObject(LOCKED);
  });

  it('decrypting shares (slow iteration exponent): stopped before its next round; no wallet opens', async () => {
    const { ok, call, lock, vault } = await setup();
    const share = encodeShare({ identifier: 99, extendable: true, iterationExponent: 8, groupIndex: 0, groupThreshold: 1, groupCount: 1, memberIndex: 0, memberThreshold: 1, value: new Uint8Array(16).fill(5) });
    const { recoveryId } = await ok('addRecoveryShare', { recoveryId: null, text: share });
    const running = call('finishRecovery', { recoveryId, mode: 'wallet', passphrase: '' });
    await lock();
    expect(await running).toMatchObject(lockedWhile('the shares were being decrypted'));
    expect(vault.size).toEqual({ wallets: 0, drafts: 0, splits: 0, recoveries: 0 });
    expect(await call('getRecoveryUnlockProgress', { recoveryId })).toMatchObject(LOCKED);
  });

  it('making shares (slow iteration exponent): the shares are not kept, and the Shamir wallet does not open', async () => {
    const { call, lock, vault } = await setup();
    const making = call('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 5, passphrase: '' });
    await tick();
    await lock();
    expect(await making).toMatchObject(lockedWhile('the shares were being made'));
    expect(vault.size).toEqual({ wallets: 0, drafts: 0, splits: 0, recoveries: 0 });
  });

  it('a save dialog left open while the app locks saves nothing, whatever is clicked in it afterwards', async () => {
    let answer: ((path: string) => void) | null = null;
    const saves: string[] = [];
    const files: SaveFileService = {
      chooseSavePath: () => new Promise<string>((resolve) => (answer = resolve)),
      writeFile: async (path) => void saves.push(path),
      chooseOpenPath: async () => null,
      readFile: async () => new Uint8Array(0),
    };
    const { call, open, lock } = await setup({ files });
    const walletId = await open();
    const saving = call('saveBackupPdf', { walletId, paper: 'a4', sheets: ['seed'], network: 'mainnet', receive: { kind: 'bip84', count: 4 }, inheritance: { holdings: '', locations: '', contacts: '', notes: '' } });
    // The PDF is made, then the dialog opens and waits for the user.
    for (let i = 0; i < 2000 && !answer; i++) await tick();
    expect(answer).not.toBeNull();
    await lock();
    answer!('/media/usb/permafrost-73c5da0a-backup.pdf');
    expect(await saving).toMatchObject(lockedWhile('the save dialog was open'));
    expect(saves).toEqual([]);
  });

  it('any answer that arrives after a lock is not delivered (here the app info, measured slowly)', async () => {
    let measured: (info: BuildInfo) => void = () => {};
    const { call, lock } = await setup({ readBuild: () => new Promise<BuildInfo>((resolve) => (measured = resolve)) });
    const info = call('getAppInfo', undefined);
    await tick();
    await lock();
    measured({ commit: null, digest: null, files: 0, problem: null });
    expect(await info).toMatchObject(lockedWhile('this was being done'));
    // Asked again after the lock, it answers.
    expect((await call('getAppInfo', undefined)).ok).toBe(true);
  });
});
