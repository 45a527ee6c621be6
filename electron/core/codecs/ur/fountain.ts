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
 * k-th of the indexes still remaining (which stay in ascending order, as splice keeps them). Shuffling all n with
 * splice is O(n²) (for a 200 KB PSBT in 400-byte parts, most of the decoding time); this is O(count²) for a few
 * picks, and O(n + count × log n) with a Fenwick tree of the indexes remaining for many (a part of a
 * 10,000-fragment message XORs about 1,000 on average, and a hostile one up to all 10,000; issue 10).
 */
function firstOfShuffle(n: number, count: number, rng: Xoshiro256): number[] {
  return count * count > 4 * n ? firstOfShuffleTree(n, count, rng) : firstOfShuffleList(n, count, rng);
}

function firstOfShuffleList(n: number, count: number, rng: Xoshiro256): number[] {
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

let treeBuffer = new Int32Array(0);

function firstOfShuffleTree(n: number, count: number, rng: Xoshiro256): number[] {
  // tree[i] (1-based) counts the indexes remaining in (i − lowbit(i), i]; all n remain at first.
  if (treeBuffer.length < n + 1) treeBuffer = new Int32Array(n + 1);
  const tree = treeBuffer;
  for (let i = 1; i <= n; i++) tree[i] = i & -i;
  let top = 1;
  while (top * 2 <= n) top *= 2;
  const picked: number[] = [];
  for (let c = 0; c < count; c++) {
    // The remaining index of rank k: the largest position whose prefix count is at most k.
    let rank = rng.nextInt(0, n - c - 1);
    let pos = 0;
    for (let step = top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && (tree[next] as number) <= rank) {
        pos = next;
        rank -= tree[next] as number;
      }
    }
    picked.push(pos);
    for (let i = pos + 1; i <= n; i += i & -i) tree[i] = (tree[i] as number) - 1;
  }
  return picked;
}

export function chooseFragments(seqNum: number, seqLen: number, checksum: number): number[] {
  if (seqNum <= seqLen) return [seqNum - 1];
  return fragmentsFromRng(seqLen, partRng(seqNum, checksum));
}

/** The generator a mixed part's fragments are drawn from: Xoshiro256** seeded with (seqNum, checksum). */
export function partRng(seqNum: number, checksum: number): Xoshiro256 {
  const seed = new Uint8Array(8);
  seed.set(uint32BE(seqNum >>> 0), 0);
  seed.set(uint32BE(checksum), 4);
  return new Xoshiro256(seed);
}

/** A mixed part's degree, then its fragments, drawn as bc-ur does. */
export function fragmentsFromRng(seqLen: number, rng: Xoshiro256): number[] {
  return firstOfShuffle(seqLen, chooseDegree(seqLen, rng), rng);
}

/**
 * The decoder's check of the fragments drawn for a part. bc-ur's nextInt(low, high) is floor(nextDouble() × (high −
 * low + 1)) + low, and a 64-bit output within 2^10 of 2^64 rounds nextDouble() to 1.0: the draw is then high + 1 — a
 * degree past seqLen (the sampler then yields no degree at all) or a fragment index equal to seqLen, which exists in
 * no message. The encoder keeps the draw as bc-ur does (bit-compatible); the decoder refuses such a part.
 */
export function checkedFragments(indexes: readonly number[], seqLen: number): readonly number[] {
  if (indexes.length === 0 || indexes.some((i) => !Number.isInteger(i) || i < 0 || i >= seqLen)) {
    throw new WalletError('BAD_QR', `This animated QR frame names fragments this message does not have (it has ${seqLen.toLocaleString('en-US')}).`);
  }
  return indexes;
}

function xorInto(target: Uint8Array, source: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) ^ (source[i] as number);
}

/** The decoder keeps fragments as 32-bit words (zero-padded): XORed four bytes at a time, its main work. */
function xorWords(target: Uint32Array, source: Uint32Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) ^ (source[i] as number);
}

