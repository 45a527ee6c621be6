/**
 * Signature hashes for the inputs Permafrost signs: legacy (bitcoin/bitcoin SignatureHash, for P2PKH), BIP143
 * (segwit v0) and BIP341 (taproot key path, ext_flag 0, no annex).
 *
 * Linear in the number of inputs: the per-transaction midstates (BIP143 hashPrevouts, hashSequence, hashOutputs;
 * BIP341 sha_prevouts, sha_amounts, sha_scriptpubkeys, sha_sequences, sha_outputs) are computed once per
 * transaction, on first use, by a SighashContext, and each input's hash then costs O(1) (its own script and, for
 * SIGHASH_SINGLE, its own output). Legacy hashing serializes the whole transaction for each input (that is the
 * algorithm, "quadratic hashing"); the serialized pieces are still prepared once.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { WalletError } from '../errors';

export const SIGHASH_DEFAULT = 0x00;
export const SIGHASH_ALL = 0x01;
export const SIGHASH_NONE = 0x02;
export const SIGHASH_SINGLE = 0x03;
export const SIGHASH_ANYONECANPAY = 0x80;

/** The transaction fields every sighash commits to. txid in display order (as PSBT libraries and explorers show it). */
export interface SighashTx {
  readonly version: number;
  readonly lockTime: number;
  readonly inputs: ReadonlyArray<{ readonly txid: Uint8Array; readonly index: number; readonly sequence: number }>;
  readonly outputs: ReadonlyArray<{ readonly amount: bigint; readonly script: Uint8Array }>;
}

/** The output each input spends; BIP341 commits to all of them (sha_amounts, sha_scriptpubkeys). */
export interface SpentOutput {
  readonly amount: bigint;
  readonly script: Uint8Array;
}

const sha256d = (data: Uint8Array): Uint8Array => sha256(sha256(data));

/** Little-endian byte writer with a growing buffer (no per-field allocations). */
class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  constructor(size = 256) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }
  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this;
  }
  u64(v: bigint): this {
    if (v < 0n || v >= 1n << 64n) throw new WalletError('INVALID_ARGUMENT', `Amount ${v} is out of range for a transaction output.`);
    this.room(8);
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  /** Bitcoin CompactSize. */
  varint(n: number): this {
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) {
      this.u8(0xfd).room(2);
      this.view.setUint16(this.pos, n, true);
      this.pos += 2;
      return this;
    }
    if (n <= 0xffffffff) return this.u8(0xfe).u32(n);
    return this.u8(0xff).u64(BigInt(n));
  }
  varBytes(b: Uint8Array): this {
    return this.varint(b.length).bytes(b);
  }
  /** Outpoint: txid in internal (reversed) byte order, then vout. */
  outpoint(txidDisplay: Uint8Array, index: number): this {
    if (txidDisplay.length !== 32) throw new WalletError('INVALID_ARGUMENT', `A txid is 32 bytes, not ${txidDisplay.length}.`);
    this.room(32);
    for (let i = 0; i < 32; i++) this.buf[this.pos + i] = txidDisplay[31 - i] as number;
    this.pos += 32;
    return this.u32(index);
  }
  output(o: { readonly amount: bigint; readonly script: Uint8Array }): this {
    return this.u64(o.amount).varBytes(o.script);
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function checkIndex(tx: SighashTx, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= tx.inputs.length) {
    throw new WalletError('INVALID_ARGUMENT', `Input ${index} does not exist (the transaction has ${tx.inputs.length}).`);
  }
}

interface SingleShas {
  readonly prevouts: Uint8Array;
  readonly sequences: Uint8Array;
  readonly outputs: Uint8Array;
}

/**
 * Per-transaction midstates, each computed once on first use. Create one per transaction (and per set of spent
 * outputs) and ask it for every input's hash.
 */
export class SighashContext {
  private shas: SingleShas | null = null;
  private v0: { hashPrevouts: Uint8Array; hashSequence: Uint8Array; hashOutputs: Uint8Array } | null = null;
  private v1: { amounts: Uint8Array; scriptPubKeys: Uint8Array } | null = null;
  private legacyPieces: { outpoints: Uint8Array[]; outputs: Uint8Array } | null = null;

  constructor(
    readonly tx: SighashTx,
    /** Needed only for BIP341 (taproot) hashes: the output spent by each input, in input order. */
    readonly spent?: ReadonlyArray<SpentOutput | undefined>,
  ) {}

