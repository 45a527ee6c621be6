/** The paper backup kit: preview, print, save as PDF, verify by scan or typed words. */
import { buildKit, checkMnemonic, decodeSeedQr, describeProblem, multisigAddress, multisigDescriptors, renderPdf, WalletError, type WalletConfigInput } from '../../core';
import { openRegisteredMultisig } from './multisig';
import type { BackupOptions } from '../../ipc';
import { today, type HandlerSection, type HandlerServices } from './services';

export function backupHandlers(services: HandlerServices): HandlerSection<'previewBackup' | 'printBackup' | 'saveBackupPdf' | 'verifyBackup'> {
  const { vault } = services;
  /** The chosen registered multisig wallet as the sheet prints it (authenticated: a tampered registration is refused). */
  const multisigSheet = async (o: BackupOptions): Promise<WalletConfigInput | null> => {
    if (!o.multisigId) return null;
    const m = await openRegisteredMultisig(services, o.walletId, o.multisigId);
    return {
      name: m.name,
      m: m.m,
      n: m.n,
      scriptType: m.scriptType,
      sorted: m.sorted,
      network: m.network,
      cosigners: m.cosigners,
      descriptor: multisigDescriptors(m).multipath,
      firstAddress: multisigAddress(m, false, 0).address,
    };
  };
  const kit = async (o: BackupOptions) => {
    const w = vault.wallet(o.walletId);
    const multisig = await multisigSheet(o);
    return buildKit({
      multisig,
      paper: o.paper,
      sheets: o.sheets,
      words: w.words,
      language: w.language,
      hasPassphrase: w.hasPassphrase,
      master: w.master,
      fingerprint: w.fingerprint,
      network: o.network,
      receive: { kind: o.receive.kind, from: 0, count: o.receive.count },
      inheritance: o.inheritance,
      date: today(services),
      account: (spec) => vault.account(o.walletId, spec),
    });
  };

  return {
    previewBackup: (o) => kit(o),

    printBackup: async ({ paper }, { sender }) => ({ printed: await sender.print({ pageSize: paper === 'a4' ? 'A4' : 'Letter' }) }),

    saveBackupPdf: async (o) => {
      const { bytes } = await renderPdf(await kit(o), services.fonts);
      // The PDF holds the words and the Compact SeedQR (the entropy): zeroed once written, or when not saved.
      try {
        const fingerprint = vault.wallet(o.walletId).fingerprint;
        const secret = o.sheets.some((s) => s === 'seed' || s === 'metal');
        const path = await services.files.chooseSavePath(`permafrost-${fingerprint}-${secret ? 'backup' : 'watch-only'}.pdf`, {
          title: secret ? 'Save the backup kit — it holds the recovery words' : 'Save the watch-only sheets (no recovery words)',
          secret,
        });
        if (path === null) return null;
        await services.files.writeFile(path, bytes, { secret });
        return { path };
      } finally {
        bytes.fill(0);
      }
    },

    verifyBackup: ({ walletId, text, bytes, words }) => {
      const w = vault.wallet(walletId);
      let candidate: readonly string[];
      if (words !== null) {
        const check = checkMnemonic(words, w.language);
        if (!check.ok) return { match: false, message: check.problems.map(describeProblem).join(' ') };
        candidate = check.words;
      } else {
        const decoded = decodeSeedQr({ ...(text !== null ? { text } : {}), ...(bytes !== null ? { bytes } : {}) });
        if (w.language !== 'english') throw new WalletError('UNSUPPORTED', 'SeedQR holds English words; this wallet’s words are in another language.');
        candidate = decoded.mnemonic.split(' ');
      }
      if (candidate.length !== w.words.length) {
        return { match: false, message: `This backup has ${candidate.length} words; the wallet has ${w.words.length}. It is not this wallet’s backup.` };
      }
      const first = candidate.findIndex((word, i) => word !== w.words[i]);
      return first === -1
        ? { match: true, message: `The backup matches this wallet (fingerprint ${w.fingerprint}).` }
        : { match: false, message: `The backup does NOT match this wallet: word ${first + 1} differs. Do not rely on this paper; make it again.` };
    },
  };
}
