/** SLIP-39 shares: split (every quorum checked), share cards, verify each share, recover share by share. */
import { randomBytes } from 'node:crypto';
import { buildShareCards, combineIntoWallet, decodeShare, renderPdf, ShareCollector, SLIP39_WORDLIST, splitIntoShares, WalletError } from '../../core';
import type { OpenedWalletInfo, PaperSize } from '../../ipc';
import { today, walletInfo, type HandlerSection, type HandlerServices } from './services';

type ShamirMethods =
  | 'getShareWordlist'
  | 'splitShares'
  | 'previewShareCards'
  | 'saveShareCardsPdf'
  | 'verifyShare'
  | 'addRecoveryShare'
  | 'finishRecovery'
  | 'getRecoveryUnlockProgress'
  | 'cancelRecoveryUnlock';

/** A running decryption of collected shares: its rounds, and the flag that stops it before the next one. */
interface Unlock {
  done: number;
  total: number;
  running: boolean;
  readonly signal: { aborted: boolean };
}

export function shamirHandlers(services: HandlerServices): HandlerSection<ShamirMethods> {
  const { vault } = services;
  const unlocks = new Map<string, Unlock>();
  // A lock (closeAll) stops every decryption before its next round; what finishes anyway is discarded.
  vault.onCloseAll(() => {
    for (const u of unlocks.values()) u.signal.aborted = true;
    unlocks.clear();
  });
  const cards = (splitId: string, paper: PaperSize) => {
    const { outcome, fingerprint, hasPassphrase } = vault.split(splitId);
    return buildShareCards({
      paper,
      fingerprint,
      hasPassphrase,
      mode: outcome.mode,
      identifier: outcome.split.identifier,
      groupThreshold: outcome.split.groupThreshold,
      groups: outcome.split.groups,
      date: today(services),
    });
  };

  return {
    getShareWordlist: () => SLIP39_WORDLIST,

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
      // A new split replaces any earlier one of this session (and the Shamir wallet it opened): pressing
      // "Make the shares" again must not leave the first shares in memory.
      vault.closeSplits();
      const session = vault.session;
      let opened: OpenedWalletInfo | null = null;
      let splitId: string;
      try {
        const outcome = await splitIntoShares({ mode, secret, groupThreshold: scheme.groupThreshold, groups: scheme.groups, iterationExponent: exponent, passphrase });
        if (vault.session !== session) {
          // Locked while the shares were encrypted: they are not kept, and no Shamir wallet opens.
          outcome.split.encryptedSecret.fill(0);
          vault.requireSession(session, 'the shares were being made');
        }
        if ('masterSecret' in secret) {
          const o = vault.openFromMasterSecret(secret.masterSecret, passphrase.length > 0);
          opened = walletInfo(o.walletId, o.opened);
        }
        const fingerprint = restores?.fingerprint ?? outcome.fingerprint;
        try {
          splitId = vault.addSplit(outcome, restores ?? { fingerprint, hasPassphrase: passphrase.length > 0 }, opened?.walletId ?? null);
        } catch (e) {
          outcome.split.encryptedSecret.fill(0);
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
      } finally {
        if ('masterSecret' in secret) secret.masterSecret.fill(0);
      }
    },

    previewShareCards: ({ splitId, paper }) => cards(splitId, paper),

    saveShareCardsPdf: async ({ splitId, paper, share }) => {
      const doc = cards(splitId, paper);
      const { outcome } = vault.split(splitId);
      const groups = outcome.split.groups;
      let pages = doc.pages;
      let name = `permafrost-${doc.fingerprint}-shares`;
      let title = 'Save ALL share cards in one file — anyone with this file holds every share';
      if (share !== null) {
        const group = groups[share.group];
        if (!group || share.member >= group.shares.length) throw new WalletError('INVALID_ARGUMENT', `There is no share ${share.member + 1} in group ${share.group + 1}.`);
        // Cards come one page per share, group after group.
        const page = groups.slice(0, share.group).reduce((n, g) => n + g.shares.length, 0) + share.member;
        pages = doc.pages.slice(page, page + 1);
        const which = groups.length > 1 ? `group ${share.group + 1} share ${share.member + 1}` : `share ${share.member + 1} of ${group.shares.length}`;
        name = `permafrost-${doc.fingerprint}-${groups.length > 1 ? `g${share.group + 1}-share${share.member + 1}` : `share${share.member + 1}of${group.shares.length}`}`;
        title = `Save ${which} — one share card (secret)`;
      }
      const { bytes } = await renderPdf({ ...doc, pages }, services.fonts);
      // The cards' words: zeroed once written, or when not saved.
      try {
        const path = await services.files.chooseSavePath(`${name}.pdf`, { title, secret: true });
        if (path === null) return null;
        await services.files.writeFile(path, bytes, { secret: true });
        return { path };
      } finally {
        bytes.fill(0);
      }
    },

    verifyShare: ({ splitId, text }) => {
      const entry = vault.split(splitId);
      const all = entry.outcome.split.groups.flatMap((g, gi) => g.shares.map((s, mi) => ({ s, gi, mi })));
      const typed = decodeShare(text, 'This share');
      const found = all.find(({ s }) => {
        const d = decodeShare(s);
        const same = d.groupIndex === typed.groupIndex && d.memberIndex === typed.memberIndex && d.identifier === typed.identifier && d.value.every((b, i) => b === typed.value[i]);
        d.value.fill(0);
        return same;
      });
      typed.value.fill(0);
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
      if (unlocks.get(recoveryId)?.running) throw new WalletError('INVALID_ARGUMENT', 'These shares are already being decrypted: wait for it, or stop it first.');
      const unlock: Unlock = { done: 0, total: 4, running: true, signal: { aborted: false } };
      unlocks.set(recoveryId, unlock);
      const session = vault.session;
      const onRound = (done: number, total: number) => Object.assign(unlock, { done, total });
      const outcome = await combineIntoWallet(mode, collector.shares(), mode === 'wallet' ? passphrase : '', { onRound, signal: unlock.signal })
        .catch((e: unknown) => {
          // Stopped by a lock: say so, rather than "stopped" as if the user had.
          vault.requireSession(session, 'the shares were being decrypted');
          throw e;
        })
        .finally(() => {
          unlock.running = false;
        });
      try {
        // Locked during the last round: the secret is wiped (finally) and no wallet opens.
        vault.requireSession(session, 'the shares were being decrypted');
        // Open first, then let go of the shares: a failure to open keeps them for another try.
        const o = outcome.mnemonic ? await vault.open({ words: outcome.mnemonic, language: 'english' }, passphrase) : vault.openFromMasterSecret(outcome.masterSecret, passphrase.length > 0);
        vault.close(recoveryId);
        unlocks.delete(recoveryId);
        return walletInfo(o.walletId, o.opened);
      } finally {
        outcome.masterSecret.fill(0);
      }
    },

    getRecoveryUnlockProgress: ({ recoveryId }) => {
      vault.recovery(recoveryId);
      const u = unlocks.get(recoveryId);
      return u ? { done: u.done, total: u.total, running: u.running } : { done: 0, total: 4, running: false };
    },

    cancelRecoveryUnlock: ({ recoveryId }) => {
      const u = unlocks.get(recoveryId);
      if (!u?.running) return { stopping: false };
      u.signal.aborted = true;
      return { stopping: true };
    },
  };
}
