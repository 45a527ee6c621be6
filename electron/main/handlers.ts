/** The handlers: thin, each turns a validated request into a core call, a vault call or a read of main state. */
import {
  ACCOUNT_LABELS,
  accountUrString,
  decodeSeedQr,
  decodeSinglePartUr,
  encodeUr,
  outputUr,
  deriveAddresses,
  describeProblem,
  entropyBitsFor,
  entropyHex,
  entropyToMnemonic,
  findAddress,
  generateMnemonic,
  minimumInputs,
  parseFlips,
  parseRolls,
  biasReport,
  BITS_PER_ROLL,
  checkMnemonic,
  detectLanguage,
  isWalletError,
  PRODUCT_NAME,
  textQr,
  UrEncoder,
  userEntropy,
  VERSION,
  wordlist,
  wordSeparator,
  buildKit,
  buildShareCards,
  ShareCollector,
  SLIP39_WORDLIST,
  combineIntoWallet,
  decodeShare,
  renderPdf,
  splitIntoShares,
  type Account,
  type PdfFonts,
  type QrMatrix,
  WalletError,
} from '../core';
import { randomBytes } from 'node:crypto';
import type { AccountRequest, BackupOptions, ExportFileFormat, OpenedWalletInfo, Qr } from '../ipc';
import type { AirGapMonitor } from './airgap-monitor';
import type { Handlers } from './ipc';
import type { RequestBlocker } from './security';
import type { Vault } from './vault';

export interface SaveFileService {
  /** Asks the user where to save (a native dialog, defaulting to a removable drive); null if cancelled. */
  readonly chooseSavePath: (defaultName: string) => Promise<string | null>;
  readonly writeFile: (path: string, contents: string | Uint8Array) => Promise<void>;
}

export interface HandlerServices {
  readonly airGap: AirGapMonitor;
  readonly requests: Pick<RequestBlocker, 'blocked'>;
  readonly vault: Vault;
  readonly files: SaveFileService;
  /** The bundled fonts for PDFs (assets/fonts), read once at start. */
  readonly fonts: PdfFonts;
  readonly now?: () => Date;
  readonly platform: string;
  readonly electronVersion: string | null;
  readonly packaged: boolean;
}

const toQr = (text: string, m: QrMatrix): Qr => ({ text, size: m.size, modules: m.modules });

/** A UR as QR frames: one frame when it fits, else fountain parts (twice the sequence length, then loop). */
export function urFrames(ur: string, maxFragmentLength = 200): Qr[] {
  const upper = ur.toUpperCase();
  if (upper.length <= 600) return [toQr(upper, textQr(upper))];
  const encoder = new UrEncoder(decodeSinglePartUr(ur), maxFragmentLength);
  return Array.from({ length: encoder.seqLen * 2 }, () => {
    const part = encoder.nextPart().toUpperCase();
    return toQr(part, textQr(part));
  });
}

function exportContents(account: Account, format: Exclude<ExportFileFormat, 'coldcard-json'>): string {
  switch (format) {
    case 'descriptor':
      if (!account.descriptors) return `${account.keyExpression}\n`;
      return [`# ${ACCOUNT_LABELS[account.spec.kind]} — ${PRODUCT_NAME} watch-only export`, account.descriptors.multipath, account.descriptors.receive, account.descriptors.change, ''].join('\n');
    case 'xpub':
      return `${account.slip132}\n${account.slip132 === account.xpub ? '' : `${account.xpub}\n`}`;
    case 'ur':
      return `${accountUrString(account)}\n`;
  }
}

const info = (walletId: string, o: { fingerprint: string; wordCount: number; language: OpenedWalletInfo['language']; hasPassphrase: boolean }): OpenedWalletInfo => ({
  walletId,
  fingerprint: o.fingerprint,
  wordCount: o.wordCount,
  language: o.language,
  hasPassphrase: o.hasPassphrase,
});

