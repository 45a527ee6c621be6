/**
 * Uniform Resources (BlockchainCommons bcr-2020-005): "ur:<type>/<bytewords>" for one QR, and
 * "ur:<type>/<seqNum>-<seqLen>/<bytewords of a fountain part>" for an animated sequence.
 */
import { WalletError } from '../../errors';
import { decodeBytewords, encodeBytewords } from './bytewords';
import { decodePart, encodePart, FountainDecoder, FountainEncoder, HeldBudget, type PartResult, type PendingLimits } from './fountain';

export interface Ur {
  readonly type: string;
  readonly cbor: Uint8Array;
}

const TYPE = /^[a-z0-9-]+$/;

export function encodeUr(ur: Ur): string {
  if (!TYPE.test(ur.type)) throw new RangeError(`UR: invalid type "${ur.type}"`);
  return `ur:${ur.type}/${encodeBytewords(ur.cbor, 'minimal')}`;
}

/** Parts of an animated UR; 400-byte fragments by default (Sparrow shows such frames at about 5 a second). */
export class UrEncoder {
  private readonly fountain: FountainEncoder;
  constructor(
    readonly ur: Ur,
    maxFragmentLength = 400,
    firstSeqNum = 0,
    minFragmentLength = 10,
  ) {
    this.fountain = new FountainEncoder(ur.cbor, maxFragmentLength, firstSeqNum, minFragmentLength);
  }
  get isSinglePart(): boolean {
    return this.fountain.isSinglePart;
  }
  get seqLen(): number {
    return this.fountain.seqLen;
  }
  nextPart(): string {
    if (this.fountain.isSinglePart) return encodeUr(this.ur);
    const part = this.fountain.nextPart();
    return `ur:${this.ur.type}/${part.seqNum}-${part.seqLen}/${encodeBytewords(encodePart(part), 'minimal')}`;
  }
}

interface ParsedUr {
  readonly type: string;
  readonly seq: { readonly num: number; readonly len: number } | null;
  readonly body: string;
}

export function parseUrString(text: string): ParsedUr {
  const lower = text.trim().toLowerCase();
  if (!lower.startsWith('ur:')) throw new WalletError('BAD_QR', 'This QR code is not a UR (it does not start with "ur:").');
  const parts = lower.slice(3).split('/');
  const type = parts[0] ?? '';
  if (!TYPE.test(type)) throw new WalletError('BAD_QR', `"${type.slice(0, 40)}" is not a valid UR type.`);
  if (parts.length === 2) return { type, seq: null, body: parts[1] as string };
  if (parts.length === 3) {
    const m = /^(\d+)-(\d+)$/.exec(parts[1] as string);
    if (!m) throw new WalletError('BAD_QR', `"${(parts[1] as string).slice(0, 20)}" is not a UR sequence number ("n-m").`);
    return { type, seq: { num: Number(m[1]), len: Number(m[2]) }, body: parts[2] as string };
  }
  throw new WalletError('BAD_QR', 'This UR has the wrong number of "/"-separated parts.');
}

export function decodeSinglePartUr(text: string): Ur {
  const parsed = parseUrString(text);
  if (parsed.seq) throw new WalletError('BAD_QR', 'This is one frame of an animated QR: scan all of it.');
  return { type: parsed.type, cbor: decodeBytewords(parsed.body, 'minimal') };
}

/** Status of one scanned frame, for the scanning screen (never thrown for ordinary bad frames). */
export type UrScanStatus =
  | { readonly kind: 'progress'; readonly result: PartResult; readonly progress: number; readonly received: number; readonly expected: number | null }
  | { readonly kind: 'complete'; readonly ur: Ur }
  | { readonly kind: 'invalid'; readonly message: string };

/** One animated UR being collected: its type and fountain decoder. */
interface UrStream {
  readonly type: string;
  readonly fountain: FountainDecoder;
  lastSeen: number;
}

/** Other animated URs collected on the side (a stray frame read first, a second code in view). */
const MAX_OTHER_STREAMS = 3;

/**
 * Accepts single-part URs and animated sequences, frames in any order, duplicates ignored.
 *
 * It never locks onto the first frame it accepts (issue 13, item 6): a frame of another animated UR (another
 * type, length or checksum) is reported invalid and never mixed in, but it is kept in a decoder of its own; once
 * that other UR has more parts read than the one under way, the decoder goes on with it (a stray frame read first
 * costs one frame, not the scan), and whichever completes is a whole, checksummed message.
 */
