/**
 * QR texts read as lines (pasted text, a text file of parts, standard input, the payloads found in images) into one
 * transaction, through the same TransactionScan as the camera: a line of another message or no transaction at all
 * is noted and skipped, never mixed in; an incomplete stream is a WalletError that says how many parts are missing.
 * Each line is classified once and grouped by the stream it is a part of (the scan's own identity, qrStreamId); each
 * group is read into a scan of its own once, so the work is one scan frame per different line, whatever the input mixes.
 * Used by the app's Sign Bitcoin (pasted text and files, main process) and the CLI (`review`, `sign`, `ur decode`,
 * `bbqr decode`, `scan --assemble`).
 */
import { utf8 } from '@scure/base';
import { WalletError } from '../errors';
import { identifyQrText, qrStreamId, TransactionScan, type ScanFormat, type ScanResult } from './scan';

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

/**
 * Different streams (animated QR codes, whole PSBTs in one line) one input may mix: a stray code or two beside the
 * coordinator's is usual; more is refused before anything is decoded (issue 10 review: every first part of another
 * 16,384-fragment stream had cost a decoder and a pass over the whole input, hours for a hostile standard input).
 */
export const MAX_STREAMS = 16;

/** The lines of one stream, by the scan's own identity (qrStreamId), in input order (indexes into the lines). */
interface Group {
  readonly message: string;
  readonly lines: number[];
  /** The first line of each different text: a repeat has nothing new for the scan. */
  readonly distinct: number[];
}

/** A group read into a scan of its own. */
interface Decoded {
  readonly group: Group;
  readonly scan: TransactionScan;
  readonly progress: { received: number; estimated: number };
  /** The line that completed it (its index), or Infinity. */
  readonly completedAt: number;
  /** Its lines the scan refused, and why. */
  readonly notes: Map<number, string>;
}

function decodeGroup(group: Group, lines: readonly NumberedLine[], nameOf: (i: number) => string): Decoded {
  const scan = new TransactionScan();
  let progress = { received: 0, estimated: 0 };
  let completedAt = Infinity;
  const notes = new Map<number, string>();
  for (const i of group.distinct) {
    const status = scan.add((lines[i] as NumberedLine).text.trim());
    // Two BBQr codes of the same size: said once, by readStream, for the whole input.
    if (status.mixed) continue;
    if (status.kind === 'invalid' || status.kind === 'foreign') notes.set(i, `${nameOf(i)}: skipped, ${status.why ?? 'unreadable'}`);
    else {
      progress = status.progress;
      if (status.kind === 'complete' && completedAt === Infinity) completedAt = i;
    }
  }
  return { group, scan, progress, completedAt, notes };
}

function missing(family: Family, format: ScanFormat | null, received: number, estimated: number, where: string): string {
  if (format === null) return `No ${family === 'any' ? 'transaction QR code (UR, BBQr, base64 or hex PSBT)' : `${NAMES[family]} part of a transaction`} was read from ${where}.`;
  if (format === 'bbqr') return `Incomplete: ${received} of ${estimated} BBQr parts read; ${estimated - received} still missing.`;
  return `Incomplete: ${received} UR part${received === 1 ? '' : 's'} read; at least ${Math.max(1, estimated - received)} more still missing (the coordinator's loop shows them).`;
}

/** The message read: the one completed first (by line), else the one with the most parts read (the first on a tie). */
function choose(decoded: readonly Decoded[]): Decoded | null {
  let best: Decoded | null = null;
  for (const d of decoded) {
    if (best === null) best = d;
    else if (d.completedAt !== best.completedAt ? d.completedAt < best.completedAt : d.progress.received > best.progress.received) best = d;
  }
  return best;
}

/** Why a line of another stream than the one read is skipped. */
function otherNote(other: Decoded, read: Decoded): string {
  if (other.group.message === read.group.message) return 'a part of this transaction shown at another frame size: its parts do not mix with those read';
  // A stream that started before the one read and never completed: the stray code read first.
  if (other.completedAt === Infinity && (other.group.lines[0] as number) < (read.group.lines[0] as number)) return 'a part of another message (incomplete)';
  return 'a part of another transaction';
}

/**
 * The transaction in `lines`. Each line is classified once and grouped by the stream it is a part of; each group is
 * read into a scan of its own, once. The message read is the one completed first; when none is complete, the notes
 * and the count missing are about the message with the most parts read (the first part read decides a tie). An
 * input that mixes more than MAX_STREAMS streams is refused.
 */
export function readStream(family: Family, lines: readonly NumberedLine[], options: { label?: string; where?: string } = {}): StreamRead {
  const label = options.label ?? 'line';
  const nameOf = (i: number) => {
    const l = lines[i] as NumberedLine;
    return l.name ?? `${label} ${l.number}`;
  };
  const notes = new Map<number, string>();
  const groups = new Map<string, Group>();
  /** The group of each different part read, by its text: a repeated line is not classified again. */
  const known = new Map<string, Group>();
  for (const [i, { text }] of lines.entries()) {
    const line = text.trim();
    if (line === '') continue;
    const repeat = known.get(line);
    if (repeat !== undefined) {
      repeat.lines.push(i);
      continue;
    }
    if (!belongs(family, line)) {
      notes.set(i, `${nameOf(i)}: skipped, ${notAPart(family, line)}`);
      continue;
    }
    const id = qrStreamId(line);
    if (id.stream === null) {
      notes.set(i, `${nameOf(i)}: skipped, ${id.why}`);
      continue;
    }
    let group = groups.get(id.stream);
    if (group === undefined) {
      if (groups.size === MAX_STREAMS) {
        const why = `The input mixes parts of more than ${MAX_STREAMS} different QR codes (${nameOf(i)} starts another one): give the parts of one transaction only.`;
        return { result: null, notes: [], missing: new WalletError('BAD_QR', why) };
      }
      group = { message: id.message, lines: [], distinct: [] };
      groups.set(id.stream, group);
    }
    group.lines.push(i);
    group.distinct.push(i);
    known.set(line, group);
  }
  const decoded = [...groups.values()].map((g) => decodeGroup(g, lines, nameOf));
  const mixed = decoded.find((d) => d.scan.mixed !== null);
  const read = mixed ?? choose(decoded);
  if (read !== null) {
    for (const [i, note] of read.notes) notes.set(i, note);
    for (const other of decoded) {
      if (other === read) continue;
      const why = otherNote(other, read);
      for (const i of other.group.lines) notes.set(i, `${nameOf(i)}: skipped, ${why}`);
    }
  }
  const said = [...notes.entries()].sort((x, y) => x[0] - y[0]).map(([, n]) => n);
  if (mixed !== undefined) {
    // Parts at one position under one BBQr header differ: two codes of the same size are in the input.
    const why = 'Two different BBQr codes of the same size are in the input, and their parts cannot be told apart (BBQr has no checksum): give the parts of only one.';
    return { result: null, notes: said, missing: new WalletError('BAD_QR', why) };
  }
  if (read === null || !read.scan.complete) {
    const where = options.where ?? 'standard input (one part per line)';
    const { received, estimated } = read?.progress ?? { received: 0, estimated: 0 };
    return { result: null, notes: said, missing: new WalletError('BAD_QR', missing(family, read?.scan.format ?? null, received, estimated, where)) };
  }
  return { result: read.scan.result(), parts: read.progress.received, notes: said };
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
