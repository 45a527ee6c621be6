/**
 * permafrost wallet register|list|show|delete (issue 11): multisig wallets this seed cosigns, registered as
 * authenticated files (public data; an HMAC keyed by the seed: core/wallets/registration.ts) in
 * $PERMAFROST_HOME/multisig, else $XDG_CONFIG_HOME/permafrost/multisig (~/.config/permafrost/multisig; on Windows
 * %APPDATA%\permafrost\multisig). The words (and passphrase) on standard input prove our key is in the wallet and
 * open the registrations; a registration changed on disk is refused as tampered.
 */
import {
  checkOurKeys,
  isNetwork,
  isWalletError,
  MAX_CONFIG_CHARS,
  multisigAddress,
  multisigDescriptors,
  NETWORKS,
  openRegistration,
  openWallet,
  parseWalletConfig,
  peekRegistration,
  registrationId,
  requireOurKey,
  sealRegistration,
  WalletError,
  type MultisigWallet,
  type Network,
  type OpenedWallet,
} from '../core';
import { idOfFile, type MultisigStore } from '../node/multisig-store';
import { parseFlags } from './args';
import { EXIT, readInput, UsageError, type CliIo } from './io';
import { readSecretLines } from './secrets';

const json = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

export function storeOf(io: CliIo): MultisigStore {
  if (!io.registrations) throw new WalletError('UNSUPPORTED', 'No folder for multisig registrations is available here.');
  return io.registrations;
}

/** The registration JSON the CLI prints (register, show). */
export function walletJson(w: MultisigWallet, opened: Pick<OpenedWallet, 'master' | 'fingerprint'>) {
  const { ours } = checkOurKeys(w, opened.master, opened.fingerprint);
  return {
    name: w.name,
    m: w.m,
    n: w.n,
    scriptType: w.scriptType,
    cosigners: w.cosigners.map((c, i) => ({ fingerprint: c.fingerprint, path: c.path, xpub: c.xpub, ours: ours.includes(i) })),
    firstAddress: multisigAddress(w, false, 0).address,
    descriptor: multisigDescriptors(w).multipath,
    network: w.network,
    id: registrationId(w),
  };
}

interface Opened {
  readonly wallet: MultisigWallet;
  readonly id: string;
}

/** Every registration of this seed that opens; the others (changed on disk) as problems. */
async function openAll(io: CliIo, opened: OpenedWallet): Promise<{ wallets: Opened[]; problems: Array<{ id: string; name: string | null; message: string }> }> {
  const wallets: Opened[] = [];
  const problems: Array<{ id: string; name: string | null; message: string }> = [];
  for (const f of await storeOf(io).list(opened.fingerprint)) {
    const id = idOfFile(f.file) ?? f.file;
    try {
      const w = openRegistration(f.bytes, opened.master);
      if (registrationId(w) !== id) throw new WalletError('TAMPERED', 'This multisig registration’s file was renamed or swapped with another: it is not used.');
      wallets.push({ wallet: w, id });
    } catch (e) {
      if (!isWalletError(e)) throw e;
      if (e.code === 'NO_SUCH_WALLET') continue;
      problems.push({ id, name: peekRegistration(f.bytes)?.name ?? null, message: e.message });
    }
  }
  return { wallets, problems };
}

/** The registered wallet called `name` (case-insensitive) or with that id; a tampered one is refused. */
export async function registeredWallet(io: CliIo, opened: OpenedWallet, name: string): Promise<MultisigWallet> {
  const { wallets, problems } = await openAll(io, opened);
  const wanted = name.trim().toLowerCase();
  const found = wallets.filter((w) => w.wallet.name.toLowerCase() === wanted || w.id === wanted);
  if (found.length === 1) return (found[0] as Opened).wallet;
  if (found.length > 1) throw new UsageError(`several registered wallets are called "${name}": use the id (${found.map((f) => f.id).join(', ')})`);
  const bad = problems.find((p) => (p.name ?? '').toLowerCase() === wanted || p.id === wanted);
  if (bad) throw new WalletError('TAMPERED', bad.message);
  throw new WalletError('NO_SUCH_WALLET', `No multisig wallet "${name}" is registered for wallet ${opened.fingerprint}${wallets.length ? ` (registered: ${wallets.map((w) => w.wallet.name).join(', ')})` : ''}. Register it with: permafrost wallet register FILE`);
}

function networkFlag(value: string | undefined): Network | undefined {
  if (value === undefined) return undefined;
  if (!isNetwork(value)) throw new UsageError(`--network must be one of ${NETWORKS.join(', ')}`);
  return value;
}

async function openFromStdin(io: CliIo, passphrase: boolean): Promise<OpenedWallet> {
  const { words, passphrase: p } = await readSecretLines(io, passphrase);
  return openWallet(words, p);
}

function printWallet(io: CliIo, j: ReturnType<typeof walletJson>): void {
  const out = (t: string) => io.stdout(`${t}\n`);
  out(`${j.name}: ${j.m} of ${j.n}, ${j.scriptType} on ${j.network} (id ${j.id})`);
  for (const c of j.cosigners) out(`  ${c.fingerprint}  ${c.path}  ${c.xpub}${c.ours ? '  ← ours (derived from these words)' : ''}`);
  out(`First receive address: ${j.firstAddress}  (compare it with the coordinator's)`);
  out(`Descriptor: ${j.descriptor}`);
}

