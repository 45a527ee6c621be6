/**
 * The PSBT's outer structure, read before any library touches it so every fault is reported with where and what:
 * magic, key-value maps (BIP174 "<keylen><keytype><keydata><valuelen><valuedata>", 0x00 ends a map), the
 * unsigned transaction (v0) or the global counts (v2), duplicate keys, and the size of every known field
 * (BIP174, BIP370, BIP371, BIP373). Field contents (points, scripts, transactions) are checked by the library.
 */
import { WalletError } from '../errors';

export const MAX_MONEY = 2_100_000_000_000_000;

const MAGIC = [0x70, 0x73, 0x62, 0x74, 0xff];

export interface PsbtFrame {
  readonly version: 0 | 2;
  readonly inputCount: number;
  readonly outputCount: number;
  /** [start, end) of each map, end just past its 0x00 separator: global, then inputs, then outputs. */
  readonly globalMap: readonly [number, number];
  readonly inputMaps: ReadonlyArray<readonly [number, number]>;
  readonly outputMaps: ReadonlyArray<readonly [number, number]>;
  /** Each input's outpoint txid in display order (as explorers show it): to say which input a later fault is in. */
  readonly outpoints: readonly string[];
}

export interface FrameLimits {
  readonly maxInputs: number;
  readonly maxOutputs: number;
}

export function bad(where: string, what: string): WalletError {
  return new WalletError('BAD_PSBT', `PSBT ${where}: ${what}`);
}

class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end: number = bytes.length,
  ) {}
  get left(): number {
    return this.end - this.pos;
  }
  take(n: number, where: string, what: string): Uint8Array {
    if (n > this.left) throw bad(where, `${what} needs ${n} bytes but only ${this.left} remain (cut short)`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  u32(where: string, what: string): number {
    const b = this.take(4, where, what);
    return ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16)) + (b[3] as number) * 0x1000000;
  }
  /** Bitcoin's CompactSize, canonical (as Bitcoin Core's ReadCompactSize requires). */
  compactSize(where: string, what: string): number {
    const first = this.take(1, where, what)[0] as number;
    if (first < 0xfd) return first;
    const width = first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    const b = this.take(width, where, what);
    let n = 0;
    for (let i = width - 1; i >= 0; i--) n = n * 256 + (b[i] as number);
    const min = first === 0xfd ? 0xfd : first === 0xfe ? 0x10000 : 0x100000000;
    if (n < min) throw bad(where, `${what} is a non-canonical length encoding`);
    if (!Number.isSafeInteger(n)) throw bad(where, `${what} is impossibly large`);
    return n;
  }
}

function u32le(b: Uint8Array): number {
  return ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16)) + (b[3] as number) * 0x1000000;
}

/** int64 little-endian as a number when it is a valid amount (0..MAX_MONEY), else null. */
export function amountOf(b: Uint8Array): number | null {
  const lo = u32le(b);
  const hi = u32le(b.subarray(4));
  if (hi >= 0x80000000) return null;
  const n = hi * 0x100000000 + lo;
  return n <= MAX_MONEY ? n : null;
}

type Check = (key: Uint8Array, value: Uint8Array) => string | null;
interface Field {
  readonly name: string;
  /** PSBT versions that allow the field. */
  readonly versions: readonly (0 | 2)[];
  readonly check: Check;
}

const both = [0, 2] as const;
const v0 = [0] as const;
const v2 = [2] as const;

const sizes = (n: number): string => `${n} byte${n === 1 ? '' : 's'}`;
const noKey: Check = (key) => (key.length ? `has ${sizes(key.length)} of key data, expected none` : null);
const all =
  (...checks: Check[]): Check =>
  (k, v) => {
    for (const c of checks) {
      const r = c(k, v);
      if (r) return r;
    }
    return null;
  };
const valueIs =
  (...ns: number[]): Check =>
  (_k, v) =>
    ns.includes(v.length) ? null : `is ${sizes(v.length)}, expected ${ns.join(' or ')}`;
const keyIs =
  (...ns: number[]): Check =>
  (k) =>
    ns.includes(k.length) ? null : `key data is ${sizes(k.length)}, expected ${ns.join(' or ')}`;
