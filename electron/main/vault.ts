/**
 * The session vault: wallets and drafts in main-process memory only, each behind an opaque random id. The
 * renderer never holds a key; it holds ids. Closing zeroes every byte array it held (private keys, the split's
 * encrypted secret, collected shares' values) and drops the rest; words and shares are JavaScript strings,
 * which cannot be zeroed — they stay in the heap until the garbage collector reuses it (SECURITY.md says so).
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  coldcardGenericJson,
  coldcardMultisigJson,
  mnemonicToSeed,
  wordSeparator,
  deriveAccount,
  fingerprintHex,
  lookupWord,
  masterFromSeed,
  type ShareCollector,
  type SplitOutcome,
  openWallet,
  WalletError,
  type Account,
  type AccountSpec,
  type Language,
  type Network,
  type OpenedWallet,
} from '../core';

interface Draft {
  readonly mnemonic: string;
  readonly language: Language;
  /** Created words must pass the quiz before they open; scanned ones need not. */
  readonly quizPositions: readonly number[];
  quizPassed: boolean;
}

interface WalletEntry {
  readonly opened: OpenedWallet;
  readonly accounts: Map<string, Account>;
}

interface SplitEntry {
  readonly outcome: SplitOutcome;
  readonly verified: Set<string>;
  readonly hasPassphrase: boolean;
  readonly fingerprint: string;
  /** Wallet mode: the new Shamir wallet this split opened, closed with the split if it is replaced. */
  readonly ownedWallet: string | null;
}

export const QUIZ_SIZE = 3;
/** Accounts kept derived per wallet; the oldest is dropped past this. */
export const MAX_CACHED_ACCOUNTS = 64;
/** Drafts and wallets kept at once: enough for any real session, small enough that a runaway loop cannot grow memory. */
export const MAX_ENTRIES = 32;

export class Vault {
  private readonly drafts = new Map<string, Draft>();
  private readonly wallets = new Map<string, WalletEntry>();
  /** Shares just made (secret), until the user leaves the Split flow. */
  private readonly splits = new Map<string, SplitEntry>();
  /** Shares being collected for a recovery. */
  private readonly recoveries = new Map<string, ShareCollector>();

  /** Grows at each closeAll (the auto-lock, quit): work begun before it must not deliver into what follows. */
  private generation = 0;
  /** What the handlers hold besides the vault (a loaded transaction, a scan, a chosen file): dropped at closeAll. */
  private readonly onCloseAllListeners: Array<() => void> = [];

  constructor(private readonly newId: () => string = () => randomBytes(16).toString('hex')) {}

  /** The current session: compare it after a long wait with requireSession. */
  get session(): number {
    return this.generation;
  }

  /** Runs `forget` at every closeAll, after the wallets are wiped: a handler drops what its flow held. */
  onCloseAll(forget: () => void): void {
    this.onCloseAllListeners.push(forget);
  }

  /**
   * Throws when every wallet was closed since `session` was read: the result of work that outlived a lock is
   * discarded, never delivered into a fresh screen.
   */
  requireSession(session: number, what: string): void {
    if (session !== this.generation) {
      throw new WalletError('NO_SUCH_WALLET', `Every wallet was closed (the app locked itself after a time without use) while ${what}: nothing was kept. Start again.`);
    }
  }

  private room(): void {
    if (this.drafts.size + this.wallets.size + this.splits.size + this.recoveries.size >= MAX_ENTRIES) {
      throw new WalletError('INVALID_ARGUMENT', 'Too many wallets are open. Close some first.');
    }
  }

  /** Holds new or scanned words until they open. One draft at a time: a new one replaces (wipes) any other. */
  addDraft(mnemonic: string, language: Language, withQuiz: boolean): { draftId: string; quizPositions: number[] } {
    this.drafts.clear();
    this.room();
    const wordCount = mnemonic.split(/[ \u3000]/).length;
    const positions = new Set<number>();
    while (withQuiz && positions.size < Math.min(QUIZ_SIZE, wordCount)) positions.add(randomInt(1, wordCount + 1));
    const quizPositions = [...positions].sort((a, b) => a - b);
    const draftId = this.newId();
    this.drafts.set(draftId, { mnemonic, language, quizPositions, quizPassed: !withQuiz });
    return { draftId, quizPositions };
  }