export async function walletCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'register': {
      const { flags, positionals } = parseFlags(rest, { name: 'string', network: 'string', passphrase: 'boolean', json: 'boolean' });
      if (positionals.length !== 1) throw new UsageError('wallet register takes one file: permafrost wallet register FILE [--name N] (the words on standard input)');
      if (flags.name !== undefined && flags.name.length > 40) throw new UsageError('--name: at most 40 characters');
      const bytes = await readInput(io, positionals[0] as string, MAX_CONFIG_CHARS);
      if (bytes.length > MAX_CONFIG_CHARS) throw new WalletError('INVALID_ARGUMENT', `${positionals[0]} is larger than a wallet configuration (${MAX_CONFIG_CHARS.toLocaleString('en-US')} bytes at most).`);
      const network = networkFlag(flags.network);
      const parsed = parseWalletConfig(new TextDecoder().decode(bytes), { ...(network ? { network } : {}), ...(flags.name ? { name: flags.name } : {}) });
      const opened = await openFromStdin(io, flags.passphrase === true);
      try {
        requireOurKey(parsed.wallet, opened.master, opened.fingerprint);
        const id = registrationId(parsed.wallet);
        const { wallets } = await openAll(io, opened);
        const clash = wallets.find((w) => w.id !== id && w.wallet.name.toLowerCase() === parsed.wallet.name.toLowerCase());
        if (clash) throw new UsageError(`a different wallet is already registered as "${parsed.wallet.name}": choose another --name`);
        await storeOf(io).write(opened.fingerprint, id, sealRegistration(parsed.wallet, opened.master));
        const j = walletJson(parsed.wallet, opened);
        if (flags.json) json(io, { ...j, format: parsed.format });
        else {
          io.stdout(`Registered (${parsed.format}):\n`);
          printWallet(io, j);
        }
        return EXIT.ok;
      } finally {
        opened.master.wipePrivateData();
      }
    }
    case 'list': {
      const { flags, positionals } = parseFlags(rest, { passphrase: 'boolean', json: 'boolean' });
      if (positionals.length) throw new UsageError('wallet list takes no arguments (the words go on standard input)');
      const opened = await openFromStdin(io, flags.passphrase === true);
      try {
        const { wallets, problems } = await openAll(io, opened);
        if (flags.json) {
          json(io, {
            wallets: wallets.map(({ wallet: w, id }) => ({ id, name: w.name, m: w.m, n: w.n, scriptType: w.scriptType, network: w.network, firstAddress: multisigAddress(w, false, 0).address })),
            problems,
          });
        } else {
          if (wallets.length === 0) io.stdout(`No multisig wallet is registered for wallet ${opened.fingerprint}.\n`);
          for (const { wallet: w, id } of wallets) io.stdout(`${w.name}  ${w.m} of ${w.n}  ${w.scriptType}  ${w.network}  (id ${id})\n`);
          for (const p of problems) io.stderr(`Not used: ${p.name ?? p.id}: ${p.message}\n`);
        }
        return problems.length ? EXIT.failed : EXIT.ok;
      } finally {
        opened.master.wipePrivateData();
      }
    }
    case 'show':
    case 'delete': {
      const { flags, positionals } = parseFlags(rest, { passphrase: 'boolean', json: 'boolean' });
      if (positionals.length !== 1) throw new UsageError(`wallet ${action} takes one wallet name (or id)`);
      const name = positionals[0] as string;
      const opened = await openFromStdin(io, flags.passphrase === true);
      try {
        if (action === 'show') {
          const j = walletJson(await registeredWallet(io, opened, name), opened);
          if (flags.json) json(io, j);
          else printWallet(io, j);
          return EXIT.ok;
        }
        // A tampered registration can be deleted too: find it by its name (unauthenticated) or id.
        const files = await storeOf(io).list(opened.fingerprint);
        const wanted = name.trim().toLowerCase();
        const ids = files.filter((f) => idOfFile(f.file) === wanted || (peekRegistration(f.bytes)?.name ?? '').toLowerCase() === wanted).map((f) => idOfFile(f.file) as string);
        if (ids.length === 0) throw new WalletError('NO_SUCH_WALLET', `No multisig wallet "${name}" is registered for wallet ${opened.fingerprint}.`);
        if (ids.length > 1) throw new UsageError(`several registered wallets are called "${name}": use the id (${ids.join(', ')})`);
        const deleted = await storeOf(io).remove(opened.fingerprint, ids[0] as string);
        if (flags.json) json(io, { deleted, id: ids[0] });
        else io.stdout(deleted ? `Deleted ${name}.\n` : `${name} was already gone.\n`);
        return EXIT.ok;
      } finally {
        opened.master.wipePrivateData();
      }
    }
    default:
      throw new UsageError('use "wallet register FILE", "wallet list", "wallet show NAME" or "wallet delete NAME"');
  }
}
