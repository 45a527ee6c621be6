/** The auto-lock (issue 13): idle time, what counts as activity, and what a lock closes — through the real listeners. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoLock, DEFAULT_IDLE_SECONDS } from '../../electron/main/auto-lock';
import { handlerHarness } from '../helpers/ipc';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

afterEach(() => {
  vi.useRealTimers();
});

describe('AutoLock', () => {
  it('locks after the idle time, again after another, and each touch starts the time again', () => {
    vi.useFakeTimers();
    const onLock = vi.fn();
    const lock = new AutoLock(60, onLock);
    vi.advanceTimersByTime(59_000);
    lock.touch();
    vi.advanceTimersByTime(59_000);
    expect(onLock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onLock).toHaveBeenCalledTimes(1);
    expect(lock.state()).toEqual({ idleSeconds: 60, locks: 1 });
    vi.advanceTimersByTime(60_000);
    expect(lock.state().locks).toBe(2);
    lock.dispose();
  });
  it('is 10 minutes unless set', () => {
    expect(DEFAULT_IDLE_SECONDS).toBe(600);
  });
});

describe('auto-lock channels', () => {
  it('an idle session closes every wallet; a passive poll does not postpone it, any other request does', async () => {
    vi.useFakeTimers();
    const { ok, vault } = handlerHarness();
    expect(await ok('getAutoLock', undefined)).toEqual({ idleSeconds: 600, locks: 0, problem: null });
    expect(await ok('setAutoLock', { idleSeconds: 5 })).toEqual({ idleSeconds: 5, locks: 0, problem: null });
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    vi.advanceTimersByTime(4_000);
    await ok('getAccount', { walletId, kind: 'bip84', network: 'mainnet', account: 0 });
    vi.advanceTimersByTime(4_000);
    await ok('noteActivity', undefined);
    vi.advanceTimersByTime(4_000);
    expect(vault.size.wallets).toBe(1);
    for (let i = 0; i < 5; i++) {
      await ok('getAutoLock', undefined);
      await ok('getAirGapStatus', undefined);
      vi.advanceTimersByTime(1_000);
    }
    expect(vault.size.wallets).toBe(0);
    expect(await ok('getAutoLock', undefined)).toEqual({ idleSeconds: 5, locks: 1, problem: null });
  });
  it('a camera left facing a QR code does not keep the wallet open: scanned frames are not the user\'s doing', async () => {
    vi.useFakeTimers();
    const { ok, call, vault } = handlerHarness();
    await ok('setAutoLock', { idleSeconds: 5 });
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    for (let i = 0; i < 30; i++) {
      await call('scanPsbtFrame', { walletId, network: 'mainnet', text: 'ur:crypto-psbt/1-3/lpadaxcfaxhnhdfzaaoxhd' });
      await call('scanEthRequestFrame', { walletId, text: 'hello' });
      await call('scanSeedQr', { text: '0000', bytes: null });
      vi.advanceTimersByTime(200);
    }
    expect(vault.size.wallets).toBe(0);
  });
  it('the progress polls of a long signing or share decryption do not keep the wallet open either', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ok, call, vault } = handlerHarness();
    await ok('setAutoLock', { idleSeconds: 5 });
    await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    for (let i = 0; i < 30; i++) {
      await call('getSignProgress', { psbtId: '0'.repeat(32) });
      await call('getRecoveryUnlockProgress', { recoveryId: '0'.repeat(32) });
      vi.advanceTimersByTime(200);
    }
    expect(vault.size.wallets).toBe(0);
  });
  it('refuses an idle time outside 1 s to 24 h', async () => {
    const { call } = handlerHarness();
    for (const idleSeconds of [0, -1, 1.5, 86_401]) expect(await call('setAutoLock', { idleSeconds })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
