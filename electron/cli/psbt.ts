/**
 * permafrost review | sign (issue 9): what a PSBT does, proven where it can be, and our signatures on the inputs
 * that derive from the words. Words (and the BIP39 passphrase) on standard input only; amounts in satoshis.
 *
 * sign --finalize on a PSBT that is not complete (someone else still signs): the signed PSBT is written all the
 * same (our signatures are the point; the coordinator combines them), the command says what is missing and exits 1,
 * and no txHex is given.
 */
import { WalletError } from '../core/errors';
import { isNetwork, NETWORKS, type Network } from '../core/keys/networks';
import { openWallet, type OpenedWallet } from '../core/keys/wallet';
import { MAX_PSBT_BYTES, parsePsbt, serializePsbt, type ParsedPsbt } from '../core/psbt/parse';
import { PSBT_WARNING_CODES, reviewPsbt, type PsbtReview, type PsbtWarning, type PsbtWarningCode } from '../core/psbt/review';
import { SIGHASH_ALL, SIGHASH_DEFAULT } from '../core/psbt/sighash';
import { finalizeTransaction, signPsbt } from '../core/psbt/sign';
import { acceptFlag, parseFlags } from './args';
import { EXIT, readInput, UsageError, writeOutput, type CliIo } from './io';
import { readSecretLines, readSecrets } from './secrets';
import { MAX_STREAM_BYTES, numberLines, qrPartLines, readStreamOrThrow, type NumberedLine } from './stream';
import { registeredWallet } from './wallet';
import type { MultisigWallet } from '../core';

/** The accounts that may sign (single-signature standard paths). */
export const SIGN_ACCOUNTS = ['bip44', 'bip49', 'bip84', 'bip86'] as const;
type SignAccount = (typeof SIGN_ACCOUNTS)[number];

/** Base64 or hex text of a PSBT of MAX_PSBT_BYTES is longer than the PSBT: parsePsbt takes text up to twice that. */
const MAX_FILE_BYTES = 2 * MAX_PSBT_BYTES;

const json = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);
const sats = (n: number) => `${n.toLocaleString('en-US')} sats`;
const btc = (n: number) => `${(n / 1e8).toFixed(8)} BTC`;
const amount = (n: number | null) => (n === null ? 'unknown amount' : `${btc(n)} (${sats(n)})`);

function networkFlag(value: string | undefined): Network | undefined {
  if (value === undefined) return undefined;
  if (!isNetwork(value)) throw new UsageError(`--network must be one of ${NETWORKS.join(', ')}`);
  return value;
}

