import type { OpenedWalletInfo } from '../../electron/ipc';

/** The open wallet as the renderer knows it: an opaque id and what may be shown (never a key). */
export type WalletView = OpenedWalletInfo;
