/**
 * One scanning session for an eth-sign-request shown as QR codes: a single UR or the parts of an animated one
 * (bcr-2020-005 fountain codes, frames in any order, duplicates ignored). Like TransactionScan, each frame gets a
 * status and nothing throws: the first valid frame decides the stream, a part of another request is `foreign`,
 * and a stream that completes but is no valid request is reported invalid and forgotten.
 */
import { isWalletError, WalletError } from '../errors';
import type { ScanProgress, ScanStatus } from '../codecs/scan';
import { decodeBytewords } from '../codecs/ur/bytewords';
import { decodePart } from '../codecs/ur/fountain';
import { parseUrString, UrDecoder } from '../codecs/ur/ur';
import { decodeEthSignRequest, type EthSignRequest } from './request';
import { MAX_ETH_REQUEST_TEXT } from './types';

const TYPE = 'eth-sign-request';

/** Identity of a stream: the whole text of a single-part UR, or what every part of one message shares. */
type Identity = string;

export class EthRequestScan {
  private identity: Identity | null = null;
  private decoder = new UrDecoder();
  private done: EthSignRequest | null = null;
  private progress: ScanProgress = { received: 0, estimated: 0 };
  /** Why the stream the last frame completed was not a valid request (for readEthRequestText); null otherwise. */
  lastFailure: WalletError | null = null;

  /** Feeds one scanned QR text (or one pasted line). Never throws. */
  add(frameText: string): ScanStatus {
    this.lastFailure = null;
    try {
      return this.addFrame(frameText);
    } catch (e) {
      return this.status('invalid', isWalletError(e) ? lower(e.message) : 'this QR frame could not be read');
    }
  }

  get received(): ScanProgress {
    return this.progress;
  }

  get complete(): boolean {
    return this.done !== null;
  }

  /** The decoded request once add() said 'complete'. */
  result(): EthSignRequest {
    if (this.done === null) {
      throw new WalletError('BAD_QR', this.identity === null
        ? 'No Ethereum signing request (ur:eth-sign-request) has been read yet.'
        : `${this.progress.received} of about ${this.progress.estimated} QR frames of the request read: keep scanning.`);
    }
    return this.done;
  }

  private addFrame(text: string): ScanStatus {
    if (typeof text !== 'string' || text.trim() === '') return this.status('invalid', 'this QR code is empty');
    const trimmed = text.trim();
    if (!/^ur:/i.test(trimmed)) return this.status('invalid', 'this QR code is not an Ethereum signing request (not a UR)');
    const parsed = parseUrString(trimmed);
    if (parsed.type !== TYPE) {
      return this.status('invalid', `this QR code is a UR of type "${parsed.type.slice(0, 40)}", not an Ethereum signing request (eth-sign-request)`);
    }
    let identity: Identity;
    if (parsed.seq === null) identity = `single:${parsed.body}`;
    else {
      const part = decodePart(decodeBytewords(parsed.body, 'minimal'));
      identity = `${part.seqLen}/${part.checksum}/${part.messageLength}/${part.data.length}`;
    }
    if (this.identity !== null && identity !== this.identity) return this.status('foreign', 'a part of another request');
    if (this.done !== null) return this.status('complete');
    const seen = this.decoder.receive(trimmed);
    if (seen.kind === 'invalid') return this.status('invalid', lower(seen.message));
    this.identity = identity;
    if (seen.kind === 'progress') {
      const seqLen = seen.expected ?? 1;
      this.progress = { received: seen.received, estimated: seen.received >= seqLen ? seen.received + 1 : seqLen };
      return this.status(seen.result === 'duplicate' ? 'duplicate' : 'added');
    }
    const received = parsed.seq === null ? 1 : this.progress.received + 1;
    try {
      this.done = decodeEthSignRequest(seen.ur.cbor);
    } catch (e) {
      this.reset();
      if (isWalletError(e)) this.lastFailure = e;
      throw e;
    }
    this.progress = { received, estimated: Math.max(received, this.progress.estimated) };
    return this.status('complete');
  }

  private reset(): void {
    this.identity = null;
    this.decoder = new UrDecoder();
    this.progress = { received: 0, estimated: 0 };
  }

  private status(kind: ScanStatus['kind'], why?: string): ScanStatus {
    return { kind, format: this.identity === null && kind !== 'complete' ? null : 'ur2', ...(why === undefined ? {} : { why }), progress: this.progress };
  }
}

/**
 * A request given as text: one UR, or the parts of an animated one, one per line in any order (blank lines
 * skipped). Refuses with what is wrong: a text over MAX_ETH_REQUEST_TEXT (before reading any of it), a line that is
 * not part of it (before or after it is complete), or parts still missing.
 */
export function readEthRequestText(text: string, options: { readonly firstLine?: number } = {}): EthSignRequest {
  if (text.length > MAX_ETH_REQUEST_TEXT) {
    throw new WalletError('BAD_ETH_REQUEST', `The request text is ${text.length.toLocaleString('en-US')} characters: a request is at most ${MAX_ETH_REQUEST_TEXT.toLocaleString('en-US')} (every part of an animated one included).`);
  }
  const scan = new EthRequestScan();
  // Numbered as the text is (blank lines counted), from firstLine: the CLI's request starts below the words.
  const lines = text.split(/\r?\n/).map((l, i) => ({ n: i + (options.firstLine ?? 1), line: l.trim() })).filter((l) => l.line !== '');
  if (lines.length === 0) throw new WalletError('BAD_ETH_REQUEST', 'There is no request: paste the ur:eth-sign-request text (every part of an animated one, one per line).');
  for (const { n, line } of lines) {
    const status = scan.add(line);
    if (scan.lastFailure) throw scan.lastFailure;
    if (status.kind === 'invalid' || status.kind === 'foreign') {
      throw new WalletError('BAD_ETH_REQUEST', `Line ${n}: ${status.why ?? 'it could not be read'}.`);
    }
  }
  // Every line is read, also after the request is complete: a stray line or a part of another request is refused,
  // never left unread beside the one signed.
  if (scan.complete) return scan.result();
  const { received, estimated } = scan.received;
  throw new WalletError('BAD_ETH_REQUEST', `Parts are missing: ${received} of about ${estimated} parts of the animated request were given. Paste every part, one per line.`);
}

function lower(s: string): string {
  const t = s.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(t) ? (t[0] as string).toLowerCase() + t.slice(1) : t;
}
