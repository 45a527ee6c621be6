/**
 * One scanning session for a transaction shown as QR codes, whatever the coordinator's format: UR v2 `psbt`
 * (bcr-2020-006), UR v1 `crypto-psbt` (bcr-2020-006 v1 names; Sparrow, Keystone, BlueWallet), single- or multi-part;
 * BBQr (file types P and T); a plain base64 or hex PSBT in one QR; a raw transaction in hex (a finalized answer).
 *
 * Each frame gets a status and nothing throws: a camera sees half-drawn frames, other QR codes and other
 * transactions. The first valid frame starts the stream; a frame of another transaction is reported `foreign`
 * and never mixed in, but kept in its own decoder, so that when it turns out the first frame was the stray one the
 * scan goes on with the stream actually shown (see TransactionScan). The UR and BBQr decoders are wrapped, not copied: this class checks a part's identity
 * (UR type, seqLen, checksum, lengths; BBQr header) before feeding it, so a decoder only ever sees one message.
 * A UR part carries a CRC-32, so a damaged one is refused; a BBQr part carries none, so a damaged part that still
 * parses looks like a part of another message (a QR decoder's Reed-Solomon correction makes that rare). A stream
 * that completes but is no PSBT or transaction is reported invalid and forgotten, so scanning can start over.
 *
 * BBQr has no message identity either: two different BBQr codes of the same size (encoding, file type, part count)
 * have identical headers, so a part of one at a position not yet read would pass for a part of the other. Once
 * two different parts are seen at one position under one header, both codes are in view and no part under that
 * header can be trusted: the scan refuses every such part (`mixed`) and never completes with them until reset().
 * A set that holds only one part at each position cannot show this (BBQr.md defines no checksum); the PSBT or
 * transaction check on the assembled bytes is the last line.
 */
import { base64, hex } from '@scure/base';
import { RawTx } from '@scure/btc-signer';
import { isWalletError, WalletError } from '../errors';
import { MAX_PSBT_BYTES, parsePsbt } from '../psbt/parse';
import { BBQR_FILE_TYPES, BbqrDecoder, readBbqrPart, type BbqrResult, type BbqrStatus } from './bbqr';
import { CborTag, decodeCbor } from './cbor';
import { decodeBytewords } from './ur/bytewords';
import { decodePart, HeldBudget, type FountainDecoder } from './ur/fountain';
import { parseUrString, UrDecoder, type Ur } from './ur/ur';

export type ScanFormat = 'ur2' | 'ur1' | 'bbqr' | 'base64' | 'hex';

/** The most characters one QR code holds (version 40, error correction L, alphanumeric mode; ISO/IEC 18004 Table 7). */
export const MAX_QR_TEXT_CHARS = 4296;

/**
 * Why a text cannot be one QR frame (too long for any QR code), or undefined when its length is fine. For a caller
 * that takes one QR frame at a time (the app's scan channel); TransactionScan itself also reads a whole base64 or
 * hex PSBT pasted as one line (the CLI's `review -`), which may be longer.
 */
export function qrTextTooLong(text: string): string | undefined {
  return text.length > MAX_QR_TEXT_CHARS ? `this part is longer than a QR code can hold (${text.length} characters; at most ${MAX_QR_TEXT_CHARS})` : undefined;
}

export interface ScanProgress {
  /** Distinct parts of the current stream held. */
  readonly received: number;
  /** Parts needed: the UR seqLen (more once fountain parts are needed), the BBQr part count; 0 before a stream. */
  readonly estimated: number;
}

export interface ScanStatus {
  readonly kind: 'added' | 'duplicate' | 'complete' | 'invalid' | 'foreign';
  readonly format: ScanFormat | null;
  /** For invalid and foreign: what is wrong, in the user's words (lower case, to follow "This QR code: "); for restarted, what happened. */
  readonly why?: string;
  readonly progress: ScanProgress;
  /** Set (with `why`) when the scan went on with another stream that had been read further than the first one. */
  readonly restarted?: true;
  /** Set (with an invalid `why`) when two BBQr codes of the same size are in view: nothing more is read until reset(). */
  readonly mixed?: true;
}

