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
  openWallet,
  parseMnemonic,
  userEntropy,
  LANGUAGES,
  MAX_ADDRESS_COUNT,
  NETWORKS,
  fingerprintHex,
  masterFromSeed,
  mnemonicToSeed,
  type Account,
  type Language,
  type Network,
} from '../core';
import { parseFlags } from './args';
import { EXIT, UsageError, type CliIo } from './io';
import { intFlag, readSecretLines } from './secrets';

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

async function accountFrom(flags: { account?: string | undefined; network?: string | undefined; 'account-index'?: string | undefined; passphrase?: boolean | undefined }, io: CliIo): Promise<Account> {
  if (flags.account === undefined) throw new UsageError(`--account is required (${ACCOUNT_KINDS.join(', ')})`);
  if (!isAccountKind(flags.account)) throw new UsageError(`--account must be one of ${ACCOUNT_KINDS.join(', ')}`);
  const network = networkFlag(flags.network);
  const account = intFlag('account-index', flags['account-index'], 0, 0, 0x7fffffff);
  const { words, passphrase } = await readSecretLines(io, flags.passphrase === true);
  const wallet = await openWallet(words, passphrase);
  const result = deriveAccount(wallet.master, { kind: flags.account, network, account });
  wallet.master.wipePrivateData();
  return result;
}

export async function exportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, ACCOUNT_FLAGS);
  if (positionals.length) throw new UsageError('export takes no arguments (the words go on standard input)');
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
          descriptor: account.descriptors?.multipath,
          descriptors: { receive: account.descriptors?.receive, change: account.descriptors?.change },
          ur,
        };
  if (flags.json) json(io, out);
  else for (const [k, v] of Object.entries(out)) io.stdout(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
  return EXIT.ok;
}

export async function addressesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { ...ACCOUNT_FLAGS, change: 'boolean', from: 'string', count: 'string' });
  if (positionals.length) throw new UsageError('addresses takes no arguments (the words go on standard input)');
  const from = intFlag('from', flags.from, 0, 0, 0x7fffffff);
  const count = intFlag('count', flags.count, 20, 1, MAX_ADDRESS_COUNT);
  const account = await accountFrom(flags, io);
  const list = deriveAddresses(account, { change: flags.change === true, from, count });
  if (flags.json) json(io, list);
  else for (const a of list) io.stdout(`${a.path}  ${a.address}\n`);
  return EXIT.ok;
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
