/**
 * QR texts read as lines (pasted text, a text file of parts, standard input, the payloads found in images) into one
 * transaction, through the same TransactionScan as the camera: a line of another message or no transaction at all
 * is noted and skipped, never mixed in; an incomplete stream is a WalletError that says how many parts are missing.
 * Used by the app's Sign Bitcoin (pasted text and files, main process) and the CLI (`review`, `sign`, `ur decode`,
 * `bbqr decode`, `scan --assemble`).
 */
import { utf8 } from '@scure/base';
import { WalletError } from '../errors';
import { identifyQrText, TransactionScan, type ScanResult } from './scan';

/** Which lines are read: UR parts only, BBQr parts only, or any transaction QR (UR, BBQr, base64/hex PSBT, hex transaction). */
export type Family = 'ur' | 'bbqr' | 'any';

const NAMES: Readonly<Record<Family, string>> = { ur: 'UR', bbqr: 'BBQr', any: 'transaction QR' };
const belongs = (family: Family, line: string) => (family === 'any' ? true : family === 'ur' ? /^ur:/i.test(line) : line.startsWith('B$'));

/** Why a line is not read by `ur decode` / `bbqr decode`: named by the scan's classifier, with the command that reads it. */
function notAPart(family: Family, line: string): string {
  const what = identifyQrText(line);
  if (what.kind === 'other') return what.why;
  if (what.kind !== 'part') return `this is a whole ${what.kind === 'psbt' ? 'PSBT' : 'transaction'} in one line (${what.format}), not a ${NAMES[family]} part`;
  return what.format === 'bbqr' ? 'this is a BBQr part: use `permafrost bbqr decode`' : 'this is a UR part: use `permafrost ur decode`';
}

/** One line of the input, numbered as the user sees it (from 1), and what it is called in notes ("line", "image"). */
export interface NumberedLine {
  readonly number: number;
  readonly text: string;
  /** What notes call it instead of "<label> <number>" (an image's file name). */
  readonly name?: string;
}

export type StreamRead =
  | {
      readonly result: ScanResult;
      /** Distinct parts of the message read. */
      readonly parts: number;
      /** What was said about the lines skipped (one note a line). */
      readonly notes: readonly string[];
    }
  | { readonly result: null; readonly notes: readonly string[]; readonly missing: WalletError };

interface Pass {
  readonly scan: TransactionScan;
  readonly progress: { received: number; estimated: number };
  /** Lines that were parts of this pass's stream. */
  readonly used: number[];
  readonly notes: string[];
}

function decodePass(family: Family, lines: readonly NumberedLine[], claimed: ReadonlySet<number>, label: string): Pass {
  const scan = new TransactionScan();
  let progress = { received: 0, estimated: 0 };
  /** Lines read into the scan, and lines reported foreign: which message each belongs to is settled at the end. */
  const read: number[] = [];
  const foreign = new Map<number, string>();
  const notes = new Map<number, string>();
  let last = -1;
  const nameOf = (i: number) => {
    const l = lines[i] as NumberedLine;
    return l.name ?? `${label} ${l.number}`;
  };
  lines.forEach(({ text: raw }, i) => {
    const number = nameOf(i);
    const line = raw.trim();
    if (line === '') return;
    if (claimed.has(i)) {
      notes.set(i, `${number}: skipped, a part of another message (incomplete)`);
      return;
    }
    if (!belongs(family, line)) {
      notes.set(i, `${number}: skipped, ${notAPart(family, line)}`);
      return;
    }
    const status = scan.add(line);
    // Two BBQr codes of the same size: said once, by readStream, for the whole input.
    if (status.mixed) return;
    if (status.kind === 'invalid') notes.set(i, `${number}: skipped, ${status.why ?? 'unreadable'}`);
    else if (status.kind === 'foreign') foreign.set(i, `${number}: skipped, ${status.why ?? 'a part of another transaction'}`);
    else {
      read.push(i);
      last = i;
      progress = status.progress;
    }
  });
  // The scan may have gone on with another stream (a stray line read first): a line belongs to the message read
  // when it is a part of the same message as the last line read into it.
  const used: number[] = [];
  const reference = last === -1 ? '' : (lines[last] as NumberedLine).text;
  for (const i of [...read, ...foreign.keys()]) {
    if (i === last || sameMessage(reference, (lines[i] as NumberedLine).text)) used.push(i);
    else notes.set(i, foreign.get(i) ?? `${nameOf(i)}: skipped, a part of another message (incomplete)`);
  }
  return { scan, progress, used, notes: [...notes.entries()].sort((x, y) => x[0] - y[0]).map(([, n]) => n) };
}