export type ScanResult =
  | { readonly kind: 'psbt'; readonly bytes: Uint8Array; readonly format: ScanFormat }
  | { readonly kind: 'transaction'; readonly hex: string; readonly format: ScanFormat };

/** bcr-2020-006: `psbt` is tag 40310 and its v1 name `crypto-psbt` tag 310; a top-level UR leaves the tag out. */
const UR_FORMATS: Readonly<Record<string, { format: 'ur2' | 'ur1'; tag: number }>> = {
  psbt: { format: 'ur2', tag: 40310 },
  'crypto-psbt': { format: 'ur1', tag: 310 },
};

/** What other UR types are, so a wrong scan is named ("this QR code is an account export ..."). */
const UR_NAMES: Readonly<Record<string, string>> = {
  'crypto-account': 'an account export (watch-only keys)',
  'crypto-multi-accounts': 'an account export (watch-only keys)',
  'crypto-hdkey': 'an extended public key',
  hdkey: 'an extended public key',
  'crypto-output': 'a wallet descriptor',
  output: 'a wallet descriptor',
  'output-descriptor': 'a wallet descriptor',
  'crypto-seed': 'a wallet seed (keep it private)',
  seed: 'a wallet seed (keep it private)',
  'crypto-address': 'a Bitcoin address',
  'eth-sign-request': 'an Ethereum signing request',
  'eth-signature': 'an Ethereum signature',
  bytes: 'raw bytes (ur:bytes)',
};

const FOREIGN = 'a part of another transaction';
/** Said of every part under a header once two codes with that header were seen (see the file comment). */
export const BBQR_MIXED = 'two different BBQr codes of the same size are in view — show only one';

type UrIdentity =
  | { readonly single: string }
  | { readonly seqLen: number; readonly checksum: number; readonly messageLength: number; readonly fragmentLength: number };

type Stream =
  | { readonly format: 'ur2' | 'ur1'; readonly type: string; readonly identity: UrIdentity; readonly decoder: UrDecoder }
  | { readonly format: 'bbqr'; readonly head: string; readonly decoder: BbqrDecoder; readonly bodies: Map<number, string> }
  | { readonly format: 'base64' | 'hex'; readonly text: string };

/** A frame read as far as needed to route it: an error string says why it is not a transaction frame. */
type Classified =
  | { readonly route: 'ur'; readonly format: 'ur2' | 'ur1'; readonly type: string; readonly identity: UrIdentity }
  | { readonly route: 'bbqr'; readonly head: string; readonly index: number; readonly body: string }
  | { readonly route: 'single'; readonly format: 'base64' | 'hex'; readonly text: string; readonly result: ScanResult }
  | { readonly route: 'invalid'; readonly format: ScanFormat | null; readonly why: string };

/** One stream being read: its decoder, what it has so far, and how much of it the camera has seen. */
interface Session {
  readonly stream: Stream;
  progress: ScanProgress;
  /** Frames of it seen, repeats included: what a single-QR stream weighs (a steady QR is seen again and again). */
  sightings: number;
  /** The frame counter when one of its frames was last seen: the stalest other stream is forgotten first. */
  lastSeen: number;
  done: ScanResult | null;
}

/** What feeding one frame to a session did; `session` is the session afterwards, or null when there is none. */
interface Fed {
  readonly kind: 'added' | 'duplicate' | 'complete' | 'invalid' | 'foreign';
  readonly why?: string;
  readonly session: Session | null;
}

/** Streams other than the one shown that are collected on the side (a stray frame, a second transaction on screen). */
const MAX_OTHER_STREAMS = 3;

const newSession = (stream: Stream): Session => ({ stream, progress: { received: 0, estimated: 0 }, sightings: 0, lastSeen: 0, done: null });

/** How much of a stream was read: its distinct parts; a single QR, how often it was seen. */
function weight(session: Session): number {
  const { stream } = session;
  const single = stream.format === 'base64' || stream.format === 'hex' || ('identity' in stream && 'single' in stream.identity);
  return single ? session.sightings : session.progress.received;
}

