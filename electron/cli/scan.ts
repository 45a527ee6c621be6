/**
 * permafrost scan IMAGE... (issue 10): the QR codes in PNG/JPEG files (a screenshot, a phone photo of a screen),
 * read with the app's own decoder. Each payload is printed on its own line, in the order of the files: as text, or
 * as hex when it is binary (a CompactSeedQR). With --assemble the images are the frames of one animated code
 * (UR or BBQr, any order, repeats fine), read through TransactionScan as `ur decode` reads lines, and the
 * transaction is printed (PSBT base64, transaction hex) or written in binary to --out FILE.
 */
import { hex } from '@scure/base';
import { isWalletError } from '../core';
import { decodeImage, MAX_IMAGE_BYTES, readImage } from './images';
import { parseFlags } from './args';
import { EXIT, readInput, UsageError, type CliIo } from './io';
import { writeTransaction } from './qr';
import { readStreamOrThrow, type NumberedLine } from './stream';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as text when it is printable UTF-8 (tabs and line breaks allowed), else null. */
function printable(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what makes a payload binary
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) ? null : text;
}

interface Found {
  readonly file: string;
  readonly text: string | null;
  readonly hex: string | null;
}

/** Each image's payload, or why there is none (reported on stderr). */
async function scanImages(io: CliIo, files: readonly string[]): Promise<Array<Found | { readonly file: string; readonly problem: string }>> {
  const out: Array<Found | { file: string; problem: string }> = [];
  for (const file of files) {
    const bytes = await readInput(io, file, MAX_IMAGE_BYTES);
    if (bytes.length > MAX_IMAGE_BYTES) {
      out.push({ file, problem: `larger than ${MAX_IMAGE_BYTES.toLocaleString('en-US')} bytes, more than an image of a QR code needs` });
      continue;
    }
    try {
      const found = decodeImage(readImage('the file', bytes));
      if (found === null) out.push({ file, problem: 'no QR code found (crop the photo to the code, or take it straighter and sharper)' });
      else {
        const text = printable(found.bytes);
        out.push({ file, text, hex: text === null ? hex.encode(found.bytes) : null });
      }
    } catch (e) {
      if (!isWalletError(e)) throw e;
      out.push({ file, problem: e.message.replace(/\.$/, '') });
    }
  }
  return out;
}

export async function scanCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseFlags(args, { assemble: 'boolean', out: 'string', force: 'boolean', json: 'boolean' });
  if (positionals.length === 0) throw new UsageError('scan takes one or more PNG or JPEG files: permafrost scan IMAGE... [--assemble [--out FILE]]');
  if (flags.out && !flags.assemble) throw new UsageError('--out applies to --assemble (the assembled transaction is written there)');
  if (flags.force && !flags.out) throw new UsageError('--force applies to --out FILE');
  const results = await scanImages(io, positionals);
  if (flags.assemble) {
    const lines: NumberedLine[] = [];
    results.forEach((r, i) => {
      if ('problem' in r) io.stderr(`${r.file}: skipped, ${r.problem}\n`);
      else lines.push({ number: i + 1, text: r.text ?? '', name: r.file });
    });
    const read = readStreamOrThrow('any', lines, io.stderr, { where: `the ${positionals.length} image${positionals.length === 1 ? '' : 's'}` });
    return writeTransaction(io, read, flags);
  }
  let missing = 0;
  for (const r of results) {
    if ('problem' in r) {
      missing += 1;
      io.stderr(`${r.file}: ${r.problem}\n`);
    }
  }
  const found = results.filter((r): r is Found => !('problem' in r));
  if (flags.json) io.stdout(`${JSON.stringify(results.map((r) => ('problem' in r ? { file: r.file, error: r.problem } : r.text !== null ? { file: r.file, text: r.text } : { file: r.file, hex: r.hex })))}\n`);
  else for (const r of found) io.stdout(`${r.text ?? r.hex}\n`);
  return missing === 0 ? EXIT.ok : EXIT.failed;
}
