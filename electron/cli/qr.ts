/**
 * permafrost ur encode|decode and bbqr encode|decode (issue 10): a PSBT (or, for BBQr, a transaction) as the QR
 * texts a coordinator shows or scans, one per line, and back. Encoding is the core's (psbtFrames, encodeBbqr);
 * decoding goes through the same TransactionScan as the camera, so a line of another message is reported on
 * stderr and skipped, never mixed in.
 */
import { base64, hex } from '@scure/base';
import {
  BBQR_ENCODINGS,
  BBQR_HEADER_LENGTH,
  encodeBbqr,
  MAX_BBQR_PART_CHARS,
  MAX_PSBT_BYTES,
  parsePsbt,
  psbtFrames,
  TransactionScan,
  WalletError,
  type BbqrEncoding,
  type ScanResult,
} from '../core';
import { parseFlags } from './args';
import { EXIT, readInput, UsageError, writeOutput, type CliIo } from './io';

/** Base64 or hex text of the largest PSBT is longer than the PSBT itself. */
const MAX_FILE_BYTES = 2 * MAX_PSBT_BYTES;
const UR_TYPES = { psbt: 'ur2', 'crypto-psbt': 'ur1' } as const;
type UrType = keyof typeof UR_TYPES;
const BBQR_TYPES = { P: 'a PSBT', T: 'a transaction' } as const;
type BbqrType = keyof typeof BBQR_TYPES;
const MIN_FRAGMENT = 10;
const MAX_FRAGMENT = 4096;
const MIN_CHARS = BBQR_HEADER_LENGTH + 8;

const json = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

function integerFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

function oneFile(command: string, positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command} encode takes one file: permafrost ${command} encode --type ... FILE`);
  return positionals[0] as string;
}

async function readLimited(io: CliIo, file: string): Promise<Uint8Array> {
  const bytes = await readInput(io, file, MAX_FILE_BYTES);
  if (bytes.length > MAX_FILE_BYTES) {
    throw new WalletError('BAD_PSBT', `${file} is larger than ${MAX_FILE_BYTES.toLocaleString('en-US')} bytes: no PSBT or transaction Permafrost reads is that large.`);
  }
  return bytes;
}

const isText = (bytes: Uint8Array) => bytes.length > 0 && bytes.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes).replace(/\s+/g, '');

/** A PSBT file (binary, base64 or hex) as its binary bytes, checked by parsing it. */
async function readPsbtBytes(io: CliIo, file: string): Promise<Uint8Array> {
  const raw = await readLimited(io, file);
  parsePsbt(raw); // says in words what is wrong with a file that is no PSBT
  const magic = raw.length >= 5 && raw[0] === 0x70 && raw[1] === 0x73 && raw[2] === 0x62 && raw[3] === 0x74 && raw[4] === 0xff;
  if (magic || !isText(raw)) return raw;
  const text = textOf(raw);
  return /^[0-9a-f]+$/i.test(text) ? hex.decode(text.toLowerCase()) : base64.decode(text);
}

/** A raw transaction file (binary or hex); checked afterwards by reading the parts back (see selfCheck). */
async function readTransactionBytes(io: CliIo, file: string): Promise<Uint8Array> {
  const raw = await readLimited(io, file);
  if (!isText(raw)) return raw;
  const text = textOf(raw);
  if (!/^([0-9a-f]{2})+$/i.test(text)) throw new WalletError('INVALID_ARGUMENT', `${file} is neither a binary transaction nor its hexadecimal.`);
  return hex.decode(text.toLowerCase());
}

/** What was written must read back through the scanner a receiver uses: else it is not printed. */
function selfCheck(parts: readonly string[], what: string): void {
  const scan = new TransactionScan();
  let why: string | undefined;
  for (const part of parts) {
    const status = scan.add(part);
    if (status.kind === 'invalid' || status.kind === 'foreign') why = status.why;
    if (scan.complete) return;
  }
  throw new WalletError('INVALID_ARGUMENT', `The file is not ${what}${why ? `: ${why}` : ''}.`);
}

function printParts(io: CliIo, asJson: boolean, parts: readonly string[], extra: Record<string, unknown>): number {
  if (asJson) json(io, { ...extra, parts });
  else io.stdout(`${parts.join('\n')}\n`);
  return EXIT.ok;
}

/* ---------- decode (both formats) ---------- */

type Family = 'ur' | 'bbqr';
const belongs = (family: Family, line: string) => (family === 'ur' ? /^ur:/i.test(line) : line.startsWith('B$'));

function missing(family: Family, scan: TransactionScan, received: number, estimated: number): string {
  if (scan.format === null) return `No ${family === 'ur' ? 'UR' : 'BBQr'} part of a transaction was read from standard input (one part per line).`;
  if (family === 'bbqr') return `Incomplete: ${received} of ${estimated} BBQr parts read; ${estimated - received} still missing.`;
  return `Incomplete: ${received} UR part${received === 1 ? '' : 's'} read; at least ${Math.max(1, estimated - received)} more still missing (the coordinator's loop shows them).`;
}

/** One pass over the lines: the stream of the first line not yet claimed by an earlier, incomplete stream. */
interface Pass {
  readonly scan: TransactionScan;
  readonly progress: { received: number; estimated: number };
  /** Lines that were parts of this pass's stream. */
  readonly used: number[];
  /** What stderr says about the other lines. */
  readonly notes: string[];
}