/**
 * Collects the frames of one transaction QR stream in any order; see the file comment.
 *
 * It never locks onto a stray frame (issue 13, item 6): a frame of another stream is reported `foreign` and never
 * mixed in, but it is collected on the side, in that stream's own decoder (up to MAX_OTHER_STREAMS of them). When
 * another stream has been read further than the current one (more distinct parts; a single QR seen more often),
 * the session goes on with it — reported `added` with `restarted` (or `complete`) — so a stray frame read first
 * costs one frame, not the scan. Once complete, the result stands until reset().
 */
export class TransactionScan {
  private current: Session | null = null;
  private others: Session[] = [];
  private clock = 0;
  /** BBQr headers under which two different parts were seen at one position: their parts are refused. */
  private mixedHeads = new Set<string>();
  /** One bound on the fountain parts held by all the UR streams collected (issue 10): the sessions let go of leave it. */
  private readonly budget = new HeldBudget();

  /** Feeds one scanned QR text (or one pasted line). Never throws. */
  add(frameText: string): ScanStatus {
    try {
      return this.addFrame(frameText);
    } catch (e) {
      // Every path above reports; this is the last guard for a decoder's unexpected throw.
      return this.status('invalid', this.current?.stream.format ?? null, isWalletError(e) ? lowerFirst(e.message) : 'this QR frame could not be read');
    } finally {
      this.budget.retain(this.fountains());
    }
  }

  /** The fountain decoders of the UR streams held. */
  private fountains(): FountainDecoder[] {
    const sessions = this.current === null ? this.others : [this.current, ...this.others];
    return sessions.flatMap(({ stream }) => ('decoder' in stream && stream.decoder instanceof UrDecoder ? stream.decoder.fountains : []));
  }

  /** True once the stream is complete and holds a PSBT or a transaction (never a BBQr one found mixed with another). */
  get complete(): boolean {
    return (this.current?.done ?? null) !== null && !this.currentMixed();
  }

  /** Why nothing can be read: two BBQr codes of the same size were seen (see the file comment); else null. */
  get mixed(): string | null {
    return this.mixedHeads.size > 0 ? BBQR_MIXED : null;
  }

  /** The format of the stream being read (the first valid frame's, or the one it went on with), or null before one. */
  get format(): ScanFormat | null {
    return this.current?.stream.format ?? null;
  }

  /** The PSBT or transaction, after add() said 'complete'; throws WalletError('BAD_QR') before. */
  result(): ScanResult {
    const done = this.current?.done ?? null;
    if (this.currentMixed()) throw new WalletError('BAD_QR', `${capitalFirst(BBQR_MIXED)}: its parts cannot be told apart (BBQr has no checksum).`);
    if (done === null) {
      const progress = this.progress();
      throw new WalletError('BAD_QR', this.current === null
        ? 'No transaction QR code has been read yet.'
        : `${progress.received} of about ${progress.estimated} QR frames read: keep scanning.`);
    }
    return done;
  }

  /** Forgets every stream (e.g. the user chose to scan another transaction). */
  reset(): void {
    this.current = null;
    this.others = [];
    this.mixedHeads = new Set();
    this.budget.retain([]);
  }

  private currentMixed(): boolean {
    const stream = this.current?.stream;
    return stream?.format === 'bbqr' && this.mixedHeads.has(stream.head);
  }

  /**
   * A BBQr part under a header already found mixed, or the part that shows it: another body at a position held
   * under the same header, in the stream read or one collected on the side (a finished one too).
   */
  private mixes(frame: Extract<Classified, { route: 'bbqr' }>): boolean {
    if (this.mixedHeads.has(frame.head)) return true;
    // Only a part as long as the one held shows a second code (one that cannot be read never gets here: classify):
    // a repeat cut short must not stop a stream that is the only one in view.
    const sessions = this.current === null ? this.others : [this.current, ...this.others];
    const clash = sessions.some(({ stream }) => {
      if (stream.format !== 'bbqr' || stream.head !== frame.head) return false;
      const body = stream.bodies.get(frame.index);
      return body !== undefined && body !== frame.body && body.length === frame.body.length;
    });
    if (!clash) return false;
    this.mixedHeads.add(frame.head);
    // Streams collected on the side under this header hold parts of either code: they are no use any more.
    this.others = this.others.filter(({ stream }) => stream.format !== 'bbqr' || stream.head !== frame.head);
    return true;
  }

