/**
 * BBQr, "Better Bitcoin QR" (Coinkite, public domain; spec: coinkite/BBQr BBQr.md): a file split over a series of
 * alphanumeric QR codes, each starting with an 8-character header
 *
 *   B$  Z  P  05  00  <body>
 *   |   |  |  |   '-- which part, 2 digits of base 36 (00..ZZ)
 *   |   |  |  '------ how many parts, 2 digits of base 36 (01..ZZ = 1295)
 *   |   |  '--------- file type (P = PSBT, T = transaction, ...)
 *   |   '------------ encoding: H = hex, 2 = base32 (RFC 4648, no padding), Z = raw deflate (wbits 10) then base32
 *   '---------------- fixed
 *
 * Every part but the last holds the same number of characters and decodes to whole bytes, so parts can be
 * placed in any order. The encoder reproduces the reference implementation (coinkite/BBQr python/bbqr and js/src)
 * part for part: the same choice of QR version and count, the same split, the same deflate bytes.
 */
import { base16, base32 } from '@scure/base';
import { Inflate, Z_BUF_ERROR, Z_OK, deflateRaw } from 'pako';
import { WalletError } from '../errors';

/** The file types of the spec's table ("All other codes are reserved"). */
export const BBQR_FILE_TYPES = {
  P: 'PSBT',
  T: 'Transaction',
  J: 'JSON',
  C: 'CBOR',
  U: 'Unicode text',
  B: 'Binary',
  X: 'Executable',
} as const;
export type BbqrFileType = keyof typeof BBQR_FILE_TYPES;

export const BBQR_ENCODINGS = { H: 'hex', '2': 'base32', Z: 'deflate + base32' } as const;
export type BbqrEncoding = keyof typeof BBQR_ENCODINGS;

/** "ZZ" in base 36: the header has two digits for the part count. */
export const MAX_BBQR_PARTS = 1295;
/** Decoded (and, for Z, decompressed) size we accept: far above any PSBT we sign, far below a memory problem. */
export const MAX_BBQR_BYTES = 16 * 1024 * 1024;
/** The most characters one QR code holds (version 40, alphanumeric, ECC L); no BBQr part is longer. */
export const MAX_BBQR_PART_CHARS = 4296;
export const BBQR_HEADER_LENGTH = 8;

/**
 * Alphanumeric characters per QR version 1..40 at ECC level L (ISO/IEC 18004 Table 7); the spec assumes level L,
 * and the reference takes the same numbers from pyqrcode's table.
 */
export const QR_ALNUM_CAPACITY_L: readonly number[] = [
  25, 47, 77, 114, 154, 195, 224, 279, 335, 395, 468, 535, 619, 667, 758, 854, 938, 1046, 1153, 1249, 1352, 1460,
  1588, 1704, 1853, 1990, 2132, 2223, 2369, 2520, 2677, 2840, 3009, 3183, 3351, 3537, 3729, 3927, 4087, 4296,
];

/**
 * Z is "zlib ... wbits=10, no header" (BBQr.md, Advanced Encodings): the window is 1 KiB because embedded decoders
 * allocate exactly that much (Krux streams through a 1 KiB ring; Coldcard's uzlib call says -10), so the
 * encoder must never refer back further than 1024 bytes. pako is a port of zlib: with windowBits 10, the default
 * level (what the reference uses, although the spec suggests 9) and zlib's classic hash it produces the same
 * bytes as the reference's zlib.compressobj(wbits=-10), which the vectors check.
 */
const DEFLATE_OPTIONS = { windowBits: 10, level: 6, memLevel: 8, legacyHash: true } as const;

const FILE_TYPE_CODES = new Set<string>(Object.keys(BBQR_FILE_TYPES));
const ENCODING_CODES = new Set<string>(Object.keys(BBQR_ENCODINGS));
/** Codes the reference knows but the spec does not assign: Coldcard's Key Teleport. */
const KEY_TELEPORT_TYPES = new Set(['R', 'S', 'E']);
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface BbqrEncodeOptions {
  /** H, 2 or Z (default Z, as the reference): Z falls back to 2 when deflate does not make the data smaller. */
  readonly encoding?: BbqrEncoding;
  /** At most this many characters in one part, header included (e.g. what the display can show sharply). */
  readonly maxChars?: number;
  /** QR versions to choose from (default 5..40, as the reference); the smallest count, then version, wins. */
  readonly minVersion?: number;
  readonly maxVersion?: number;
  /** At least / at most this many parts (default 1..1295). */
  readonly minSplit?: number;
  readonly maxSplit?: number;
}