function toWords(bytes: Uint8Array): Uint32Array {
  const words = new Uint32Array(Math.ceil(bytes.length / 4));
  new Uint8Array(words.buffer).set(bytes);
  return words;
}

/** The largest sequence number: it is a uint32 (bcr-2020-005's fountain part is [uint32 seqNum, ...]). */
export const MAX_SEQ_NUM = 0xffffffff;

/** Bounds on what a scanned animated QR may claim, so a hostile frame cannot make us allocate without limit. */
export const MAX_PARTS = 16_384;
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

/** What happened to a part handed to the decoder: nothing throws for an ordinary bad frame. */
export type PartResult = 'added' | 'duplicate' | 'complete';

/**
 * Bounds on what one stream may make the decoder hold (issue 10): mixed parts that cannot be solved yet are kept,
 * and a hostile stream could send nothing else. At most MAX_PENDING_PARTS of them, whose records (their objects and
 * lists of fragments, HELD_PART_BYTES + LISTED_INDEX_BYTES an index) take at most MAX_PENDING_LIST_BYTES and whose
 * data at most MAX_PENDING_BYTES; a part past a bound is refused with a WalletError (a frame reported invalid, saying
 * so) and the scan goes on. The keys that file parts of few unknowns by their subsets (FILED_KEY_BYTES each) take at
 * most MAX_PENDING_KEY_BYTES: past it a part is simply not filed (it is still solved by peeling; nothing is refused).
 * A scan's streams share them (HeldBudget). What is counted is at least the heap the held parts take
 * (test/core/fountain-memory.test.ts), so the parts held by one scan take under 192 MiB. The largest legitimate need
 * measured, a 1 MiB PSBT in Sparrow's 80-byte fragments (13,108) read from mixed parts only with half the frames lost,
 * counted 39,533 parts, 67.0 MiB of records, 11.6 MiB of keys and 3.0 MiB of data at most (46.9 MB of heap;
 * docs/BENCHMARKS.md, issue 10).
 */
export const MAX_PENDING_PARTS = 100_000;
export const MAX_PENDING_LIST_BYTES = 96 * 1024 * 1024;
export const MAX_PENDING_BYTES = 64 * 1024 * 1024;
export const MAX_PENDING_KEY_BYTES = 32 * 1024 * 1024;

export interface PendingLimits {
  readonly parts: number;
  readonly listBytes: number;
  readonly bytes: number;
  /** MAX_PENDING_KEY_BYTES when not given. */
  readonly keyBytes?: number;
}
const PENDING_LIMITS: PendingLimits = { parts: MAX_PENDING_PARTS, listBytes: MAX_PENDING_LIST_BYTES, bytes: MAX_PENDING_BYTES, keyBytes: MAX_PENDING_KEY_BYTES };

/**
 * One set of bounds for the parts held by several fountain decoders: a scan collects up to 4 streams (the one read
 * and 3 on the side), and the bounds hold for their sum. The scan says which decoders it still has (`retain`), so a
 * stream it let go of no longer counts.
 */
export class HeldBudget {
  private readonly decoders = new Set<FountainDecoder>();

  constructor(readonly limits: PendingLimits = PENDING_LIMITS) {}

  join(decoder: FountainDecoder): void {
    this.decoders.add(decoder);
  }

  /** A decoder let go of: what it holds no longer counts. */
  leave(decoder: FountainDecoder): void {
    this.decoders.delete(decoder);
  }

  /** Only these decoders count from now on (the others were let go of). */
  retain(live: Iterable<FountainDecoder>): void {
    const keep = new Set(live);
    for (const d of this.decoders) if (!keep.has(d)) this.decoders.delete(d);
  }

