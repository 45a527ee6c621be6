/** The home screen's tasks. A task is enabled only once its screen really exists (`route` set). */
export type Route = 'home' | 'computer' | 'create' | 'restore' | 'accounts' | 'paper' | 'backup-file' | 'open-file' | 'split' | 'recover' | 'sign-btc' | 'sign-eth' | 'multisig';

export interface Task {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly route: Exclude<Route, 'home'> | null;
  /** Needs an open wallet. */
  readonly needsWallet?: boolean;
}

export const TASKS: readonly Task[] = [
  { id: 'create', title: 'Create wallet', description: 'New recovery words from this computer’s randomness and/or your dice.', route: 'create' },
  { id: 'restore', title: 'Restore wallet', description: 'Type your recovery words or scan a SeedQR.', route: 'restore' },
  { id: 'accounts', title: 'Accounts', description: 'Watch-only exports and addresses for Sparrow, Electrum, MetaMask…', route: 'accounts', needsWallet: true },
  { id: 'paper', title: 'Paper backup', description: 'Print the backup kit, then prove the paper is right.', route: 'paper', needsWallet: true },
  { id: 'backup-file', title: 'Encrypted backup file', description: 'The words in a passphrase-encrypted file (age) on a USB drive.', route: 'backup-file', needsWallet: true },
  { id: 'open-file', title: 'Open from encrypted file', description: 'Open a wallet from its encrypted backup file, no typing of words.', route: 'open-file' },
  { id: 'split', title: 'Split into shares', description: 'Shamir shares (SLIP-39): any few of them restore the wallet.', route: 'split' },
  { id: 'recover', title: 'Recover from shares', description: 'Combine Shamir shares back into the wallet.', route: 'recover' },
  { id: 'multisig', title: 'Multisig wallets', description: 'Register the multisig wallets this key cosigns: check their keys, addresses and change.', route: 'multisig', needsWallet: true },
  { id: 'sign-btc', title: 'Sign Bitcoin', description: 'Review and sign a transaction (PSBT) from your online wallet.', route: 'sign-btc', needsWallet: true },
  { id: 'sign-eth', title: 'Sign Ethereum', description: 'Pair with MetaMask, then review and sign its requests by QR code.', route: 'sign-eth', needsWallet: true },
  { id: 'computer', title: 'This computer', description: 'Is it offline? What has the app refused to load?', route: 'computer' },
];