export interface BbqrSplit {
  readonly parts: string[];
  /** The encoding actually used (Z may have become 2). */
  readonly encoding: BbqrEncoding;
  /** The QR version every part fits in at ECC level L, alphanumeric mode: draw them all at this version. */
  readonly version: number;
}

/** Splits a file into BBQr parts; throws WalletError('BAD_QR') for input or options that cannot be encoded. */
export function splitBbqr(data: Uint8Array, fileType: BbqrFileType, options: BbqrEncodeOptions = {}): BbqrSplit {
  if (!(data instanceof Uint8Array)) throw bad('the data must be bytes');
  if (!FILE_TYPE_CODES.has(fileType)) throw bad(`unknown file type ${JSON.stringify(fileType)}: use one of ${[...FILE_TYPE_CODES].join(', ')}`);
  if (data.length === 0) throw bad('there is nothing to encode (0 bytes)');
  if (data.length > MAX_BBQR_BYTES) throw bad(`the data is ${data.length} bytes; at most ${MAX_BBQR_BYTES} are encoded`);
  const requested = options.encoding ?? 'Z';
  if (!ENCODING_CODES.has(requested)) throw bad(`unknown encoding ${JSON.stringify(requested)}: use H, 2 or Z`);
  const minVersion = integerOption(options.minVersion, 5, 1, 40, 'minVersion');
  const maxVersion = integerOption(options.maxVersion, 40, 1, 40, 'maxVersion');
  const minSplit = integerOption(options.minSplit, 1, 1, MAX_BBQR_PARTS, 'minSplit');
  const maxSplit = integerOption(options.maxSplit, MAX_BBQR_PARTS, 1, MAX_BBQR_PARTS, 'maxSplit');
  const maxChars = integerOption(options.maxChars, MAX_BBQR_PART_CHARS, BBQR_HEADER_LENGTH + 8, MAX_BBQR_PART_CHARS, 'maxChars');
  if (minSplit > maxSplit) throw bad(`minSplit ${minSplit} is above maxSplit ${maxSplit}`);

  const { encoding, text } = encodeBody(data, requested);
  // The reference lowers minVersion to maxVersion when only a low maximum is asked for.
  const lowest = Math.min(minVersion, maxVersion);
  const splitMod = encoding === 'H' ? 2 : 8; // a part must hold whole bytes: 2 hex digits, 8 base32 characters
  let best: { version: number; count: number; perPart: number } | undefined;
  for (let version = lowest; version <= maxVersion; version++) {
    const capacity = Math.min(QR_ALNUM_CAPACITY_L[version - 1] ?? 0, maxChars) - BBQR_HEADER_LENGTH;
    const plan = partsNeeded(capacity, text.length, splitMod);
    if (plan === undefined || plan.count < minSplit || plan.count > maxSplit) continue;
    if (best === undefined || plan.count < best.count) best = { version, ...plan };
  }
  if (best === undefined) {
    throw bad(`${data.length} bytes do not fit in ${minSplit}..${maxSplit} parts of QR versions ${lowest}..${maxVersion}` +
      (options.maxChars === undefined ? '' : ` at ${maxChars} characters each`));
  }
  const head = `B$${encoding}${fileType}${base36(best.count)}`;
  const parts: string[] = [];
  for (let i = 0; i < best.count; i++) parts.push(head + base36(i) + text.slice(i * best.perPart, (i + 1) * best.perPart));
  return { parts, encoding, version: best.version };
}

/** The BBQr parts of a file, one string per QR code (see splitBbqr for the version to draw them at). */
export function encodeBbqr(data: Uint8Array, fileType: BbqrFileType, options: BbqrEncodeOptions = {}): string[] {
  return splitBbqr(data, fileType, options).parts;
}