function oneFile(command: string, positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command} takes one PSBT file: permafrost ${command} FILE${command === 'sign' ? ' --out SIGNED.psbt' : ''}`);
  return positionals[0] as string;
}

/**
 * The PSBT file: binary, or base64/hex text, or a text of UR/BBQr parts one per line (read as `review -` reads
 * them, lines skipped said on stderr); refused before it is decoded when it is too large.
 */
async function readPsbt(io: CliIo, file: string): Promise<ParsedPsbt> {
  const bytes = await readInput(io, file, MAX_FILE_BYTES);
  if (bytes.length > MAX_FILE_BYTES) {
    throw new WalletError('BAD_PSBT', `${file} is larger than ${MAX_FILE_BYTES.toLocaleString('en-US')} bytes: no PSBT Permafrost reads is that large (at most ${MAX_PSBT_BYTES.toLocaleString('en-US')} bytes binary).`);
  }
  const parts = qrPartLines(bytes);
  return parts === null ? parsePsbt(bytes) : psbtFromLines(io, numberLines(parts), file);
}

/** FILE `-`: the PSBT comes on standard input as QR parts, one per line, after the secret lines. */
const FROM_STDIN = '-';

/** A line that is a transaction QR part (never a line of recovery words or rolls). */
const looksLikeQrPart = (line: string | undefined) => {
  const t = (line ?? '').trim();
  return /^ur:/i.test(t) || t.startsWith('B$') || t.startsWith('cHNidP8') || /^70736274ff/i.test(t);
};

/** Standard input of `review -` / `sign -`: everything at once (the parts follow the secrets), within its limit. */
async function readStdinWithStream(io: CliIo): Promise<string[]> {
  return (await io.readStdin(undefined, { maxBytes: MAX_STREAM_BYTES })).split(/\r?\n/);
}

/**
 * The PSBT in the lines after the `skip` secret lines: UR (v1/v2), BBQr, or base64/hex in one line, read through
 * TransactionScan (other lines reported on stderr, by their line number on standard input, and skipped).
 */
function psbtFromStream(io: CliIo, lines: readonly string[], skip: number): ParsedPsbt {
  return psbtFromLines(io, numberLines(lines.slice(skip), skip + 1), 'standard input');
}

/** The PSBT in numbered QR lines (standard input or a text file of parts): a finished transaction is refused. */
function psbtFromLines(io: CliIo, lines: readonly NumberedLine[], where: string): ParsedPsbt {
  const stdin = where === 'standard input';
  const { result } = readStreamOrThrow('any', lines, io.stderr, stdin ? {} : { where: `${where} (one part per line)` });
  if (result.kind !== 'psbt') throw new WalletError('BAD_PSBT', `${stdin ? 'Standard input' : where} holds a finished transaction (raw hex), not a PSBT to review or sign: broadcast it from your online wallet.`);
  return parsePsbt(result.bytes);
}

/* ---------- review ---------- */

function reviewJson(r: PsbtReview) {
  return {
    network: r.network,
    inputs: r.inputs.map((i) => ({
      txid: i.txid,
      vout: i.vout,
      value: i.value,
      scriptType: i.scriptType,
      ours: i.ours !== null,
      path: i.ours?.path ?? null,
      ...(i.ours?.multisig ? { signatures: i.ours.multisig.signatures, required: i.ours.multisig.m } : {}),
    })),
    outputs: r.outputs.map((o) => ({ address: o.address, value: o.value, kind: o.kind, path: o.path, ...(o.opReturnText !== undefined ? { opReturnText: o.opReturnText } : {}) })),
    fee: r.fee,
    feeRate: r.feeRate,
    vsize: r.vsize,
    locktime: r.locktime.value,
    rbf: r.rbf.replaceable,
    warnings: r.warnings.map(warningJson),
    ...(r.multisig ? { wallet: r.multisig } : {}),
  };
}

function warningJson(w: PsbtWarning) {
  return { code: w.code, message: w.message, needsAck: w.needsAck, ...(w.input !== undefined ? { input: w.input } : {}), ...(w.output !== undefined ? { output: w.output } : {}) };
}

function printReview(io: CliIo, r: PsbtReview, wallet: OpenedWallet | null): void {
  const out = (t: string) => io.stdout(`${t}\n`);
  out(`PSBT on ${r.network}: ${r.inputs.length} input${r.inputs.length === 1 ? '' : 's'}, ${r.outputs.length} output${r.outputs.length === 1 ? '' : 's'}.`);
  out(wallet ? `Checked against wallet ${wallet.fingerprint}: "ours" and change are proven by derivation.` : 'No recovery words given: no input is shown as ours and no output as change (nothing is proven).');
  if (r.multisig) out(`Multisig wallet "${r.multisig.name}" (${r.multisig.m} of ${r.multisig.n}, ${r.multisig.scriptType}): its inputs and change are proven from its registered keys.`);
  out('');
  out(`Inputs${r.totalIn !== null ? ` (total ${amount(r.totalIn)})` : ''}:`);
  for (const i of r.inputs) {
    const sigs = i.ours?.multisig ? `  ${i.ours.multisig.signatures} of ${i.ours.multisig.m} signatures` : '';
    out(`  #${i.index}  ${i.txid}:${i.vout}  ${amount(i.value)}  ${i.scriptType}  ${i.ours ? `ours ${i.ours.path}` : 'not ours'}${sigs}`);
  }
  out(`Outputs (total ${amount(r.totalOut)}):`);
  for (const o of r.outputs) {
    const what = o.kind === 'payment' ? 'payment' : `${o.kind} ${o.path ?? ''}`.trim();
    const where = o.address ?? (o.opReturnText !== undefined ? `OP_RETURN "${o.opReturnText}"` : `script ${o.script}`);
    out(`  #${o.index}  ${where}  ${amount(o.value)}  ${what}`);
  }
  out('');
  out(`Sent away: ${amount(r.sentOut)}`);
  const size = `${r.vsize.toLocaleString('en-US')} vB${r.vsizeExact ? '' : ' once signed (estimated)'}`;
  out(r.fee === null ? `Fee: unknown (an input's amount is missing); size ${size}` : `Fee: ${amount(r.fee)}, ${r.feeRate ?? '?'} sat/vB for ${size}`);
  out(`Locktime: ${r.locktime.words}`);
  out(`RBF: ${r.rbf.words}`);
  if (r.warnings.length === 0) out('Warnings: none.');
  else {
    out(`Warnings (${r.warnings.length}):`);
    for (const w of r.warnings) out(`  ${w.code}${w.needsAck ? ' (to sign, add --accept ' + w.code + ')' : ''}: ${w.message}`);
  }
}

