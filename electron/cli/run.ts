/**
 * The `permafrost` command: the same electron/core as the app, from Node. Human output by default, `--json` for
 * scripts. Secrets (words, passphrases, dice rolls) are read from standard input only.
 */
// Only what every run needs is imported here, from its own module (not the core's index, which would load the
// whole core): each command's module is loaded when that command runs (see COMMANDS).
import { assessAirGap } from '../core/airgap';
import { isWalletError } from '../core/errors';
import { PRODUCT_NAME, VERSION } from '../core/version';
import { parseFlags } from './args';
import { CancelledError, EXIT, UsageError, type CliIo } from './io';

export const HELP = `${PRODUCT_NAME} ${VERSION} — offline cold-wallet tools

Usage: permafrost <command> [options]

Commands:
  airgap            Say whether this computer has a network interface up (exit 1 if it has)
  new               New recovery words: [--words 12|15|18|21|24] [--language L]
                    [--dice | --coins] [--mix]   (rolls or flips on standard input)
  export            Watch-only export of one account: --account bip44|bip49|bip84|bip86|bip48|eth
                    [--network mainnet|testnet|signet|regtest] [--account-index I] [--passphrase]
                    --format F prints one file as is: descriptor | key ([fingerprint/path]xpub; for
                    bip48 the cosigner key) | ur (crypto-account; bip48: wsh(hdkey)) | coldcard-json
                    (Coldcard generic JSON, every account type; no --account needed) | multisig-json
                    (Coldcard's multisig cosigner file: BIP48 P2WSH, P2SH-P2WSH and BIP45 keys)
                    [--script p2wsh|p2sh-p2wsh|p2sh] (bip48 key and ur: the multisig script type)
  addresses         Addresses of one account: --account A [--change] [--from I] [--count N]
                    [--network N] [--account-index I] [--passphrase]
                    or of a registered multisig wallet: --wallet NAME [--change] [--from I] [--count N]
  seedqr            seedqr encode|decode [--compact]: words <-> SeedQR payload (digits; hex if compact)
  backup            The paper backup kit as a PDF: --out FILE.pdf [--paper a4|letter]
                    [--sheets seed,metal,watch,receive,instructions,inheritance]
                    [--inheritance-file F.json] [--receive-account bip84] [--receive-count N]
                    [--network N] [--passphrase] [--force]
                    [--wallet NAME]: adds that registered multisig wallet's configuration sheet
  vault export      The wallet as an age-encrypted file: --out FILE.age [--passphrase]
                    [--include-passphrase] [--force]   (stdin: words, [BIP39 passphrase], file passphrase)
                    Open it years later with the age tool alone: age -d FILE.age
  vault import      Check an encrypted backup and show what it holds (never the words): FILE.age
                    (stdin: the file's passphrase)
  split             SLIP-39 shares: --scheme M-of-N | --groups "2of3,3of5" --group-threshold G
                    [--mode bip39|wallet] [--exponent E] [--secret-hex | --bits 128|256] [--passphrase]
                    bip39 (default): the phrase on stdin; its words come back from any quorum.
                    wallet: a Shamir wallet (master secret = BIP32 seed, as Trezor/Keystone/Sparrow).
  combine           Shares on stdin, one per line (passphrase after a blank line with --passphrase)
                    [--mode bip39|wallet] [--allow-slow]   (iteration exponent above 10: may take minutes)
  review            What a PSBT does: FILE (binary, base64 or hex) [--network N] [--passphrase]
                    Words on stdin are optional: without them nothing is shown as ours; with them
                    our inputs and change are proven by derivation. --json amounts are in satoshis.
                    FILE - : the PSBT's QR parts (UR, BBQr, base64 or hex) on stdin, one per line,
                    after the words (and passphrase); the same for sign -.
  sign              Sign the inputs that are ours: FILE --out SIGNED.psbt [--account bip44|bip49|bip84|bip86]
                    [--network N] [--passphrase] [--finalize] [--accept CODE[,CODE...]] [--force]
                    Reviews first; warnings that change what is signed are refused unless --accept
                    names their codes. --finalize also prints the transaction hex when it is complete
                    (if not, the signed PSBT is still saved and the exit code is 1).
  ur encode         A PSBT (binary, base64 or hex) as UR QR texts, one per line, upper case:
                    --type psbt|crypto-psbt [--fragment-bytes N] FILE   (psbt: UR v2; crypto-psbt: v1)
                    Several parts are a fountain stream: the parts, then as many again.
  ur decode         UR parts on stdin, one per line, any order (repeats and blank lines are fine):
                    the PSBT as base64, or binary with --out FILE [--force]. Other lines are
                    reported on stderr and skipped; exit 1 with the count missing if incomplete.
  bbqr encode       A PSBT (--type P) or a raw transaction, binary or hex (--type T), as BBQr parts:
                    --type P|T [--encoding Z|2|H] [--max-chars N] FILE
  bbqr decode       BBQr parts on stdin, as ur decode: a PSBT as base64, a transaction as hex;
                    binary with --out FILE [--force]
  eth export        MetaMask's QR hardware-wallet pairing (crypto-hdkey of m/44'/60'/0') and the
                    first address [--passphrase]
  eth review        An Ethereum signing request (ur:eth-sign-request, EIP-4527): what it asks
                    [--passphrase]   (stdin: words, [passphrase], a blank line, the UR parts one per line)
  eth sign          Review, then sign it: the eth-signature UR for MetaMask's camera
                    [--passphrase] [--accept CODE[,CODE...]]   (dire warnings need --accept)
  wallet register   A multisig wallet this seed cosigns: FILE (descriptor, BSMS 1.0, Coldcard setup
                    file, or UR crypto-output/output-descriptor text) [--name N] [--network N]
                    [--passphrase]. Refused unless one key derives from the words; saved as an
                    authenticated file (public data, HMAC keyed by the seed) in $PERMAFROST_HOME/multisig,
                    else $XDG_CONFIG_HOME/permafrost/multisig (~/.config/permafrost/multisig).
  wallet list|show NAME|delete NAME   The registered wallets (words on stdin open them; a file
                    changed on disk is refused as tampered). review/sign FILE --wallet NAME: prove
                    inputs and change against it and sign as one cosigner (partial signatures).
  scan              QR codes in PNG/JPEG files (screenshots, photos of a screen): IMAGE...
                    each payload on its own line (text, or hex when binary); exit 1 if one has none.
                    --assemble [--out FILE [--force]]: the images are the frames of one animated
                    code (UR or BBQr, any order): the PSBT as base64 / transaction as hex, or binary.

Standard input: line 1 the recovery words; line 2 the passphrase when --passphrase is given.
At a terminal each secret is asked for with echo off; from a pipe or a heredoc, one per line.

Files: --out never replaces an existing file unless --force is given; files are written readable by
their owner only (mode 600).

Options:
  --json            Machine-readable output (every command)
  --help, -h        Show this help
  --version, -v     Show the version

Secrets (recovery words, passphrases, dice rolls) are read from standard input, never from the command line,
so they do not end up in shell history or the process list.
`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const airgap: Command = async (args, io) => {
  const { flags, positionals } = parseFlags(args, { json: 'boolean' });
  if (positionals.length) throw new UsageError(`airgap takes no arguments (got "${positionals[0]}")`);
  const status = assessAirGap(io.networkInterfaces(), io.platform);
  if (flags.json) {
    io.stdout(`${JSON.stringify(status)}\n`);
  } else if (status.airGapped) {
    io.stdout('Offline: no network interface is up.\n');
  } else {
    io.stdout('Network connected — this computer is not air-gapped:\n');
    for (const i of status.interfaces) io.stdout(`  ${i.name} (${i.kind}): ${i.addresses.join(', ')}\n`);
  }
  return status.airGapped ? EXIT.ok : EXIT.failed;
};

