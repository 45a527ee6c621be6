/** permafrost backup: the paper kit as a PDF file. Words (and passphrase) on stdin, as every key command. */
import { buildKit, isNetwork, multisigAddress, multisigDescriptors, NETWORKS, openWallet, renderPdf, SHEETS, type InheritanceText, type Network, type Sheet, type WalletConfigInput } from '../core';
import { parseFlags } from './args';
import { EXIT, UsageError, writeOutput, type CliIo } from './io';
import { intFlag, readSecretLines } from './secrets';
import { registeredWallet } from './wallet';

const RECEIVE_KINDS = ['bip44', 'bip49', 'bip84', 'bip86', 'eth'] as const;

async function readInheritance(io: CliIo, file: string): Promise<InheritanceText> {
  let data: unknown;
  try {
    data = JSON.parse(await io.readTextFile(file));
  } catch (e) {
    throw new UsageError(`--inheritance-file: ${(e as { code?: string }).code === 'ENOENT' ? 'no such file' : 'not valid JSON'} (${file})`);
  }
  const keys = ['holdings', 'locations', 'contacts', 'notes'] as const;
  if (typeof data !== 'object' || data === null || Object.keys(data).some((k) => !(keys as readonly string[]).includes(k))) {
    throw new UsageError('--inheritance-file: a JSON object with the text fields holdings, locations, contacts, notes');
  }
  const o = data as Record<string, unknown>;
  const text = (k: (typeof keys)[number]) => {
    const v = o[k] ?? '';
    if (typeof v !== 'string' || v.length > 4000) throw new UsageError(`--inheritance-file: "${k}" must be text of at most 4000 characters`);
    return v;
  };
  return { holdings: text('holdings'), locations: text('locations'), contacts: text('contacts'), notes: text('notes') };
}

export async function backupCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, {
    out: 'string',
    paper: 'string',
    sheets: 'string',
    network: 'string',
    'receive-account': 'string',
    'receive-count': 'string',
    'inheritance-file': 'string',
    wallet: 'string',
    passphrase: 'boolean',
    force: 'boolean',
    json: 'boolean',
  });
  if (positionals.length) throw new UsageError('backup takes no arguments (the words go on standard input)');
  if (!flags.out) throw new UsageError('--out FILE.pdf is required');
  const paper = flags.paper ?? 'a4';
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError('--paper must be a4 or letter');
  const sheets = (flags.sheets ?? SHEETS.join(',')).split(',').map((s) => s.trim());
  const unknown = sheets.filter((s) => !(SHEETS as readonly string[]).includes(s));
  if (unknown.length || sheets.length === 0) throw new UsageError(`--sheets: ${unknown.join(', ') || 'none given'}; choose from ${SHEETS.join(', ')}`);
  const network: Network = flags.network === undefined ? 'mainnet' : isNetwork(flags.network) ? flags.network : (() => { throw new UsageError(`--network must be one of ${NETWORKS.join(', ')}`); })();
  const kind = flags['receive-account'] ?? 'bip84';
  if (!(RECEIVE_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--receive-account must be one of ${RECEIVE_KINDS.join(', ')}`);
  const count = intFlag('receive-count', flags['receive-count'], 10, 1, 60);
  const inheritance = flags['inheritance-file'] ? await readInheritance(io, flags['inheritance-file']) : null;

  const { words, passphrase } = await readSecretLines(io, flags.passphrase === true);
  const wallet = await openWallet(words, passphrase);
  try {
    // A registered multisig wallet (permafrost wallet register): its configuration sheet, and the letter names its keys.
    let multisig: WalletConfigInput | null = null;
    if (flags.wallet !== undefined) {
      const m = await registeredWallet(io, wallet, flags.wallet);
      multisig = { ...m, descriptor: multisigDescriptors(m).multipath, firstAddress: multisigAddress(m, false, 0).address };
    }
    const kit = buildKit({
      multisig,
      paper,
      sheets: sheets as Sheet[],
      words: wallet.words,
      language: wallet.language,
      hasPassphrase: wallet.hasPassphrase,
      master: wallet.master,
      fingerprint: wallet.fingerprint,
      network,
      receive: { kind: kind as (typeof RECEIVE_KINDS)[number], from: 0, count },
      inheritance,
      date: io.today(),
    });
    const { bytes } = await renderPdf(kit, io.readFonts());
    try {
      await writeOutput(io, flags.out, bytes, flags.force === true);
    } finally {
      bytes.fill(0); // the words and the Compact SeedQR: in the file now, not in memory
    }
    const summary = { out: flags.out, fingerprint: wallet.fingerprint, pages: kit.pages.length, sheets: kit.pages.some((p) => p.sheet === 'wallet-config') ? [...sheets, 'wallet-config'] : sheets, bytes: bytes.length };
    if (flags.json) io.stdout(`${JSON.stringify(summary)}\n`);
    else {
      io.stdout(`Wrote ${flags.out}: ${kit.pages.length} sheets (${sheets.join(', ')}), wallet ${wallet.fingerprint}.\n`);
      if (sheets.includes('seed') || sheets.includes('metal')) io.stderr('This file holds your recovery words: keep it offline, print it on a printer with no network or memory, then delete it.\n');
    }
    return EXIT.ok;
  } finally {
    wallet.master.wipePrivateData();
  }
}