  private progress(): ScanProgress {
    return this.current?.progress ?? { received: 0, estimated: 0 };
  }

  private addFrame(frameText: string): ScanStatus {
    if (typeof frameText !== 'string') return this.status('invalid', null, 'this QR frame holds no text');
    const frame = classify(frameText);
    const current = this.current;
    if (frame.route === 'invalid') return this.status('invalid', current?.stream.format ?? frame.format, frame.why);
    if (frame.route === 'bbqr' && this.mixes(frame)) return { ...this.status('invalid', current?.stream.format ?? 'bbqr', BBQR_MIXED), mixed: true };
    this.clock += 1;
    if (current === null) {
      // Nothing under way: go on with a stream collected on the side, or start one.
      const known = this.others.find((o) => sameStream(o.stream, frame)) ?? null;
      this.others = this.others.filter((o) => o !== known);
      const fed = this.feed(known, frameText, frame);
      this.current = fed.session;
      return this.status(fed.kind, fed.session?.stream.format ?? frameFormat(frame), fed.why);
    }
    if (sameStream(current.stream, frame)) {
      if (current.done !== null) return this.status('complete', current.done.format);
      const fed = this.feed(current, frameText, frame);
      // A stream that completed but holds no transaction (or failed to decode) is forgotten: scanning starts over.
      if (fed.session === null) this.current = null;
      return this.status(fed.kind, current.stream.format, fed.why);
    }
    const why = foreignWhy(current.stream, frame);
    if (current.done !== null) return this.status('foreign', current.stream.format, why);
    return this.addOther(frameText, frame, current, why);
  }

  /** A frame of another stream: collected in its own session; the scan goes on with it once it outweighs the current one. */
  private addOther(text: string, frame: Routed, current: Session, why: string): ScanStatus {
    const known = this.others.find((o) => sameStream(o.stream, frame)) ?? null;
    const fed = this.feed(known, text, frame);
    const other = fed.session;
    if (other === null || fed.kind === 'invalid' || fed.kind === 'foreign') {
      if (other === null) this.others = this.others.filter((o) => o !== known);
      return this.status('foreign', current.stream.format, why);
    }
    if (known === null) this.others = [...this.others, other];
    if (weight(other) <= weight(current)) {
      this.others = this.keepFreshest(this.others);
      return this.status('foreign', current.stream.format, why);
    }
    // More of the other stream has been read than of this one: the first was the stray. Go on with the other.
    this.current = other;
    this.others = this.keepFreshest([...this.others.filter((o) => o !== other), current]);
    if (other.done !== null) return this.status('complete', other.done.format);
    return { ...this.status('added', other.stream.format, 'went on with another transaction: more of its frames were read than of the one before'), restarted: true };
  }

  private keepFreshest(sessions: Session[]): Session[] {
    return sessions.length <= MAX_OTHER_STREAMS ? sessions : [...sessions].sort((a, b) => b.lastSeen - a.lastSeen).slice(0, MAX_OTHER_STREAMS);
  }

  /** Feeds a frame to its session (a new one when null); touches no field of the scan. */
  private feed(session: Session | null, text: string, frame: Routed): Fed {
    const fed = frame.route === 'single' ? feedSingle(session, frame) : frame.route === 'ur' ? feedUr(session, text, frame, this.budget) : feedBbqr(session, text, frame);
    if (fed.session !== null) {
      fed.session.sightings += 1;
      fed.session.lastSeen = this.clock;
    }
    return fed;
  }

  private status(kind: ScanStatus['kind'], format: ScanFormat | null, why?: string): ScanStatus {
    return { kind, format, ...(why === undefined ? {} : { why }), progress: this.progress() };
  }
}

type Routed = Exclude<Classified, { route: 'invalid' }>;

function frameFormat(frame: Routed): ScanFormat {
  return frame.route === 'bbqr' ? 'bbqr' : frame.format;
}

function feedSingle(session: Session | null, frame: Extract<Classified, { route: 'single' }>): Fed {
  const s = session ?? newSession({ format: frame.format, text: frame.text });
  s.done = frame.result;
  s.progress = { received: 1, estimated: 1 };
  return { kind: 'complete', session: s };
}

