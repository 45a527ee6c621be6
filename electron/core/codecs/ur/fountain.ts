/**
 * Fountain codes for animated QR (BlockchainCommons bcr-2020-005, bc-ur src/fountain-*.cpp). The message is cut
 * into fragments; part n ≤ seqLen is fragment n, later parts XOR a pseudo-random set of fragments chosen by
 * Xoshiro256** seeded with (seqNum, checksum). Any sufficient set of parts, in any order, restores the message.
 */
import { WalletError } from '../../errors';
import { CborMap, decodeCbor, encodeCbor, type CborValue } from '../cbor';
import { crc32, uint32BE } from './crc32';
import { RandomSampler, Xoshiro256 } from './xoshiro';

export function nominalFragmentLength(messageLength: number, minFragmentLength: number, maxFragmentLength: number): number {
  const maxFragmentCount = Math.ceil(messageLength / minFragmentLength);
  let fragmentLength = 0;
  for (let count = 1; count <= maxFragmentCount; count++) {
    fragmentLength = Math.ceil(messageLength / count);
    if (fragmentLength <= maxFragmentLength) break;
  }
  return fragmentLength;
}

export function partitionMessage(message: Uint8Array, fragmentLength: number): Uint8Array[] {
  const count = Math.ceil(message.length / fragmentLength);
  return Array.from({ length: count }, (_, i) => {
    const f = new Uint8Array(fragmentLength);
    f.set(message.subarray(i * fragmentLength, (i + 1) * fragmentLength));
    return f;
  });
}

/** The degree sampler depends on seqLen only: built once per stream, not once per part (it is O(seqLen)). */
let lastSampler: { readonly seqLen: number; readonly sampler: RandomSampler } | null = null;

export function chooseDegree(seqLen: number, rng: Xoshiro256): number {
  if (lastSampler === null || lastSampler.seqLen !== seqLen) {
    lastSampler = { seqLen, sampler: new RandomSampler(Array.from({ length: seqLen }, (_, i) => 1 / (i + 1))) };
  }
  return lastSampler.sampler.next(rng) + 1;
}

/**
 * The first `count` items of bc-ur's shuffled() of [0, n), drawing exactly the same random numbers: pick k is the
 * k-th of the indexes still remaining (which stay in ascending order, as splice keeps them). O(count²) instead of
 * shuffling all n with splice (O(n²): for a 200 KB PSBT in 400-byte parts, most of the decoding time).
 */
function firstOfShuffle(n: number, count: number, rng: Xoshiro256): number[] {
  const picked: number[] = [];
  const removed: number[] = []; // ascending
  for (let c = 0; c < count; c++) {
    let v = rng.nextInt(0, n - c - 1);
    for (const r of removed) {
      if (r <= v) v += 1;
      else break;
    }
    picked.push(v);
    let at = removed.length;
    while (at > 0 && (removed[at - 1] as number) > v) at -= 1;
    removed.splice(at, 0, v);
  }
  return picked;
}

export function chooseFragments(seqNum: number, seqLen: number, checksum: number): number[] {
  if (seqNum <= seqLen) return [seqNum - 1];
  const seed = new Uint8Array(8);
  seed.set(uint32BE(seqNum >>> 0), 0);
  seed.set(uint32BE(checksum), 4);
  const rng = new Xoshiro256(seed);
  const degree = chooseDegree(seqLen, rng);
  return firstOfShuffle(seqLen, degree, rng);
}

function xorInto(target: Uint8Array, source: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) ^ (source[i] as number);
}

/** The largest sequence number: it is a uint32 (bcr-2020-005's fountain part is [uint32 seqNum, ...]). */
export const MAX_SEQ_NUM = 0xffffffff;

/** Bounds on what a scanned animated QR may claim, so a hostile frame cannot make us allocate without limit. */
export const MAX_PARTS = 10_000;
export const MAX_MESSAGE_LENGTH = 8 * 1024 * 1024;

export interface FountainPart {
  readonly seqNum: number;
  readonly seqLen: number;
  readonly messageLength: number;
  readonly checksum: number;
  readonly data: Uint8Array;
}

export function encodePart(p: FountainPart): Uint8Array {
  return encodeCbor([p.seqNum, p.seqLen, p.messageLength, p.checksum, p.data]);
}

