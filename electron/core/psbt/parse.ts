/**
 * Reading a PSBT: v0 (BIP174) and v2 (BIP370) with the Taproot fields (BIP371), as binary, base64 or hex.
 * frame.ts checks the structure first (so a fault says where and what); @scure/btc-signer (audited) then builds
 * the model the review and the signer read. Every failure is a WalletError BAD_PSBT, never a TypeError.
 */
import { base64, hex } from '@scure/base';
import { Transaction } from '@scure/btc-signer';
import { PSBTInputCoder, PSBTOutputCoder } from '@scure/btc-signer/psbt.js';
import { isWalletError, WalletError } from '../errors';
import { bad, readFrame, type PsbtFrame } from './frame';
import { writePsbt } from './write';

/** 16 MiB: a PSBT of 10 MB (the floor) fits with room; larger is refused before it is decoded. */
export const MAX_PSBT_BYTES = 16 * 1024 * 1024;
/** 10,000 inputs: four times what a standard transaction (400,000 weight units) can spend. */
export const MAX_PSBT_INPUTS = 10_000;
/** 10,000 outputs: about what a standard transaction can create (a 9-byte output is 36 weight units). */
export const MAX_PSBT_OUTPUTS = 10_000;

export interface ParsedPsbt {
  readonly version: 0 | 2;
  /** The PSBT model the review and the signer read (scure's Transaction, parsed leniently: see TX_OPTIONS). */
  readonly tx: Transaction;
}

/**
 * Lenient on purpose: the review must see every PSBT a coordinator may send and say what is wrong in words
 * (unknown scripts, legacy inputs with only witness_utxo, redeem scripts that do not match are warnings, not
 * parse failures). Unknown and proprietary keys are kept so the signed PSBT returns them (BIP174).
 * allowMissingTxModifiable: false keeps a v2 PSBT's absent tx_modifiable absent (BIP370: absent = not modifiable).
 */
export const TX_OPTIONS = {
  unknown: 'ignore',
  proprietary: 'ignore',
  allowUnknownOutputs: true,
  allowUnknownInputs: true,
  allowUnknownVersion: true,
  allowLegacyWitnessUtxo: true,
  disableScriptCheck: true,
  allowMissingTxModifiable: false,
} as const;

const MAX_TEXT_CHARS = Math.ceil((MAX_PSBT_BYTES * 4) / 3) + 4 + MAX_PSBT_BYTES / 16; // base64 plus line breaks

function tooLarge(n: number): WalletError {
  return new WalletError(
    'BAD_PSBT',
    `PSBT is ${n.toLocaleString('en-US')} bytes; at most ${MAX_PSBT_BYTES.toLocaleString('en-US')} bytes (16 MiB) are read.`,
  );
}

const HEX_MAGIC = /^70736274ff/i;

function decodeText(text: string): Uint8Array {
  if (text.length > 2 * MAX_PSBT_BYTES + MAX_PSBT_BYTES / 16) throw tooLarge(Math.floor(text.length / 2));
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw new WalletError('BAD_PSBT', 'The PSBT is empty.');
  if (HEX_MAGIC.test(compact)) {
    if (compact.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(compact)) {
      throw new WalletError('BAD_PSBT', 'This PSBT starts as hexadecimal but is not valid hexadecimal (an odd number of digits, or a non-hex character).');
    }
    if (compact.length / 2 > MAX_PSBT_BYTES) throw tooLarge(compact.length / 2);
    return hex.decode(compact.toLowerCase());
  }
  if (compact.length > MAX_TEXT_CHARS) throw tooLarge(Math.floor((compact.length * 3) / 4));
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new WalletError('BAD_PSBT', 'This is not a PSBT: not binary, not hexadecimal (70736274ff…) and not base64 (cHNidP8…).');
  }
  let bytes: Uint8Array;
  try {
    bytes = base64.decode(compact);
  } catch {
    throw new WalletError('BAD_PSBT', 'This PSBT is not valid base64 (its length or padding is wrong: part of it may be missing).');
  }
  if (bytes.length > MAX_PSBT_BYTES) throw tooLarge(bytes.length);
  return bytes;
}

/** A .psbt file may hold the binary PSBT or base64/hex text; text is recognised when every byte is printable ASCII. */
function decodeInput(input: Uint8Array | string): Uint8Array {
  if (typeof input === 'string') return decodeText(input);
  if (input.length > MAX_PSBT_BYTES * 2) throw tooLarge(input.length);
  if (input[0] === 0x70 && input[1] === 0x73 && input[2] === 0x62 && input[3] === 0x74 && input[4] === 0xff) {
    if (input.length > MAX_PSBT_BYTES) throw tooLarge(input.length);
    return input;
  }
  if (input.length > 0 && input.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f))) {
    let text = '';
    for (let i = 0; i < input.length; i += 0x8000) text += String.fromCharCode(...input.subarray(i, i + 0x8000));
    return decodeText(text);
  }
  if (input.length > MAX_PSBT_BYTES) throw tooLarge(input.length);
  return input;
}