export function createHandlers(services: HandlerServices): Handlers {
  const { vault } = services;
  const today = () => (services.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const cards = (splitId: string, paper: 'a4' | 'letter') => {
    const { outcome, fingerprint, hasPassphrase } = vault.split(splitId);
    return buildShareCards({
      paper,
      fingerprint,
      hasPassphrase,
      mode: outcome.mode,
      identifier: outcome.split.identifier,
      groupThreshold: outcome.split.groupThreshold,
      groups: outcome.split.groups,
      date: today(),
    });
  };
  const acct = (r: AccountRequest) => vault.account(r.walletId, { kind: r.kind, network: r.network, account: r.account });
  const kit = (o: BackupOptions) => {
    const w = vault.wallet(o.walletId);
    return buildKit({
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
      date: today(),
      account: (spec) => vault.account(o.walletId, spec),
    });
  };

  return {
    getAppInfo: () => ({
      name: PRODUCT_NAME,
      version: VERSION,
      platform: services.platform,
      electron: services.electronVersion,
      packaged: services.packaged,
    }),
    getAirGapStatus: () => ({ ...services.airGap.current({ fresh: true }), blockedRequests: services.requests.blocked() }),

    getWordlist: ({ language }) => wordlist(language),

    getShareWordlist: () => SLIP39_WORDLIST,

    previewEntropy: ({ kind, input, words }) => {
      const needed = minimumInputs(kind, words);
      try {
        const symbols = kind === 'dice' ? parseRolls(input) : parseFlips(input);
        return {
          count: symbols.length,
          needed,
          bitsCollected: Math.floor(kind === 'dice' ? symbols.length * BITS_PER_ROLL : symbols.length),
          warning: biasReport(kind, symbols).warning,
          error: null,
        };
      } catch (e) {
        if (!isWalletError(e)) throw e;
        return { count: 0, needed, bitsCollected: 0, warning: null, error: e.message };
      }
    },

    createDraft: ({ words, language, source }) => {
      let mnemonic: string;
      let extra = { method: 'csprng', bitsCollected: null as number | null, warning: null as string | null, verifyCommand: null as string | null, entropyHex: null as string | null };
      if (source.kind === 'csprng') {
        mnemonic = generateMnemonic(words, language).mnemonic;
      } else {
        const e = userEntropy(source.kind, source.input, words, { mix: source.mix });
        mnemonic = entropyToMnemonic(e.entropy, language);
        extra = {
          method: `${source.kind}-${e.method}`,
          bitsCollected: Math.floor(e.bitsCollected),
          warning: e.bias.warning,
          verifyCommand: e.verifyCommand,
          entropyHex: e.verifyCommand ? entropyHex(e) : null,
        };
      }
      const { draftId, quizPositions } = vault.addDraft(mnemonic, language, true);
      return { draftId, words: mnemonic.split(wordSeparator(language)), language, quizPositions, entropyBits: entropyBitsFor(words), ...extra };
    },

    checkQuiz: ({ draftId, answers }) => vault.checkQuiz(draftId, answers),

    checkWords: ({ words, language }) => {
      const lang = language ?? detectLanguage(words) ?? 'english';
      const check = checkMnemonic(words, lang);
      if (check.ok) return { ok: true, wordCount: check.words.length, language: lang };
      return { ok: false, problems: check.problems, messages: check.problems.map(describeProblem) };
    },

    scanSeedQr: ({ text, bytes }) => {
      const decoded = decodeSeedQr({ ...(text !== null ? { text } : {}), ...(bytes !== null ? { bytes } : {}) });
      const { draftId } = vault.addDraft(decoded.mnemonic, 'english', false);
      return { draftId, wordCount: decoded.mnemonic.split(' ').length, format: decoded.format };
    },

    openWallet: async ({ source, passphrase }) => {
      const { walletId, opened } = await vault.open(source, passphrase);
      return { walletId, fingerprint: opened.fingerprint, wordCount: opened.wordCount, language: opened.language, hasPassphrase: opened.hasPassphrase };
    },

    closeWallet: ({ walletId }) => ({ closed: vault.close(walletId) }),

    getAccount: (r) => {
      const a = acct(r);
      const first = a.spec.kind === 'bip48' ? null : (deriveAddresses(a, { count: 1 })[0]?.address ?? null);
      return {
        kind: a.spec.kind,
        label: ACCOUNT_LABELS[a.spec.kind],
        path: a.path,
        fingerprint: a.fingerprint,
        xpub: a.xpub,
        slip132: a.slip132,
        keyExpression: a.keyExpression,
        descriptors: a.descriptors,
        urFrames: urFrames(accountUrString(a)),
        outputFrames: a.spec.kind === 'eth' ? null : urFrames(encodeUr(outputUr(a))),
        firstAddress: first,
      };
    },

    getAddresses: (r) => deriveAddresses(acct(r), { change: r.change, from: r.from, count: r.count }),

    findAddress: (r) => findAddress(acct(r), r.address, r.gapLimit),

    makeQr: ({ text }) => toQr(text, textQr(text, 'M')),

    saveExport: async (r) => {
      const a = acct(r);
      const name = `permafrost-${a.fingerprint}-${r.kind}-${r.network}-${r.account}`;
      const contents = r.format === 'coldcard-json' ? vault.coldcardJson(r.walletId, r.network, r.account) : exportContents(a, r.format);
      const extension = r.format === 'coldcard-json' ? 'json' : 'txt';
      const path = await services.files.chooseSavePath(`${name}-${r.format}.${extension}`);
      if (path === null) return null;
      await services.files.writeFile(path, contents);
      return { path };
    },

    previewBackup: (o) => kit(o),

    printBackup: async ({ paper }, { sender }) => ({ printed: await sender.print({ pageSize: paper === 'a4' ? 'A4' : 'Letter' }) }),

    saveBackupPdf: async (o) => {
      const { bytes } = await renderPdf(kit(o), services.fonts);
      const fingerprint = vault.wallet(o.walletId).fingerprint;
      const secret = o.sheets.some((s) => s === 'seed' || s === 'metal');
      const path = await services.files.chooseSavePath(`permafrost-${fingerprint}-${secret ? 'backup' : 'watch-only'}.pdf`);
      if (path === null) return null;
      await services.files.writeFile(path, bytes);
      return { path };
    },

    splitShares: async ({ walletId, mode, scheme, exponent, passphrase }) => {
      let secret: { mnemonic: string } | { masterSecret: Uint8Array };
      let restores: { fingerprint: string; hasPassphrase: boolean } | null = null;
      if (mode === 'bip39') {
        if (walletId === null) throw new WalletError('INVALID_ARGUMENT', 'Open the wallet whose recovery phrase you want to split.');
        const w = vault.wallet(walletId);
        if (w.words.length === 0) throw new WalletError('UNSUPPORTED', 'This wallet has no recovery phrase to split (it is a Shamir wallet).');
        if (w.language !== 'english') {
          throw new WalletError('UNSUPPORTED', 'Splitting a phrase works for English words: the shares hold its entropy, and words in another language would come back in English — a different wallet.');
        }
        secret = { mnemonic: w.words.join(' ') };
        // The shares restore the words; with the wallet's BIP39 passphrase, the wallet the user knows.
        restores = { fingerprint: w.fingerprint, hasPassphrase: w.hasPassphrase };
      } else {
        secret = { masterSecret: new Uint8Array(randomBytes(16)) };
      }
      const outcome = await splitIntoShares({ mode, secret, groupThreshold: scheme.groupThreshold, groups: scheme.groups, iterationExponent: exponent, passphrase });
      let opened: OpenedWalletInfo | null = null;
      if ('masterSecret' in secret) {
        try {
          const o = vault.openFromMasterSecret(secret.masterSecret, passphrase.length > 0);
          opened = info(o.walletId, o.opened);
        } finally {
          secret.masterSecret.fill(0);
        }
      }
      const fingerprint = restores?.fingerprint ?? outcome.fingerprint;
      let splitId: string;
      try {
        splitId = vault.addSplit(outcome, restores ?? { fingerprint, hasPassphrase: passphrase.length > 0 });
      } catch (e) {
        if (opened) vault.close(opened.walletId);
        throw e;
      }
      return {
        splitId,
        mode,
        fingerprint,
        identifier: outcome.split.identifier,
        groupThreshold: outcome.split.groupThreshold,
        groups: outcome.split.groups.map((g) => ({ threshold: g.threshold, count: g.shares.length })),
        quorums: outcome.quorums,
        wordsPerShare: (outcome.split.groups[0]?.shares[0] ?? '').split(' ').length,
        wallet: opened,
      };
    },

    previewShareCards: ({ splitId, paper }) => cards(splitId, paper),

    saveShareCardsPdf: async ({ splitId, paper }) => {
      const doc = cards(splitId, paper);
      const { bytes } = await renderPdf(doc, services.fonts);
      const path = await services.files.chooseSavePath(`permafrost-${doc.fingerprint}-shares.pdf`);
      if (path === null) return null;
      await services.files.writeFile(path, bytes);
      return { path };
    },

    verifyShare: ({ splitId, text }) => {
      const entry = vault.split(splitId);
      const all = entry.outcome.split.groups.flatMap((g, gi) => g.shares.map((s, mi) => ({ s, gi, mi })));
      const typed = decodeShare(text, 'This share');
      const found = all.find(({ s }) => {
        const d = decodeShare(s);
        return d.groupIndex === typed.groupIndex && d.memberIndex === typed.memberIndex && d.identifier === typed.identifier && d.value.every((b, i) => b === typed.value[i]);
      });
      if (!found) return { match: false, message: 'This is not one of the shares just made: compare it with its card word by word.', verified: entry.verified.size, total: all.length };
      entry.verified.add(`${found.gi}/${found.mi}`);
      const groups = entry.outcome.split.groups.length;
      const which = `Share ${found.mi + 1}${groups > 1 ? ` of group ${found.gi + 1}` : ''}`;
      return { match: true, message: `${which} matches (${entry.verified.size} of ${all.length} verified).`, verified: entry.verified.size, total: all.length };
    },

    addRecoveryShare: ({ recoveryId, text }) => {
      if (recoveryId === null) {
        // The recovery is held only once its first share is valid.
        const collector = new ShareCollector();
        const { duplicate, progress } = collector.add(text, 'Share 1');
        return { recoveryId: vault.addRecovery(collector), duplicate, progress };
      }
      const collector = vault.recovery(recoveryId);
      const { duplicate, progress } = collector.add(text, `Share ${collector.size + 1}`);
      return { recoveryId, duplicate, progress };
    },

    finishRecovery: async ({ recoveryId, mode, passphrase }) => {
      const collector = vault.recovery(recoveryId);
      // bip39 mode: the shares hold the words only, and the passphrase is the wallet's BIP39 passphrase;
      // wallet mode: it is the SLIP-39 passphrase that decrypts the master secret.
      const outcome = await combineIntoWallet(mode, collector.shares(), mode === 'wallet' ? passphrase : '');
      try {
        // Open first, then let go of the shares: a failure to open keeps them for another try.
        const o = outcome.mnemonic ? await vault.open({ words: outcome.mnemonic, language: 'english' }, passphrase) : vault.openFromMasterSecret(outcome.masterSecret, passphrase.length > 0);
        vault.close(recoveryId);
        return info(o.walletId, o.opened);
      } finally {
        outcome.masterSecret.fill(0);
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