/** What one part did to the decoder; `why` says what was wrong with an invalid part, in words for the user. */
export interface BbqrStatus {
  readonly kind: 'added' | 'duplicate' | 'complete' | 'invalid';
  readonly why?: string;
  /** Distinct parts of the current message held so far, and how many it has (0 before the first valid part). */
  readonly received: number;
  readonly total: number;
  readonly fileType?: BbqrFileType;
}

export interface BbqrResult {
  readonly fileType: BbqrFileType;
  readonly encoding: BbqrEncoding;
  readonly data: Uint8Array;
}

interface ParsedHeader {
  readonly encoding: BbqrEncoding;
  readonly fileType: BbqrFileType;
  readonly total: number;
  readonly index: number;
}

/**
 * Collects the parts of one BBQr message in any order; never throws on a bad part. The first valid part fixes
 * the message (encoding, file type, part count); a part with a different header belongs to another message and
 * is reported, not mixed in (call reset() to start on another message).
 */
export class BbqrDecoder {
  private header: Omit<ParsedHeader, 'index'> | undefined;
  private readonly bodies = new Map<number, { text: string; bytes: Uint8Array }>();
  /** Decoded bytes of every part but the last, once one of them is seen (the spec: all equal). */
  private blockSize: number | undefined;
  private done: BbqrResult | undefined;

  /** Feeds one scanned QR text (or one pasted line; surrounding white space is ignored). */
  add(part: string): BbqrStatus {
    if (typeof part !== 'string') return this.invalid('not text');
    const text = part.trim();
    const parsed = parseHeader(text);
    if (typeof parsed === 'string') return this.invalid(parsed);
    const { header } = this;
    if (header !== undefined &&
      (header.encoding !== parsed.encoding || header.fileType !== parsed.fileType || header.total !== parsed.total)) {
      return this.invalid(`a part of another BBQr message (${describe(parsed)}; reading ${describe(header)})`);
    }
    const body = text.slice(BBQR_HEADER_LENGTH);
    const seen = this.bodies.get(parsed.index);
    if (seen?.text === body) return this.status('duplicate');
    // Read before it is compared: a repeat that cannot be read (cut short, lower case) is a bad part, not another message.
    const bytes = decodeBody(body, parsed.encoding);
    if (typeof bytes === 'string') return this.invalid(`part ${parsed.index + 1} of ${parsed.total}: ${bytes}`);
    if (seen !== undefined) {
      return this.invalid(`part ${parsed.index + 1} of ${parsed.total} differs from the one already read: a part of another BBQr message`);
    }
    const last = parsed.index === parsed.total - 1;
    // The spec: "All blocks must be equal length, except for the last one."
    if (!last && this.blockSize !== undefined && bytes.length !== this.blockSize) {
      return this.invalid(`part ${parsed.index + 1} of ${parsed.total} holds ${bytes.length} bytes where the others hold ${this.blockSize}: a part of another BBQr message`);
    }
    const runt = last ? bytes.length : this.lastPartSize();
    const block = last ? this.blockSize : bytes.length;
    if (runt !== undefined && block !== undefined && (runt > block || runt === 0)) {
      return this.invalid(`the last part holds ${runt} bytes, the others ${block}: not one BBQr message`);
    }
    if (block !== undefined && block * (parsed.total - 1) > MAX_BBQR_BYTES) {
      return this.invalid(`${parsed.total} parts of ${block} bytes are more than the ${MAX_BBQR_BYTES} bytes accepted`);
    }
    if (header === undefined) this.header = { encoding: parsed.encoding, fileType: parsed.fileType, total: parsed.total };
    if (!last) this.blockSize = bytes.length;
    this.bodies.set(parsed.index, { text: body, bytes });
    if (this.bodies.size < parsed.total) return this.status('added');
    const result = this.assemble();
    if (typeof result === 'string') {
      const why = result;
      this.reset();
      return this.invalid(why);
    }
    this.done = result;
    return this.status('complete');
  }

  /** True once every part is in and the data decoded. */
  get complete(): boolean {
    return this.done !== undefined;
  }

