/**
 * The one contract between the renderer and the main process: for each bridge method, its channel, its request
 * and its response. The preload builds one method per entry of CHANNELS and nothing else; the main process
 * registers one validated handler per entry. Payloads are JSON values and Uint8Array only (what both Electron's
 * structured clone and the e2e transport carry intact).
 *
 * No runtime dependencies: the renderer may import this file with `import type` only.
 */
import type {
  AccountKind,
  AirGapAssessment,
  EthReview,
  EthWarningCode,
  InheritanceText,
  Language,
  MnemonicProblem,
  Network,
  PaperBlock,
  PaperDocument,
  PaperPage,
  PaperSize,
  PassphraseStrength,
  PsbtReview,
  PsbtWarningCode,
  RecoveryProgress,
  ScanStatus,
  AnswerFormat,
  ShamirMode,
  Sheet,
  WalletErrorCode,
  WordCount,
  MultisigScriptType,
  WalletConfigFormat,
} from '../core';

/** Core types the renderer needs, re-exported so it never imports the core. */
export type { AccountKind, EthReview, EthWarningCode, InheritanceText, Language, MnemonicProblem, Network, PaperBlock, PaperDocument, PaperPage, PaperSize, PassphraseStrength, PsbtReview, PsbtWarningCode, RecoveryProgress, ScanStatus, AnswerFormat, ShamirMode, Sheet, WordCount };

/** Codes the renderer can receive. WalletErrorCode comes from the core; the rest are the IPC layer's own. */
export type IpcErrorCode =
  | WalletErrorCode
  /** The request did not match the channel's schema. */
  | 'BAD_REQUEST'
  /** The request came from a frame that is not the app's own top-level page. */
  | 'FORBIDDEN'
  /** An unexpected failure; details are in the main-process log, never in the message. */
  | 'INTERNAL';

export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** process.platform of the main process. */
  readonly platform: string;
  /** Electron's version, or null when the handlers run outside Electron (tests, CLI). */
  readonly electron: string | null;
  readonly packaged: boolean;
  /** The build running, measured from its files (electron/main/build-info.ts); null when not measured (unit tests). */
  readonly build: BuildInfo | null;
}

export interface BuildInfo {
  /** The commit it was built from (with "-modified" for uncommitted changes); null when unknown. */
  readonly commit: string | null;
  /** SHA-256 of dist/SHA256SUMS (the list of every file's SHA-256), only when every file matches that list. */
  readonly digest: string | null;
  readonly files: number;
  /** Why there is no digest: a missing list, a changed, added or missing file. */
  readonly problem: string | null;
}

export interface AirGapStatus extends AirGapAssessment {
  /** When the interfaces were last read (ISO 8601). */
  readonly checkedAt: string;
  /** How many outgoing requests the app has cancelled since it started. */
  readonly blockedRequests: number;
}

type Void = undefined;

export interface AutoLockState {
  readonly idleSeconds: number;
  /** How many times it has locked since start: the renderer goes Home when this grows. */
  readonly locks: number;
  /** Why the saved idle time was not used at start, or why a new one could not be saved; null when all is well. */
  readonly problem: string | null;
}

/** A QR code to draw: the text it holds and its modules (row-major, 1 = dark), without quiet zone. */
export type Qr = { readonly text: string; readonly size: number; readonly modules: Uint8Array };

export type EntropySource =
  | { readonly kind: 'csprng' }
  | { readonly kind: 'dice' | 'coins'; readonly input: string; readonly mix: boolean };

export type DraftWallet = {
  readonly draftId: string;
  /** The new words, to be shown once and written down. */
  readonly words: readonly string[];
  readonly language: Language;
  /** Word positions (1-based) the user must type back before the wallet opens. */
  readonly quizPositions: readonly number[];
  readonly method: string;
  readonly entropyBits: number;
  readonly bitsCollected: number | null;
  readonly warning: string | null;
  readonly verifyCommand: string | null;
  readonly entropyHex: string | null;
};

export type EntropyPreview = {
  readonly count: number;
  readonly needed: number;
  readonly bitsCollected: number;
  readonly warning: string | null;
  /** Set when the input holds something that is not a roll/flip. */
  readonly error: string | null;
};