  /** sha_prevouts, sha_sequences, sha_outputs (BIP341: single SHA256); BIP143's are their SHA256 again. */
  private single(): SingleShas {
    if (this.shas) return this.shas;
    const prev = new Writer(36 * this.tx.inputs.length + 1);
    const seq = new Writer(4 * this.tx.inputs.length + 1);
    for (const i of this.tx.inputs) {
      prev.outpoint(i.txid, i.index);
      seq.u32(i.sequence);
    }
    const out = new Writer(64 * this.tx.outputs.length + 1);
    for (const o of this.tx.outputs) out.output(o);
    this.shas = { prevouts: sha256(prev.finish()), sequences: sha256(seq.finish()), outputs: sha256(out.finish()) };
    return this.shas;
  }

  /** BIP143 hashPrevouts, hashSequence, hashOutputs for SIGHASH_ALL (the values the other types zero or narrow). */
  midstatesV0(): { readonly hashPrevouts: Uint8Array; readonly hashSequence: Uint8Array; readonly hashOutputs: Uint8Array } {
    if (this.v0) return this.v0;
    const s = this.single();
    this.v0 = { hashPrevouts: sha256(s.prevouts), hashSequence: sha256(s.sequences), hashOutputs: sha256(s.outputs) };
    return this.v0;
  }

  /** BIP341 sha_prevouts, sha_amounts, sha_scriptpubkeys, sha_sequences, sha_outputs. */
  midstatesV1(): { readonly prevouts: Uint8Array; readonly amounts: Uint8Array; readonly scriptPubKeys: Uint8Array; readonly sequences: Uint8Array; readonly outputs: Uint8Array } {
    const s = this.single();
    if (!this.v1) {
      const spent = this.spentOutputs();
      const amounts = new Writer(8 * spent.length + 1);
      const scripts = new Writer(35 * spent.length + 1);
      for (const o of spent) {
        amounts.u64(o.amount);
        scripts.varBytes(o.script);
      }
      this.v1 = { amounts: sha256(amounts.finish()), scriptPubKeys: sha256(scripts.finish()) };
    }
    return { prevouts: s.prevouts, amounts: this.v1.amounts, scriptPubKeys: this.v1.scriptPubKeys, sequences: s.sequences, outputs: s.outputs };
  }

  private spentOutputs(): readonly SpentOutput[] {
    const spent = this.spent;
    if (!spent || spent.length !== this.tx.inputs.length) {
      throw new WalletError('INVALID_ARGUMENT', 'A taproot signature commits to the amount and script of every input: the PSBT must carry the spent output of each input.');
    }
    return spent.map((o, i) => {
      if (!o) throw new WalletError('INVALID_ARGUMENT', `Input ${i} does not say which output it spends (no witness_utxo or non_witness_utxo); a taproot signature needs every input's amount and script.`);
      return o;
    });
  }

  /**
   * BIP143 preimage ("Double SHA256 of the serialization of: …"). scriptCode without its length prefix: for
   * P2WPKH it is 76a914{20-byte-pubkey-hash}88ac.
   */
  bip143Preimage(index: number, scriptCode: Uint8Array, amount: bigint, hashType: number): Uint8Array {
    checkIndex(this.tx, index);
    const base = hashType & 0x1f;
    const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
    const zero: Uint8Array = new Uint8Array(32);
    const m = this.midstatesV0();
    const input = this.tx.inputs[index] as SighashTx['inputs'][number];
    // "If the ANYONECANPAY flag is not set, hashPrevouts is the double SHA256 of the serialization of all input outpoints"
    const hashPrevouts = anyoneCanPay ? zero : m.hashPrevouts;
    // "If none of the ANYONECANPAY, SINGLE, NONE sighash type is set, hashSequence is the double SHA256 of the serialization of nSequence of all inputs"
    const hashSequence = anyoneCanPay || base === SIGHASH_SINGLE || base === SIGHASH_NONE ? zero : m.hashSequence;
    let hashOutputs = zero;
    if (base !== SIGHASH_SINGLE && base !== SIGHASH_NONE) hashOutputs = m.hashOutputs;
    else if (base === SIGHASH_SINGLE && index < this.tx.outputs.length) {
      hashOutputs = sha256d(new Writer(64).output(this.tx.outputs[index] as SighashTx['outputs'][number]).finish());
    }
    return new Writer(156 + scriptCode.length)
      .u32(this.tx.version)
      .bytes(hashPrevouts)
      .bytes(hashSequence)
      .outpoint(input.txid, input.index)
      .varBytes(scriptCode)
      .u64(amount)
      .u32(input.sequence)
      .bytes(hashOutputs)
      .u32(this.tx.lockTime)
      .u32(hashType)
      .finish();
  }

  bip143(index: number, scriptCode: Uint8Array, amount: bigint, hashType: number): Uint8Array {
    return sha256d(this.bip143Preimage(index, scriptCode, amount, hashType));
  }