export async function reviewCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { network: 'string', passphrase: 'boolean', json: 'boolean', wallet: 'string' });
  const file = oneFile('review', positionals);
  const network = networkFlag(flags.network);
  let psbt: ParsedPsbt;
  let lines: string[];
  if (file === FROM_STDIN) {
    // The words are optional: a first line that is already a QR part means none (words never look like one).
    const all = await readStdinWithStream(io);
    const secretLines = looksLikeQrPart(all[0]) ? 0 : flags.passphrase ? 2 : 1;
    lines = all.slice(0, secretLines);
    psbt = psbtFromStream(io, all, secretLines);
  } else {
    psbt = await readPsbt(io, file);
    // Words are optional here: an empty first line (or no standard input) reviews without a wallet.
    lines = await readSecrets(io, [{ label: 'Recovery words (Enter alone: review without them)' }, ...(flags.passphrase ? [{ label: 'BIP39 passphrase' }] : [])]);
  }
  const words = (lines[0] ?? '').trim();
  if (!words) {
    if (flags.passphrase) throw new UsageError('--passphrase: put the recovery words on line 1 of standard input and the passphrase on line 2');
    // Without a wallet the core reads the network from the PSBT's own derivation paths; a --network here would
    // not change the addresses shown, so it is refused rather than silently ignored.
    if (network) throw new UsageError('--network applies to the wallet: give the recovery words on standard input (without them the network is read from the PSBT)');
  } else if (flags.passphrase && lines[1] === undefined) {
    throw new UsageError('--passphrase: put the passphrase on the second line of standard input');
  }
  if (!words && flags.wallet) throw new UsageError('--wallet: put the recovery words on line 1 of standard input (they open the registered wallet)');
  const wallet = words ? await openWallet(words, flags.passphrase ? (lines[1] as string) : '') : null;
  try {
    const multisig = wallet && flags.wallet ? await registeredWallet(io, wallet, flags.wallet) : null;
    const reviewNetwork = network ?? multisig?.network ?? 'mainnet';
    if (multisig && multisig.network !== reviewNetwork) throw new UsageError(`--network ${reviewNetwork}: the wallet "${multisig.name}" is on ${multisig.network}`);
    const review = reviewPsbt(psbt, wallet ? { master: wallet.master, fingerprint: wallet.fingerprint, network: reviewNetwork, ...(multisig ? { multisig } : {}) } : null);
    if (flags.json) json(io, reviewJson(review));
    else printReview(io, review, wallet);
    return EXIT.ok;
  } finally {
    wallet?.master.wipePrivateData();
  }
}

/* ---------- sign ---------- */

function accountFlag(value: string | undefined): SignAccount | null {
  if (value === undefined) return null;
  if (!(SIGN_ACCOUNTS as readonly string[]).includes(value)) throw new UsageError(`--account must be one of ${SIGN_ACCOUNTS.join(', ')}`);
  return value as SignAccount;
}

