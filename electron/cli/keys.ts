/** Key commands: new, export, addresses, seedqr. Words and passphrases come from standard input only. */
import {
  ACCOUNT_KINDS,
  deriveAccount,
  deriveAddresses,
  encodeCompactSeedQr,
  encodeStandardSeedQr,
  entropyBitsFor,
  entropyToMnemonic,
  generateMnemonic,
  decodeSeedQr,
  isAccountKind,
  isLanguage,
  isNetwork,
  isWordCount,
  accountUrString,
  coldcardGenericJson,
  coldcardMultisigJson,
  cosignerKey,
  cosignerUr,
  COSIGNER_SCRIPTS,
  encodeUr,
  isCosignerScript,
  openWallet,
  parseMnemonic,
  userEntropy,
  LANGUAGES,
  MAX_ADDRESS_COUNT,
  MAX_MULTISIG_ADDRESSES,
  multisigAddresses,
  NETWORKS,
  fingerprintHex,
  masterFromSeed,
  mnemonicToSeed,
  type Account,
  type AccountKind,
  type CosignerScript,
  type HDKey,
  type Language,
  type Network,
} from '../core';
import { parseFlags } from './args';
import { EXIT, UsageError, type CliIo } from './io';
import { intFlag, readSecretLines } from './secrets';
import { registeredWallet } from './wallet';

const json = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

function languageFlag(value: string | undefined): Language {
  if (value === undefined) return 'english';
  if (!isLanguage(value)) throw new UsageError(`--language must be one of ${LANGUAGES.join(', ')}`);
  return value;
}

function networkFlag(value: string | undefined): Network {
  if (value === undefined) return 'mainnet';
  if (!isNetwork(value)) throw new UsageError(`--network must be one of ${NETWORKS.join(', ')}`);
  return value;
}

export async function newCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { words: 'string', language: 'string', dice: 'boolean', coins: 'boolean', mix: 'boolean', json: 'boolean' });
  if (positionals.length) throw new UsageError(`new takes no arguments (rolls go on standard input)`);
  const words = intFlag('words', flags.words, 24, 12, 24);
  if (!isWordCount(words)) throw new UsageError('--words must be 12, 15, 18, 21 or 24');
  const language = languageFlag(flags.language);
  if (flags.dice && flags.coins) throw new UsageError('choose --dice or --coins, not both');
  if (flags.mix && !flags.dice && !flags.coins) throw new UsageError('--mix mixes dice or coins with the CSPRNG: add --dice or --coins');

  let mnemonic: string;
  let method: string;
  const extra: Record<string, unknown> = {};
  if (flags.dice || flags.coins) {
    const kind = flags.dice ? 'dice' : 'coins';
    const e = userEntropy(kind, await io.readStdin(), words, { mix: flags.mix === true });
    mnemonic = entropyToMnemonic(e.entropy, language);
    method = `${kind}-${e.method}`;
    extra.bitsCollected = Math.floor(e.bitsCollected);
    extra.warnings = e.bias.warning ? [e.bias.warning] : [];
    if (e.verifyCommand) extra.verifyCommand = e.verifyCommand;
  } else {
    mnemonic = generateMnemonic(words, language).mnemonic;
    method = 'csprng';
  }
  const seed = await mnemonicToSeed(mnemonic);
  const master = masterFromSeed(seed);
  const fingerprint = fingerprintHex(master);
  master.wipePrivateData();
  seed.fill(0);
  if (flags.json) {
    json(io, { mnemonic, fingerprint, entropyBits: entropyBitsFor(words), method, ...extra });
  } else {
    const list = mnemonic.split(/[ \u3000]/);
    io.stdout(`Recovery words (${words}), method ${method}:\n`);
    list.forEach((w, i) => io.stdout(`${String(i + 1).padStart(2)}. ${w}\n`));
    io.stdout(`Fingerprint (no passphrase): ${fingerprint}\n`);
    for (const w of (extra.warnings as string[] | undefined) ?? []) io.stderr(`Warning: ${w}\n`);
    if (extra.verifyCommand) io.stdout(`Check it on another offline computer (bash; type the rolls at its hidden prompt): ${extra.verifyCommand as string}\n`);
  }
  return EXIT.ok;
}