/** The library's words made plain; it reports no location, frame.ts and localise() add it. */
function plain(message: string): string {
  const m = message.replace(/^(Reader|Writer)\([^)]*\):\s*/, '');
  if (/square root|bad point|non-Schnorr key|not on curve|invalid (public )?key|Point|pubkey/i.test(m)) return 'a public key is not a valid secp256k1 point';
  if (/Schnorr signature should be 64 or 65/i.test(m)) return 'a Schnorr signature is not 64 or 65 bytes';
  const left = /(\d+) bytes \d+ bits left after unpack/.exec(m);
  if (left) return `a value has ${left[1]} bytes more than its contents`;
  if (/Unexpected end of buffer/i.test(m)) return 'a value is cut short';
  if (/incompatible height-based and time-based locktime/i.test(m)) {
    return 'its inputs require both a block-height and a time lock, so no locktime satisfies them all (BIP370)';
  }
  return m.replace(/\s+/g, ' ').slice(0, 200);
}

/** After the library refused the whole PSBT: decode map by map to say which one is at fault. */
function localise(bytes: Uint8Array, frame: PsbtFrame, message: string): WalletError {
  // The library checks non_witness_utxo against the outpoint (BIP174: it must be the transaction spent).
  const wrong = /wrong txid, exp=([0-9a-f]{64}) got=([0-9a-f]{64})/.exec(message);
  if (wrong) {
    const i = frame.outpoints.indexOf(wrong[1] as string);
    return bad(
      i >= 0 ? `input ${i}` : 'input',
      `non_witness_utxo is transaction ${(wrong[2] as string).slice(0, 16)}…, not ${(wrong[1] as string).slice(0, 16)}… which this input spends: its amount cannot be trusted`,
    );
  }
  if (/witnessUtxo different from nonWitnessUtxo/.test(message)) {
    for (let i = 0; i < frame.inputMaps.length; i++) {
      const [start, end] = frame.inputMaps[i] as readonly [number, number];
      try {
        const m = PSBTInputCoder.decode(bytes.subarray(start, end));
        const w = m.witnessUtxo;
        const spent = m.nonWitnessUtxo?.outputs;
        if (w && spent && !spent.some((o) => o.amount === w.amount && o.script.length === w.script.length && o.script.every((b: number, k: number) => b === w.script[k]))) {
          return bad(`input ${i}`, 'witness_utxo (amount or script) differs from the output its non_witness_utxo says it spends: the amount cannot be trusted');
        }
      } catch {
        // reported below without a location
      }
    }
    return new WalletError('BAD_PSBT', 'PSBT: an input’s witness_utxo (amount or script) differs from the output its non_witness_utxo says it spends: the amount cannot be trusted.');
  }
  const tryMap = (range: readonly [number, number], coder: { decode(b: Uint8Array): unknown }, where: string): WalletError | null => {
    try {
      coder.decode(bytes.subarray(range[0], range[1]));
      return null;
    } catch (e) {
      return bad(where, plain(e instanceof Error ? e.message : String(e)));
    }
  };
  for (let i = 0; i < frame.inputMaps.length; i++) {
    const found = tryMap(frame.inputMaps[i] as readonly [number, number], PSBTInputCoder, `input ${i}`);
    if (found) return found;
  }
  for (let i = 0; i < frame.outputMaps.length; i++) {
    const found = tryMap(frame.outputMaps[i] as readonly [number, number], PSBTOutputCoder, `output ${i}`);
    if (found) return found;
  }
  return new WalletError('BAD_PSBT', `PSBT: ${plain(message)}`);
}

export function parsePsbt(input: Uint8Array | string): ParsedPsbt {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new WalletError('INVALID_ARGUMENT', 'A PSBT is given as bytes or as base64/hex text.');
  }
  const bytes = decodeInput(input);
  const frame = readFrame(bytes, { maxInputs: MAX_PSBT_INPUTS, maxOutputs: MAX_PSBT_OUTPUTS });
  let tx: Transaction;
  try {
    tx = Transaction.fromPSBT(bytes, TX_OPTIONS);
  } catch (e) {
    if (isWalletError(e)) throw e;
    throw localise(bytes, frame, e instanceof Error ? e.message : String(e));
  }
  // Whatever the frame checked, the model must agree (a disagreement is a bug here or in the library).
  if (tx.inputsLength !== frame.inputCount || tx.outputsLength !== frame.outputCount) {
    throw new WalletError('BAD_PSBT', `PSBT: ${frame.inputCount} inputs and ${frame.outputCount} outputs were framed but ${tx.inputsLength} and ${tx.outputsLength} were read.`);
  }
  // The same outpoint twice: counted twice in the amounts, and the transaction could never be valid.
  const spent = new Map<string, number>();
  for (let i = 0; i < tx.inputsLength; i++) {
    const input = tx.getInput(i);
    if (!input.txid || input.index === undefined) continue;
    const key = `${outpointHex(input.txid)}:${input.index}`;
    const first = spent.get(key);
    if (first !== undefined) throw new WalletError('BAD_PSBT', `PSBT inputs ${first} and ${i} spend the same output (${key}): the transaction is invalid.`);
    spent.set(key, i);
  }
  return { version: frame.version, tx };
}

function outpointHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** The PSBT in the version it came in (the signer adds its signatures to `tx` first). Linear time: write.ts. */
export function serializePsbt(p: ParsedPsbt): Uint8Array {
  try {
    return writePsbt(p.tx, p.version);
  } catch (e) {
    throw new WalletError('BAD_PSBT', `PSBT cannot be written: ${plain(e instanceof Error ? e.message : String(e))}`);
  }
}