  private draft(draftId: string): Draft {
    const d = this.drafts.get(draftId);
    if (!d) throw new WalletError('NO_SUCH_WALLET', 'These words are no longer held: start again.');
    return d;
  }

  checkQuiz(draftId: string, answers: ReadonlyArray<{ position: number; word: string }>): { passed: boolean; wrongPositions: number[] } {
    const d = this.draft(draftId);
    const words = d.mnemonic.split(/[ \u3000]/);
    const given = new Map(answers.map((a) => [a.position, a.word]));
    // Accept what Restore accepts: the same word-list entry, typed with or without accents, or by its prefix.
    const wrongPositions = d.quizPositions.filter((p) => {
      const answer = given.get(p);
      return answer === undefined || lookupWord(answer, d.language) !== lookupWord(words[p - 1] as string, d.language);
    });
    d.quizPassed = wrongPositions.length === 0;
    return { passed: d.quizPassed, wrongPositions };
  }

  async open(source: { draftId: string } | { words: string; language: Language | null }, passphrase: string): Promise<{ walletId: string; opened: OpenedWallet }> {
    this.room();
    const session = this.generation;
    let opened: OpenedWallet;
    if ('draftId' in source) {
      const d = this.draft(source.draftId);
      if (!d.quizPassed) throw new WalletError('INVALID_ARGUMENT', 'Type the asked words back correctly before the wallet opens.');
      opened = await openWallet(d.mnemonic, passphrase, d.language);
      this.drafts.delete(source.draftId);
    } else {
      opened = await openWallet(source.words, passphrase, source.language ?? undefined);
    }
    // Locked while the seed was computed: this wallet is not held (nobody would know its id).
    if (session !== this.generation) opened.master.wipePrivateData();
    this.requireSession(session, 'the wallet was opening');
    const walletId = this.newId();
    this.wallets.set(walletId, { opened, accounts: new Map() });
    return { walletId, opened };
  }

  /** A wallet whose BIP32 seed is a SLIP-39 master secret (a Shamir wallet): it has no BIP39 words. */
  openFromMasterSecret(masterSecret: Uint8Array, hasPassphrase: boolean): { walletId: string; opened: OpenedWallet } {
    this.room();
    const master = masterFromSeed(masterSecret);
    const opened: OpenedWallet = { master, words: [], fingerprint: fingerprintHex(master), language: 'english', wordCount: 0, hasPassphrase };
    const walletId = this.newId();
    this.wallets.set(walletId, { opened, accounts: new Map() });
    return { walletId, opened };
  }

  /**
   * Shares just made; `fingerprint` is the wallet they restore (with its BIP39 passphrase, if any); `ownedWallet`
   * the Shamir wallet the split opened (wallet mode).
   */
  addSplit(outcome: SplitOutcome, wallet: { fingerprint: string; hasPassphrase: boolean }, ownedWallet: string | null = null): string {
    this.room();
    const id = this.newId();
    this.splits.set(id, { outcome, verified: new Set(), ...wallet, ownedWallet });
    return id;
  }

  /** Wipes every split and the Shamir wallets they opened: a new split replaces the last one. */
  closeSplits(): void {
    for (const [id, split] of [...this.splits]) {
      this.close(id);
      if (split.ownedWallet) this.close(split.ownedWallet);
    }
  }

  /** A random id for something that is not secret (an encrypted file the user chose). */
  newFileId(): string {
    return this.newId();
  }