export type WordsCheck =
  | { readonly ok: true; readonly wordCount: number; readonly language: Language }
  | { readonly ok: false; readonly problems: readonly MnemonicProblem[]; readonly messages: readonly string[] };

export type OpenedWalletInfo = {
  readonly walletId: string;
  readonly fingerprint: string;
  readonly wordCount: number;
  readonly language: Language;
  readonly hasPassphrase: boolean;
};

export type AccountRequest = {
  readonly walletId: string;
  readonly kind: AccountKind;
  readonly network: Network;
  readonly account: number;
};

export type AccountExport = {
  readonly kind: AccountKind;
  readonly label: string;
  readonly path: string;
  readonly fingerprint: string;
  readonly xpub: string;
  readonly slip132: string;
  readonly keyExpression: string;
  readonly descriptors: { readonly receive: string; readonly change: string; readonly multipath: string } | null;
  /** The UR (crypto-account, or crypto-hdkey for Ethereum) as the texts of the QR frames to show in turn (the renderer draws them). */
  readonly urFrames: readonly string[];
  /** The same account as a UR crypto-output (one output descriptor); null for Ethereum. */
  readonly outputFrames: readonly string[] | null;
  readonly firstAddress: string | null;
};

export type AddressRow = { readonly index: number; readonly address: string; readonly path: string };

/** 'descriptor' of a BIP48 account is its cosigner key expression; 'multisig-json' is Coldcard's cosigner file. */
export type ExportFileFormat = 'descriptor' | 'xpub' | 'ur' | 'coldcard-json' | 'multisig-json';

export type BackupOptions = {
  readonly walletId: string;
  readonly paper: PaperSize;
  readonly sheets: readonly Sheet[];
  readonly network: Network;
  readonly receive: { readonly kind: Exclude<AccountKind, 'bip48'>; readonly count: number };
  readonly inheritance: InheritanceText | null;
  /** A registered multisig wallet of this key: its configuration sheet is added, and the letter names its keys. */
  readonly multisigId?: string | null | undefined;
};

export type BackupCheck = { readonly match: boolean; readonly message: string };

export type ShamirScheme = { readonly groupThreshold: number; readonly groups: ReadonlyArray<{ readonly threshold: number; readonly count: number }> };

export type SplitSummary = {
  readonly splitId: string;
  readonly mode: ShamirMode;
  readonly fingerprint: string;
  readonly identifier: number;
  readonly groupThreshold: number;
  readonly groups: ReadonlyArray<{ readonly threshold: number; readonly count: number }>;
  readonly quorums: { readonly checked: number; readonly total: number; readonly exhaustive: boolean };
  readonly wordsPerShare: number;
  /** Wallet mode: the new Shamir wallet, opened. */
  readonly wallet: OpenedWalletInfo | null;
};

/** One share of a split: its group and member, 0-based (the cards' order). */
export type ShareRef = { readonly group: number; readonly member: number };

export type SavedBackupFile = { readonly path: string; readonly fingerprint: string; readonly passphraseIncluded: boolean };

export type OpenedBackupFile =
  | { readonly kind: 'opened'; readonly wallet: OpenedWalletInfo }
  /** The wallet has a BIP39 passphrase the file does not hold: ask for it, then open again. */
  | { readonly kind: 'needs-passphrase'; readonly fingerprint: string };

/** Where an unsigned PSBT comes from: a file the user picks (native dialog), or pasted base64/hex text. */
export type PsbtSource = { readonly kind: 'file' } | { readonly kind: 'text'; readonly text: string };

export type LoadedPsbt = {
  readonly psbtId: string;
  /** How it arrived by QR (the answer is shown in the same format by default); null from a file or text. */
  readonly scannedAs: AnswerFormat | null;
  /** The QR format to answer in by default: scannedAs, or UR crypto-psbt (read by every importer) when not scanned. */
  readonly answerAs: AnswerFormat;
  /** The file's name (or "pasted"), for the signed file's name. */
  readonly name: string;
  readonly version: 0 | 2;
  readonly review: PsbtReview;
};

