/**
 * The QR texts that show a (signed) PSBT to the online coordinator, in the format it was sent in: UR v2 `psbt`,
 * UR v1 `crypto-psbt` (bcr-2020-006; the top-level UR holds the bare CBOR byte string, as the BCR example and
 * Keystone's registry write it) or BBQr file type P. TransactionScan reads every one of them back.
 */
import { WalletError } from '../errors';
import { encodeBbqr } from './bbqr';
import { encodeCbor } from './cbor';
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
const MAX_UR_FRAGMENT_LENGTH = 4096;

/**
 * The QR texts to show in turn, looping. UR texts are upper case so the QR uses alphanumeric mode. A UR that needs
 * more than one fragment is a fountain stream: the seqLen plain parts, then as many mixed parts again, so that a
 * receiver that joined late (or missed frames) still completes on the first loop.
 */
export function psbtFrames(psbt: Uint8Array, format: AnswerFormat, options: PsbtFramesOptions = {}): string[] {
  if (!(psbt instanceof Uint8Array) || psbt.length === 0) throw new WalletError('INVALID_ARGUMENT', 'There is no PSBT to show (0 bytes).');
  switch (format) {
    case 'ur2':
    case 'ur1': {
      const fragmentLength = options.fragmentLength ?? DEFAULT_UR_FRAGMENT_LENGTH;
      if (!Number.isInteger(fragmentLength) || fragmentLength < MIN_UR_FRAGMENT_LENGTH || fragmentLength > MAX_UR_FRAGMENT_LENGTH) {
        throw new WalletError('INVALID_ARGUMENT', `The UR fragment length must be a whole number of bytes from ${MIN_UR_FRAGMENT_LENGTH} to ${MAX_UR_FRAGMENT_LENGTH}.`);
      }
      const ur: Ur = { type: format === 'ur2' ? 'psbt' : 'crypto-psbt', cbor: encodeCbor(psbt) };
      const encoder = new UrEncoder(ur, fragmentLength, 0, Math.min(MIN_UR_FRAGMENT_LENGTH, fragmentLength));
      if (encoder.isSinglePart) return [encodeUr(ur).toUpperCase()];
      return Array.from({ length: encoder.seqLen * 2 }, () => encoder.nextPart().toUpperCase());
    }
    case 'bbqr':
      return encodeBbqr(psbt, 'P', options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion });
  }
}
