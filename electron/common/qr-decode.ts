/**
 * The QR decoder the app's worker runs (renderer/workers/qr-decode.worker.ts) and the CLI's `permafrost scan`, as a
 * plain function so tests and bench/qr-decode.bench.ts call exactly the same code. electron/common: no DOM, no
 * Node, no core, only the `qr` package, so both the sandboxed renderer and the CLI may import it.
 * paulmillr's `qr` decoder for every frame, text and bytes alike (bench: ≈ 5 ms for a 1280×720 frame with a
 * dense code, where jsQR took ≈ 47 ms).
 * - 'text' (transactions: UR, BBQr, base64 — all text): the decoded string.
 * - 'bytes' (a CompactSeedQR is raw bytes, which a text decoder would mangle): byte segments are taken as they are
 *   (one character per byte, Latin-1), so the payload's exact bytes come back; the text is those bytes as UTF-8.
 */
import decodeQR from 'qr/decode.js';

export type DecodeMode = 'text' | 'bytes';

export interface DecodedQr {
  readonly text: string;
  readonly bytes: Uint8Array;
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

/** One character per byte: the byte segment's bytes survive the decoder's string result unchanged. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return s;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function decodeText(frame: Frame, mode: DecodeMode): string | null {
  try {
    return decodeQR({ width: frame.width, height: frame.height, data: frame.data }, mode === 'bytes' ? { textDecoder: latin1 } : {});
  } catch {
    return null; // no QR code in this frame (or not readable): the normal case for most camera frames
  }
}

/** Decodes the QR code in an RGBA frame, or null when there is none that can be read. Never throws. */
export function decodeFrame(frame: Frame, mode: DecodeMode): DecodedQr | null {
  const text = decodeText(frame, mode);
  if (text === null) return null;
  if (mode === 'text') return { text, bytes: encoder.encode(text) };
  // Numeric and alphanumeric segments are ASCII; only a Kanji segment (never in a SeedQR) has wider characters.
  const narrow = isLatin1(text);
  const bytes = narrow ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : encoder.encode(text);
  return { text: narrow ? utf8.decode(bytes) : text, bytes };
}