const ACCOUNT_FLAGS = { account: 'string', network: 'string', 'account-index': 'string', passphrase: 'boolean', json: 'boolean' } as const;

type AccountFlags = { account?: string | undefined; network?: string | undefined; 'account-index'?: string | undefined; passphrase?: boolean | undefined };

/** The master key (public data is all that is printed from it), the network and the account number. */
async function masterFrom(flags: AccountFlags, io: CliIo): Promise<{ master: HDKey; network: Network; account: number }> {
  const network = networkFlag(flags.network);
  const account = intFlag('account-index', flags['account-index'], 0, 0, 0x7fffffff);
  const { words, passphrase } = await readSecretLines(io, flags.passphrase === true);
  const wallet = await openWallet(words, passphrase);
  return { master: wallet.master, network, account };
}

function accountKindFlag(value: string | undefined): AccountKind {
  if (value === undefined) throw new UsageError(`--account is required (${ACCOUNT_KINDS.join(', ')})`);
  if (!isAccountKind(value)) throw new UsageError(`--account must be one of ${ACCOUNT_KINDS.join(', ')}`);
  return value;
}

async function accountFrom(flags: AccountFlags, io: CliIo): Promise<Account> {
  const kind = accountKindFlag(flags.account);
  const { master, network, account } = await masterFrom(flags, io);
  const result = deriveAccount(master, { kind, network, account });
  master.wipePrivateData();
  return result;
}

const EXPORT_FORMATS = ['descriptor', 'key', 'ur', 'coldcard-json', 'multisig-json'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];
const isExportFormat = (v: string): v is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(v);

/** The file contents of one export format (what "Save …" writes in the app). */
function exportFile(format: ExportFormat, master: HDKey, network: Network, account: number, kind: AccountKind | undefined, script: CosignerScript): string {
  if (format === 'coldcard-json') return coldcardGenericJson(master, network, account);
  if (format === 'multisig-json') return coldcardMultisigJson(master, network, account);
  if (kind === undefined) throw new UsageError(`--format ${format} needs --account (${ACCOUNT_KINDS.join(', ')})`);
  if (kind === 'bip48') {
    const key = cosignerKey(master, network, script, account);
    if (format === 'key') return `${key.keyExpression}\n`;
    if (format === 'ur') return `${encodeUr(cosignerUr(key))}\n`;
    throw new UsageError('a cosigner key is not a wallet descriptor: use --format key (the key expression coordinators import as a cosigner) or --format multisig-json');
  }
  const acct = deriveAccount(master, { kind, network: kind === 'eth' ? 'mainnet' : network, account });
  if (format === 'ur') return `${accountUrString(acct)}\n`;
  if (kind === 'eth') throw new UsageError(`--format ${format} is for Bitcoin accounts; Ethereum exports --format ur (MetaMask's crypto-hdkey)`);
  if (format === 'key') return `${acct.keyExpression}\n`;
  const d = acct.descriptors as NonNullable<Account['descriptors']>;
  return `${d.multipath}\n${d.receive}\n${d.change}\n`;
}