export type SignedPsbt = {
  readonly signedInputs: number;
  readonly totalInputs: number;
  /** Every input carries what it needs: a finalized transaction can be had. */
  readonly complete: boolean;
  /** The signed PSBT as base64 (for the QR code and copying). */
  readonly base64: string;
  /** The signed PSBT as one QR code when it fits (larger ones: save the file; animated QR is the next issue). */
  readonly qr: Qr | null;
  /** With a registered multisig wallet: each of its inputs' signatures now, of the M needed (the PSBT is never finalized until M). */
  readonly multisig?: ReadonlyArray<{ readonly input: number; readonly signatures: number; readonly required: number }>;
};

/* ── Multisig wallets (issue 11) ── */

export type { MultisigScriptType, WalletConfigFormat };

/** Where a multisig wallet configuration comes from: a file the user picks, or text (pasted, or a scanned QR's text; an animated UR: its parts one per line). */
export type MultisigSource = { readonly kind: 'file' } | { readonly kind: 'text'; readonly text: string };

export type MultisigCosignerInfo = {
  /** Master fingerprint, 8 hex digits. */
  readonly fingerprint: string;
  /** "m/48'/0'/0'/2'". */
  readonly path: string;
  /** As the coordinator gave it. */
  readonly xpub: string;
  /** This key derives from the open wallet's seed at this path (not just our fingerprint). */
  readonly ours: boolean;
};

export type MultisigWalletInfo = {
  /** Stable id of the wallet's policy (keys, M, script type, network): 16 hex digits. */
  readonly multisigId: string;
  readonly name: string;
  readonly m: number;
  readonly n: number;
  readonly scriptType: MultisigScriptType;
  /** "Native SegWit multisig (P2WSH)". */
  readonly scriptLabel: string;
  /** sortedmulti (BIP67) or multi. */
  readonly sorted: boolean;
  readonly network: Network;
  readonly cosigners: readonly MultisigCosignerInfo[];
  /** Receive address 0: compare it with the coordinator's before using the wallet. */
  readonly firstAddress: string;
  /** With checksums: multipath (/<0;1>/*), receive (/0/*), change (/1/*). */
  readonly descriptors: { readonly multipath: string; readonly receive: string; readonly change: string };
};

/** A stored registration that cannot be used (changed on disk, unreadable): shown so the user can delete it. */
export type MultisigProblem = { readonly multisigId: string; readonly name: string | null; readonly code: IpcErrorCode; readonly message: string };

export type MultisigAddressRow = { readonly index: number; readonly change: boolean; readonly address: string; /** "0/5" below every cosigner's path. */ readonly path: string };

/** Method name -> request and response types, in sections by capability. */
/** MetaMask "Connect a QR-based hardware wallet": what to show for pairing (account m/44'/60'/0'). */
export type EthPairing = {
  /** The crypto-hdkey UR text (upper case, for an alphanumeric QR). */
  readonly ur: string;
  readonly qr: Qr;
  /** Master fingerprint (8 hex digits): MetaMask's requests must name it. */
  readonly fingerprint: string;
  /** "m/44'/60'/0'". */
  readonly accountPath: string;
  /** The first 5 addresses (m/44'/60'/0'/0/i), to compare with MetaMask's list. */
  readonly addresses: readonly AddressRow[];
};

/** A decoded, checked and reviewed eth-sign-request held in main (one at a time). */
export type LoadedEthRequest = {
  /** Opaque handle of the loaded request (not the request's own uuid, which is in the review). */
  readonly ethRequestId: string;
  readonly review: EthReview;
};

/** The eth-signature answer for MetaMask's camera. */
export type SignedEthRequest = {
  /** r || s || v, 0x-prefixed hex (v: 27/28 for messages, EIP-155 for legacy transactions, 0/1 for typed ones). */
  readonly signature: string;
  /** The eth-signature UR, single part, upper case. */
  readonly ur: string;
  /** The texts of the QR frames to show in turn (one when it fits, as it always does today); the renderer draws them. */
  readonly frames: readonly string[];
};