  /** What every decoder of the budget holds. */
  get held(): Held {
    let parts = 0;
    let listBytes = 0;
    let bytes = 0;
    let keyBytes = 0;
    for (const d of this.decoders) {
      const h = d.held;
      parts += h.parts;
      listBytes += h.listBytes;
      bytes += h.bytes;
      keyBytes += h.keyBytes;
    }
    return { parts, listBytes, bytes, keyBytes };
  }
}
/** What decoders hold, in the units of PendingLimits. */
export interface Held {
  readonly parts: number;
  readonly listBytes: number;
  readonly bytes: number;
  readonly keyBytes: number;
}

/** Distinct parts remembered to report a repeat as a duplicate (beyond, a repeat is simply absorbed again). */
const MAX_SEEN_KEYS = 250_000;

/**
 * Mixed parts are compared with one another (a subset XORed out of a superset) once they XOR this few unknowns:
 * each is filed under a hash of every subset of its unknowns (57 for 6). Against bc-ur's decoder, which compares
 * parts of any size, 6 never needed a frame more in our comparisons; 4 did.
 */
const SMALL = 6;
/**
 * A part XORing more unknown fragments than this is parked: kept with its index list but listed under no fragment,
 * and looked at again each time a quarter of the unknown fragments has been solved (it cannot be solved before it
 * is down to one unknown). Parts of high degree are most of a stream (a part of a 10,000-fragment message XORs about
 * 1,000 fragments on average): listing them all under every fragment would cost their whole degree in memory and in
 * work for every fragment solved.
 */
const LISTED = 16;

/**
 * A parked part: its unknown fragments as of the last look — a list of indexes, or a bitset of all the fragments
 * when that is smaller (a part of 1,300 fragments of 13,000: 1,625 bytes instead of 2,600) — and its data with the
 * others XORed out.
 */
interface Parked {
  list: Uint16Array | Int32Array | null;
  bits: Uint32Array | null;
  readonly data: Uint32Array;
}

/**
 * Bytes a listed part's fragments take: its own list (4 bytes an index) and its places in the fragments' lists, whose
 * arrays grow with slack (V8 grows an array by half its length plus 16): 24 an index, from test/core/fountain-memory.test.ts.
 */
const LISTED_INDEX_BYTES = 24;
/**
 * Bytes a held part takes besides its fragment indexes and data words, measured in V8 (Node 20): its objects and
 * the typed arrays' headers and buffers (a Uint32Array of one word takes about 200 bytes), its sorted list once
 * small. Measured 560–870 bytes a part (listed or parked, 1-byte fragments); counted with a margin, checked in
 * test/core/fountain-memory.test.ts.
 */
export const HELD_PART_BYTES = 1024;
/**
 * Bytes one key filing a small part takes in `smallParts` or `bySubset` (a map entry, its array of parts, their
 * hash): a part of k unknowns is filed under 2^k − 1 − k keys (57 for 6). Measured about 110 bytes a key.
 */
export const FILED_KEY_BYTES = 128;

/** Bytes a dropped part keeps while listed entries still point to it: its object (its data and lists let go of). */
const DEAD_PART_BYTES = 192;
const NO_WORDS = new Uint32Array(0);
const NO_INDEXES = new Int32Array(0);

/** Keys a small part of `count` unknowns is filed under: its own list and each proper subset of two or more. */
function filedKeys(count: number): number {
  return 2 ** count - 1 - count;
}

/** A mixed part not solved yet. */
interface Pending {
  /** The unknown fragments it XORed when it was stored. */
  stored: Int32Array;
  /** How many of them have not been XORed out of `data` yet. */
  count: number;
  /** Those fragments, once there are at most SMALL of them (ascending); null before. */
  small: number[] | null;
  /** The list it is filed under in `smallParts` and `bySubset` (null when not filed). */
  filed: number[] | null;
  data: Uint32Array;
  alive: boolean;
}

