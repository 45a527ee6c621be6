/** What the handlers are given: main-process state and the services that touch the OS (files, dialogs). */
import type { AutoLock } from '../auto-lock';
import type { SettingsStore } from '../settings';
import type { PdfFonts, QrMatrix } from '../../core';
import type { BuildInfo, OpenedWalletInfo, Qr } from '../../ipc';
import type { AirGapMonitor } from '../airgap-monitor';
import type { Handlers } from '../ipc';
import type { RequestBlocker } from '../security';
import type { Vault } from '../vault';
import type { MultisigStore } from '../../node/multisig-store';

/** What a save dialog is for: its title names what the file holds, and a secret file gets the removable-drive rules. */
export interface SaveRequest {
  /** The dialog's title, in words that say what the file holds ("Save the recovery words (PDF)"). */
  readonly title: string;
  /** True when the file lets someone take the funds (words, shares, unencrypted keys). */
  readonly secret: boolean;
}

export interface SaveFileService {
  /**
   * Asks the user where to save (a native dialog, opening on a removable drive); a secret file goes elsewhere
   * only after a second confirmation that names the risk. null when the user cancels at any point.
   */
  readonly chooseSavePath: (defaultName: string, request: SaveRequest) => Promise<string | null>;
  /**
   * Writes a new file beside the target, syncs it, runs `verify` on what it reads back from it, and only then
   * renames it over the target; secret files are 0600.
   */
  readonly writeFile: (
    path: string,
    contents: string | Uint8Array,
    options: { readonly secret: boolean; readonly verify?: (written: Uint8Array) => Promise<void>; /** false: never replace an existing file. */ readonly overwrite?: boolean },
  ) => Promise<void>;
  /** Reads a whole file the user chose: at most maxBytes + 1 bytes (more means too large); regular files only. */
  /** Asks the user for a file to open; null when cancelled. */
  readonly chooseOpenPath: (request: { readonly title: string; readonly extensions: readonly string[] }) => Promise<string | null>;
  readonly readFile: (path: string, maxBytes: number) => Promise<Uint8Array>;
}

export interface HandlerServices {
  readonly airGap: AirGapMonitor;
  readonly requests: Pick<RequestBlocker, 'blocked'>;
  readonly vault: Vault;
  readonly files: SaveFileService;
  /** The bundled fonts for PDFs (assets/fonts), read once at start. */
  readonly fonts: PdfFonts;
  readonly now?: () => Date;
  /** scrypt's log2(N) for backup files: the core's choice (~1 s); the handler tests use a small one. */
  readonly backupFileWorkFactor?: number;
  readonly platform: string;
  readonly electronVersion: string | null;
  readonly packaged: boolean;
  /** Where registered multisig wallets are kept (<userData>/multisig); in memory when absent (tests). */
  readonly multisigStore?: MultisigStore;
  /** Measures the running build (electron/main/build-info.ts); absent in unit tests that do not need it. */
  readonly readBuild?: () => Promise<BuildInfo>;
  /** The auto-lock (electron/main/auto-lock.ts); createHandlers makes one of 10 minutes over the vault when absent. */
  readonly autoLock?: AutoLock;
  /** Where the idle time is kept between runs (<userData>/settings.json); for this run only when absent (tests). */
  readonly settings?: SettingsStore;
}

/** One capability's channels. */
export type HandlerSection<M extends keyof Handlers> = Pick<Handlers, M>;

export const toQr = (text: string, m: QrMatrix): Qr => ({ text, size: m.size, modules: m.modules });

export const walletInfo = (
  walletId: string,
  o: { fingerprint: string; wordCount: number; language: OpenedWalletInfo['language']; hasPassphrase: boolean },
): OpenedWalletInfo => ({ walletId, fingerprint: o.fingerprint, wordCount: o.wordCount, language: o.language, hasPassphrase: o.hasPassphrase });

/** Today as YYYY-MM-DD (printed on cards and kits). */
export const today = (services: Pick<HandlerServices, 'now'>): string => (services.now ?? (() => new Date()))().toISOString().slice(0, 10);