export interface Contract {
  getAppInfo: { request: Void; response: AppInfo };
  getAirGapStatus: { request: Void; response: AirGapStatus };
  /** The auto-lock: idle seconds before every wallet is closed, and how many times it has locked (a passive poll). */
  getAutoLock: { request: Void; response: AutoLockState };
  /** Sets the idle time (1 s to 24 h; the Settings offer minutes) and saves it for the next start. Counts as activity. */
  setAutoLock: { request: { readonly idleSeconds: number }; response: AutoLockState };
  /** The renderer's idle signal: the user pressed a key, clicked or moved the pointer. */
  noteActivity: { request: Void; response: AutoLockState };
  /** The public BIP39 wordlist, for autocomplete in the word inputs. */
  getWordlist: { request: { readonly language: Language }; response: readonly string[] };
  /** The public SLIP-39 wordlist, for autocomplete when typing shares. */
  getShareWordlist: { request: Void; response: readonly string[] };
  /** Counts typed dice rolls / coin flips as the user types them (nothing is kept). */
  previewEntropy: { request: { readonly kind: 'dice' | 'coins'; readonly input: string; readonly words: WordCount }; response: EntropyPreview };
  /** New words (CSPRNG or dice/coins), held in main as a draft until the quiz is passed. */
  createDraft: { request: { readonly words: WordCount; readonly language: Language; readonly source: EntropySource }; response: DraftWallet };
  /** Checks the words typed back in the quiz; true when every asked position matches. */
  checkQuiz: { request: { readonly draftId: string; readonly answers: readonly { readonly position: number; readonly word: string }[] }; response: { readonly passed: boolean; readonly wrongPositions: readonly number[] } };
  /** Checks typed recovery words without opening anything. */
  checkWords: { request: { readonly words: string; readonly language: Language | null }; response: WordsCheck };
  /** A scanned SeedQR (text for Standard, bytes for Compact) becomes a draft to open with a passphrase. */
  scanSeedQr: { request: { readonly text: string | null; readonly bytes: Uint8Array | null }; response: { readonly draftId: string; readonly wordCount: number; readonly format: 'standard' | 'compact' } };
  /** Opens a wallet from a quiz-passed draft, a scanned draft, or typed words, with an optional passphrase. */
  openWallet: {
    request: { readonly source: { readonly draftId: string } | { readonly words: string; readonly language: Language | null }; readonly passphrase: string };
    response: OpenedWalletInfo;
  };
  /** Wipes a wallet (or a draft) from memory. */
  closeWallet: { request: { readonly walletId: string }; response: { readonly closed: boolean } };
  getAccount: { request: AccountRequest; response: AccountExport };
  getAddresses: { request: AccountRequest & { readonly change: boolean; readonly from: number; readonly count: number }; response: readonly AddressRow[] };
  findAddress: { request: AccountRequest & { readonly address: string; readonly gapLimit: number }; response: (AddressRow & { readonly change: boolean }) | null };
  /** A QR code of public text (an address, a descriptor). */
  makeQr: { request: { readonly text: string }; response: Qr };
  /** Saves a watch-only export through the native save dialog; null when the user cancels. */
  saveExport: { request: AccountRequest & { readonly format: ExportFileFormat }; response: { readonly path: string } | null };
  /** The backup kit as a document model, for the preview the user prints (it holds the words when the seed sheets are chosen). */
  previewBackup: { request: BackupOptions; response: PaperDocument };
  /** Prints the calling window (the preview) through the OS print dialog. */
  printBackup: { request: { readonly paper: PaperSize }; response: { readonly printed: boolean } };
  /** The kit as a PDF (pdfkit), saved through the native save dialog; null when the user cancels. */
  saveBackupPdf: { request: BackupOptions; response: { readonly path: string } | null };
  /** Splits the open wallet's phrase (bip39 mode) or a new Shamir wallet (wallet mode), checking every quorum. */
  splitShares: {
    request: { readonly walletId: string | null; readonly mode: ShamirMode; readonly scheme: ShamirScheme; readonly exponent: number; readonly passphrase: string };
    response: SplitSummary;
  };
  /** One card per share, for the preview the user prints (it holds the share words). */
  previewShareCards: { request: { readonly splitId: string; readonly paper: PaperSize }; response: PaperDocument };
  /** One share's card as its own PDF (so the shares can go to different places), or all cards in one file (share null). */
  saveShareCardsPdf: { request: { readonly splitId: string; readonly paper: PaperSize; readonly share: ShareRef | null }; response: { readonly path: string } | null };
  /** Checks a share typed back (or scanned) from a printed card against the shares just made. */
  verifyShare: {
    request: { readonly splitId: string; readonly text: string };
    response: BackupCheck & { readonly verified: number; readonly total: number };
  };
  /** Adds one share to a recovery (a new one when recoveryId is null) and says what is still missing. */
  addRecoveryShare: {
    request: { readonly recoveryId: string | null; readonly text: string };
    response: { readonly recoveryId: string; readonly duplicate: boolean; readonly progress: RecoveryProgress };
  };
  /** Combines the collected shares and opens the wallet. */
  finishRecovery: { request: { readonly recoveryId: string; readonly mode: ShamirMode; readonly passphrase: string }; response: OpenedWalletInfo };
  /** How far decrypting the shares has come (polled while finishRecovery runs: iteration exponent 15 takes minutes). */
  getRecoveryUnlockProgress: { request: { readonly recoveryId: string }; response: { readonly done: number; readonly total: number; readonly running: boolean } };
  /** Stops a running finishRecovery before its next round; the shares stay collected for another try. */
  cancelRecoveryUnlock: { request: { readonly recoveryId: string }; response: { readonly stopping: boolean } };
  /** Compares a scanned SeedQR, or typed words, with the open wallet's words. */
  verifyBackup: {
    request: { readonly walletId: string; readonly text: string | null; readonly bytes: Uint8Array | null; readonly words: string | null };
    response: BackupCheck;
  };