const nonEmpty: Check = (_k, v) => (v.length ? null : 'is empty');
/** BIP32 derivation value: 4-byte fingerprint then 4 bytes per path step. */
const derivation: Check = (_k, v) =>
  v.length < 4 || v.length % 4 !== 0
    ? `is ${sizes(v.length)}, expected 4 + 4 per path step`
    : // BIP32: a key's depth is one byte, so no path has more than 255 steps.
      (v.length - 4) / 4 > 255
      ? `has a path of ${(v.length - 4) / 4} steps; BIP32 allows at most 255`
      : null;
const compactValue: Check = (_k, v) => {
  try {
    const r = new Reader(v);
    r.compactSize('', '');
    return r.left ? `has ${sizes(r.left)} after its number` : null;
  } catch {
    return 'is not a CompactSize number';
  }
};
const txOut: Check = (_k, v) => {
  if (v.length < 9) return `is ${sizes(v.length)}, expected at least 9 (an 8-byte amount and a script length)`;
  if (amountOf(v) === null) return 'has an amount outside 0..21,000,000 BTC';
  try {
    const r = new Reader(v, v.length);
    r.pos = 8;
    const n = r.compactSize('', '');
    if (n !== r.left) return `says its script is ${sizes(n)} but ${sizes(r.left)} follow`;
  } catch {
    return 'has a malformed script length';
  }
  return null;
};
const tapDerivation: Check = (_k, v) => {
  try {
    const r = new Reader(v);
    const n = r.compactSize('', '');
    if (n * 32 > r.left) return `lists ${n} leaf hashes but is only ${sizes(v.length)}`;
    r.pos += n * 32;
    if (r.left < 4 || r.left % 4 !== 0) return 'has a malformed origin (4-byte fingerprint + 4 bytes per path step)';
    return (r.left - 4) / 4 > 255 ? `has a path of ${(r.left - 4) / 4} steps; BIP32 allows at most 255` : null;
  } catch {
    return 'has a malformed leaf-hash count';
  }
};
const heightLock: Check = (_k, v) => {
  if (v.length !== 4) return `is ${sizes(v.length)}, expected 4`;
  const n = u32le(v);
  return n > 0 && n < 500_000_000 ? null : `is ${n}; a block height is from 1 to 499,999,999 (BIP370)`;
};
const timeLock: Check = (_k, v) => {
  if (v.length !== 4) return `is ${sizes(v.length)}, expected 4`;
  const n = u32le(v);
  return n >= 500_000_000 ? null : `is ${n}; a time lock is at least 500,000,000 (BIP370)`;
};
/** BIP341 control block: 33 + 32·m bytes, m ≤ 128. */
const controlBlock: Check = (k) =>
  k.length >= 33 && (k.length - 33) % 32 === 0 && (k.length - 33) / 32 <= 128 ? null : `control block is ${sizes(k.length)}, expected 33 + 32·m (m ≤ 128)`;

const GLOBAL: Readonly<Record<number, Field>> = {
  0x00: { name: 'unsigned_tx', versions: v0, check: all(noKey, nonEmpty) },
  0x01: { name: 'xpub', versions: both, check: all(keyIs(78), derivation) },
  0x02: { name: 'tx_version', versions: v2, check: all(noKey, valueIs(4)) },
  0x03: { name: 'fallback_locktime', versions: v2, check: all(noKey, valueIs(4)) },
  0x04: { name: 'input_count', versions: v2, check: all(noKey, compactValue) },
  0x05: { name: 'output_count', versions: v2, check: all(noKey, compactValue) },
  0x06: { name: 'tx_modifiable', versions: v2, check: all(noKey, valueIs(1)) },
  0xfb: { name: 'version', versions: both, check: all(noKey, valueIs(4)) },
};