export function decodePart(cbor: Uint8Array): FountainPart {
  const v = decodeCbor(cbor);
  const ok = (x: CborValue | undefined): x is number => typeof x === 'number' && x >= 0;
  if (!Array.isArray(v) || v.length !== 5 || v instanceof CborMap) throw new WalletError('BAD_QR', 'This animated QR frame is not a fountain part.');
  const [seqNum, seqLen, messageLength, checksum, data] = v as CborValue[];
  const u32 = (x: number) => x <= 0xffffffff;
  if (
    !ok(seqNum) || !ok(seqLen) || !ok(messageLength) || !ok(checksum) || !(data instanceof Uint8Array) ||
    seqNum < 1 || seqLen < 1 || data.length === 0 || !u32(seqNum) || !u32(checksum)
  ) {
    throw new WalletError('BAD_QR', 'This animated QR frame has an invalid header.');
  }
  if (seqLen > MAX_PARTS || messageLength > MAX_MESSAGE_LENGTH) {
    throw new WalletError('BAD_QR', `This animated QR is too large (${seqLen} parts, ${messageLength} bytes): at most ${MAX_PARTS} parts and ${MAX_MESSAGE_LENGTH} bytes are accepted.`);
  }
  // seqLen = ceil(messageLength / fragmentLength), so (seqLen - 1) × fragmentLength < messageLength ≤ seqLen × fragmentLength.
  if (messageLength > seqLen * data.length || messageLength <= (seqLen - 1) * data.length) {
    throw new WalletError('BAD_QR', 'This animated QR frame’s lengths do not add up.');
  }
  return { seqNum, seqLen, messageLength, checksum, data };
}

export class FountainEncoder {
  readonly fragments: Uint8Array[];
  readonly messageLength: number;
  readonly checksum: number;
  private seqNum: number;

  constructor(message: Uint8Array, maxFragmentLength: number, firstSeqNum = 0, minFragmentLength = 10) {
    if (message.length === 0) throw new RangeError('FountainEncoder: empty message');
    if (!Number.isInteger(firstSeqNum) || firstSeqNum < 0 || firstSeqNum > MAX_SEQ_NUM) {
      throw new WalletError('INVALID_ARGUMENT', `The first sequence number of an animated QR must be a whole number from 0 to ${MAX_SEQ_NUM} (got ${String(firstSeqNum)}).`);
    }
    const fragmentLength = nominalFragmentLength(message.length, minFragmentLength, maxFragmentLength);
    this.fragments = partitionMessage(message, fragmentLength);
    this.messageLength = message.length;
    this.checksum = crc32(message);
    this.seqNum = firstSeqNum;
  }

  get seqLen(): number {
    return this.fragments.length;
  }

  /** True once every fragment has gone out as a simple part. */
  get isComplete(): boolean {
    return this.seqNum >= this.seqLen;
  }

  get isSinglePart(): boolean {
    return this.seqLen === 1;
  }

  nextPart(): FountainPart {
    // The sequence number is a uint32 in the part's CBOR and numbers start at 1: after 2^32 − 1 comes 1 again
    // (0 names no part: the decoder refuses it, and fragment "0 − 1" does not exist).
    this.seqNum = this.seqNum >= MAX_SEQ_NUM ? 1 : this.seqNum + 1;
    const indexes = chooseFragments(this.seqNum, this.seqLen, this.checksum);
    const data = new Uint8Array((this.fragments[0] as Uint8Array).length);
    for (const i of indexes) xorInto(data, this.fragments[i] as Uint8Array);
    return { seqNum: this.seqNum, seqLen: this.seqLen, messageLength: this.messageLength, checksum: this.checksum, data };
  }
}

type Mixed = { indexes: Set<number>; data: Uint8Array };

/** What happened to a part handed to the decoder: nothing throws for an ordinary bad frame. */
export type PartResult = 'added' | 'duplicate' | 'complete';

export class FountainDecoder {
  private header: (Omit<FountainPart, 'seqNum' | 'data'> & { fragmentLength: number }) | null = null;
  private readonly simple = new Map<number, Uint8Array>();
  private mixed = new Map<string, Mixed>();
  private readonly seen = new Set<string>();
  private message: Uint8Array | null = null;
  private partsReceived = 0;

