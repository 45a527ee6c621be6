/**
 * QR texts read as lines by the CLI (standard input, a text file of parts, or the payloads `scan --assemble` found
 * in images): core's readStream (the same TransactionScan as the camera, and as the app's pasted text and files),
 * its notes printed on standard error.
 */
import type { ScanResult } from '../core/codecs/scan';
import { readStream, type Family, type NumberedLine, type StreamRead } from '../core/codecs/stream';
import { MAX_PSBT_BYTES } from '../core/psbt/parse';

export { MAX_STREAMS, numberLines, qrPartLines, readStream, type Family, type NumberedLine, type StreamRead } from '../core/codecs/stream';

/**
 * The largest QR stream read from standard input: a PSBT of MAX_PSBT_BYTES as UR parts (two characters a byte,
 * the loop shown twice) with its headers, or as hex, fits.
 */
export const MAX_STREAM_BYTES = 5 * MAX_PSBT_BYTES;

/** readStream that prints its notes on stderr and throws when the message is incomplete. */
export function readStreamOrThrow(family: Family, lines: readonly NumberedLine[], stderr: (text: string) => void, options: { label?: string; where?: string } = {}): Extract<StreamRead, { result: ScanResult }> {
  const read = readStream(family, lines, options);
  for (const note of read.notes) stderr(`${note}\n`);
  if (read.result === null) throw read.missing;
  return read;
}