const INPUT: Readonly<Record<number, Field>> = {
  0x00: { name: 'non_witness_utxo', versions: both, check: all(noKey, nonEmpty) },
  0x01: { name: 'witness_utxo', versions: both, check: all(noKey, txOut) },
  0x02: { name: 'partial_sig', versions: both, check: all(keyIs(33, 65), nonEmpty) },
  0x03: { name: 'sighash_type', versions: both, check: all(noKey, valueIs(4)) },
  0x04: { name: 'redeem_script', versions: both, check: noKey },
  0x05: { name: 'witness_script', versions: both, check: noKey },
  0x06: { name: 'bip32_derivation', versions: both, check: all(keyIs(33, 65), derivation) },
  0x07: { name: 'final_scriptsig', versions: both, check: noKey },
  0x08: { name: 'final_scriptwitness', versions: both, check: noKey },
  0x09: { name: 'por_commitment', versions: both, check: noKey },
  0x0a: { name: 'ripemd160', versions: both, check: keyIs(20) },
  0x0b: { name: 'sha256', versions: both, check: keyIs(32) },
  0x0c: { name: 'hash160', versions: both, check: keyIs(20) },
  0x0d: { name: 'hash256', versions: both, check: keyIs(32) },
  0x0e: { name: 'previous_txid', versions: v2, check: all(noKey, valueIs(32)) },
  0x0f: { name: 'output_index', versions: v2, check: all(noKey, valueIs(4)) },
  0x10: { name: 'sequence', versions: v2, check: all(noKey, valueIs(4)) },
  0x11: { name: 'required_time_locktime', versions: v2, check: all(noKey, timeLock) },
  0x12: { name: 'required_height_locktime', versions: v2, check: all(noKey, heightLock) },
  0x13: { name: 'tap_key_sig', versions: both, check: all(noKey, valueIs(64, 65)) },
  0x14: { name: 'tap_script_sig', versions: both, check: all(keyIs(64), valueIs(64, 65)) },
  0x15: { name: 'tap_leaf_script', versions: both, check: all(controlBlock, nonEmpty) },
  0x16: { name: 'tap_bip32_derivation', versions: both, check: all(keyIs(32), tapDerivation) },
  0x17: { name: 'tap_internal_key', versions: both, check: all(noKey, valueIs(32)) },
  0x18: { name: 'tap_merkle_root', versions: both, check: all(noKey, valueIs(32)) },
  0x1a: { name: 'musig2_participant_pubkeys', versions: both, check: keyIs(33) },
  0x1b: { name: 'musig2_pub_nonce', versions: both, check: all(keyIs(66, 98), valueIs(66)) },
  0x1c: { name: 'musig2_partial_sig', versions: both, check: all(keyIs(66, 98), valueIs(32)) },
};

const OUTPUT: Readonly<Record<number, Field>> = {
  0x00: { name: 'redeem_script', versions: both, check: noKey },
  0x01: { name: 'witness_script', versions: both, check: noKey },
  0x02: { name: 'bip32_derivation', versions: both, check: all(keyIs(33, 65), derivation) },
  0x03: { name: 'amount', versions: v2, check: all(noKey, valueIs(8), (_k, v) => (amountOf(v) === null ? 'is outside 0..21,000,000 BTC' : null)) },
  0x04: { name: 'script', versions: v2, check: noKey },
  0x05: { name: 'tap_internal_key', versions: both, check: all(noKey, valueIs(32)) },
  0x06: { name: 'tap_tree', versions: both, check: all(noKey, nonEmpty) },
  0x07: { name: 'tap_bip32_derivation', versions: both, check: all(keyIs(32), tapDerivation) },
  0x08: { name: 'musig2_participant_pubkeys', versions: both, check: keyIs(33) },
};