export class UrDecoder {
  private current: UrStream | null = null;
  private readonly others = new Map<string, UrStream>();
  private currentKey = '';
  private clock = 0;
  private done: Ur | null = null;

  private readonly budget: HeldBudget;

  /**
   * The bounds on what the streams' fountain decoders hold, together: the MAX_PENDING_ constants (smaller ones in
   * tests), or a budget shared with other decoders (a TransactionScan's sessions).
   */
  constructor(limits?: PendingLimits | HeldBudget) {
    this.budget = limits instanceof HeldBudget ? limits : new HeldBudget(limits);
  }

  /** The fountain decoders of the streams held (for a shared budget's retain). */
  get fountains(): FountainDecoder[] {
    return [...(this.current ? [this.current.fountain] : []), ...[...this.others.values()].map((o) => o.fountain)];
  }

  receive(text: string): UrScanStatus {
    if (this.done) return { kind: 'complete', ur: this.done };
    try {
      const parsed = parseUrString(text);
      if (!parsed.seq) {
        if (this.current !== null && parsed.type !== this.current.type) {
          return { kind: 'invalid', message: `This QR is a ${parsed.type}, but the frames so far were a ${this.current.type}.` };
        }
        this.done = { type: parsed.type, cbor: decodeBytewords(parsed.body, 'minimal') };
        return { kind: 'complete', ur: this.done };
      }
      const part = decodePart(decodeBytewords(parsed.body, 'minimal'));
      if (part.seqNum !== parsed.seq.num || part.seqLen !== parsed.seq.len) {
        return { kind: 'invalid', message: 'This QR frame’s sequence number does not match its contents.' };
      }
      this.clock += 1;
      const key = `${parsed.type}/${part.seqLen}/${part.checksum}/${part.messageLength}/${part.data.length}`;
      if (this.current === null) {
        this.current = { type: parsed.type, fountain: new FountainDecoder(this.budget), lastSeen: this.clock };
        this.currentKey = key;
      }
      if (key !== this.currentKey) return this.receiveOther(key, parsed.type, part);
      return this.fed(this.current, this.current.fountain.receive(part));
    } catch (e) {
      // A frame comes from a camera: whatever is wrong with it is reported, never thrown.
      return { kind: 'invalid', message: e instanceof WalletError ? e.message : 'This QR frame could not be read.' };
    }
  }

  /** A part of another animated UR: kept on the side; the decoder goes on with it once it has more parts read. */
  private receiveOther(key: string, type: string, part: ReturnType<typeof decodePart>): UrScanStatus {
    const current = this.current as UrStream;
    let other = this.others.get(key);
    if (other === undefined) {
      other = { type, fountain: new FountainDecoder(this.budget), lastSeen: 0 };
      this.others.set(key, other);
      if (this.others.size > MAX_OTHER_STREAMS) {
        const stalest = [...this.others.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen)[0] as [string, UrStream];
        this.others.delete(stalest[0]);
        this.budget.leave(stalest[1].fountain);
      }
    }
    other.lastSeen = this.clock;
    const result = other.fountain.receive(part);
    if (other.fountain.result === null && other.fountain.received <= current.fountain.received) {
      const why = type === current.type ? 'This QR frame belongs to a different animated QR than the frames before it.' : `This QR is a ${type}, but the frames so far were a ${current.type}.`;
      return { kind: 'invalid', message: why };
    }
    // The other UR has been read further (or is complete): the first frames were the stray ones.
    this.others.delete(key);
    this.others.set(this.currentKey, current);
    this.current = other;
    this.currentKey = key;
    return this.fed(other, result);
  }

  private fed(stream: UrStream, result: PartResult): UrScanStatus {
    stream.lastSeen = this.clock;
    const message = stream.fountain.result;
    if (message) {
      this.done = { type: stream.type, cbor: message };
      return { kind: 'complete', ur: this.done };
    }
    return { kind: 'progress', result, progress: stream.fountain.progress, received: stream.fountain.received, expected: stream.fountain.expectedParts };
  }
}
