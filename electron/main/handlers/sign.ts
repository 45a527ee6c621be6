/**
 * Sign Bitcoin: load an unsigned PSBT (file or pasted text), review it against the open wallet, sign what is
 * provably ours once every warning that needs it is acknowledged, and save the signed PSBT (or the finalized
 * transaction) to a drive, never over an existing file. The PSBT is public data; the keys stay in the vault.
 */
import {
  DEFAULT_ANSWER_FORMAT,
  finalizeTransaction,
  MAX_ANSWER_PARTS,
  MAX_PSBT_BYTES,
  parsePsbt,
  psbtAnswer,
  reviewPsbt,
  serializePsbt,
  SIGHASH_ALL,
  SIGHASH_DEFAULT,
  signPsbtAsync,
  textQr,
  numberLines,
  qrPartLines,
  qrTextTooLong,
  readStream,
  TransactionScan,
  WalletError,
  type AnswerFormat,
  type ParsedPsbt,
  type PsbtReview,
  type ScanResult,
} from '../../core';
import type { LoadedPsbt } from '../../ipc';
import type { MultisigWallet } from '../../core';
import { openRegisteredMultisig } from './multisig';
import { toQr, type HandlerSection, type HandlerServices } from './services';

/** What fits one QR code (version 40, low error correction, byte mode: 2953 bytes) with room to spare. */
export const MAX_SINGLE_QR_CHARS = 2900;

