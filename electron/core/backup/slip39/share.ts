/**
 * One SLIP-39 share as words (slip-0039.md "Format of the share mnemonic"): 10 bits a word —
 * id (15 bits) ‖ ext (1) ‖ e (4) | group index (4) ‖ group threshold − 1 (4) ‖ group count − 1 (4) |
 * member index (4) ‖ member threshold − 1 (4) | padded share value | RS1024 checksum (3 words), the checksum
 * customised with "shamir" or, for extendable shares, "shamir_extendable".
 */
import { WalletError } from '../../errors';
import { SLIP39_WORDLIST } from './wordlist';

export interface Share {
  readonly identifier: number;
  readonly extendable: boolean;
  readonly iterationExponent: number;
  readonly groupIndex: number;
  readonly groupThreshold: number;
  readonly groupCount: number;
  readonly memberIndex: number;
  readonly memberThreshold: number;
  readonly value: Uint8Array;
}

const GEN = [0xe0e040, 0x1c1c080, 0x3838100, 0x7070200, 0xe0e0009, 0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120];
const RADIX = 10;
const CHECKSUM_WORDS = 3;
const METADATA_WORDS = 7; // 2 id/exponent + 2 share parameters + 3 checksum
export const MIN_WORDS = 20;

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 20;
    chk = ((chk & 0xfffff) << 10) ^ v;
    for (let i = 0; i < 10; i++) if ((b >>> i) & 1) chk ^= GEN[i] as number;
  }
  return chk;
}

const customization = (extendable: boolean) => [...(extendable ? 'shamir_extendable' : 'shamir')].map((c) => c.charCodeAt(0));

export function createChecksum(data: readonly number[], extendable: boolean): number[] {
  const p = polymod([...customization(extendable), ...data, 0, 0, 0]) ^ 1;
  return [2, 1, 0].map((i) => (p >>> (10 * i)) & 1023);
}

export function verifyChecksum(data: readonly number[], extendable: boolean): boolean {
  return polymod([...customization(extendable), ...data]) === 1;
}

const wordIndex = new Map(SLIP39_WORDLIST.map((w, i) => [w, i] as const));
const prefixIndex = new Map(SLIP39_WORDLIST.map((w, i) => [w.slice(0, 4), i] as const));

/** A typed share word: exact, or its first four letters (SLIP-39 words are unique by them). */
export function lookupShareWord(typed: string): number | undefined {
  const w = typed.trim().toLowerCase();
  return wordIndex.get(w) ?? (w.length >= 4 ? prefixIndex.get(w.slice(0, 4)) : undefined);
}

function bitsToWords(value: bigint, words: number): number[] {
  return Array.from({ length: words }, (_, i) => Number((value >> BigInt(RADIX * (words - 1 - i))) & 1023n));
}

function wordsToBits(indices: readonly number[]): bigint {
  return indices.reduce((acc, i) => (acc << 10n) | BigInt(i), 0n);
}

export function encodeShare(s: Share): string {
  const idExp = (BigInt(s.identifier) << 5n) | (BigInt(s.extendable ? 1 : 0) << 4n) | BigInt(s.iterationExponent);
  const params =
    (BigInt(s.groupIndex) << 16n) | (BigInt(s.groupThreshold - 1) << 12n) | (BigInt(s.groupCount - 1) << 8n) | (BigInt(s.memberIndex) << 4n) | BigInt(s.memberThreshold - 1);
  const valueWords = Math.ceil((s.value.length * 8) / RADIX);
  const value = s.value.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  const data = [...bitsToWords(idExp, 2), ...bitsToWords(params, 2), ...bitsToWords(value, valueWords)];
  return [...data, ...createChecksum(data, s.extendable)].map((i) => SLIP39_WORDLIST[i]).join(' ');
}

/**
 * Longest share text read: a share of the longest secret Permafrost can use (a 64-byte BIP32 seed, 59 words of
 * up to 8 letters) is under 550 characters; the rest is room for white space. Checked before any work.
 */
export const MAX_SHARE_CHARS = 10_000;

/** Decodes one share, or throws a WalletError saying what is wrong with it (`label` names it: "Share 2"). */
export function decodeShare(text: string, label = 'This share'): Share {
  if (text.length > MAX_SHARE_CHARS) {
    throw new WalletError('WRONG_WORD_COUNT', `${label} is ${text.length.toLocaleString('en-US')} characters long: a SLIP-39 share is at most ${MAX_SHARE_CHARS.toLocaleString('en-US')} (33 words for a 256-bit secret).`);
  }
  const typed = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const indices: number[] = [];
  typed.forEach((w, i) => {
    const index = lookupShareWord(w);
    if (index === undefined) throw new WalletError('UNKNOWN_WORD', `${label}: word ${i + 1} ('${w.slice(0, 24)}') is not in the SLIP-39 word list.`);
    indices.push(index);
  });
  if (indices.length < MIN_WORDS) {
    throw new WalletError('WRONG_WORD_COUNT', `${label} has ${indices.length} words: a SLIP-39 share has 20, 23, 27, 30 or 33 (20 for a 128-bit secret, 33 for 256-bit).`);
  }
  const paddingBits = (RADIX * (indices.length - METADATA_WORDS)) % 16;
  if (paddingBits > 8) throw new WalletError('WRONG_WORD_COUNT', `${label} has ${indices.length} words, which no SLIP-39 share has (20, 23, 27, 30 or 33).`);
  const idExp = Number(wordsToBits(indices.slice(0, 2)));
  const extendable = ((idExp >> 4) & 1) === 1;
  if (!verifyChecksum(indices, extendable)) {
    throw new WalletError('BAD_CHECKSUM', `${label}: the checksum does not match — a word is wrong or two are swapped.`);
  }
  const params = Number(wordsToBits(indices.slice(2, 4)));
  const share = {
    identifier: idExp >> 5,
    extendable,
    iterationExponent: idExp & 0xf,
    groupIndex: (params >> 16) & 0xf,
    groupThreshold: ((params >> 12) & 0xf) + 1,
    groupCount: ((params >> 8) & 0xf) + 1,
    memberIndex: (params >> 4) & 0xf,
    memberThreshold: (params & 0xf) + 1,
  };
  if (share.groupCount < share.groupThreshold) {
    throw new WalletError('INVALID_ARGUMENT', `${label} is invalid: its group threshold (${share.groupThreshold}) is greater than its group count (${share.groupCount}).`);
  }
  const valueWords = indices.slice(4, -CHECKSUM_WORDS);
  const bytes = valueBytesOf(valueWords, paddingBits);
  if (!bytes) throw new WalletError('INVALID_ARGUMENT', `${label} is invalid: its padding bits are not zero.`);
  return { ...share, value: bytes };
}

/** 10-bit words to bytes, the first `paddingBits` (at most 8) being padding that must be zero; null when not. Linear. */
function valueBytesOf(words: readonly number[], paddingBits: number): Uint8Array | null {
  const bytes = new Uint8Array((RADIX * words.length - paddingBits) / 8);
  const first = words[0] ?? 0;
  if (first >> (RADIX - paddingBits) !== 0) return null;
  let acc = first & ((1 << (RADIX - paddingBits)) - 1);
  let bits = RADIX - paddingBits;
  let o = 0;
  for (let i = 1; ; i++) {
    while (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
    if (i >= words.length) return bytes;
    acc = (acc << RADIX) | (words[i] as number);
    bits += RADIX;
  }
}
