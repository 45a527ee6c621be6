/**
 * personal_sign (EIP-191 version 0x45): keccak256("\x19Ethereum Signed Message:\n" || decimal length || message).
 * The message is shown as text when it is valid UTF-8 without control characters (newlines and tabs allowed),
 * as hex otherwise — a binary message (often a hash) is never dressed up as text.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { utf8Decode } from '../codecs/cbor';
import type { EthMessageReview } from './types';

export function personalMessageHash(message: Uint8Array): Uint8Array {
  return keccak_256(concatBytes(utf8ToBytes(`\x19Ethereum Signed Message:\n${message.length}`), message));
}

/**
 * C0/C1 controls, bidi overrides, isolates and marks (LRM, RLM, ALM: they reorder what is shown), zero-width space,
 * BOM: what text must not hide.
 */
function isHidden(c: number): boolean {
  const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f || c === 0x061c;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || bidi || c === 0x200b || c === 0xfeff;
}

/**
 * Strict UTF-8 (RFC 3629) to text; null when invalid or when it holds hidden characters other than tab, newline
 * and a return before a newline (a lone return sends a terminal back to the line's start, to write over it).
 */
export function messageText(bytes: Uint8Array): string | null {
  const text = utf8Decode(bytes);
  if (text === null) return null;
  if (/\r(?!\n)/.test(text)) return null;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (isHidden(c) && c !== 0x09 && c !== 0x0a && c !== 0x0d) return null;
  }
  return text;
}

/**
 * A text value shown on one line (an EIP-712 string, the request's origin): every hidden character — newline and
 * tab included, which would fake lines of a tree — written as \n, \r, \t or \u{…}; the text itself is unchanged.
 */
export function oneLine(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (!isHidden(c)) out += ch;
    else out += c === 0x0a ? '\\n' : c === 0x0d ? '\\r' : c === 0x09 ? '\\t' : `\\u{${c.toString(16)}}`;
  }
  return out;
}

export function reviewMessage(bytes: Uint8Array): EthMessageReview {
  return { text: messageText(bytes), hex: `0x${bytesToHex(bytes)}`, bytes: bytes.length };
}