interface Pair {
  readonly type: number;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

function hexOf(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Reads one map; returns its pairs (type → pairs). Duplicate keys are refused (BIP174). */
function readMap(r: Reader, where: string): Map<number, Pair[]> {
  const out = new Map<number, Pair[]>();
  const seen = new Set<string>();
  for (;;) {
    if (r.left === 0) throw bad(where, 'the data ends before this map’s 0x00 separator (cut short)');
    const keyLen = r.compactSize(where, 'a key length');
    if (keyLen === 0) return out;
    const keyStart = r.pos;
    const keyBytes = r.take(keyLen, where, `a key of ${sizes(keyLen)}`);
    const kr = new Reader(keyBytes);
    const type = kr.compactSize(where, 'a key type');
    const key = keyBytes.subarray(kr.pos);
    const valueLen = r.compactSize(where, `the value length of key type 0x${type.toString(16)}`);
    const value = r.take(valueLen, where, `the value of key type 0x${type.toString(16)}`);
    const id = hexOf(r.bytes.subarray(keyStart, keyStart + keyLen));
    if (seen.has(id)) throw bad(where, `key ${id.length > 40 ? `${id.slice(0, 40)}…` : id} appears twice (BIP174: keys in a map are unique)`);
    seen.add(id);
    const list = out.get(type);
    if (list) list.push({ type, key, value });
    else out.set(type, [{ type, key, value }]);
  }
}

function checkFields(map: Map<number, Pair[]>, table: Readonly<Record<number, Field>>, version: 0 | 2, where: string): void {
  for (const [type, pairs] of map) {
    const field = table[type];
    if (!field) continue; // unknown and proprietary keys are carried through untouched (BIP174)
    if (!field.versions.includes(version)) {
      throw bad(where, `${field.name} (key type 0x${type.toString(16).padStart(2, '0')}) is not allowed in a version ${version} PSBT (BIP370)`);
    }
    for (const p of pairs) {
      const problem = field.check(p.key, p.value);
      if (problem) throw bad(where, `${field.name} ${problem}`);
    }
  }
}

function single(map: Map<number, Pair[]>, type: number): Uint8Array | undefined {
  return map.get(type)?.[0]?.value;
}

/** The v0 unsigned transaction, legacy serialization (BIP174): its input and output counts, scriptSigs empty. */
function displayTxid(b: Uint8Array): string {
  return hexOf(Uint8Array.from(b).reverse());
}

function readUnsignedTx(tx: Uint8Array, limits: FrameLimits, outpoints: string[]): { inputs: number; outputs: number } {
  try {
    return readLegacyTx(tx, limits, outpoints);
  } catch (e) {
    // 0x00 0x01 after the version is the segwit marker and flag (BIP144); BIP174 requires the legacy serialization.
    if (tx[4] === 0x00 && tx[5] === 0x01 && e instanceof WalletError && !/ inputs;| outputs;/.test(e.message)) {
      throw bad('global map', 'unsigned_tx is in witness serialization; BIP174 requires it without witnesses');
    }
    throw e;
  }
}

function readLegacyTx(tx: Uint8Array, limits: FrameLimits, outpoints: string[]): { inputs: number; outputs: number } {
  const where = 'global map';
  const what = 'unsigned_tx';
  const r = new Reader(tx);
  r.take(4, where, `${what} version`);
  const inputs = r.compactSize(where, `${what} input count`);
  if (inputs > limits.maxInputs) throw bad(where, `${what} has ${inputs} inputs; at most ${limits.maxInputs.toLocaleString('en-US')} are read`);
  for (let i = 0; i < inputs; i++) {
    outpoints.push(displayTxid(r.take(36, where, `${what} input ${i} outpoint`).subarray(0, 32)));
    const scriptLen = r.compactSize(where, `${what} input ${i} scriptSig length`);
    if (scriptLen !== 0) throw bad(where, `${what} input ${i} has a scriptSig; BIP174 requires an empty one`);
    r.take(4, where, `${what} input ${i} sequence`);
  }
  const outputs = r.compactSize(where, `${what} output count`);
  if (outputs > limits.maxOutputs) throw bad(where, `${what} has ${outputs} outputs; at most ${limits.maxOutputs.toLocaleString('en-US')} are read`);
  for (let i = 0; i < outputs; i++) {
    if (amountOf(r.take(8, where, `${what} output ${i} amount`)) === null) throw bad(where, `${what} output ${i} has an amount outside 0..21,000,000 BTC`);
    const n = r.compactSize(where, `${what} output ${i} script length`);
    r.take(n, where, `${what} output ${i} script`);
  }
  r.take(4, where, `${what} locktime`);
  if (r.left) throw bad(where, `${what} has ${sizes(r.left)} after its locktime`);
  return { inputs, outputs };
}

export function readFrame(bytes: Uint8Array, limits: FrameLimits): PsbtFrame {
  if (bytes.length < 5 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new WalletError('BAD_PSBT', 'This is not a PSBT: it does not start with the magic bytes "psbt" 0xff (BIP174). A raw transaction or another format cannot be signed here.');
  }
  const r = new Reader(bytes);
  r.pos = 5;
  const gStart = r.pos;
  const global = readMap(r, 'global map');
  const globalMap = [gStart, r.pos] as const;
  const versionBytes = single(global, 0xfb);
  const declared = versionBytes && versionBytes.length === 4 ? u32le(versionBytes) : 0;
  if (declared !== 0 && declared !== 2) {
    throw bad('global map', `version is ${declared}; Permafrost reads PSBT versions 0 (BIP174) and 2 (BIP370)`);
  }
  const version = declared as 0 | 2;
  checkFields(global, GLOBAL, version, 'global map');
  let inputCount: number;
  let outputCount: number;
  const outpoints: string[] = [];
  if (version === 0) {
    const tx = single(global, 0x00);
    if (!tx) throw bad('global map', 'unsigned_tx is missing (BIP174 requires it in a version 0 PSBT)');
    ({ inputs: inputCount, outputs: outputCount } = readUnsignedTx(tx, limits, outpoints));
  } else {
    for (const [type, name] of [
      [0x02, 'tx_version'],
      [0x04, 'input_count'],
      [0x05, 'output_count'],
    ] as const) {
      if (!global.has(type)) throw bad('global map', `${name} is missing (BIP370 requires it in a version 2 PSBT)`);
    }
    inputCount = new Reader(single(global, 0x04) as Uint8Array).compactSize('global map', 'input_count');
    outputCount = new Reader(single(global, 0x05) as Uint8Array).compactSize('global map', 'output_count');
    if (inputCount > limits.maxInputs) throw bad('global map', `input_count is ${inputCount}; at most ${limits.maxInputs.toLocaleString('en-US')} inputs are read`);
    if (outputCount > limits.maxOutputs) throw bad('global map', `output_count is ${outputCount}; at most ${limits.maxOutputs.toLocaleString('en-US')} outputs are read`);
  }
  const inputMaps: Array<readonly [number, number]> = [];
  for (let i = 0; i < inputCount; i++) {
    const where = `input ${i}`;
    if (r.left === 0) throw bad(where, `missing: the data ends after ${i} of ${inputCount} input maps`);
    const start = r.pos;
    const map = readMap(r, where);
    checkFields(map, INPUT, version, where);
    if (version === 2) {
      if (!map.has(0x0e)) throw bad(where, 'previous_txid is missing (BIP370 requires it)');
      if (!map.has(0x0f)) throw bad(where, 'output_index is missing (BIP370 requires it)');
      outpoints.push(displayTxid(single(map, 0x0e) as Uint8Array));
    }
    inputMaps.push([start, r.pos]);
  }
  const outputMaps: Array<readonly [number, number]> = [];
  for (let i = 0; i < outputCount; i++) {
    const where = `output ${i}`;
    if (r.left === 0) throw bad(where, `missing: the data ends after ${i} of ${outputCount} output maps`);
    const start = r.pos;
    const map = readMap(r, where);
    checkFields(map, OUTPUT, version, where);
    if (version === 2) {
      if (!map.has(0x03)) throw bad(where, 'amount is missing (BIP370 requires it)');
      if (!map.has(0x04)) throw bad(where, 'script is missing (BIP370 requires it)');
    }
    outputMaps.push([start, r.pos]);
  }
  // bip174js writes one empty map for a v0 transaction without outputs (or inputs); the library accepts it.
  if (r.left === 1 && bytes[r.pos] === 0x00 && version === 0 && (outputCount === 0 || inputCount === 0)) r.pos += 1;
  if (r.left) throw bad('end', `${sizes(r.left)} follow the last map (${inputCount} inputs and ${outputCount} outputs were expected)`);
  return { version, inputCount, outputCount, globalMap, inputMaps, outputMaps, outpoints };
}