  /** The file, after add() said 'complete'; throws WalletError('BAD_QR') before. */
  result(): BbqrResult {
    if (this.done === undefined) {
      const { header } = this;
      throw new WalletError('BAD_QR', header === undefined
        ? 'BBQr: no part read yet'
        : `BBQr: ${this.bodies.size} of ${header.total} parts read; scan the others`);
    }
    return this.done;
  }

  /** Forgets the current message (e.g. the user chose to scan another one). */
  reset(): void {
    this.header = undefined;
    this.bodies.clear();
    this.blockSize = undefined;
    this.done = undefined;
  }

  private lastPartSize(): number | undefined {
    if (this.header === undefined) return undefined;
    return this.bodies.get(this.header.total - 1)?.bytes.length;
  }

  private assemble(): BbqrResult | string {
    const header = this.header;
    if (header === undefined) return 'no parts';
    let length = 0;
    for (const { bytes } of this.bodies.values()) length += bytes.length;
    const joined = new Uint8Array(length);
    let offset = 0;
    for (let i = 0; i < header.total; i++) {
      const bytes = this.bodies.get(i)?.bytes;
      if (bytes === undefined) return `part ${i + 1} is missing`;
      joined.set(bytes, offset);
      offset += bytes.length;
    }
    if (header.encoding !== 'Z') return { fileType: header.fileType, encoding: header.encoding, data: joined };
    const data = inflateLimited(joined);
    if (typeof data === 'string') return `the parts do not decompress (${data}); rescan the QR codes`;
    return { fileType: header.fileType, encoding: 'Z', data };
  }

  private status(kind: BbqrStatus['kind'], why?: string): BbqrStatus {
    const { header } = this;
    return {
      kind,
      ...(why === undefined ? {} : { why }),
      received: this.bodies.size,
      total: header?.total ?? 0,
      ...(header === undefined ? {} : { fileType: header.fileType }),
    };
  }

  private invalid(why: string): BbqrStatus {
    return this.status('invalid', why);
  }
}

/** Decodes a whole series at once (pasted text, a file with one part per line); throws WalletError('BAD_QR'). */
export function decodeBbqr(parts: readonly string[]): BbqrResult {
  const decoder = new BbqrDecoder();
  for (const part of parts) {
    if (part.trim() === '') continue;
    const status = decoder.add(part);
    if (status.kind === 'invalid') throw new WalletError('BAD_QR', `BBQr: ${status.why ?? 'invalid part'}`);
  }
  return decoder.result();
}

/** True when the text starts like a BBQr part (for routing a scanned QR to this decoder). */
export function looksLikeBbqr(text: string): boolean {
  return text.trimStart().startsWith('B$');
}

function parseHeader(text: string): ParsedHeader | string {
  if (!text.startsWith('B$')) return 'not a BBQr part (it does not start with B$)';
  if (text.length < BBQR_HEADER_LENGTH + 1) return 'a BBQr header without data';
  if (text.length > MAX_BBQR_PART_CHARS) return `longer (${text.length} characters) than a QR code holds`;
  const encoding = text[2] ?? '';
  const fileType = text[3] ?? '';
  if (!isEncoding(encoding)) return `unknown BBQr encoding ${JSON.stringify(encoding)} (H, 2 or Z)`;
  if (!isFileType(fileType)) {
    return KEY_TELEPORT_TYPES.has(fileType)
      ? `a Coldcard Key Teleport QR (type ${fileType}), which Permafrost does not read`
      : `unknown BBQr file type ${JSON.stringify(fileType)}`;
  }
  const total = parseBase36(text.slice(4, 6));
  const index = parseBase36(text.slice(6, 8));
  if (total === undefined || index === undefined) return 'the part numbers are not two base-36 digits (0-9, A-Z)';
  if (total === 0) return 'a BBQr header that says 0 parts';
  if (index >= total) return `part number ${index} but the series has ${total} parts (numbered from 0)`;
  return { encoding, fileType, total, index };
}

/** A part read on its own: its header and body bytes (before any zlib), or why it cannot be read. */
export function readBbqrPart(part: string): { readonly header: ParsedHeader; readonly bytes: Uint8Array } | string {
  const text = part.trim();
  const header = parseHeader(text);
  if (typeof header === 'string') return header;
  const bytes = decodeBody(text.slice(BBQR_HEADER_LENGTH), header.encoding);
  return typeof bytes === 'string' ? `part ${header.index + 1} of ${header.total}: ${bytes}` : { header, bytes };
}