  // ── Encrypted backup file (age) ──
  /** How strong a file passphrase is (the wallet's words count as known to an attacker). Nothing is kept. */
  assessBackupPassphrase: { request: { readonly walletId: string; readonly passphrase: string }; response: PassphraseStrength };
  /**
   * Encrypts the open wallet to an age file, saved where the user chooses, then decrypted back from the drive.
   * bip39Passphrase: typed again only when the user asks for it to be in the file. null when the user cancels.
   */
  saveEncryptedBackup: {
    request: { readonly walletId: string; readonly encryptionPassphrase: string; readonly bip39Passphrase: string | null };
    response: SavedBackupFile | null;
  };
  /** Asks for a backup file to open and reads it (still encrypted); null when the user cancels. */
  chooseEncryptedBackup: { request: Void; response: { readonly fileId: string; readonly name: string; readonly size: number } | null };
  /** Decrypts the chosen file and opens its wallet (checked against the fingerprint the file recorded). */
  openEncryptedBackup: {
    request: { readonly fileId: string; readonly encryptionPassphrase: string; readonly bip39Passphrase: string | null };
    response: OpenedBackupFile;
  };

  // ── Sign Bitcoin (PSBT) ──
  /** Reads an unsigned PSBT (file or text) and reviews it against the open wallet; null when the dialog is cancelled. */
  loadPsbt: {
    /** multisigId: review (and later sign) against that registered multisig wallet: its inputs and change are proven against it. */
    request: { readonly walletId: string; readonly network: Network; readonly source: PsbtSource; readonly multisigId?: string | undefined };
    response: LoadedPsbt | null;
  };
  /** Signs the loaded PSBT's inputs that are provably ours; `accept` names every warning that needs acknowledging. */
  signPsbt: { request: { readonly psbtId: string; readonly walletId: string; readonly accept: readonly PsbtWarningCode[] }; response: SignedPsbt };
  /** How far signing has come (polled while it runs). */
  getSignProgress: { request: { readonly psbtId: string }; response: { readonly signed: number; readonly total: number; readonly running: boolean } };
  /** Saves the signed PSBT (binary) or the finalized transaction (hex) to a drive, never over an existing file. */
  saveSignedPsbt: {
    request: { readonly psbtId: string; readonly what: 'psbt' | 'transaction' };
    response: { readonly path: string; readonly txid: string | null } | null;
  };
  /** One scanned QR frame of the coordinator's PSBT (UR, BBQr, base64/hex); loads and reviews it once complete. */
  scanPsbtFrame: {
    request: { readonly walletId: string; readonly network: Network; readonly text: string; readonly multisigId?: string | undefined };
    response: { readonly status: ScanStatus; readonly loaded: LoadedPsbt | null };
  };
  /** Starts the scan over (another transaction). */
  resetPsbtScan: { request: Void; response: { readonly reset: true } };
  /**
   * The signed PSBT as the texts of the QR frames to show in turn, in the chosen format: the renderer draws each
   * frame as it is shown. `parts` is what a scanner counts to (a fountain UR shows as many mixed parts again after
   * them). Over `limit` parts no frame is made (parts says how many it would take; for a BBQr past its 1,295 parts,
   * an estimate): save the file.
   */
  getSignedFrames: {
    /** fragmentLength: a UR fragment in bytes; maxVersion: BBQr's largest QR version (default 40, as Coldcard). */
    request: { readonly psbtId: string; readonly format: AnswerFormat; readonly fragmentLength: number; readonly maxVersion?: number | undefined };
    response: { readonly frames: readonly string[]; readonly parts: number; readonly limit: number };
  };
  /** Lets go of the loaded (and signed) PSBT. */
  closePsbt: { request: { readonly psbtId: string }; response: { readonly closed: boolean } };