  /** Fraction of fragments known (0..1): an honest lower bound for a progress bar. */
  get progress(): number {
    return this.header ? this.simple.size / this.header.seqLen : 0;
  }
  get expectedParts(): number | null {
    return this.header?.seqLen ?? null;
  }
  get received(): number {
    return this.partsReceived;
  }
  get result(): Uint8Array | null {
    return this.message;
  }

  receive(part: FountainPart): PartResult {
    if (this.message) return 'complete';
    if (!this.header) {
      this.header = { seqLen: part.seqLen, messageLength: part.messageLength, checksum: part.checksum, fragmentLength: part.data.length };
    } else if (
      part.seqLen !== this.header.seqLen ||
      part.messageLength !== this.header.messageLength ||
      part.checksum !== this.header.checksum ||
      part.data.length !== this.header.fragmentLength
    ) {
      throw new WalletError('BAD_QR', 'This QR frame belongs to a different animated QR than the frames before it.');
    }
    const indexes = chooseFragments(part.seqNum, part.seqLen, part.checksum);
    const key = [...indexes].sort((a, b) => a - b).join(',');
    if (this.seen.has(key)) return 'duplicate';
    this.seen.add(key);
    this.partsReceived += 1;
    this.process({ indexes: new Set(indexes), data: Uint8Array.from(part.data) });
    return this.message ? 'complete' : 'added';
  }

  private process(first: Mixed): void {
    const queue: Mixed[] = [first];
    while (queue.length && !this.message) {
      const p = queue.shift() as Mixed;
      // Reduce by every known simple fragment it contains.
      for (const i of [...p.indexes]) {
        const known = this.simple.get(i);
        if (known && p.indexes.size > 1) {
          xorInto(p.data, known);
          p.indexes.delete(i);
        }
      }
      if (p.indexes.size === 1) {
        const [i] = p.indexes as unknown as [number];
        if (this.simple.has(i)) continue;
        this.simple.set(i, p.data);
        // Every mixed part holding i can now lose it.
        const next = new Map<string, Mixed>();
        for (const m of this.mixed.values()) {
          if (m.indexes.has(i)) {
            xorInto(m.data, p.data);
            m.indexes.delete(i);
            if (m.indexes.size === 1) queue.push(m);
            else next.set([...m.indexes].sort((a, b) => a - b).join(','), m);
          } else next.set([...m.indexes].sort((a, b) => a - b).join(','), m);
        }
        this.mixed = next;
        if (this.simple.size === (this.header as { seqLen: number }).seqLen) this.finish();
      } else if (p.indexes.size > 1) {
        // Reduce by any known mixed part that is a strict subset of this one…
        for (const m of this.mixed.values()) {
          if (m.indexes.size < p.indexes.size && [...m.indexes].every((i) => p.indexes.has(i))) {
            xorInto(p.data, m.data);
            for (const i of m.indexes) p.indexes.delete(i);
          }
        }
        if (p.indexes.size === 1) {
          queue.push(p);
          continue;
        }
        if (p.indexes.size === 0) continue; // it was the XOR of parts already known
        const key = [...p.indexes].sort((a, b) => a - b).join(',');
        if (this.mixed.has(key)) continue;
        // …and every known mixed part that contains this one.
        const next = new Map<string, Mixed>([[key, p]]);
        for (const [k, m] of this.mixed) {
          if (m.indexes.size > p.indexes.size && [...p.indexes].every((i) => m.indexes.has(i))) {
            xorInto(m.data, p.data);
            for (const i of p.indexes) m.indexes.delete(i);
            if (m.indexes.size === 1) queue.push(m);
            else next.set([...m.indexes].sort((a, b) => a - b).join(','), m);
          } else next.set(k, m);
        }
        this.mixed = next;
      }
    }
  }

  private finish(): void {
    const h = this.header as NonNullable<typeof this.header>;
    const joined = new Uint8Array(h.seqLen * h.fragmentLength);
    for (let i = 0; i < h.seqLen; i++) joined.set(this.simple.get(i) as Uint8Array, i * h.fragmentLength);
    const message = joined.slice(0, h.messageLength);
    if (crc32(message) !== h.checksum) {
      // Start over rather than stay stuck: a later, clean pass can still succeed.
      this.header = null;
      this.simple.clear();
      this.mixed = new Map();
      this.seen.clear();
      this.partsReceived = 0;
      throw new WalletError('BAD_QR', 'The animated QR was reassembled but fails its checksum: keep scanning, it starts over.');
    }
    this.message = message;
  }
}