/**
 * A command whose module is loaded when it runs: the bundle starts without evaluating what other commands need
 * (pdfkit and its fonts, zxcvbn's dictionaries, age, the QR codecs). docs/BENCHMARKS.md, "CLI review + sign".
 */
function lazy<M>(load: () => Promise<M>, pick: (m: M) => Command): Command {
  return async (args, io) => pick(await load())(args, io);
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  airgap,
  new: lazy(() => import('./keys'), (m) => m.newCommand),
  export: lazy(() => import('./keys'), (m) => m.exportCommand),
  addresses: lazy(() => import('./keys'), (m) => m.addressesCommand),
  seedqr: lazy(() => import('./keys'), (m) => m.seedqrCommand),
  backup: lazy(() => import('./backup'), (m) => m.backupCommand),
  split: lazy(() => import('./shamir'), (m) => m.splitCommand),
  combine: lazy(() => import('./shamir'), (m) => m.combineCommand),
  vault: lazy(() => import('./vault'), (m) => m.vaultCommand),
  review: lazy(() => import('./psbt'), (m) => m.reviewCommand),
  sign: lazy(() => import('./psbt'), (m) => m.signCommand),
  ur: lazy(() => import('./qr'), (m) => m.urCommand),
  bbqr: lazy(() => import('./qr'), (m) => m.bbqrCommand),
  eth: lazy(() => import('./eth'), (m) => m.ethCommand),
  scan: lazy(() => import('./scan'), (m) => m.scanCommand),
  wallet: lazy(() => import('./wallet'), (m) => m.walletCommand),
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const json = argv.includes('--json');
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      io.stdout(HELP);
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      io.stdout(json ? `${JSON.stringify({ name: PRODUCT_NAME, version: VERSION })}\n` : `${VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS[first];
    if (!command) throw new UsageError(`unknown command "${first}"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    return await command(rest, io);
  } catch (e) {
    if (e instanceof CancelledError) {
      io.stderr(json ? `${JSON.stringify({ error: { code: 'CANCELLED', message: 'cancelled' } })}\n` : 'permafrost: cancelled\n');
      return EXIT.cancelled;
    }
    const usage = e instanceof UsageError;
    const message = usage || isWalletError(e) ? (e as Error).message : 'unexpected failure';
    const code = usage ? 'USAGE' : isWalletError(e) ? e.code : 'INTERNAL';
    if (json) io.stderr(`${JSON.stringify({ error: { code, message } })}\n`);
    else io.stderr(`permafrost: ${message}${usage ? '\nRun "permafrost --help" for usage.' : ''}\n`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}