const list = (xs: readonly number[]) => (xs.length > 8 ? `${xs.slice(0, 8).join(', ')} and ${xs.length - 8} more` : xs.join(', '));

/** What must hold before anything is signed: something ours, in the allowed account, every needed yes given. */
function checkBeforeSigning(review: PsbtReview, wallet: OpenedWallet, network: Network, account: SignAccount | null, accepted: ReadonlySet<PsbtWarningCode>): void {
  const ours = review.inputs.filter((i) => i.ours !== null);
  if (ours.length === 0) {
    throw new WalletError(
      'INVALID_ARGUMENT',
      `Nothing in this PSBT is ours to sign: none of its ${review.inputs.length} input${review.inputs.length === 1 ? '' : 's'} derives from wallet ${wallet.fingerprint} on ${network}. Check the words, the passphrase (--passphrase) and --network.`,
    );
  }
  if (account) {
    const outside = ours.filter((i) => i.ours?.account.kind !== account);
    if (outside.length === ours.length) {
      throw new WalletError('INVALID_ARGUMENT', `No input of this PSBT is ours in ${account} (ours: ${[...new Set(ours.map((i) => i.ours?.account.kind))].join(', ')}): nothing to sign with --account ${account}.`);
    }
    if (outside.length) {
      const first = outside[0]?.ours?.path ?? '';
      throw new WalletError(
        'INVALID_ARGUMENT',
        `Input${outside.length > 1 ? 's' : ''} ${list(outside.map((i) => i.index))} ${outside.length > 1 ? 'are' : 'is'} ours but not in ${account} (e.g. ${first}); --account ${account} does not let ${outside.length > 1 ? 'them' : 'it'} be signed. Sign without --account, or with the account they belong to.`,
      );
    }
  }
  const pending = review.warnings.filter((w) => w.needsAck && !accepted.has(w.code));
  if (pending.length) {
    const codes = [...new Set(pending.map((w) => w.code))];
    throw new WalletError(
      'INVALID_ARGUMENT',
      `Not signed: ${pending.length === 1 ? 'this warning needs' : 'these warnings need'} your explicit yes. ${pending.map((w) => `${w.code}: ${w.message}`).join(' ')} If you accept, run again with --accept ${codes.join(',')}.`,
    );
  }
}

/** The sighash types the holder accepted: ALL/DEFAULT, and those the inputs ask for once SIGHASH_NOT_ALL is accepted. */
function acceptedSighash(review: PsbtReview, accepted: ReadonlySet<PsbtWarningCode>): number[] {
  const types = new Set<number>([SIGHASH_ALL, SIGHASH_DEFAULT]);
  if (accepted.has('SIGHASH_NOT_ALL')) for (const i of review.inputs) if (i.sighash !== null) types.add(i.sighash);
  return [...types];
}

/** Refuses early (before the words are asked for) when --out exists and --force is not given. */
async function refuseExisting(io: CliIo, file: string, force: boolean): Promise<void> {
  if (force) return;
  const exists = await io.readFile(file, { maxBytes: 0 }).then(
    () => true,
    () => false,
  );
  if (exists) throw new WalletError('SAVE_FAILED', `${file} already exists: choose another name, or add --force to replace it.`);
}

/** `sign -`: the words (and passphrase) first, then the PSBT's QR parts, all on standard input. */
async function signInputFromStdin(io: CliIo, wantPassphrase: boolean): Promise<{ psbt: ParsedPsbt; words: string; passphrase: string }> {
  const lines = await readStdinWithStream(io);
  const words = (lines[0] ?? '').trim();
  if (!words || looksLikeQrPart(words)) throw new UsageError('sign -: put the recovery words on the first line of standard input, then the PSBT (its QR parts, one per line)');
  if (wantPassphrase && lines[1] === undefined) throw new UsageError('--passphrase: put the passphrase on the second line of standard input');
  const skip = wantPassphrase ? 2 : 1;
  return { psbt: psbtFromStream(io, lines, skip), words, passphrase: wantPassphrase ? (lines[1] as string) : '' };
}