function decodePass(family: Family, lines: readonly string[], claimed: ReadonlySet<number>): Pass {
  const scan = new TransactionScan();
  let progress = { received: 0, estimated: 0 };
  const used: number[] = [];
  const notes: string[] = [];
  const name = family === 'ur' ? 'UR' : 'BBQr';
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (claimed.has(i)) {
      notes.push(`line ${i + 1}: skipped, a part of another message (incomplete)`);
      return;
    }
    if (!belongs(family, line)) {
      notes.push(`line ${i + 1}: skipped, not a ${name} part`);
      return;
    }
    const status = scan.add(line);
    if (status.kind === 'invalid' || status.kind === 'foreign') {
      notes.push(`line ${i + 1}: skipped, ${status.why ?? 'unreadable'}`);
      return;
    }
    used.push(i);
    progress = status.progress;
  });
  return { scan, progress, used, notes };
}

/** Passes at most: each one that does not complete claims its lines, so the next starts on another message. */
const MAX_PASSES = 16;

async function decodeCommand(family: Family, args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { out: 'string', force: 'boolean', json: 'boolean' });
  if (positionals.length) throw new UsageError(`${family} decode takes no arguments (the parts go on standard input, one per line)`);
  if (flags.force && !flags.out) throw new UsageError('--force applies to --out FILE');
  const lines = (await io.readStdin()).split(/\r?\n/);
  // The first part read decides the message; when its message is incomplete, a message whose parts came later
  // (the coordinator's, with a stray line of another one first) is tried too.
  const claimed = new Set<number>();
  let best = decodePass(family, lines, claimed);
  let pass = best;
  for (let n = 1; n < MAX_PASSES && !pass.scan.complete && pass.used.length > 0; n++) {
    for (const i of pass.used) claimed.add(i);
    pass = decodePass(family, lines, claimed);
    if (pass.scan.complete || pass.progress.received > best.progress.received) best = pass;
  }
  // Incomplete: what is said is about the message with the most parts read.
  const done = pass.scan.complete ? pass : best;
  for (const note of done.notes) io.stderr(`${note}\n`);
  if (!done.scan.complete) throw new WalletError('BAD_QR', missing(family, done.scan, done.progress.received, done.progress.estimated));
  const { scan, progress } = done;
  const skipped = done.notes.length;
  const result: ScanResult = scan.result();
  const bytes = result.kind === 'psbt' ? result.bytes : hex.decode(result.hex);
  const base = { format: result.format, kind: result.kind, bytes: bytes.length, parts: progress.received, skipped };
  if (flags.out) {
    await writeOutput(io, flags.out, bytes, flags.force === true);
    if (flags.json) json(io, { ...base, out: flags.out });
    else io.stderr(`Saved ${flags.out}: ${result.kind === 'psbt' ? 'a PSBT' : 'a transaction'} of ${bytes.length} bytes.\n`);
  } else if (flags.json) {
    json(io, result.kind === 'psbt' ? { ...base, base64: base64.encode(bytes) } : { ...base, hex: result.hex });
  } else {
    io.stdout(`${result.kind === 'psbt' ? base64.encode(bytes) : result.hex}\n`);
  }
  return EXIT.ok;
}

/* ---------- ur ---------- */

async function urEncode(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { type: 'string', 'fragment-bytes': 'string', json: 'boolean' });
  if (flags.type === undefined) throw new UsageError('--type psbt|crypto-psbt is required (psbt: UR v2; crypto-psbt: v1, for Sparrow, Keystone, BlueWallet)');
  if (!(flags.type in UR_TYPES)) throw new UsageError(`--type must be psbt or crypto-psbt (got "${flags.type}")`);
  const type = flags.type as UrType;
  const fragmentLength = integerFlag('fragment-bytes', flags['fragment-bytes'], MIN_FRAGMENT, MAX_FRAGMENT);
  const file = oneFile('ur', positionals);
  const psbt = await readPsbtBytes(io, file);
  const parts = psbtFrames(psbt, UR_TYPES[type], fragmentLength === undefined ? {} : { fragmentLength });
  selfCheck(parts, 'a PSBT');
  return printParts(io, flags.json === true, parts, { type, pureParts: parts.length === 1 ? 1 : parts.length / 2 });
}

export async function urCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'encode') return urEncode(rest, io);
  if (sub === 'decode') return decodeCommand('ur', rest, io);
  throw new UsageError(sub === undefined ? 'ur needs a subcommand: encode or decode' : `unknown ur subcommand "${sub}" (encode or decode)`);
}

/* ---------- bbqr ---------- */

async function bbqrEncode(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { type: 'string', encoding: 'string', 'max-chars': 'string', json: 'boolean' });
  if (flags.type === undefined) throw new UsageError('--type P|T is required (P: a PSBT; T: a signed transaction)');
  if (!(flags.type in BBQR_TYPES)) throw new UsageError(`--type must be P (PSBT) or T (transaction) (got "${flags.type}")`);
  const type = flags.type as BbqrType;
  if (flags.encoding !== undefined && !(flags.encoding in BBQR_ENCODINGS)) throw new UsageError(`--encoding must be Z, 2 or H (got "${flags.encoding}")`);
  const encoding = flags.encoding as BbqrEncoding | undefined;
  const maxChars = integerFlag('max-chars', flags['max-chars'], MIN_CHARS, MAX_BBQR_PART_CHARS);
  const file = oneFile('bbqr', positionals);
  const data = type === 'P' ? await readPsbtBytes(io, file) : await readTransactionBytes(io, file);
  const parts = encodeBbqr(data, type, { ...(encoding ? { encoding } : {}), ...(maxChars === undefined ? {} : { maxChars }) });
  selfCheck(parts, BBQR_TYPES[type]);
  return printParts(io, flags.json === true, parts, { type, encoding: parts[0]?.[2] });
}

export async function bbqrCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'encode') return bbqrEncode(rest, io);
  if (sub === 'decode') return decodeCommand('bbqr', rest, io);
  throw new UsageError(sub === undefined ? 'bbqr needs a subcommand: encode or decode' : `unknown bbqr subcommand "${sub}" (encode or decode)`);
}