/** The fragments a part held with `count` unknowns of `seqLen` takes, in bytes (as stored by parkedSet, or listed). */
function listBytes(count: number, seqLen: number): number {
  if (count <= LISTED) return count * LISTED_INDEX_BYTES;
  return Math.min(count * (seqLen <= 0x10000 ? 2 : 4), Math.ceil(seqLen / 32) * 4);
}

/**
 * What a part held with `count` unknowns is counted: its objects and its fragments. A parked part counts at least
 * what it takes once listed, so that what is counted only shrinks while a part is held (it is checked on arrival).
 */
function heldCost(count: number, seqLen: number): number {
  const fragments = listBytes(count, seqLen);
  return HELD_PART_BYTES + (count > LISTED ? Math.max(fragments, LISTED * LISTED_INDEX_BYTES) : fragments);
}

function parkedSet(unknown: readonly number[], seqLen: number): Pick<Parked, 'list' | 'bits'> {
  const words = Math.ceil(seqLen / 32);
  if (listBytes(unknown.length, seqLen) < words * 4) return { list: seqLen <= 0x10000 ? Uint16Array.from(unknown) : Int32Array.from(unknown), bits: null };
  const bits = new Uint32Array(words);
  for (const i of unknown) bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
  return { list: null, bits };
}

function parkedMembers(q: Parked): ArrayLike<number> {
  if (q.list !== null) return q.list;
  const members: number[] = [];
  const bits = q.bits as Uint32Array;
  for (let w = 0; w < bits.length; w++) {
    for (let word = bits[w] as number; word !== 0; word &= word - 1) members.push((w << 5) + 31 - Math.clz32(word & -word));
  }
  return members;
}

/**
 * A cheap key for a part's fragment set, as a number (a Set of 250,000 numbers takes about 9 MB of heap; of strings
 * like "7#123#456", about 51 MB): a single fragment's index itself; else 53 bits of two sums of 32-bit hashes of its
 * members, its length mixed in (order does not matter, so no sort). A collision would only report a part as a repeat.
 */