function feedUr(session: Session | null, text: string, frame: Extract<Classified, { route: 'ur' }>, budget: HeldBudget): Fed {
  // Created lazily, for the first part of a stream: a decoder only ever sees parts of one message.
  const s = session ?? newSession({ format: frame.format, type: frame.type, identity: frame.identity, decoder: new UrDecoder(budget) });
  if (!('identity' in s.stream)) return { kind: 'foreign', why: FOREIGN, session };
  const seen = s.stream.decoder.receive(text);
  if (seen.kind === 'invalid') return { kind: 'invalid', why: lowerFirst(seen.message), session };
  if (seen.kind === 'progress') {
    const seqLen = seen.expected ?? 1;
    // At least the seqLen parts; once that many are in and the message is not, fountain parts are still needed.
    s.progress = { received: seen.received, estimated: seen.received >= seqLen ? seen.received + 1 : seqLen };
    return { kind: seen.result === 'duplicate' ? 'duplicate' : 'added', session: s };
  }
  const received = 'single' in s.stream.identity ? 1 : s.progress.received + 1;
  return finish(s, psbtFromUr(seen.ur), received);
}

function feedBbqr(session: Session | null, text: string, frame: Extract<Classified, { route: 'bbqr' }>): Fed {
  const s = session ?? newSession({ format: 'bbqr', head: frame.head, decoder: new BbqrDecoder(), bodies: new Map<number, string>() });
  if (!('bodies' in s.stream)) return { kind: 'foreign', why: FOREIGN, session };
  const seen: BbqrStatus = s.stream.decoder.add(text);
  if (seen.kind === 'invalid') {
    const why = seen.why ?? 'this BBQr part could not be read';
    if (session !== null && why.includes('another BBQr message')) return { kind: 'foreign', why: FOREIGN, session };
    // All parts were in but did not decode (the decoder has started over): so does the stream.
    if (session !== null && seen.received === 0) return { kind: 'invalid', why: `BBQr: ${why}`, session: null };
    return { kind: 'invalid', why: `BBQr: ${why}`, session };
  }
  s.stream.bodies.set(frame.index, frame.body);
  s.progress = { received: seen.received, estimated: seen.total };
  if (seen.kind !== 'complete') return { kind: seen.kind, session: s };
  return finish(s, fromBbqr(s.stream.decoder.result()), seen.received);
}

/** A stream that completed but holds no transaction is reported, then forgotten so a new one can start. */
function finish(s: Session, found: ScanResultBody | string, received: number): Fed {
  if (typeof found === 'string') return { kind: 'invalid', why: found, session: null };
  const format = s.stream.format;
  s.done = found.kind === 'psbt' ? { kind: 'psbt', bytes: found.bytes, format } : { kind: 'transaction', hex: found.hex, format };
  s.progress = { received, estimated: Math.max(received, s.progress.estimated) };
  return { kind: 'complete', session: s };
}

/**
 * What one QR text is, by the scan's own classifier (for a caller that reads one format only and wants to name
 * the others): a part of a UR or BBQr stream, a whole PSBT or transaction in one QR, or why it is no transaction
 * QR at all ("this QR code is a Bitcoin address, not a transaction"). A damaged UR or BBQr part is still a part.
 */
export type QrTextKind =
  | { readonly kind: 'part'; readonly format: 'ur2' | 'ur1' | 'bbqr' }
  | { readonly kind: 'psbt' | 'transaction'; readonly format: 'base64' | 'hex' }
  | { readonly kind: 'other'; readonly why: string };

export function identifyQrText(text: string): QrTextKind {
  const frame = classify(text);
  switch (frame.route) {
    case 'ur':
      return { kind: 'part', format: frame.format };
    case 'bbqr':
      return { kind: 'part', format: 'bbqr' };
    case 'single':
      return { kind: frame.result.kind, format: frame.format };
    case 'invalid':
      if (frame.format === 'ur2' || frame.format === 'ur1' || frame.format === 'bbqr') return { kind: 'part', format: frame.format };
      return { kind: 'other', why: frame.why };
  }
}