  /** The master fingerprint the open wallet's words give with another BIP39 passphrase (to check a retyped one). */
  async fingerprintWith(walletId: string, passphrase: string): Promise<string> {
    const w = this.wallet(walletId);
    const seed = await mnemonicToSeed(w.words.join(wordSeparator(w.language)), passphrase);
    const master = masterFromSeed(seed);
    seed.fill(0);
    const fingerprint = fingerprintHex(master);
    master.wipePrivateData();
    return fingerprint;
  }

  split(id: string): SplitEntry {
    const s = this.splits.get(id);
    if (!s) throw new WalletError('NO_SUCH_WALLET', 'These shares are no longer held: split again.');
    return s;
  }

  recovery(id: string): ShareCollector {
    const collector = this.recoveries.get(id);
    if (!collector) throw new WalletError('NO_SUCH_WALLET', 'This recovery was closed: start again.');
    return collector;
  }

  /** Holds a recovery that already has its first (valid) share: a bad first share never takes a slot. */
  addRecovery(collector: ShareCollector): string {
    this.room();
    const id = this.newId();
    this.recoveries.set(id, collector);
    return id;
  }

  /** Wipes a wallet, a draft, a split or a recovery. True when something was held under that id. */
  close(id: string): boolean {
    const split = this.splits.get(id);
    if (split) {
      split.outcome.split.encryptedSecret.fill(0);
      return this.splits.delete(id);
    }
    const recovery = this.recoveries.get(id);
    if (recovery) {
      recovery.wipe();
      return this.recoveries.delete(id);
    }
    const w = this.wallets.get(id);
    if (w) {
      w.opened.master.wipePrivateData();
      for (const a of w.accounts.values()) a.node.wipePrivateData();
      this.wallets.delete(id);
      return true;
    }
    return this.drafts.delete(id);
  }

  /** Wipes everything held, starts a new session and lets every handler drop what its flow held. */
  closeAll(): void {
    for (const id of [...this.wallets.keys(), ...this.drafts.keys(), ...this.splits.keys(), ...this.recoveries.keys()]) this.close(id);
    this.generation += 1;
    for (const forget of this.onCloseAllListeners) forget();
  }

  /** The Coldcard-style generic JSON export (needs the master key's public part and all account types). */
  coldcardJson(walletId: string, network: Network, account: number): string {
    const w = this.wallets.get(walletId);
    if (!w) throw new WalletError('NO_SUCH_WALLET', 'That wallet is closed. Open it again.');
    return coldcardGenericJson(w.opened.master, network, account);
  }

  /** Coldcard's multisig cosigner file (BIP48 and BIP45 keys of the master). */
  multisigJson(walletId: string, network: Network, account: number): string {
    const w = this.wallets.get(walletId);
    if (!w) throw new WalletError('NO_SUCH_WALLET', 'That wallet is closed. Open it again.');
    return coldcardMultisigJson(w.opened.master, network, account);
  }

  /** An open wallet, for the paper backup (its words and master key stay in main). */
  wallet(walletId: string): OpenedWallet {
    const w = this.wallets.get(walletId);
    if (!w) throw new WalletError('NO_SUCH_WALLET', 'That wallet is closed. Open it again.');
    return w.opened;
  }

  /** The account, derived once per wallet and spec, then served from the cache. */
  account(walletId: string, spec: AccountSpec): Account {
    const w = this.wallets.get(walletId);
    if (!w) throw new WalletError('NO_SUCH_WALLET', 'That wallet is closed. Open it again.');
    const key = `${spec.kind}/${spec.network}/${spec.account}`;
    let account = w.accounts.get(key);
    if (!account) {
      account = deriveAccount(w.opened.master, spec);
      if (w.accounts.size >= MAX_CACHED_ACCOUNTS) w.accounts.delete(w.accounts.keys().next().value as string);
      w.accounts.set(key, account);
    }
    return account;
  }

  get size(): { wallets: number; drafts: number; splits: number; recoveries: number } {
    return { wallets: this.wallets.size, drafts: this.drafts.size, splits: this.splits.size, recoveries: this.recoveries.size };
  }
}
