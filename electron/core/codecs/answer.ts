/**
 * The QR texts that show a (signed) PSBT to the online coordinator, in the format it was sent in: UR v2 `psbt`,
 * UR v1 `crypto-psbt` (bcr-2020-006; the top-level UR holds the bare CBOR byte string, as the BCR example and
 * Keystone's registry write it) or BBQr file type P. TransactionScan reads every one of them back.
 */
import { WalletError } from '../errors';
import { BBQR_HEADER_LENGTH, encodeBbqr, MAX_BBQR_PARTS, QR_ALNUM_CAPACITY_L } from './bbqr';
import { encodeCbor } from './cbor';
import { MAX_QR_TEXT_CHARS } from './scan';
import { encodeUr, UrEncoder, type Ur } from './ur/ur';

export type AnswerFormat = 'ur2' | 'ur1' | 'bbqr';

export interface PsbtFramesOptions {
  /** UR only: the largest fragment in bytes (default 400, what Sparrow shows at about 5 frames a second). */
  readonly fragmentLength?: number;
  /** BBQr only: the largest QR version to use (default 40, as the reference encoder and Coldcard). */
  readonly maxVersion?: number;
}

export const DEFAULT_UR_FRAGMENT_LENGTH = 400;
/**
 * The answer for a PSBT that did not arrive by QR (a file, pasted text): UR `crypto-psbt`, the one type Sparrow,
 * BlueWallet, Nunchuk and Keystone all read. BlueWallet sends only `UR:CRYPTO-PSBT` frames to its UR v2 decoder and
 * Keystone knows no `psbt` type; Sparrow and Nunchuk read both. [test/core/answer-importers.test.ts]
 */
export const DEFAULT_ANSWER_FORMAT: AnswerFormat = 'ur1';
const MIN_UR_FRAGMENT_LENGTH = 10;
/**
 * The largest fragment whose UR part still fits one QR code (MAX_QR_TEXT_CHARS: 4296 characters, version 40-L,
 * alphanumeric). Bytewords minimal writes 2 characters a byte. A part is "ur:crypto-psbt/" (15 characters), then
 * "<seqNum>-<seqLen>/" (at most 12: the largest PSBT, 16 MiB, has under 8,000 fragments of this size, shown twice),
 * then the CBOR part — array head 1, seqNum 3, seqLen 3, message length 5, checksum 5, byte-string head 3 bytes —
 * the fragment and the CRC-32 (4 bytes): 15 + 12 + 2 × (24 + fragment) ≤ 4296, so 2110 bytes. [test/cli/qr-limits.test.ts]
 */
export const MAX_UR_FRAGMENT_LENGTH = Math.floor((MAX_QR_TEXT_CHARS - 15 - 12 - 2 * 24) / 2);

/**
 * The QR texts to show in turn, looping. UR texts are upper case so the QR uses alphanumeric mode. A UR that needs
 * more than one fragment is a fountain stream: the seqLen plain parts, then as many mixed parts again, so that a
 * receiver that joined late (or missed frames) still completes on the first loop.
 */
export function psbtFrames(psbt: Uint8Array, format: AnswerFormat, options: PsbtFramesOptions = {}): string[] {
  return psbtAnswer(psbt, format, { ...options, maxParts: Infinity }).frames;
}

/**
 * More parts than this make a QR answer impractical (at 5 frames a second, over three minutes of holding a camera
 * still, with every missed frame adding to it): the app offers saving the file instead.
 */
export const MAX_ANSWER_PARTS = 1000;

export interface PsbtAnswer {
  /**
   * The QR texts to show in turn; none when there would be more than maxParts parts. A fountain-coded UR has twice
   * its parts here: the parts, then as many mixed ones.
   */
  readonly frames: string[];
  /** How many parts the answer has (or would have): a UR's seqLen, a BBQr's part count; what a scanner counts to. */
  readonly parts: number;
}

/**
 * psbtFrames, but the frames of a UR are only made when it has at most maxParts parts (default MAX_ANSWER_PARTS):
 * counting them is free, making thousands of fountain parts is not (a 1 MB PSBT: 2,501 parts, seconds).
 * A BBQr is split whole either way (it is cheap: no fountain).
 */
export function psbtAnswer(psbt: Uint8Array, format: AnswerFormat, options: PsbtFramesOptions & { readonly maxParts?: number } = {}): PsbtAnswer {
  if (!(psbt instanceof Uint8Array) || psbt.length === 0) throw new WalletError('INVALID_ARGUMENT', 'There is no PSBT to show (0 bytes).');
  const maxParts = options.maxParts ?? MAX_ANSWER_PARTS;
  switch (format) {
    case 'ur2':
    case 'ur1': {
      const fragmentLength = options.fragmentLength ?? DEFAULT_UR_FRAGMENT_LENGTH;
      if (!Number.isInteger(fragmentLength) || fragmentLength < MIN_UR_FRAGMENT_LENGTH || fragmentLength > MAX_UR_FRAGMENT_LENGTH) {
        throw new WalletError('INVALID_ARGUMENT', `The UR fragment length must be a whole number of bytes from ${MIN_UR_FRAGMENT_LENGTH} to ${MAX_UR_FRAGMENT_LENGTH} (a larger fragment makes a part longer than a QR code can hold: ${MAX_QR_TEXT_CHARS} characters).`);
      }
      const ur: Ur = { type: format === 'ur2' ? 'psbt' : 'crypto-psbt', cbor: encodeCbor(psbt) };
      const encoder = new UrEncoder(ur, fragmentLength, 0, Math.min(MIN_UR_FRAGMENT_LENGTH, fragmentLength));
      if (encoder.isSinglePart) return { frames: [encodeUr(ur).toUpperCase()], parts: 1 };
      const parts = encoder.seqLen;
      if (parts > maxParts) return { frames: [], parts };
      return { frames: Array.from({ length: parts * 2 }, () => encoder.nextPart().toUpperCase()), parts };
    }
    case 'bbqr': {
      const maxVersion = options.maxVersion ?? 40;
      let frames: string[];
      try {
        frames = encodeBbqr(psbt, 'P', { maxVersion });
      } catch (e) {
        // More than the 1,295 parts a BBQr can number at this version: too many parts either way.
        const estimate = bbqrPartsUncompressed(psbt.length, maxVersion);
        if (e instanceof WalletError && estimate > MAX_BBQR_PARTS && estimate > maxParts) return { frames: [], parts: estimate };
        throw e;
      }
      return { frames: frames.length > maxParts ? [] : frames, parts: frames.length };
    }
  }
}

/**
 * BBQr parts for `length` bytes as base32 (8 characters for 5 bytes) at a QR version: what it takes when zlib does
 * not shrink the PSBT (it shrinks one a little at most: signatures and hashes do not compress).
 */
function bbqrPartsUncompressed(length: number, version: number): number {
  const capacity = (QR_ALNUM_CAPACITY_L[version - 1] ?? 0) - BBQR_HEADER_LENGTH;
  return Math.ceil(Math.ceil(length / 5) * 8 / (capacity - (capacity % 8)));
}