/**
 * Which stream one QR text is a frame of, by the identity TransactionScan routes frames with: for a UR its type,
 * seqLen, checksum, message and fragment length (a single-part UR: its text); for BBQr its header (encoding, file
 * type, part count); a whole PSBT or transaction: its text. `stream` is equal for frames of one stream; `message` is
 * also equal for the same UR shown at another frame size. Or why the text is no frame of a transaction. For a
 * caller that sorts many texts before scanning them (the CLI's standard input): a TransactionScan fed the frames of
 * one stream only holds one decoder.
 */
export type QrStreamId = { readonly stream: string; readonly message: string } | { readonly stream: null; readonly why: string };

export function qrStreamId(text: string): QrStreamId {
  const frame = classify(text);
  switch (frame.route) {
    case 'invalid':
      return { stream: null, why: frame.why };
    case 'single': {
      const stream = `${frame.format}:${frame.text}`;
      return { stream, message: stream };
    }
    case 'bbqr': {
      const stream = `bbqr:${frame.head}`;
      return { stream, message: stream };
    }
    case 'ur': {
      const { identity: id, type } = frame;
      if ('single' in id) return { stream: `ur:${type}:${id.single}`, message: `ur:${type}:${id.single}` };
      return { stream: `ur:${type}/${id.seqLen}/${id.checksum}/${id.messageLength}/${id.fragmentLength}`, message: `ur:${type}/${id.checksum}/${id.messageLength}` };
    }
  }
}

type ScanResultBody = { readonly kind: 'psbt'; readonly bytes: Uint8Array } | { readonly kind: 'transaction'; readonly hex: string };

function classify(raw: string): Classified {
  const text = raw.trim();
  if (text === '') return { route: 'invalid', format: null, why: 'this QR code is empty' };
  if (/^ur:/i.test(text)) return classifyUr(text);
  if (text.startsWith('B$')) return classifyBbqr(text);
  return classifySingle(text);
}

function classifyUr(text: string): Classified {
  let parsed: ReturnType<typeof parseUrString>;
  try {
    parsed = parseUrString(text);
  } catch (e) {
    return { route: 'invalid', format: null, why: reason(e, 'this UR could not be read') };
  }
  const known = UR_FORMATS[parsed.type];
  if (known === undefined) {
    const name = UR_NAMES[parsed.type];
    return {
      route: 'invalid',
      format: null,
      why: name === undefined
        ? `this QR code is a UR of type "${parsed.type.slice(0, 40)}", not a transaction (psbt or crypto-psbt)`
        : `this QR code is ${name}, not a transaction`,
    };
  }
  try {
    const body = decodeBytewords(parsed.body, 'minimal');
    if (parsed.seq === null) return { route: 'ur', format: known.format, type: parsed.type, identity: { single: parsed.body } };
    const part = decodePart(body);
    if (part.seqNum !== parsed.seq.num || part.seqLen !== parsed.seq.len) {
      return { route: 'invalid', format: known.format, why: 'this QR frame’s sequence number does not match its contents' };
    }
    const identity = { seqLen: part.seqLen, checksum: part.checksum, messageLength: part.messageLength, fragmentLength: part.data.length };
    return { route: 'ur', format: known.format, type: parsed.type, identity };
  } catch (e) {
    return { route: 'invalid', format: known.format, why: reason(e, 'this UR frame could not be read') };
  }
}

function classifyBbqr(text: string): Classified {
  const type = text[3] ?? '';
  if (type !== 'P' && type !== 'T' && type in BBQR_FILE_TYPES) {
    return { route: 'invalid', format: null, why: `this QR code is a BBQr ${BBQR_FILE_TYPES[type as keyof typeof BBQR_FILE_TYPES]} file, not a transaction` };
  }
  if (text.length < 9 || !/^[0-9A-Z]{2}$/.test(text.slice(6, 8))) {
    return { route: 'invalid', format: 'bbqr', why: 'BBQr: this part’s header is cut short or damaged' };
  }
  const index = Number.parseInt(text.slice(6, 8), 36);
  // A part that cannot be read is a bad frame, whatever else is in view (never taken for a part of another code).
  const read = readBbqrPart(text);
  if (typeof read === 'string') return { route: 'invalid', format: 'bbqr', why: `BBQr: ${read}` };
  // Encoding, file type and part count: parts of one message share them (the index and body differ).
  return { route: 'bbqr', head: text.slice(2, 6), index, body: text.slice(8) };
}