function decodeBody(body: string, encoding: BbqrEncoding): Uint8Array | string {
  if (encoding === 'H') {
    if (!/^[0-9A-F]*$/.test(body)) return 'not upper-case hex';
    if (body.length % 2 !== 0) return 'an odd number of hex digits';
    return base16.decode(body);
  }
  if (!/^[A-Z2-7]*$/.test(body)) return 'not base32 (A-Z, 2-7)';
  // Unpadded base32 of whole bytes has 0, 2, 4, 5 or 7 characters after the last full group of 8.
  if (![0, 2, 4, 5, 7].includes(body.length % 8)) return `base32 of ${body.length} characters is not whole bytes`;
  try {
    return base32.decode(body + '='.repeat((8 - (body.length % 8)) % 8));
  } catch {
    return 'base32 with stray bits after the last byte';
  }
}

function encodeBody(data: Uint8Array, requested: BbqrEncoding): { encoding: BbqrEncoding; text: string } {
  if (requested === 'H') return { encoding: 'H', text: base16.encode(data) };
  let encoding = requested;
  let bytes = data;
  if (requested === 'Z') {
    // The reference: "Trial compression, but skip if it embiggens the data".
    const compressed = deflateRaw(data, DEFLATE_OPTIONS);
    if (compressed.length >= data.length) encoding = '2';
    else bytes = compressed;
  }
  return { encoding, text: base32.encode(bytes).replace(/=+$/, '') };
}

/** Raw inflate (any window: decoding is liberal) that stops at MAX_BBQR_BYTES instead of filling memory. */
function inflateLimited(compressed: Uint8Array): Uint8Array | string {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = false;
  const inflater = new Inflate({ raw: true, chunkSize: 64 * 1024 });
  inflater.onData = (chunk: Uint8Array): void => {
    size += chunk.length;
    if (size > MAX_BBQR_BYTES) {
      tooLarge = true;
      throw new RangeError('too large');
    }
    chunks.push(chunk);
  };
  inflater.onEnd = (): void => undefined;
  try {
    inflater.push(compressed, true);
  } catch (e) {
    if (tooLarge) return `more than ${MAX_BBQR_BYTES} bytes when decompressed`;
    return e instanceof Error ? e.message : 'bad deflate data';
  }
  if (inflater.err === Z_BUF_ERROR) return 'the compressed data is cut short';
  if (inflater.err !== Z_OK) return inflater.msg || `deflate error ${inflater.err}`;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** How many parts of `capacity` body characters hold `length`, as the reference's num_qr_needed. */
function partsNeeded(capacity: number, length: number, splitMod: number): { count: number; perPart: number } | undefined {
  const aligned = capacity - (capacity % splitMod); // all but the last part: whole bytes
  if (aligned <= 0) return undefined;
  const count = Math.ceil(length / aligned);
  if (count === 1) return { count, perPart: length };
  return { count, perPart: aligned };
}

function base36(n: number): string {
  return (BASE36[Math.floor(n / 36)] ?? '') + (BASE36[n % 36] ?? '');
}

function parseBase36(two: string): number | undefined {
  const hi = BASE36.indexOf(two[0] ?? '');
  const lo = BASE36.indexOf(two[1] ?? '');
  return hi < 0 || lo < 0 || two.length !== 2 ? undefined : hi * 36 + lo;
}

function isEncoding(code: string): code is BbqrEncoding {
  return ENCODING_CODES.has(code);
}

function isFileType(code: string): code is BbqrFileType {
  return FILE_TYPE_CODES.has(code);
}

function describe(h: Omit<ParsedHeader, 'index'>): string {
  return `${BBQR_FILE_TYPES[h.fileType]}, ${BBQR_ENCODINGS[h.encoding]}, ${h.total} part${h.total === 1 ? '' : 's'}`;
}

function integerOption(value: number | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw bad(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

function bad(message: string): WalletError {
  return new WalletError('BAD_QR', `BBQr: ${message}`);
}