/** Whether two QR texts are parts of one message: the second is not foreign to a stream started by the first. */
function sameMessage(first: string, second: string): boolean {
  const scan = new TransactionScan();
  scan.add(first.trim());
  return scan.add(second.trim()).kind !== 'foreign';
}



function missing(family: Family, scan: TransactionScan, received: number, estimated: number, where: string): string {
  if (scan.format === null) return `No ${family === 'any' ? 'transaction QR code (UR, BBQr, base64 or hex PSBT)' : `${NAMES[family]} part of a transaction`} was read from ${where}.`;
  if (scan.format === 'bbqr') return `Incomplete: ${received} of ${estimated} BBQr parts read; ${estimated - received} still missing.`;
  return `Incomplete: ${received} UR part${received === 1 ? '' : 's'} read; at least ${Math.max(1, estimated - received)} more still missing (the coordinator's loop shows them).`;
}

/** Passes at most: each one that does not complete claims its lines, so the next starts on another message. */
const MAX_PASSES = 16;

/**
 * The transaction in `lines`. The first part read decides the message; when its message is incomplete, a message
 * whose parts came later (the coordinator's, with a stray line of another one first) is tried too. Incomplete:
 * the notes and the count missing are about the message with the most parts read.
 */
export function readStream(family: Family, lines: readonly NumberedLine[], options: { label?: string; where?: string } = {}): StreamRead {
  const label = options.label ?? 'line';
  const claimed = new Set<number>();
  let best = decodePass(family, lines, claimed, label);
  if (best.scan.mixed !== null) {
    // The first pass reads every line: two different parts at one position under one BBQr header were among them.
    const why = 'Two different BBQr codes of the same size are in the input, and their parts cannot be told apart (BBQr has no checksum): give the parts of only one.';
    return { result: null, notes: best.notes, missing: new WalletError('BAD_QR', why) };
  }
  let pass = best;
  for (let n = 1; n < MAX_PASSES && !pass.scan.complete && pass.used.length > 0; n++) {
    for (const i of pass.used) claimed.add(i);
    pass = decodePass(family, lines, claimed, label);
    if (pass.scan.complete || pass.progress.received > best.progress.received) best = pass;
  }
  const done = pass.scan.complete ? pass : best;
  if (!done.scan.complete) {
    const where = options.where ?? 'standard input (one part per line)';
    return { result: null, notes: done.notes, missing: new WalletError('BAD_QR', missing(family, done.scan, done.progress.received, done.progress.estimated, where)) };
  }
  return { result: done.scan.result(), parts: done.progress.received, notes: done.notes };
}

/** Lines of text numbered from `first` (1 = the first line of standard input). */
export function numberLines(lines: readonly string[], first = 1): NumberedLine[] {
  return lines.map((text, i) => ({ number: first + i, text }));
}

/** The first bytes of every PSBT (BIP-174: "psbt" 0xff): such a file is binary, never a text of parts. */
const PSBT_MAGIC = [0x70, 0x73, 0x62, 0x74, 0xff];

/** A line that is a UR or BBQr part (a lower-case `b$` too, so that it is named as a damaged part, not "not a PSBT"). */
export const isQrPartLine = (line: string): boolean => /^(ur:|b\$)/i.test(line.trim());

/**
 * The lines of a text (or of a file's bytes) that holds the parts of an animated QR code, UR or BBQr, one per
 * line (a single part on one line too); null for anything else (a PSBT in binary, base64 or hex), to be read as
 * a PSBT. A base64 or hex PSBT never has a line that starts with `ur:` or `B$` (neither `:` nor `$` is a digit of
 * either), so one such line is enough to tell.
 */
export function qrPartLines(input: Uint8Array | string): string[] | null {
  if (typeof input !== 'string' && PSBT_MAGIC.every((b, i) => input[i] === b)) return null;
  const text = typeof input === 'string' ? input : utf8.encode(input);
  const lines = text.split(/\r?\n/);
  return lines.some(isQrPartLine) ? lines : null;
}