export async function exportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { ...ACCOUNT_FLAGS, format: 'string', script: 'string' });
  if (positionals.length) throw new UsageError('export takes no arguments (the words go on standard input)');
  if (flags.format !== undefined) {
    if (!isExportFormat(flags.format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    if (flags.json) throw new UsageError('--format prints the file itself: leave out --json');
    const kind = flags.account === undefined ? undefined : accountKindFlag(flags.account);
    if (flags.script !== undefined && !isCosignerScript(flags.script)) throw new UsageError(`--script must be one of ${COSIGNER_SCRIPTS.join(', ')}`);
    if (flags.script !== undefined && kind !== 'bip48') throw new UsageError('--script chooses the multisig script of --account bip48');
    const { master, network, account } = await masterFrom(flags, io);
    try {
      io.stdout(exportFile(flags.format, master, network, account, kind, (flags.script as CosignerScript | undefined) ?? 'p2wsh'));
    } finally {
      master.wipePrivateData();
    }
    return EXIT.ok;
  }
  if (flags.script !== undefined) throw new UsageError('--script goes with --format key or ur (and --account bip48)');
  const account = await accountFrom(flags, io);
  const ur = accountUrString(account);
  const out =
    account.spec.kind === 'eth'
      ? { path: account.path, fingerprint: account.fingerprint, xpub: account.xpub, address: deriveAddresses(account, { count: 1 })[0]?.address, ur }
      : {
          path: account.path,
          fingerprint: account.fingerprint,
          xpub: account.xpub,
          slip132: account.slip132,
          key: account.keyExpression,
          ...(account.descriptors ? { descriptor: account.descriptors.multipath, descriptors: { receive: account.descriptors.receive, change: account.descriptors.change } } : {}),
          ur,
        };
  if (flags.json) json(io, out);
  else for (const [k, v] of Object.entries(out)) io.stdout(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
  return EXIT.ok;
}

export async function addressesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { ...ACCOUNT_FLAGS, change: 'boolean', from: 'string', count: 'string', wallet: 'string' });
  if (positionals.length) throw new UsageError('addresses takes no arguments (the words go on standard input)');
  if (flags.wallet) return multisigAddressesCommand(flags, io);
  const from = intFlag('from', flags.from, 0, 0, 0x7fffffff);
  const count = intFlag('count', flags.count, 20, 1, MAX_ADDRESS_COUNT);
  const account = await accountFrom(flags, io);
  const list = deriveAddresses(account, { change: flags.change === true, from, count });
  if (flags.json) json(io, list);
  else for (const a of list) io.stdout(`${a.path}  ${a.address}\n`);
  return EXIT.ok;
}

/** addresses --wallet NAME: the registered multisig wallet's receive (or change) addresses. */
async function multisigAddressesCommand(flags: { wallet?: string | undefined; account?: string | undefined; 'account-index'?: string | undefined; network?: string | undefined; change?: boolean | undefined; from?: string | undefined; count?: string | undefined; passphrase?: boolean | undefined; json?: boolean | undefined }, io: CliIo): Promise<number> {
  if (flags.account || flags['account-index'] || flags.network) throw new UsageError('--wallet: the registered wallet says its own network and keys (no --account, --account-index or --network)');
  const from = intFlag('from', flags.from, 0, 0, 0x7fffffff);
  const count = intFlag('count', flags.count, 20, 1, MAX_MULTISIG_ADDRESSES);
  const { words, passphrase } = await readSecretLines(io, flags.passphrase === true);
  const opened = await openWallet(words, passphrase);
  try {
    const w = await registeredWallet(io, opened, flags.wallet as string);
    const list = multisigAddresses(w, { change: flags.change === true, from, count });
    if (flags.json) json(io, list);
    else for (const a of list) io.stdout(`${a.path}  ${a.address}\n`);
    return EXIT.ok;
  } finally {
    opened.master.wipePrivateData();
  }
}

export async function seedqrCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { compact: 'boolean', json: 'boolean' });
  const [action, ...rest] = positionals;
  if ((action !== 'encode' && action !== 'decode') || rest.length) throw new UsageError('use "seedqr encode" or "seedqr decode"');
  const input = (await io.readStdin()).trim();
  if (action === 'encode') {
    if (!input) throw new UsageError('put the recovery words on standard input');
    const words = parseMnemonic(input, 'english').mnemonic;
    const payload = flags.compact ? Buffer.from(encodeCompactSeedQr(words)).toString('hex') : encodeStandardSeedQr(words);
    if (flags.json) json(io, { format: flags.compact ? 'compact' : 'standard', payload });
    else io.stdout(`${payload}\n`);
    return EXIT.ok;
  }
  if (!input) throw new UsageError('put the SeedQR payload on standard input (digits; hex with --compact)');
  let decoded: ReturnType<typeof decodeSeedQr>;
  if (flags.compact) {
    if (!/^([0-9a-fA-F]{2})+$/.test(input)) throw new UsageError('--compact: give the payload as hexadecimal');
    decoded = decodeSeedQr({ bytes: Uint8Array.from(Buffer.from(input, 'hex')) });
  } else {
    decoded = decodeSeedQr({ text: input });
  }
  if (flags.json) json(io, decoded);
  else io.stdout(`${decoded.mnemonic}\n`);
  return EXIT.ok;
}
