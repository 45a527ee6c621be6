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
  identifyQrText,
  MAX_BBQR_PART_CHARS,
  MAX_PSBT_BYTES,
  MAX_QR_TEXT_CHARS,
  MAX_UR_FRAGMENT_LENGTH,
  parsePsbt,
  psbtFrames,
  TransactionScan,
  WalletError,
  type BbqrEncoding,
  type ScanResult,
} from '../core';
import { parseFlags } from './args';
import { EXIT, readInput, UsageError, writeOutput, type CliIo } from './io';
import { MAX_STREAM_BYTES, numberLines, readStreamOrThrow } from './stream';

/** Base64 or hex text of the largest PSBT is longer than the PSBT itself. */
const MAX_FILE_BYTES = 2 * MAX_PSBT_BYTES;
const UR_TYPES = { psbt: 'ur2', 'crypto-psbt': 'ur1' } as const;
type UrType = keyof typeof UR_TYPES;
const BBQR_TYPES = { P: 'a PSBT', T: 'a transaction' } as const;
type BbqrType = keyof typeof BBQR_TYPES;
const MIN_FRAGMENT = 10;
const MIN_CHARS = BBQR_HEADER_LENGTH + 8;

const json = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

/** A whole-number flag within [min, max]; `why` says where the largest value comes from. */
function integerFlag(name: string, value: string | undefined, min: number, max: number, why = ''): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}${why} (got "${value}")`);
  return n;
}

const QR_HOLDS = ` characters, as many as a QR code can hold (version 40, alphanumeric)`;

/** Printed parts are shown as QR codes: one that no QR code holds is never printed (the flags' limits ensure it). */
function fitQr(parts: readonly string[]): readonly string[] {
  const longest = Math.max(...parts.map((p) => p.length));
  if (longest > MAX_QR_TEXT_CHARS) throw new WalletError('INVALID_ARGUMENT', `A part would be ${longest} characters: longer than a QR code can hold (${MAX_QR_TEXT_CHARS}).`);
  return parts;
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

/**
 * A raw transaction file (binary or hex), checked by the scanner's own classifier (what a receiver reads it as): a
 * PSBT or anything else is refused in words that say what to do.
 */
async function readTransactionBytes(io: CliIo, file: string): Promise<Uint8Array> {
  const raw = await readLimited(io, file);
  const text = isText(raw) ? textOf(raw) : null;
  const bytes = text === null ? raw : /^([0-9a-f]{2})+$/i.test(text) ? hex.decode(text.toLowerCase()) : null;
  const what = identifyQrText(bytes === null ? (text as string) : hex.encode(bytes));
  if (what.kind === 'transaction' && bytes !== null) return bytes;
  if (what.kind === 'psbt') throw new WalletError('INVALID_ARGUMENT', `${file} is a PSBT, not a raw transaction: for a PSBT use --type P.`);
  throw new WalletError('INVALID_ARGUMENT', `${file} is not a raw transaction (binary or hexadecimal); for a PSBT use --type P.`);
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

async function decodeCommand(family: 'ur' | 'bbqr', args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { out: 'string', force: 'boolean', json: 'boolean' });
  if (positionals.length) throw new UsageError(`${family} decode takes no arguments (the parts go on standard input, one per line)`);
  if (flags.force && !flags.out) throw new UsageError('--force applies to --out FILE');
  const lines = (await io.readStdin(undefined, { maxBytes: MAX_STREAM_BYTES })).split(/\r?\n/);
  return writeTransaction(io, readStreamOrThrow(family, numberLines(lines), io.stderr), flags);
}

/** The transaction read from QR parts: a PSBT as base64, a transaction as hex, or the binary to --out FILE. */
export async function writeTransaction(io: CliIo, read: { readonly result: ScanResult; readonly parts: number; readonly notes: readonly string[] }, flags: { out?: string; force?: boolean; json?: boolean }): Promise<number> {
  const { result } = read;
  const bytes = result.kind === 'psbt' ? result.bytes : hex.decode(result.hex);
  const base = { format: result.format, kind: result.kind, bytes: bytes.length, parts: read.parts, skipped: read.notes.length };
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
  const fragmentLength = integerFlag('fragment-bytes', flags['fragment-bytes'], MIN_FRAGMENT, MAX_UR_FRAGMENT_LENGTH,
    ` (a UR part is about 2 characters a byte plus its header: at most ${MAX_QR_TEXT_CHARS}${QR_HOLDS})`);
  const file = oneFile('ur', positionals);
  const psbt = await readPsbtBytes(io, file);
  const parts = psbtFrames(psbt, UR_TYPES[type], fragmentLength === undefined ? {} : { fragmentLength });
  selfCheck(parts, 'a PSBT');
  return printParts(io, flags.json === true, fitQr(parts), { type, pureParts: parts.length === 1 ? 1 : parts.length / 2 });
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
  const maxChars = integerFlag('max-chars', flags['max-chars'], MIN_CHARS, MAX_BBQR_PART_CHARS, ` (at most ${MAX_BBQR_PART_CHARS}${QR_HOLDS})`);
  const file = oneFile('bbqr', positionals);
  const data = type === 'P' ? await readPsbtBytes(io, file) : await readTransactionBytes(io, file);
  const parts = encodeBbqr(data, type, { ...(encoding ? { encoding } : {}), ...(maxChars === undefined ? {} : { maxChars }) });
  selfCheck(parts, BBQR_TYPES[type]);
  return printParts(io, flags.json === true, fitQr(parts), { type, encoding: parts[0]?.[2] });
}

export async function bbqrCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'encode') return bbqrEncode(rest, io);
  if (sub === 'decode') return decodeCommand('bbqr', rest, io);
  throw new UsageError(sub === undefined ? 'bbqr needs a subcommand: encode or decode' : `unknown bbqr subcommand "${sub}" (encode or decode)`);
}