  // ── Sign Ethereum (MetaMask QR hardware wallet, EIP-4527) ──
  /** The crypto-hdkey pairing QR and the first 5 addresses of the open wallet's Ethereum account 0. */
  getEthPairing: { request: { readonly walletId: string }; response: EthPairing };
  /** One scanned QR frame of an eth-sign-request (single or animated UR); decoded, checked and reviewed once complete. */
  scanEthRequestFrame: {
    request: { readonly walletId: string; readonly text: string };
    response: { readonly status: ScanStatus; readonly loaded: LoadedEthRequest | null };
  };
  /** Starts the scan over (another request). */
  resetEthScan: { request: Void; response: { readonly reset: true } };
  /** A pasted request: one UR, or the parts of an animated one, one per line in any order. */
  loadEthRequest: { request: { readonly walletId: string; readonly text: string }; response: LoadedEthRequest };
  /** Signs the loaded request; `accept` names every warning that needs acknowledging. The signature is verified before it is returned. */
  signEthRequest: {
    request: { readonly ethRequestId: string; readonly walletId: string; readonly accept: readonly EthWarningCode[] };
    response: SignedEthRequest;
  };
  /** Lets go of the loaded request. */
  closeEthRequest: { request: { readonly ethRequestId: string }; response: { readonly closed: boolean } };

  // ── Multisig wallets (issue 11) ──
  /**
   * Reads a wallet configuration (descriptor, BSMS 1.0, Coldcard file, UR crypto-output/output-descriptor) and checks
   * it against the open wallet: refused unless one key derives from our seed. Nothing is saved yet: show it (M of N,
   * every cosigner, the first address) and call registerMultisig. null when the file dialog is cancelled.
   */
  readMultisigConfig: {
    request: { readonly walletId: string; readonly network: Network; readonly source: MultisigSource; readonly name: string | null };
    response: { readonly draftId: string; readonly format: WalletConfigFormat; readonly wallet: MultisigWalletInfo } | null;
  };
  /** Saves the read configuration as an authenticated registration (public data; HMAC keyed by the seed); `name` renames it. */
  registerMultisig: { request: { readonly walletId: string; readonly draftId: string; readonly name: string | null }; response: MultisigWalletInfo };
  /** The open wallet's registrations; registrations changed on disk are listed as problems, never used. */
  listMultisig: { request: { readonly walletId: string }; response: { readonly wallets: readonly MultisigWalletInfo[]; readonly problems: readonly MultisigProblem[] } };
  getMultisig: { request: { readonly walletId: string; readonly multisigId: string }; response: MultisigWalletInfo };
  deleteMultisig: { request: { readonly walletId: string; readonly multisigId: string }; response: { readonly deleted: boolean } };
  getMultisigAddresses: {
    request: { readonly walletId: string; readonly multisigId: string; readonly change: boolean; readonly from: number; readonly count: number };
    response: readonly MultisigAddressRow[];
  };
  /** "Is this address ours?": receive and change indices below gapLimit. */
  findMultisigAddress: { request: { readonly walletId: string; readonly multisigId: string; readonly address: string; readonly gapLimit: number }; response: MultisigAddressRow | null };
}

export type Method = keyof Contract;
export type RequestOf<M extends Method> = Contract[M]['request'];
export type ResponseOf<M extends Method> = Contract[M]['response'];

