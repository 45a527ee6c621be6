/**
 * The encrypted backup file (age, scrypt passphrase): save the open wallet to it, open a wallet from it. What was
 * written is read back and decrypted before it replaces anything and "Saved" is said; opening checks the wallet
 * against the fingerprint the file recorded, so a mistyped BIP39 passphrase is caught.
 */
import {
  assessPassphraseStrength,
  buildVaultDocument,
  decryptVault,
  encryptVault,
  MAX_VAULT_FILE_BYTES,
  requireStrongPassphrase,
  VAULT_ACCOUNT_SPECS,
  VAULT_WORK_FACTOR,
  WalletError,
} from '../../core';
import { walletInfo, type HandlerSection, type HandlerServices } from './services';

type Methods = 'assessBackupPassphrase' | 'saveEncryptedBackup' | 'chooseEncryptedBackup' | 'openEncryptedBackup';

export function encryptedBackupHandlers(services: HandlerServices): HandlerSection<Methods> {
  const { vault } = services;
  /** The file the user chose to open (encrypted bytes: not secret), until another is chosen. */
  let chosen: { id: string; bytes: Uint8Array } | null = null;
  /** scrypt takes 256 MiB and a second: one at a time, however fast the renderer asks. */
  let queue: Promise<unknown> = Promise.resolve();
  // A lock (closeAll) forgets the chosen file: after it, the file is chosen again.
  vault.onCloseAll(() => {
    chosen = null;
  });
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    assessBackupPassphrase: ({ walletId, passphrase }) => assessPassphraseStrength(passphrase, vault.wallet(walletId).words),

    saveEncryptedBackup: ({ walletId, encryptionPassphrase, bip39Passphrase }) => oneAtATime(async () => {
      const w = vault.wallet(walletId);
      const session = vault.session;
      if (w.words.length === 0) throw new WalletError('UNSUPPORTED', 'This is a Shamir wallet: it has no recovery words to put in a backup file. Keep its share cards.');
      requireStrongPassphrase(encryptionPassphrase, w.words);
      if (bip39Passphrase !== null) {
        if (!w.hasPassphrase) throw new WalletError('INVALID_ARGUMENT', 'This wallet was opened without a BIP39 passphrase: there is none to include.');
        // The vault does not keep the BIP39 passphrase: the user types it again, and it must give this wallet.
        if ((await vault.fingerprintWith(walletId, bip39Passphrase)) !== w.fingerprint) {
          throw new WalletError('INVALID_ARGUMENT', 'That BIP39 passphrase does not give this wallet (its fingerprint differs). Type it exactly as when you opened the wallet.');
        }
      }
      const doc = buildVaultDocument({
        wallet: w,
        includePassphrase: bip39Passphrase,
        accounts: VAULT_ACCOUNT_SPECS.map((spec) => vault.account(walletId, spec)),
        createdAt: (services.now ?? (() => new Date()))(),
      });
      const file = await encryptVault(doc, encryptionPassphrase, { workFactor: services.backupFileWorkFactor ?? VAULT_WORK_FACTOR });
      // Locked while scrypt ran: no save dialog opens for a wallet that was closed.
      vault.requireSession(session, 'the backup file was being encrypted');
      const path = await services.files.chooseSavePath(`permafrost-${w.fingerprint}.age`, {
        title: 'Save the encrypted backup file (age) — it opens with your file passphrase',
        secret: true,
      });
      if (path === null) return null;
      // What was written is read back and decrypted before it takes the target's place: a file that does not
      // open never replaces anything, and "saved" is said only of one that does.
      await services.files.writeFile(path, file, {
        secret: true,
        verify: async (written) => {
          const check = await decryptVault(written, encryptionPassphrase).catch(() => null);
          if (!check || check.mnemonic !== doc.mnemonic || check.fingerprint !== doc.fingerprint) {
            throw new WalletError('SAVE_FAILED', `The file written to ${path} does not decrypt back to this wallet: the drive may be failing. Nothing was replaced; save again to another drive.`);
          }
        },
      });
      return { path, fingerprint: w.fingerprint, passphraseIncluded: bip39Passphrase !== null };
    }),

    chooseEncryptedBackup: async () => {
      const path = await services.files.chooseOpenPath({ title: 'Open an encrypted backup file (.age)', extensions: ['age'] });
      if (path === null) return null;
      const bytes = await services.files.readFile(path, MAX_VAULT_FILE_BYTES);
      chosen = { id: vault.newFileId(), bytes };
      return { fileId: chosen.id, name: path.split(/[\\/]/).pop() ?? path, size: bytes.length };
    },

    openEncryptedBackup: ({ fileId, encryptionPassphrase, bip39Passphrase }) => oneAtATime(async () => {
      if (!chosen || chosen.id !== fileId) throw new WalletError('NO_SUCH_WALLET', 'Choose the backup file again.');
      const session = vault.session;
      const doc = await decryptVault(chosen.bytes, encryptionPassphrase);
      // Locked while scrypt ran: the wallet is not opened.
      vault.requireSession(session, 'the backup file was being decrypted');
      // A BIP39 passphrase sent for a wallet that has none is not used (it would only make another wallet).
      const passphrase = doc.passphrase ?? (doc.passphraseSet ? bip39Passphrase : '');
      if (doc.passphraseSet && passphrase === null) return { kind: 'needs-passphrase', fingerprint: doc.fingerprint };
      const { walletId, opened } = await vault.open({ words: doc.mnemonic, language: doc.language }, passphrase ?? '');
      if (opened.fingerprint !== doc.fingerprint) {
        vault.close(walletId);
        throw new WalletError(
          'INVALID_ARGUMENT',
          doc.passphraseSet
            ? `That BIP39 passphrase gives wallet ${opened.fingerprint}, not ${doc.fingerprint} which this file recorded. Type it again exactly.`
            : `The words in this file give wallet ${opened.fingerprint}, not ${doc.fingerprint} as the file says: it is damaged.`,
        );
      }
      chosen = null;
      return { kind: 'opened', wallet: walletInfo(walletId, opened) };
    }),
  };
}
