/**
 * Uniform Resources (BlockchainCommons bcr-2020-005): "ur:<type>/<bytewords>" for one QR, and
 * "ur:<type>/<seqNum>-<seqLen>/<bytewords of a fountain part>" for an animated sequence.
 */
import { WalletError } from '../../errors';
import { decodeBytewords, encodeBytewords } from './bytewords';
import { decodePart, encodePart, FountainDecoder, FountainEncoder, type PartResult } from './fountain';

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

/** Accepts single-part URs and animated sequences, frames in any order, duplicates ignored. */
export class UrDecoder {
  private type: string | null = null;
  private readonly fountain = new FountainDecoder();
  private done: Ur | null = null;

  receive(text: string): UrScanStatus {
    if (this.done) return { kind: 'complete', ur: this.done };
    try {
      const parsed = parseUrString(text);
      if (this.type !== null && parsed.type !== this.type) {
        return { kind: 'invalid', message: `This QR is a ${parsed.type}, but the frames so far were a ${this.type}.` };
      }
      if (!parsed.seq) {
        this.done = { type: parsed.type, cbor: decodeBytewords(parsed.body, 'minimal') };
        return { kind: 'complete', ur: this.done };
      }
      const part = decodePart(decodeBytewords(parsed.body, 'minimal'));
      if (part.seqNum !== parsed.seq.num || part.seqLen !== parsed.seq.len) {
        return { kind: 'invalid', message: 'This QR frame’s sequence number does not match its contents.' };
      }
      this.type = parsed.type;
      const result = this.fountain.receive(part);
      const message = this.fountain.result;
      if (message) {
        this.done = { type: parsed.type, cbor: message };
        return { kind: 'complete', ur: this.done };
      }
      return { kind: 'progress', result, progress: this.fountain.progress, received: this.fountain.received, expected: this.fountain.expectedParts };
    } catch (e) {
      // A frame comes from a camera: whatever is wrong with it is reported, never thrown.
      return { kind: 'invalid', message: e instanceof WalletError ? e.message : 'This QR frame could not be read.' };
    }
  }
}