  /**
   * BIP341 "0x00 || SigMsg(hash_type, 0)" for a key-path spend without annex (the epoch byte included, as the
   * BIP341 wallet vectors print it).
   */
  bip341SigMsg(index: number, hashType: number): Uint8Array {
    checkIndex(this.tx, index);
    // BIP341: "hash_type ... Using any undefined hash_type causes validation failure" (0x00-0x03, 0x81-0x83).
    if (!(hashType <= 0x03 || (hashType >= 0x81 && hashType <= 0x83))) {
      throw new WalletError('INVALID_ARGUMENT', `Sighash type 0x${hashType.toString(16)} is not defined for taproot.`);
    }
    const base = hashType & 0x03;
    const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
    const w = new Writer(210).u8(0x00).u8(hashType).u32(this.tx.version).u32(this.tx.lockTime);
    if (!anyoneCanPay) {
      const m = this.midstatesV1();
      w.bytes(m.prevouts).bytes(m.amounts).bytes(m.scriptPubKeys).bytes(m.sequences);
    }
    if (base !== SIGHASH_NONE && base !== SIGHASH_SINGLE) w.bytes(this.single().outputs);
    w.u8(0); // spend_type = (ext_flag * 2) + annex_present = 0: key path, no annex
    const input = this.tx.inputs[index] as SighashTx['inputs'][number];
    if (anyoneCanPay) {
      const spent = this.spent?.[index];
      if (!spent) throw new WalletError('INVALID_ARGUMENT', `Input ${index} does not say which output it spends.`);
      w.outpoint(input.txid, input.index).output(spent).u32(input.sequence);
    } else {
      w.u32(index);
    }
    if (base === SIGHASH_SINGLE) {
      // BIP341: "Using SIGHASH_SINGLE without a 'corresponding output' (an output with the same index as the input being verified) causes validation failure."
      const out = this.tx.outputs[index];
      if (!out) throw new WalletError('INVALID_ARGUMENT', `Input ${index} asks for SIGHASH_SINGLE but there is no output ${index}.`);
      w.bytes(sha256(new Writer(64).output(out).finish()));
    }
    return w.finish();
  }

  bip341(index: number, hashType: number): Uint8Array {
    return schnorr.utils.taggedHash('TapSighash', this.bip341SigMsg(index, hashType));
  }

  /**
   * Legacy SignatureHash (bitcoin/bitcoin script/interpreter.cpp) for scripts without OP_CODESEPARATOR (P2PKH).
   * SIGHASH_SINGLE without a corresponding output is refused rather than signing the constant "1" (a signature
   * over it spends any output of that key).
   */
  legacy(index: number, scriptCode: Uint8Array, hashType: number): Uint8Array {
    checkIndex(this.tx, index);
    const base = hashType & 0x1f;
    const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
    if (base === SIGHASH_SINGLE && index >= this.tx.outputs.length) {
      throw new WalletError('INVALID_ARGUMENT', `Input ${index} asks for SIGHASH_SINGLE but there is no output ${index} (the legacy "SIGHASH_SINGLE bug" would sign a constant).`);
    }
    if (!this.legacyPieces) {
      const out = new Writer(64 * this.tx.outputs.length + 9).varint(this.tx.outputs.length);
      for (const o of this.tx.outputs) out.output(o);
      this.legacyPieces = {
        outpoints: this.tx.inputs.map((i) => new Writer(36).outpoint(i.txid, i.index).finish()),
        outputs: out.finish(),
      };
    }
    const pieces = this.legacyPieces;
    const h = sha256.create();
    const u32 = (v: number) => new Writer(4).u32(v).finish();
    h.update(u32(this.tx.version));
    const chosen = anyoneCanPay ? [index] : this.tx.inputs.map((_, i) => i);
    h.update(new Writer(9).varint(chosen.length).finish());
    const emptyScript = new Uint8Array([0]);
    const codeWithLength = new Writer(scriptCode.length + 9).varBytes(scriptCode).finish();
    for (const i of chosen) {
      const input = this.tx.inputs[i] as SighashTx['inputs'][number];
      h.update(pieces.outpoints[i] as Uint8Array);
      h.update(i === index ? codeWithLength : emptyScript);
      // NONE and SINGLE: "the other inputs' nSequence are set to 0" so they can be updated.
      h.update(u32(i !== index && (base === SIGHASH_NONE || base === SIGHASH_SINGLE) ? 0 : input.sequence));
    }
    if (base === SIGHASH_NONE) h.update(new Uint8Array([0]));
    else if (base === SIGHASH_SINGLE) {
      // Outputs up to and including `index`; the earlier ones blanked (value -1, empty script).
      const w = new Writer(9 + 9 * index + 64).varint(index + 1);
      for (let o = 0; o < index; o++) w.bytes(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]));
      w.output(this.tx.outputs[index] as SighashTx['outputs'][number]);
      h.update(w.finish());
    } else h.update(pieces.outputs);
    h.update(u32(this.tx.lockTime));
    h.update(u32(hashType));
    return sha256(h.digest());
  }
}