function classifySingle(text: string): Classified {
  const compact = text.replace(/\s+/g, '');
  if (/^70736274ff/i.test(compact)) {
    if (compact.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(compact)) {
      return { route: 'invalid', format: 'hex', why: 'this QR code starts like a hex PSBT but is not valid hexadecimal' };
    }
    const checked = checkPsbt(hex.decode(compact.toLowerCase()));
    if (typeof checked === 'string') return { route: 'invalid', format: 'hex', why: checked };
    return { route: 'single', format: 'hex', text: compact.toLowerCase(), result: { kind: 'psbt', bytes: checked, format: 'hex' } };
  }
  if (compact.startsWith('cHNidP8')) {
    let bytes: Uint8Array;
    try {
      bytes = base64.decode(compact);
    } catch {
      return { route: 'invalid', format: 'base64', why: 'this QR code starts like a base64 PSBT but is not valid base64' };
    }
    const checked = checkPsbt(bytes);
    if (typeof checked === 'string') return { route: 'invalid', format: 'base64', why: checked };
    return { route: 'single', format: 'base64', text: compact, result: { kind: 'psbt', bytes: checked, format: 'base64' } };
  }
  const named = nameNonTransaction(text);
  if (named !== undefined) return { route: 'invalid', format: null, why: `this QR code is ${named}, not a transaction` };
  if (/^[0-9a-f]+$/i.test(compact) && compact.length % 2 === 0) {
    const lower = compact.toLowerCase();
    const tx = checkTransaction(hex.decode(lower));
    if (tx === undefined) return { route: 'single', format: 'hex', text: lower, result: { kind: 'transaction', hex: lower, format: 'hex' } };
    if (/^\d+$/.test(compact)) return { route: 'invalid', format: null, why: 'this QR code is a number, not a transaction' };
    return { route: 'invalid', format: null, why: `this QR code holds hexadecimal that is neither a PSBT nor a transaction (${tx})` };
  }
  if (/^\d+$/.test(compact)) return { route: 'invalid', format: null, why: 'this QR code is a number, not a transaction' };
  return { route: 'invalid', format: null, why: 'this QR code is not a transaction (not a UR, BBQr, PSBT or raw transaction)' };
}