/** Method name -> IPC channel. Adding a method to Contract without a channel here fails to compile. */
export const CHANNELS = {
  getAppInfo: 'app:get-info',
  getAirGapStatus: 'airgap:get-status',
  getAutoLock: 'autolock:get',
  setAutoLock: 'autolock:set',
  noteActivity: 'autolock:activity',
  getWordlist: 'keys:get-wordlist',
  getShareWordlist: 'shamir:get-wordlist',
  previewEntropy: 'keys:preview-entropy',
  createDraft: 'keys:create-draft',
  checkQuiz: 'keys:check-quiz',
  checkWords: 'keys:check-words',
  scanSeedQr: 'keys:scan-seedqr',
  openWallet: 'keys:open-wallet',
  closeWallet: 'keys:close-wallet',
  getAccount: 'accounts:get',
  getAddresses: 'accounts:addresses',
  findAddress: 'accounts:find-address',
  makeQr: 'qr:make',
  saveExport: 'accounts:save-export',
  previewBackup: 'backup:preview',
  printBackup: 'backup:print',
  saveBackupPdf: 'backup:save-pdf',
  verifyBackup: 'backup:verify',
  splitShares: 'shamir:split',
  previewShareCards: 'shamir:preview-cards',
  saveShareCardsPdf: 'shamir:save-cards',
  verifyShare: 'shamir:verify-share',
  addRecoveryShare: 'shamir:add-share',
  finishRecovery: 'shamir:finish-recovery',
  getRecoveryUnlockProgress: 'shamir:unlock-progress',
  cancelRecoveryUnlock: 'shamir:cancel-unlock',
  assessBackupPassphrase: 'backup-file:assess-passphrase',
  saveEncryptedBackup: 'backup-file:save',
  chooseEncryptedBackup: 'backup-file:choose',
  openEncryptedBackup: 'backup-file:open',
  loadPsbt: 'sign:load-psbt',
  signPsbt: 'sign:sign-psbt',
  getSignProgress: 'sign:progress',
  saveSignedPsbt: 'sign:save',
  closePsbt: 'sign:close',
  scanPsbtFrame: 'sign:scan-frame',
  resetPsbtScan: 'sign:scan-reset',
  getSignedFrames: 'sign:signed-frames',
  getEthPairing: 'eth:pairing',
  scanEthRequestFrame: 'eth:scan-frame',
  resetEthScan: 'eth:scan-reset',
  loadEthRequest: 'eth:load',
  signEthRequest: 'eth:sign',
  closeEthRequest: 'eth:close',
  readMultisigConfig: 'multisig:read',
  registerMultisig: 'multisig:register',
  listMultisig: 'multisig:list',
  getMultisig: 'multisig:get',
  deleteMultisig: 'multisig:delete',
  getMultisigAddresses: 'multisig:addresses',
  findMultisigAddress: 'multisig:find-address',
} as const satisfies { readonly [M in Method]: `${string}:${string}` };

export type Channel = (typeof CHANNELS)[Method];

/** The name of the object the preload puts on `window`. */
export const BRIDGE_NAME = 'permafrost';

/** What the renderer sees as window.permafrost: one async method per contract entry. */
export type Bridge = {
  readonly [M in Method]: RequestOf<M> extends Void
    ? () => Promise<Result<ResponseOf<M>>>
    : (request: RequestOf<M>) => Promise<Result<ResponseOf<M>>>;
};

/**
 * Payloads are JSON values and Uint8Array only. IsIpcValue<T> is true when T is built from those alone (no
 * functions, Map, Set, Date or class instances with methods), checked for every request and response below.
 */
type IsIpcValue<T> = T extends null | undefined | boolean | number | string | Uint8Array
  ? true
  : T extends readonly (infer E)[]
    ? IsIpcValue<E>
    : T extends (...args: never[]) => unknown
      ? false
      : T extends object
        ? false extends { [K in keyof T]-?: IsIpcValue<T[K]> }[keyof T]
          ? false
          : true
        : false;
type Expect<T extends true> = T;
type AllPayloads = { [M in Method]: RequestOf<M> | ResponseOf<M> }[Method];
export type _PayloadsAreIpcValues = Expect<false extends IsIpcValue<AllPayloads> ? false : true>;