interface Held {
  readonly id: string;
  readonly name: string;
  readonly scannedAs: AnswerFormat | null;
  readonly walletId: string;
  readonly unsigned: ParsedPsbt;
  readonly review: PsbtReview;
  /** The registered multisig wallet it was reviewed against (and is signed for), if any. */
  readonly multisig: MultisigWallet | null;
  signed: ParsedPsbt | null;
  progress: { signed: number; total: number; running: boolean };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
/** "payment.psbt" → "payment"; a pasted PSBT is "pasted". */
const stem = (name: string) => name.replace(/\.(psbt|txt|b64|base64|hex)$/i, '') || 'transaction';
/** The answer format of a PSBT read from QR parts (UR v2 / v1, BBQr); null for one given whole (base64, hex). */
const answerFormat = (format: ScanResult['format']): AnswerFormat | null => (format === 'base64' || format === 'hex' ? null : format);
/**
 * The most lines of QR parts read from a paste or a text file: a 16 MiB PSBT (MAX_PSBT_BYTES) in Sparrow's 400-byte
 * UR fragments is 42,000 parts; the loop shown twice, 84,000.
 */
export const MAX_PART_LINES = 100_000;
/** At most this many of the notes on skipped lines are said with an incomplete read (the rest are counted). */
const MAX_NOTES = 3;

/**
 * The PSBT in a text of QR parts, one per line (pasted, or a text file): read by the same readStream as the CLI's
 * `review -`, through the same TransactionScan as the camera. An incomplete or mixed set is a BAD_QR that says
 * what is missing, with the first lines skipped and why.
 */
function psbtFromParts(lines: readonly string[], where: string): { bytes: Uint8Array; as: AnswerFormat | null } {
  // Read in one go in main (about 15–40 µs a line): bounded, so a huge paste cannot hold the window for minutes.
  if (lines.length > MAX_PART_LINES) {
    throw new WalletError('BAD_QR', `This text has ${lines.length.toLocaleString('en-US')} lines: at most ${MAX_PART_LINES.toLocaleString('en-US')} QR parts are read from pasted text or a file. Scan the QR code, or open the PSBT itself (a .psbt file).`);
  }
  lines.forEach((line, i) => {
    // What a QR code cannot hold was never shown as one: said as the scan channel says it.
    const tooLong = qrTextTooLong(line.trim());
    if (tooLong !== undefined) throw new WalletError('BAD_QR', `Line ${i + 1}: ${tooLong}.`);
  });
  const read = readStream('any', numberLines(lines), { where });
  if (read.result === null) {
    const more = read.notes.length > MAX_NOTES ? ` (and ${read.notes.length - MAX_NOTES} more lines skipped)` : '';
    const notes = read.notes.length > 0 ? ` ${capitalFirst(read.notes.slice(0, MAX_NOTES).join('; '))}${more}.` : '';
    throw new WalletError('BAD_QR', `${read.missing.message}${notes}`);
  }
  if (read.result.kind !== 'psbt') {
    throw new WalletError('UNSUPPORTED', 'These QR parts hold a finished transaction, not one to sign: broadcast it from your online wallet.');
  }
  return { bytes: read.result.bytes, as: answerFormat(read.result.format) };
}

const capitalFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Lets the event loop run (IPC, the progress poll) between batches of signatures. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

type Methods = 'loadPsbt' | 'signPsbt' | 'getSignProgress' | 'saveSignedPsbt' | 'closePsbt' | 'scanPsbtFrame' | 'resetPsbtScan' | 'getSignedFrames';

export function signHandlers(services: HandlerServices): HandlerSection<Methods> {
  const { vault } = services;
  /** One PSBT at a time: loading another lets go of the last. */
  let held: Held | null = null;
  /** The QR frames being collected (public data: the coordinator's unsigned PSBT). */
  let scan = new TransactionScan();
  // A lock (closeAll) drops the transaction, signed or not, and the parts scanned so far.
  vault.onCloseAll(() => {
    held = null;
    scan = new TransactionScan();
  });
  /** Parses and reviews a PSBT against the open wallet, and holds it (replacing any other). */
  const hold = (
    walletId: string,
    network: LoadedPsbt['review']['network'],
    input: Uint8Array | string,
    name: string,
    scannedAs: AnswerFormat | null,
    multisig: MultisigWallet | null = null,
  ): LoadedPsbt => {
    const w = vault.wallet(walletId);
    const unsigned = parsePsbt(input);
    if (multisig && multisig.network !== network) {
      throw new WalletError('INVALID_ARGUMENT', `The multisig wallet "${multisig.name}" is on ${multisig.network}; the app is set to ${network}.`);
    }
    const review = reviewPsbt(unsigned, { master: w.master, fingerprint: w.fingerprint, network, ...(multisig ? { multisig } : {}) });
    held = { id: vault.newFileId(), name, scannedAs, walletId, unsigned, review, multisig, signed: null, progress: { signed: 0, total: 0, running: false } };
    return { psbtId: held.id, name, scannedAs, answerAs: scannedAs ?? DEFAULT_ANSWER_FORMAT, version: unsigned.version, review };
  };
  const get = (psbtId: string): Held => {
    if (!held || held.id !== psbtId) throw new WalletError('NO_SUCH_WALLET', 'That transaction is no longer loaded: load it again.');
    return held;
  };

  return {
    loadPsbt: async ({ walletId, network, source, multisigId }) => {
      vault.wallet(walletId);
      const multisig = multisigId ? await openRegisteredMultisig(services, walletId, multisigId) : null;
      let input: Uint8Array | string;
      let name: string;
      if (source.kind === 'file') {
        const path = await services.files.chooseOpenPath({ title: 'Open the unsigned transaction (PSBT)', extensions: ['psbt', 'txt'] });
        if (path === null) return null;
        input = await services.files.readFile(path, MAX_PSBT_BYTES * 2);
        name = path.split(/[\\/]/).pop() ?? path;
      } else {
        input = source.text;
        name = 'pasted';
      }
      // A text of UR or BBQr parts, one per line (a single part too): read as the scanner reads them.
      const parts = qrPartLines(input);
      if (parts === null) return hold(walletId, network, input, name, null, multisig);
      const { bytes, as } = psbtFromParts(parts, source.kind === 'file' ? name : 'the pasted text');
      return hold(walletId, network, bytes, name, as, multisig);
    },

    scanPsbtFrame: async ({ walletId, network, text, multisigId }) => {
      vault.wallet(walletId);
      const multisig = multisigId ? await openRegisteredMultisig(services, walletId, multisigId) : null;
      // Only a pasted line can be this long: said as an error, so the paste stops there and shows it.
      const tooLong = qrTextTooLong(text);
      if (tooLong !== undefined) throw new WalletError('BAD_QR', `${tooLong.charAt(0).toUpperCase()}${tooLong.slice(1)}.`);
      const status = scan.add(text);
      if (status.kind !== 'complete') return { status, loaded: null };
      const result = scan.result();
      scan = new TransactionScan();
      if (result.kind !== 'psbt') {
        throw new WalletError('UNSUPPORTED', 'This QR code holds a finished transaction, not one to sign: broadcast it from your online wallet.');
      }
      return { status, loaded: hold(walletId, network, result.bytes, 'scanned', answerFormat(result.format), multisig) };
    },

    resetPsbtScan: () => {
      scan = new TransactionScan();
      return { reset: true };
    },

    getSignedFrames: ({ psbtId, format, fragmentLength, maxVersion }) => {
      const h = get(psbtId);
      if (!h.signed) throw new WalletError('INVALID_ARGUMENT', 'Sign the transaction first.');
      // Texts only: the renderer draws each QR as it shows it (drawing them all here took seconds for 100 KB).
      const { frames, parts } = psbtAnswer(serializePsbt(h.signed), format, { fragmentLength, maxParts: MAX_ANSWER_PARTS, ...(maxVersion === undefined ? {} : { maxVersion }) });
      return { frames, parts, limit: MAX_ANSWER_PARTS };
    },

    signPsbt: async ({ psbtId, walletId, accept }) => {
      const h = get(psbtId);
      if (h.walletId !== walletId) throw new WalletError('INVALID_ARGUMENT', 'This transaction was reviewed against another wallet: load it again.');
      if (h.progress.running) throw new WalletError('INVALID_ARGUMENT', 'This transaction is being signed already.');
      const missing = h.review.warnings.filter((x) => x.needsAck && !accept.includes(x.code));
      if (missing.length > 0) {
        throw new WalletError('INVALID_ARGUMENT', `Read and acknowledge first: ${[...new Set(missing.map((x) => x.message))].join(' ')}`);
      }
      const w = vault.wallet(walletId);
      const session = vault.session;
      // Other sighash types only when the holder acknowledged what they allow.
      const requested = h.review.inputs.map((i) => i.sighash).filter((x): x is number => x !== null);
      const acceptSighash = accept.includes('SIGHASH_NOT_ALL') ? [...new Set([SIGHASH_ALL, SIGHASH_DEFAULT, ...requested])] : [SIGHASH_ALL, SIGHASH_DEFAULT];
      h.progress = { signed: 0, total: h.review.inputs.length, running: true };
      try {
        const outcome = await signPsbtAsync(h.unsigned, w.master, {
          network: h.review.network,
          acceptSighash,
          // Exactly what the review showed as ours, at the paths it showed: nothing else is signed.
          proven: new Map(h.review.inputs.flatMap((i) => (i.ours ? [[i.index, i.ours.path] as const] : []))),
          onProgress: (signed, total) => {
            h.progress = { signed, total, running: true };
          },
          // A lock can only fire while the signer yields: it stops there, and nothing signed is kept.
          yieldNow: async () => {
            await yieldToEventLoop();
            vault.requireSession(session, 'the transaction was being signed');
          },
          ...(h.multisig ? { multisig: h.multisig } : {}),
        });
        vault.requireSession(session, 'the transaction was being signed');
        h.signed = outcome.psbt;
        const text = base64(serializePsbt(outcome.psbt));
        let qr = null;
        if (text.length <= MAX_SINGLE_QR_CHARS) {
          try {
            qr = toQr(text, textQr(text, 'L'));
          } catch {
            qr = null;
          }
        }
        return { signedInputs: outcome.signedInputs, totalInputs: outcome.totalInputs, complete: outcome.complete, base64: text, qr, ...(outcome.multisig ? { multisig: outcome.multisig } : {}) };
      } finally {
        h.progress = { ...h.progress, running: false };
      }
    },

    getSignProgress: ({ psbtId }) => ({ ...get(psbtId).progress }),

    saveSignedPsbt: async ({ psbtId, what }) => {
      const h = get(psbtId);
      if (!h.signed) throw new WalletError('INVALID_ARGUMENT', 'Sign the transaction first.');
      if (what === 'psbt') {
        const path = await services.files.chooseSavePath(`${stem(h.name)}-signed.psbt`, { title: 'Save the signed transaction (PSBT) for your online wallet — it holds no private key', secret: false });
        if (path === null) return null;
        await services.files.writeFile(path, serializePsbt(h.signed), { secret: false, overwrite: false });
        return { path, txid: null };
      }
      const tx = finalizeTransaction(h.signed);
      const path = await services.files.chooseSavePath(`${stem(h.name)}-final.txn`, { title: 'Save the finalized transaction (hex) to broadcast — it holds no private key', secret: false });
      if (path === null) return null;
      await services.files.writeFile(path, `${tx.hex}\n`, { secret: false, overwrite: false });
      return { path, txid: tx.txid };
    },

    closePsbt: ({ psbtId }) => {
      const closed = held?.id === psbtId;
      if (closed) held = null;
      return { closed };
    },
  };
}