export async function signCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, {
    out: 'string',
    account: 'string',
    network: 'string',
    passphrase: 'boolean',
    finalize: 'boolean',
    accept: 'string',
    force: 'boolean',
    json: 'boolean',
    wallet: 'string',
  });
  const file = oneFile('sign', positionals);
  if (!flags.out) throw new UsageError('--out SIGNED.psbt is required (the signed PSBT is written there)');
  const networkGiven = networkFlag(flags.network);
  const account = accountFlag(flags.account);
  if (account && flags.wallet) throw new UsageError('--account and --wallet: give one (--account is for single-signature accounts)');
  const accepted = acceptFlag(flags.accept, PSBT_WARNING_CODES);
  const force = flags.force === true;
  await refuseExisting(io, flags.out, force);
  const { psbt, words, passphrase } = file === FROM_STDIN ? await signInputFromStdin(io, flags.passphrase === true) : { psbt: await readPsbt(io, file), ...(await readSecretLines(io, flags.passphrase === true)) };
  const wallet = await openWallet(words, passphrase);
  try {
    const multisig: MultisigWallet | null = flags.wallet ? await registeredWallet(io, wallet, flags.wallet) : null;
    const network = networkGiven ?? multisig?.network ?? 'mainnet';
    if (multisig && multisig.network !== network) throw new UsageError(`--network ${network}: the wallet "${multisig.name}" is on ${multisig.network}`);
    const review = reviewPsbt(psbt, { master: wallet.master, fingerprint: wallet.fingerprint, network, ...(multisig ? { multisig } : {}) });
    checkBeforeSigning(review, wallet, network, account, accepted);
    // Exactly what the review proved ours, at the proven paths: nothing else is signed.
    const proven = new Map(review.inputs.flatMap((i) => (i.ours ? [[i.index, i.ours.path] as const] : [])));
    const outcome = signPsbt(psbt, wallet.master, { network, acceptSighash: acceptedSighash(review, accepted), proven, ...(multisig ? { multisig } : {}) });
    wallet.master.wipePrivateData();
    await writeOutput(io, flags.out, serializePsbt(outcome.psbt), force);
    const tx = flags.finalize && outcome.complete ? finalizeTransaction(outcome.psbt) : null;
    const result = {
      signedInputs: outcome.signedInputs,
      totalInputs: outcome.totalInputs,
      complete: outcome.complete,
      ...(outcome.multisig ? { multisig: outcome.multisig } : {}),
      ...(tx ? { txHex: tx.hex } : {}),
    };
    const unfinished = flags.finalize === true && !outcome.complete;
    if (flags.json) json(io, tx ? { ...result, txid: tx.txid } : result);
    else {
      for (const w of review.warnings) io.stderr(`Warning ${w.code}${w.needsAck ? ' (accepted)' : ''}: ${w.message}\n`);
      io.stdout(`Signed ${outcome.signedInputs} of ${outcome.totalInputs} inputs; saved ${flags.out}.\n`);
      for (const s of outcome.multisig ?? []) io.stdout(`  input ${s.input}: ${s.signatures} of ${s.required} signatures${s.signatures >= s.required ? ' (complete)' : ''}\n`);
      io.stdout(outcome.complete ? 'Every input is signed: the transaction is complete.\n' : 'Other inputs still need their signatures: hand the file to the coordinator.\n');
      if (tx) io.stdout(`Transaction ${tx.txid} (${tx.vsize} vB):\n${tx.hex}\n`);
    }
    if (unfinished) {
      throw new WalletError(
        'INVALID_ARGUMENT',
        `--finalize: the transaction is not complete (${outcome.signedInputs} of ${outcome.totalInputs} inputs signed here; the others still need their signatures), so there is no transaction to broadcast. The signed PSBT was saved to ${flags.out} for the coordinator.`,
      );
    }
    return EXIT.ok;
  } finally {
    wallet.master.wipePrivateData();
  }
}
