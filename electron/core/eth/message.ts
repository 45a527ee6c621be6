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

/** Strict UTF-8 (RFC 3629) to text; null when invalid or when it holds control characters other than \t \n \r. */
export function messageText(bytes: Uint8Array): string | null {
  const text = utf8Decode(bytes);
  if (text === null) return null;
  // C0/C1 controls (but tab, newline, return), bidi overrides and isolates (which reorder what is shown), BOM.
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);
    if (control || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) return null;
  }
  return text;
}

export function reviewMessage(bytes: Uint8Array): EthMessageReview {
  return { text: messageText(bytes), hex: `0x${bytesToHex(bytes)}`, bytes: bytes.length };
}