/** Common QR codes that are not transactions, named so the user knows what they scanned. */
function nameNonTransaction(text: string): string | undefined {
  if (/^bitcoin:/i.test(text)) return 'a Bitcoin payment request (an address)';
  if (/^(bc|tb|bcrt)1[02-9ac-hj-np-z]{6,87}$/i.test(text)) return 'a Bitcoin address';
  if (/^[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(text)) return 'a Bitcoin address';
  if (/^(ethereum:)?0x[0-9a-f]{40}$/i.test(text)) return 'an Ethereum address';
  if (/^(lightning:)?ln(bc|tb|bcrt)[0-9a-z]+$/i.test(text)) return 'a Lightning invoice';
  if (/^\d{48}$|^\d{96}$/.test(text)) return 'a SeedQR (recovery words: keep it private)';
  if (/^[xyzuvtYZUV]prv[1-9A-HJ-NP-Za-km-z]{100,}$/.test(text)) return 'a private key (keep it private)';
  if (/^[xyztuvYZUV]pub[1-9A-HJ-NP-Za-km-z]{100,}$/.test(text) || /^\[[0-9a-f]{8}[/0-9'h]*\][xyztuvYZUV]pub/i.test(text)) return 'an extended public key';
  if (/^(sh|wsh|pkh|wpkh|tr|multi|sortedmulti|addr|raw|combo)\(/.test(text)) return 'a wallet descriptor';
  if (/^[a-z]+( [a-z]+){11,23}$/.test(text)) return 'a list of words (recovery words: keep them private)';
  return undefined;
}

function sameStream(stream: Stream, frame: Routed): boolean {
  switch (frame.route) {
    case 'single':
      return (stream.format === 'base64' || stream.format === 'hex') && stream.text === frame.text;
    case 'ur':
      return (stream.format === 'ur2' || stream.format === 'ur1') && stream.type === frame.type && sameIdentity(stream.identity, frame.identity);
    case 'bbqr': {
      if (stream.format !== 'bbqr' || stream.head !== frame.head) return false;
      const body = stream.bodies.get(frame.index);
      return body === undefined || body === frame.body;
    }
  }
}

function sameIdentity(a: UrIdentity, b: UrIdentity): boolean {
  if ('single' in a || 'single' in b) return 'single' in a && 'single' in b && a.single === b.single;
  return a.seqLen === b.seqLen && a.checksum === b.checksum && a.messageLength === b.messageLength && a.fragmentLength === b.fragmentLength;
}

function foreignWhy(stream: Stream, frame: Routed): string {
  if (frame.route === 'ur' && (stream.format === 'ur2' || stream.format === 'ur1') && stream.type === frame.type &&
    !('single' in stream.identity) && !('single' in frame.identity) &&
    stream.identity.checksum === frame.identity.checksum && stream.identity.messageLength === frame.identity.messageLength) {
    return `${FOREIGN} (or this one shown with another frame size): its parts do not mix with those read so far`;
  }
  return FOREIGN;
}

/** The PSBT inside a psbt / crypto-psbt UR: a CBOR byte string, tolerated inside its registry tag. */
function psbtFromUr(ur: Ur): ScanResultBody | string {
  let value;
  try {
    value = decodeCbor(ur.cbor, { maxLength: MAX_PSBT_BYTES });
  } catch (e) {
    return reason(e, 'the scanned UR is not valid CBOR');
  }
  const tag = UR_FORMATS[ur.type]?.tag;
  if (value instanceof CborTag && value.tag === tag) value = value.value;
  if (!(value instanceof Uint8Array)) return `the scanned ur:${ur.type} does not hold a PSBT (a CBOR byte string)`;
  const checked = checkPsbt(value);
  return typeof checked === 'string' ? checked : { kind: 'psbt', bytes: checked };
}

function fromBbqr(result: BbqrResult): ScanResultBody | string {
  if (result.fileType === 'P') {
    const checked = checkPsbt(result.data);
    return typeof checked === 'string' ? checked : { kind: 'psbt', bytes: checked };
  }
  if (result.fileType === 'T') {
    const problem = checkTransaction(result.data);
    if (problem === undefined) return { kind: 'transaction', hex: hex.encode(result.data) };
    if (PSBT_MAGIC.every((b, i) => result.data[i] === b)) return 'this BBQr code says it holds a transaction (file type T) but holds a PSBT';
    return `the scanned BBQr transaction is not a valid transaction (${problem})`;
  }
  return `this QR code is a BBQr ${BBQR_FILE_TYPES[result.fileType]} file, not a transaction`;
}

function checkPsbt(bytes: Uint8Array): Uint8Array | string {
  try {
    parsePsbt(bytes);
    return bytes;
  } catch (e) {
    return `the scanned data is not a valid PSBT: ${reason(e, 'it could not be read')}`;
  }
}

/** BIP-174: every PSBT starts with "psbt" 0xff. */
const PSBT_MAGIC = [0x70, 0x73, 0x62, 0x74, 0xff];

/**
 * undefined when the bytes are one whole Bitcoin transaction with inputs and outputs, else what is wrong, in plain
 * words (the parser's own message, e.g. "Reader(inputs/arrayLen): Wrong length: 72057594078887940", says nothing
 * to a user).
 */
function checkTransaction(bytes: Uint8Array): string | undefined {
  try {
    const tx = RawTx.decode(bytes);
    if (tx.inputs.length === 0 || tx.outputs.length === 0) return 'no inputs or no outputs';
    return undefined;
  } catch {
    return 'its bytes do not read as one';
  }
}

function reason(e: unknown, fallback: string): string {
  return isWalletError(e) ? lowerFirst(e.message.replace(/\.$/, '')) : fallback;
}

function capitalFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s;
}