function setKey(indexes: readonly number[]): number {
  if (indexes.length === 1) return indexes[0] as number;
  let a = Math.imul(indexes.length, 0x9e3779b1);
  let b = 0;
  for (const i of indexes) {
    let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    a = (a + (h ^ (h >>> 16))) | 0;
    let g = Math.imul(i + 0x7f4a7c15, 0x5bd1e995);
    g = Math.imul(g ^ (g >>> 15), 0x27d4eb2d);
    b = (b + (g ^ (g >>> 13))) | 0;
  }
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

/** A hash of the members of a short ascending list picked by mask (equal hashes are told apart by comparing). */
function pickedHash(list: readonly number[], mask: number): number {
  let a = 0x2545f491;
  let b = 0x1b873593;
  for (let bit = 0; bit < list.length; bit++) {
    if (((mask >> bit) & 1) === 0) continue;
    const x = list[bit] as number;
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul((b + x) ^ (b >>> 15), 0x5bd1e995);
  }
  return ((a >>> 11) * 0x100000000) + (b >>> 0);
}

/** Hashes of the proper subsets of two or more members of a short ascending list. */
function subsetHashes(list: readonly number[]): number[] {
  const hashes: number[] = [];
  const full = (1 << list.length) - 1;
  for (let mask = 3; mask < full; mask++) if ((mask & (mask - 1)) !== 0) hashes.push(pickedHash(list, mask));
  return hashes;
}

/** Whether ascending `a` is a subset of ascending `b`. */
function isSubset(a: readonly number[], b: readonly number[]): boolean {
  let j = 0;
  for (const x of a) {
    while (j < b.length && (b[j] as number) < x) j++;
    if (b[j] !== x) return false;
  }
  return true;
}

function fileUnder<T>(map: Map<number, T[]>, key: number, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}

function unfile<T>(map: Map<number, T[]>, key: number, item: T): void {
  const list = map.get(key);
  if (list === undefined) return;
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

/**
 * The fountain decoder: a peeling (belief-propagation) decoder. A mixed part not solved yet is listed under each
 * unknown fragment it XORs once there are at most LISTED of them (parked before), so solving a fragment touches only
 * the parts that hold it; a part left with one unknown solves it in turn. Parts reduced to a few unknowns are also compared with one another (bc-ur's decoder reduces a
 * part by any other whose fragments are a subset of its own), through keys of their subsets instead of a scan. The
 * work is bounded by the fragments each part XORs times the fragment length, whatever the order of the parts.
 */
export class FountainDecoder {
  private header: (Omit<FountainPart, 'seqNum' | 'data'> & { fragmentLength: number }) | null = null;
  /** Solved fragments. */
  private known: (Uint32Array | undefined)[] = [];
  private knownCount = 0;
  /** Solved fragments already XORed out of every pending part that holds them. */
  private propagated = new Uint8Array(0);
  /** For each fragment, the pending parts stored with it (some may have died or shed it since). */
  private holders: (Pending[] | undefined)[] = [];
  private holderEntries = 0;
  /** Fragment indexes of the listed parts (the live entries in `holders`). */
  private listedIndexes = 0;
  private heldListBytes = 0;
  private heldBytes = 0;
  private heldKeyBytes = 0;
  /** What parts dropped (solved or repeats) keep in the fragments' lists until compactHolders: counted as records. */
  private deadBytes = 0;
  private pendingCount = 0;
  private parked: Parked[] = [];
  /** Unknown fragments when the parked parts were last looked at. */
  private unknownAtLastLook = 0;
  /** Pending parts with at most SMALL unknowns, by the hash of their fragment list, and of each proper subset. */
  private readonly smallParts = new Map<number, Pending[]>();
  private readonly bySubset = new Map<number, Pending[]>();
  /** Work to do: fragments solved but not yet XORed out of their holders; small parts whose fragments changed. */
  private solvedQueue: number[] = [];
  private changed: Pending[] = [];
  private readonly seen = new Set<number>();
  private message: Uint8Array | null = null;
  private partsReceived = 0;

  private readonly budget: HeldBudget;

  /** The bounds are the MAX_PENDING_ constants (smaller ones in tests), for this decoder alone or shared (a budget). */
  constructor(limits: PendingLimits | HeldBudget = PENDING_LIMITS) {
    this.budget = limits instanceof HeldBudget ? limits : new HeldBudget(limits);
    this.budget.join(this);
  }

  /** Fraction of fragments known (0..1): an honest lower bound for a progress bar. */
  get progress(): number {
    return this.header ? this.knownCount / this.header.seqLen : 0;
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
  /** What is held of the mixed parts not solved yet, against MAX_PENDING_PARTS, _LIST_BYTES, _BYTES and _KEY_BYTES. */
  get held(): Held {
    return { parts: this.pendingCount, listBytes: this.heldListBytes + this.deadBytes, bytes: this.heldBytes, keyBytes: this.heldKeyBytes };
  }

  receive(part: FountainPart): PartResult {
    if (this.message) return 'complete';
    if (!this.header) {
      this.header = { seqLen: part.seqLen, messageLength: part.messageLength, checksum: part.checksum, fragmentLength: part.data.length };
      this.known = new Array<Uint32Array | undefined>(part.seqLen);
      this.unknownAtLastLook = part.seqLen;
      this.propagated = new Uint8Array(part.seqLen);
      this.holders = new Array<Pending[] | undefined>(part.seqLen);
    } else if (
      part.seqLen !== this.header.seqLen ||
      part.messageLength !== this.header.messageLength ||
      part.checksum !== this.header.checksum ||
      part.data.length !== this.header.fragmentLength
    ) {
      throw new WalletError('BAD_QR', 'This QR frame belongs to a different animated QR than the frames before it.');
    }
    const indexes = checkedFragments(chooseFragments(part.seqNum, part.seqLen, part.checksum), part.seqLen);
    const key = setKey(indexes);
    if (this.seen.has(key)) return 'duplicate';
    const unknown = indexes.filter((i) => this.known[i] === undefined);
    if (unknown.length > 1) this.checkRoom(unknown.length, Math.ceil(part.data.length / 4) * 4);
    if (this.seen.size < MAX_SEEN_KEYS) this.seen.add(key);
    this.partsReceived += 1;
    this.add(indexes, unknown, part.data);
    this.drain();
    return this.message ? 'complete' : 'added';
  }

  private checkRoom(unknowns: number, bytes: number): void {
    const max = this.budget.limits;
    const held = this.budget.held;
    const lists = heldCost(unknowns, this.known.length);
    if (held.parts >= max.parts || held.listBytes + lists > max.listBytes || held.bytes + bytes > max.bytes) {
      const n = (x: number) => x.toLocaleString('en-US');
      const size = (b: number) => (b >= 1024 * 1024 ? `${n(Math.floor(b / 1024 / 1024))} MiB` : `${n(b)} bytes`);
      throw new WalletError(
        'BAD_QR',
        `This animated QR frame was not kept: ${n(held.parts)} frames that cannot be solved yet are held already (at most ${n(max.parts)} frames, ${size(max.listBytes)} of records and ${size(max.bytes)} of data). Keep scanning: frames that solve a part are still read.`,
      );
    }
  }

  /** A new part: the known fragments XORed out; solves one fragment, or is held until it can. */
  private add(indexes: readonly number[], unknown: readonly number[], source: Uint8Array): void {
    if (unknown.length === 0) return; // the XOR of fragments already known
    const data = toWords(source);
    if (unknown.length < indexes.length) for (const i of indexes) if (this.known[i] !== undefined) xorWords(data, this.known[i]);
    if (unknown.length === 1) {
      this.solve(unknown[0] as number, data);
      return;
    }
    this.pendingCount += 1;
    this.heldBytes += data.byteLength;
    this.heldListBytes += heldCost(unknown.length, this.known.length);
    if (unknown.length > LISTED) this.parked.push({ ...parkedSet(unknown, this.known.length), data });
    else this.list(unknown, data);
  }

  /** A part with a few unknowns (2 to LISTED), already counted as held: listed under each of them. */
  private list(unknown: ArrayLike<number>, data: Uint32Array): void {
    const p: Pending = { stored: Int32Array.from(unknown), count: unknown.length, small: null, filed: null, data, alive: true };
    for (const i of p.stored) {
      let list = this.holders[i];
      if (list === undefined) this.holders[i] = list = [];
      list.push(p);
    }
    this.holderEntries += unknown.length;
    this.listedIndexes += unknown.length;
    if (unknown.length <= SMALL) {
      p.small = Array.from(p.stored).sort((a, b) => a - b);
      this.changed.push(p);
    }
  }

  private solve(i: number, data: Uint32Array): void {
    if (this.known[i] !== undefined) return;
    this.known[i] = data;
    this.knownCount += 1;
    this.solvedQueue.push(i);
    if (this.knownCount === (this.header as { seqLen: number }).seqLen) this.finish();
  }

  private drain(): void {
    while (!this.message) {
      const i = this.solvedQueue.pop();
      if (i !== undefined) {
        this.propagate(i);
        continue;
      }
      const p = this.changed.pop();
      if (p !== undefined) {
        if (p.alive) this.settleSmall(p);
        continue;
      }
      if (!this.lookAtParked()) break;
    }
    this.compactHolders();
  }

  /**
   * Once a quarter of the unknown fragments has been solved since the last look: the parked parts lose the fragments
   * solved since (XORed out); those left with few unknowns are listed (or solve one). True if any was.
   */
  private lookAtParked(): boolean {
    const unknownNow = this.known.length - this.knownCount;
    if (this.parked.length === 0 || unknownNow > (this.unknownAtLastLook * 3) / 4) return false;
    this.unknownAtLastLook = unknownNow;
    const stillParked: Parked[] = [];
    let moved = false;
    const seqLen = this.known.length;
    for (const q of this.parked) {
      const members = parkedMembers(q);
      const unknown: number[] = [];
      for (let m = 0; m < members.length; m++) {
        const i = members[m] as number;
        const value = this.known[i];
        if (value === undefined) unknown.push(i);
        else xorWords(q.data, value);
      }
      this.heldListBytes += heldCost(unknown.length, seqLen) - heldCost(members.length, seqLen);
      if (unknown.length > LISTED) {
        Object.assign(q, parkedSet(unknown, seqLen));
        stillParked.push(q);
        continue;
      }
      moved = true;
      if (unknown.length >= 2) {
        this.list(unknown, q.data);
        continue;
      }
      this.pendingCount -= 1;
      this.heldListBytes -= heldCost(unknown.length, seqLen);
      this.heldBytes -= q.data.byteLength;
      if (unknown.length === 1) this.solve(unknown[0] as number, q.data);
    }
    this.parked = stillParked;
    return moved;
  }

  /** Fragment i is solved: XOR it out of the parts that hold it. */
  private propagate(i: number): void {
    const value = this.known[i] as Uint32Array;
    const list = this.holders[i] ?? [];
    this.holders[i] = undefined;
    this.holderEntries -= list.length;
    this.propagated[i] = 1;
    for (const p of list) {
      if (!p.alive || (p.small !== null && !p.small.includes(i))) continue;
      xorWords(p.data, value);
      p.count -= 1;
      if (p.small !== null) {
        p.small = p.small.filter((j) => j !== i);
      } else if (p.count <= SMALL) {
        p.small = Array.from(p.stored).filter((j) => this.propagated[j] === 0).sort((a, b) => a - b);
      }
      if (p.small !== null) this.changed.push(p);
    }
  }

  /**
   * A part with few unknowns whose fragments changed: reduced by any held part whose fragments are a subset of its
   * own; then solves a fragment, or is dropped (a repeat), or is registered and reduces the held parts it is a
   * subset of.
   */
  private settleSmall(p: Pending): void {
    this.unregister(p);
    let small = p.small as number[];
    for (let reduced = true; reduced && small.length > 2; ) {
      reduced = false;
      const full = (1 << small.length) - 1;
      for (let mask = 3; mask < full && !reduced; mask++) {
        if ((mask & (mask - 1)) === 0) continue;
        for (const m of this.smallParts.get(pickedHash(small, mask)) ?? []) {
          const sub = m.small as number[];
          if (sub.length >= small.length || !isSubset(sub, small)) continue;
          xorWords(p.data, m.data);
          small = small.filter((j) => !sub.includes(j));
          reduced = true;
          break;
        }
      }
    }
    p.small = small;
    p.count = small.length;
    if (small.length <= 1) {
      const data = p.data;
      this.kill(p);
      if (small.length === 1) this.solve(small[0] as number, data);
      return;
    }
    const hash = pickedHash(small, (1 << small.length) - 1);
    if ((this.smallParts.get(hash) ?? []).some((m) => (m.small as number[]).length === small.length && isSubset(small, m.small as number[]))) {
      this.kill(p); // the same XOR as a part held already
      return;
    }
    if (this.roomForKeys(filedKeys(small.length) * FILED_KEY_BYTES)) {
      p.filed = small;
      this.heldKeyBytes += filedKeys(small.length) * FILED_KEY_BYTES;
      fileUnder(this.smallParts, hash, p);
      for (const sub of subsetHashes(small)) fileUnder(this.bySubset, sub, p);
    }
    for (const q of [...(this.bySubset.get(hash) ?? [])]) {
      const of = q.small as number[];
      if (q === p || of.length <= small.length || !isSubset(small, of)) continue;
      this.unregister(q);
      xorWords(q.data, p.data);
      q.small = of.filter((j) => !small.includes(j));
      q.count = q.small.length;
      this.changed.push(q);
    }
  }

  /** Past the bound on keys, a small part is not filed: it is still solved by peeling, only not compared with the others. */
  private roomForKeys(bytes: number): boolean {
    return this.budget.held.keyBytes + bytes <= (this.budget.limits.keyBytes ?? MAX_PENDING_KEY_BYTES);
  }

  private unregister(p: Pending): void {
    if (p.filed === null) return;
    unfile(this.smallParts, pickedHash(p.filed, (1 << p.filed.length) - 1), p);
    for (const sub of subsetHashes(p.filed)) unfile(this.bySubset, sub, p);
    this.heldKeyBytes -= filedKeys(p.filed.length) * FILED_KEY_BYTES;
    p.filed = null;
  }

  private kill(p: Pending): void {
    if (!p.alive) return;
    this.unregister(p);
    p.alive = false;
    this.pendingCount -= 1;
    this.listedIndexes -= p.stored.length;
    this.heldListBytes -= heldCost(p.stored.length, this.known.length);
    this.heldBytes -= p.data.byteLength;
    // Its entries stay in the fragments' lists until they are compacted: what it keeps there (its object and the
    // entries; its data and lists are let go of now) is counted until then (review: uncounted, dead parts with
    // their data piled up).
    this.deadBytes += DEAD_PART_BYTES + p.stored.length * LISTED_INDEX_BYTES;
    p.data = NO_WORDS;
    p.stored = NO_INDEXES;
    p.small = null;
  }

  /**
   * Drops the lists' entries of parts gone or reduced past them, once they outnumber the live ones, or once what the
   * dead parts keep passes a quarter of what is held (at least 1 MiB): amortized, a few entries visited a part.
   */
  private compactHolders(): void {
    const deadTooMuch = this.deadBytes > Math.max(1024 * 1024, (this.heldListBytes + this.heldBytes) / 4);
    if (this.holderEntries <= 2 * this.listedIndexes + 4096 && !deadTooMuch) return;
    this.holderEntries = 0;
    this.deadBytes = 0;
    for (let i = 0; i < this.holders.length; i++) {
      const list = this.holders[i];
      if (list === undefined) continue;
      const kept = list.filter((p) => p.alive && (p.small === null || p.small.includes(i)));
      this.holders[i] = kept.length ? kept : undefined;
      this.holderEntries += kept.length;
    }
  }

  private finish(): void {
    const h = this.header as NonNullable<typeof this.header>;
    const joined = new Uint8Array(h.seqLen * h.fragmentLength);
    for (let i = 0; i < h.seqLen; i++) joined.set(new Uint8Array((this.known[i] as Uint32Array).buffer, 0, h.fragmentLength), i * h.fragmentLength);
    const message = joined.slice(0, h.messageLength);
    if (crc32(message) !== h.checksum) {
      // Start over rather than stay stuck: a later, clean pass can still succeed.
      this.header = null;
      this.known = [];
      this.knownCount = 0;
      this.partsReceived = 0;
      this.release();
      throw new WalletError('BAD_QR', 'The animated QR was reassembled but fails its checksum: keep scanning, it starts over.');
    }
    this.message = message;
    this.release();
  }

  /** Forgets the parts held (complete, or starting over). */
  private release(): void {
    this.propagated = new Uint8Array(0);
    this.holders = [];
    this.holderEntries = 0;
    this.listedIndexes = 0;
    this.heldListBytes = 0;
    this.heldBytes = 0;
    this.heldKeyBytes = 0;
    this.deadBytes = 0;
    this.pendingCount = 0;
    this.parked = [];
    this.smallParts.clear();
    this.bySubset.clear();
    this.solvedQueue = [];
    this.changed = [];
    this.seen.clear();
  }
}
