/**
 * The encrypted backup file channels through the real registered listeners: a strong passphrase or nothing, a
 * secret save (removable-drive rules, 0600) checked by decrypting it back, and opening it again — with the BIP39
 * passphrase checked against the fingerprint the file recorded.
 */
import { describe, expect, it } from 'vitest';
import { decryptVault } from '../../electron/core';
import { handlerHarness, NO_FILES } from '../helpers/ipc';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const STRONG = 'glacier tundra lantern 47 orchard quiet';
const now = () => new Date('2026-11-30T12:00:00Z');

const setup = () => handlerHarness({ backupFileWorkFactor: 10, now });

describe('saving the encrypted backup file', () => {
  it('refuses a weak file passphrase, or one made of the recovery words, before any dialog opens', async () => {
    const { ok, call, dialogs, written } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    for (const weak of ['password1234', 'abandon abandon about', ABOUT]) {
      expect(await call('saveEncryptedBackup', { walletId, encryptionPassphrase: weak, bip39Passphrase: null })).toMatchObject({ ok: false, error: { code: 'WEAK_PASSPHRASE' } });
    }
    expect(dialogs).toHaveLength(0);
    expect(written).toHaveLength(0);
    // The meter runs on every keystroke: a request longer than 256 characters is refused before zxcvbn runs.
    expect(await call('assessBackupPassphrase', { walletId, passphrase: '1'.repeat(257) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const meter = await ok('assessBackupPassphrase', { walletId, passphrase: ABOUT });
    expect(meter.acceptable).toBe(false);
    expect((await ok('assessBackupPassphrase', { walletId, passphrase: STRONG })).acceptable).toBe(true);
  });

  it('writes an age file that decrypts to the documented JSON, owner-only, through a secret save dialog', async () => {
    const { ok, dialogs, written, modes } = setup();
    const { walletId, fingerprint } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const saved = await ok('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: null });
    expect(saved).toEqual({ path: `/media/usb/permafrost-${fingerprint}.age`, fingerprint, passphraseIncluded: false });
    expect(dialogs).toEqual([{ title: 'Save the encrypted backup file (age) — it opens with your file passphrase', secret: true }]);
    expect(modes.get(saved!.path)).toBe(0o600);
    const file = written[0]![1] as Uint8Array;
    expect(new TextDecoder().decode(file.slice(0, 22))).toBe('age-encryption.org/v1\n');
    const doc = await decryptVault(file, STRONG);
    expect(doc).toMatchObject({ format: 'permafrost-backup', version: 1, mnemonic: ABOUT, language: 'english', passphraseSet: false, fingerprint, createdAt: '2026-11-30T12:00:00.000Z' });
    expect(doc).not.toHaveProperty('passphrase');
    expect(doc.accounts.find((a) => a.kind === 'bip84')).toMatchObject({ path: "m/84'/0'/0'", xpub: expect.stringMatching(/^xpub/) });
  });

  it('the BIP39 passphrase goes in only when asked, typed again, and only if it gives this wallet', async () => {
    const { ok, call, written } = setup();
    const { walletId, fingerprint } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: 'TREZOR' });
    expect(await call('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: 'trezor' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('does not give this wallet') },
    });
    expect(written).toHaveLength(0);
    expect((await ok('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: 'TREZOR' }))?.passphraseIncluded).toBe(true);
    expect(await decryptVault(written[0]![1] as Uint8Array, STRONG)).toMatchObject({ passphraseSet: true, passphrase: 'TREZOR', fingerprint });
    // Left out: the file says a passphrase is set, and holds none.
    await ok('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: null });
    const without = await decryptVault(written[1]![1] as Uint8Array, STRONG);
    expect(without.passphraseSet).toBe(true);
    expect(without).not.toHaveProperty('passphrase');
  });

  it('says "saved" only when the file read back after writing decrypts to this wallet; a bad one never replaces anything', async () => {
    const stored = new Map<string, Uint8Array>();
    const h = handlerHarness({
      backupFileWorkFactor: 10,
      files: {
        chooseSavePath: async (name) => `/media/usb/${name}`,
        // The drive hands back different bytes than were written: the check fails, nothing takes the target's place.
        writeFile: async (p, c, { verify }) => {
          await verify?.((c as Uint8Array).map((b, i) => (i === 200 ? b ^ 1 : b)));
          stored.set(p, c as Uint8Array);
        },
        chooseOpenPath: async () => null,
        readFile: async (p) => stored.get(p)!,
      },
    });
    const { walletId } = await h.ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    expect(await h.call('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: null })).toMatchObject({
      ok: false,
      error: { code: 'SAVE_FAILED', message: expect.stringContaining('does not decrypt back to this wallet') },
    });
    expect(stored.size).toBe(0);
  });

  it('a cancelled dialog saves nothing; a Shamir wallet has no words to save', async () => {
    const h = handlerHarness({ backupFileWorkFactor: 10, files: NO_FILES });
    const { walletId } = await h.ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    expect(await h.ok('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: null })).toBeNull();
    const s = await h.ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 1, count: 1 }] }, exponent: 0, passphrase: '' });
    expect(await h.call('saveEncryptedBackup', { walletId: s.wallet!.walletId, encryptionPassphrase: STRONG, bip39Passphrase: null })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});

describe('opening a wallet from the encrypted backup file', () => {
  async function savedFile(passphrase: string, include: boolean) {
    const h = setup();
    const { walletId, fingerprint } = await h.ok('openWallet', { source: { words: ABOUT, language: null }, passphrase });
    await h.ok('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: include ? passphrase : null });
    await h.ok('closeWallet', { walletId });
    h.disk.set('/media/usb/w.age', h.written[0]![1] as Uint8Array);
    h.openPath.value = '/media/usb/w.age';
    return { ...h, fingerprint };
  }

  it('opens with the right passphrase; a wrong one is a clear error and opens nothing', async () => {
    const { ok, call, vault, fingerprint } = await savedFile('', false);
    const chosen = await ok('chooseEncryptedBackup', undefined);
    expect(chosen).toMatchObject({ name: 'w.age' });
    expect(await call('openEncryptedBackup', { fileId: chosen!.fileId, encryptionPassphrase: 'wrong passphrase', bip39Passphrase: null })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(vault.size.wallets).toBe(0);
    const opened = await ok('openEncryptedBackup', { fileId: chosen!.fileId, encryptionPassphrase: STRONG, bip39Passphrase: null });
    expect(opened).toMatchObject({ kind: 'opened', wallet: { fingerprint, wordCount: 12, language: 'english', hasPassphrase: false } });
    expect(vault.size.wallets).toBe(1);
    // The chosen file is let go once it opened.
    expect(await call('openEncryptedBackup', { fileId: chosen!.fileId, encryptionPassphrase: STRONG, bip39Passphrase: null })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
  });

  it('a wallet with a BIP39 passphrase left out of the file: asks for it, and a wrong one gives the recorded fingerprint in the error', async () => {
    const { ok, call, vault, fingerprint } = await savedFile('TREZOR', false);
    const { fileId } = (await ok('chooseEncryptedBackup', undefined))!;
    expect(await ok('openEncryptedBackup', { fileId, encryptionPassphrase: STRONG, bip39Passphrase: null })).toEqual({ kind: 'needs-passphrase', fingerprint });
    expect(await call('openEncryptedBackup', { fileId, encryptionPassphrase: STRONG, bip39Passphrase: 'trezor' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining(`not ${fingerprint} which this file recorded`) },
    });
    expect(vault.size.wallets).toBe(0);
    expect(await ok('openEncryptedBackup', { fileId, encryptionPassphrase: STRONG, bip39Passphrase: 'TREZOR' })).toMatchObject({ kind: 'opened', wallet: { fingerprint, hasPassphrase: true } });
  });

  it('a BIP39 passphrase sent for a wallet that has none is not used (the recorded wallet opens)', async () => {
    const { ok, fingerprint } = await savedFile('', false);
    const { fileId } = (await ok('chooseEncryptedBackup', undefined))!;
    expect(await ok('openEncryptedBackup', { fileId, encryptionPassphrase: STRONG, bip39Passphrase: 'stray' })).toMatchObject({ kind: 'opened', wallet: { fingerprint, hasPassphrase: false } });
  });

  it('a BIP39 passphrase kept in the file opens the wallet at once', async () => {
    const { ok, fingerprint } = await savedFile('TREZOR', true);
    const { fileId } = (await ok('chooseEncryptedBackup', undefined))!;
    expect(await ok('openEncryptedBackup', { fileId, encryptionPassphrase: STRONG, bip39Passphrase: null })).toMatchObject({ kind: 'opened', wallet: { fingerprint, hasPassphrase: true } });
  });

  it('a file that is not an age backup is refused with what it is', async () => {
    const h = setup();
    h.disk.set('/media/usb/notes.age', new TextEncoder().encode('%PDF-1.7\nnot a backup'));
    h.openPath.value = '/media/usb/notes.age';
    const { fileId } = (await h.ok('chooseEncryptedBackup', undefined))!;
    expect(await h.call('openEncryptedBackup', { fileId, encryptionPassphrase: STRONG, bip39Passphrase: null })).toMatchObject({ ok: false, error: { code: 'BAD_BACKUP_FILE' } });
    h.openPath.value = null;
    expect(await h.ok('chooseEncryptedBackup', undefined)).toBeNull();
  });
});

describe('one key derivation at a time', () => {
  it('two saves asked at once run one after the other (scrypt takes 256 MiB each at the real work factor)', async () => {
    let running = 0;
    let most = 0;
    const h = handlerHarness({
      backupFileWorkFactor: 10,
      files: {
        ...NO_FILES,
        chooseSavePath: async (name) => `/media/usb/${name}`,
        writeFile: async (_p, c, { verify }) => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 30));
          await verify?.(c as Uint8Array);
          running -= 1;
        },
      },
    });
    const { walletId } = await h.ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    await Promise.all([0, 1, 2].map(() => h.ok('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: null })));
    expect(most).toBe(1);
  });
});
