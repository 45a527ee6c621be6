/**
 * permafrost vault export|import: the wallet as an age-encrypted file (issue 8), which `age -d FILE` alone opens
 * years later. Secrets on standard input: the words, the BIP39 passphrase with --passphrase, then the file's
 * passphrase (import: the file's passphrase only).
 */
import {
  buildVaultDocument,
  decryptVault,
  deriveAccount,
  encryptVault,
  MAX_VAULT_FILE_BYTES,
  openWallet,
  requireStrongPassphrase,
  VAULT_ACCOUNT_SPECS,
  WalletError,
  type VaultDocument,
} from '../core';
import { parseFlags } from './args';
import { EXIT, readInput, UsageError, writeOutput, type CliIo } from './io';
import { readSecretLines, readSecrets } from './secrets';

const FILE_PASSPHRASE = { label: 'Passphrase for the file', confirm: true } as const;

function summary(doc: VaultDocument) {
  return { fingerprint: doc.fingerprint, language: doc.language, passphraseSet: doc.passphraseSet, accounts: doc.accounts };
}

function printAccounts(io: CliIo, doc: VaultDocument): void {
  for (const a of doc.accounts) io.stdout(`  ${a.kind.padEnd(5)} ${a.path.padEnd(15)} ${a.xpub}\n`);
}

async function exportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { out: 'string', passphrase: 'boolean', 'include-passphrase': 'boolean', force: 'boolean', json: 'boolean' });
  if (positionals.length) throw new UsageError('vault export takes no arguments (the words go on standard input)');
  if (!flags.out) throw new UsageError('--out FILE.age is required');
  const include = flags['include-passphrase'] === true;
  if (include && !flags.passphrase) throw new UsageError('--include-passphrase needs --passphrase (it stores the BIP39 passphrase given on line 2)');
  const wantPassphrase = flags.passphrase === true;
  const { words, passphrase, more } = await readSecretLines(io, wantPassphrase, [FILE_PASSPHRASE]);
  const filePassphrase = more[0] ?? '';
  if (!filePassphrase) throw new UsageError(`put the file's passphrase on line ${wantPassphrase ? 3 : 2} of standard input`);
  const wallet = await openWallet(words, passphrase);
  try {
    // Before any slow work; the wallet's own words make a passphrase weak.
    requireStrongPassphrase(filePassphrase, wallet.words);
    if (include) io.stderr('Warning: the file will hold your BIP39 passphrase next to the words. Whoever opens the file has the whole wallet: its passphrase no longer protects it.\n');
    const doc = buildVaultDocument({
      wallet,
      includePassphrase: include ? passphrase : null,
      accounts: VAULT_ACCOUNT_SPECS.map((spec) => deriveAccount(wallet.master, spec)),
      createdAt: io.now(),
    });
    const file = await encryptVault(doc, filePassphrase);
    await writeOutput(io, flags.out, file, flags.force === true);
    // What the drive holds, read back and opened: only then is it "Saved".
    const back = await readInput(io, flags.out, MAX_VAULT_FILE_BYTES);
    const reopened = await decryptVault(back, filePassphrase).catch(() => null);
    if (!reopened || reopened.mnemonic !== doc.mnemonic || reopened.fingerprint !== doc.fingerprint) {
      throw new WalletError('SAVE_FAILED', `${flags.out} was written but does not read back as the same backup: the drive may be failing. Save it again elsewhere.`);
    }
    const result = { out: flags.out, bytes: file.length, ...summary(doc), passphraseIncluded: doc.passphrase !== undefined, createdAt: doc.createdAt };
    if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
    else {
      io.stdout(`Saved ${flags.out} (${file.length} bytes, checked by opening it again): wallet ${doc.fingerprint}, ${doc.accounts.length} accounts.\n`);
      if (doc.passphraseSet && !include) io.stdout('The wallet’s BIP39 passphrase is not in the file: keep it separately.\n');
      io.stdout(`Open it with Permafrost (permafrost vault import ${flags.out}) or with the age tool alone: age -d ${flags.out}\n`);
    }
    return EXIT.ok;
  } finally {
    wallet.master.wipePrivateData();
  }
}

async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { json: 'boolean' });
  if (positionals.length !== 1) throw new UsageError('vault import takes one file: permafrost vault import FILE.age');
  const file = positionals[0] as string;
  const bytes = await readInput(io, file, MAX_VAULT_FILE_BYTES);
  const [filePassphrase = ''] = await readSecrets(io, [{ label: 'Passphrase of the file' }]);
  if (!filePassphrase) throw new UsageError("put the file's passphrase on the first line of standard input");
  const doc = await decryptVault(bytes, filePassphrase);
  // Never the words: this command checks a file and shows what it holds.
  if (flags.json) io.stdout(`${JSON.stringify(summary(doc))}\n`);
  else {
    const passphrase = !doc.passphraseSet ? 'none' : doc.passphrase !== undefined ? 'set, and stored in the file' : 'set, not in the file (keep it separately)';
    io.stdout(`Backup of wallet ${doc.fingerprint} (${doc.language} words, made ${doc.createdAt}); BIP39 passphrase: ${passphrase}.\n`);
    io.stdout(`Accounts (${doc.accounts.length}):\n`);
    printAccounts(io, doc);
  }
  return EXIT.ok;
}

export async function vaultCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'export') return exportCommand(rest, io);
  if (sub === 'import') return importCommand(rest, io);
  throw new UsageError(sub === undefined ? 'vault needs a subcommand: export or import' : `unknown vault subcommand "${sub}" (export or import)`);
}
