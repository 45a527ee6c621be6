/**
 * SeedQR (SeedSigner/seedsigner docs/seed_qr/README.md): the English BIP39 words of a seed as a QR code.
 * - Standard SeedQR: each word's wordlist index as 4 decimal digits, concatenated, in numeric mode.
 * - CompactSeedQR: the raw entropy bytes (16 for 12 words, 32 for 24), in byte mode.
 * Both use error correction L; SeedSigner's sizes are 25×25 / 29×29 (Standard 12 / 24 words) and 21×21 / 25×25
 * (Compact 12 / 24 words).
 */
import { WalletError } from '../errors';
import { qrMatrix, type QrMatrix } from '../codecs/qr';
import { entropyToMnemonic, parseMnemonic } from '../keys/mnemonic';
import { wordlist } from '../keys/wordlists';

export type SeedQrFormat = 'standard' | 'compact';

/** English words of 12 or 24: the only phrases SeedQR defines (what is decoded below, encoded the same). */
function seedQrPhrase(mnemonic: string): ReturnType<typeof parseMnemonic> {
  const parsed = parseMnemonic(mnemonic, 'english');
  if (parsed.words.length !== 12 && parsed.words.length !== 24) {
    throw new WalletError('UNSUPPORTED', `SeedQR exists for 12 or 24 words only; this phrase has ${parsed.words.length}.`);
  }
  return parsed;
}

export function encodeStandardSeedQr(mnemonic: string): string {
  const { words, entropy } = seedQrPhrase(mnemonic);
  entropy.fill(0);
  const list = wordlist('english');
  return words.map((w) => String(list.indexOf(w)).padStart(4, '0')).join('');
}

export function encodeCompactSeedQr(mnemonic: string): Uint8Array {
  return seedQrPhrase(mnemonic).entropy;
}

const VERSIONS: Readonly<Record<SeedQrFormat, Readonly<Record<number, number>>>> = {
  standard: { 12: 2, 24: 3 },
  compact: { 12: 1, 24: 2 },
};

export function seedQrMatrix(mnemonic: string, format: SeedQrFormat): QrMatrix {
  const parsed = parseMnemonic(mnemonic, 'english');
  parsed.entropy.fill(0);
  const words = parsed.words.length;
  const version = VERSIONS[format][words];
  if (format === 'standard') return qrMatrix([{ data: encodeStandardSeedQr(mnemonic), mode: 'numeric' }], { ecc: 'L', ...(version ? { version } : {}) });
  const entropy = encodeCompactSeedQr(mnemonic);
  try {
    return qrMatrix([{ data: entropy, mode: 'byte' }], { ecc: 'L', ...(version ? { version } : {}) });
  } finally {
    entropy.fill(0);
  }
}

/**
 * A scanned SeedQR back to words. `text` is the decoded string (Standard: digits), `bytes` the raw byte payload
 * (Compact). Throws BAD_QR saying what the payload is instead.
 */
export function decodeSeedQr(payload: { text?: string; bytes?: Uint8Array }): { mnemonic: string; format: SeedQrFormat } {
  const text = payload.text?.trim();
  if (text !== undefined && /^\d+$/.test(text)) {
    // SeedQR is defined for 12 and 24 words, and SeedSigner refuses any other count (decode_qr.py, SeedQR.is1224Phrase):
    // a 15-, 18- or 21-word "SeedQR" comes from no conforming tool, so it is refused rather than guessed at.
    if (text.length !== 48 && text.length !== 96) {
      throw new WalletError('BAD_QR', `A Standard SeedQR holds 12 or 24 words, 4 digits per word (48 or 96 digits); this one has ${text.length.toLocaleString('en-US')}.`);
    }
    const list = wordlist('english');
    const words = (text.match(/\d{4}/g) as string[]).map((d, i) => {
      const word = list[Number(d)];
      if (word === undefined) throw new WalletError('BAD_QR', `SeedQR word ${i + 1} has index ${Number(d)}; word indices go up to 2047.`);
      return word;
    });
    try {
      return { mnemonic: parseMnemonic(words.join(' '), 'english').mnemonic, format: 'standard' };
    } catch {
      throw new WalletError('BAD_QR', 'This SeedQR’s words fail the BIP39 checksum: the code is damaged or not a SeedQR.');
    }
  }
  const bytes = payload.bytes;
  // CompactSeedQR is defined for 12 and 24 words only (16 or 32 bytes).
  if (bytes && (bytes.length === 16 || bytes.length === 32)) {
    return { mnemonic: entropyToMnemonic(bytes, 'english'), format: 'compact' };
  }
  if (text !== undefined && /^ur:/i.test(text)) throw new WalletError('BAD_QR', 'This is a UR code (for exports and transactions), not a SeedQR.');
  throw new WalletError(
    'BAD_QR',
    bytes ? `This QR code holds ${bytes.length} bytes: a CompactSeedQR holds 16 (12 words) or 32 (24 words).` : 'This QR code is not a SeedQR.',
  );
}
