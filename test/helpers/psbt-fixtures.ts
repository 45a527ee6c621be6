/** PSBT test helpers: the converted BIP vectors (test/vectors/README.md), BAD_PSBT checks, and self-explaining review fixtures. */
import { readFileSync } from 'node:fs';
import { HDKey as ScureHDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import { expect } from 'vitest';
import { isWalletError } from '../../electron/core/errors';
import { readFrame } from '../../electron/core/psbt/frame';

export interface BipCase {
  readonly case: string;
  readonly hex: string;
  readonly base64: string;
  readonly additional?: unknown;
}
export interface BipGroup {
  readonly text: string;
  readonly cases?: readonly BipCase[];
  readonly data?: unknown;
}

export function bipGroups(file: string): readonly BipGroup[] {
  return (JSON.parse(readFileSync(`test/vectors/${file}`, 'utf8')) as { groups: BipGroup[] }).groups;
}

/** Runs `f`, expects a WalletError BAD_PSBT whose message starts "PSBT" or "This" (never a TypeError); returns it. */
export function expectBadPsbt(f: () => unknown): string {
  let error: unknown = null;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a refusal').not.toBeNull();
  if (!isWalletError(error)) throw new Error(`expected a WalletError, got ${String(error)}`);
  expect(error.code).toBe('BAD_PSBT');
  return error.message;
}

/** Each map's key-value pairs as hex, sorted: two PSBTs that differ only in key order compare equal. */
export function sortedPairs(bytes: Uint8Array): string[][] {
  const frame = readFrame(bytes, { maxInputs: 100_000, maxOutputs: 100_000 });
  const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const varint = (at: number): [number, number] => {
    const first = bytes[at] as number;
    if (first < 0xfd) return [first, 1];
    const width = first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    let n = 0;
    for (let i = width; i >= 1; i--) n = n * 256 + (bytes[at + i] as number);
    return [n, 1 + width];
  };
  return [frame.globalMap, ...frame.inputMaps, ...frame.outputMaps].map(([start, end]) => {
    const pairs: string[] = [];
    let at = start;
    while (at < end - 1) {
      const [keyLen, a] = varint(at);
      const [valueLen, b] = varint(at + a + keyLen);
      const next = at + a + keyLen + b + valueLen;
      pairs.push(toHex(bytes.subarray(at, next)));
      at = next;
    }
    return pairs.sort();
  });
}

/* ---------- review fixtures, built with an independent implementation (bitcoinjs-lib + tiny-secp256k1) ---------- */


bitcoin.initEccLib(ecc);

/** The public test wallet every fixture uses (BIP39 "abandon … about", no passphrase); fingerprint 73c5da0a. */
export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const ABANDON_FINGERPRINT = '73c5da0a';
const master = ScureHDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON));
/** Another wallet, for foreign inputs and payments ("zoo … wrong"). */
const stranger = ScureHDKey.fromMasterSeed(mnemonicToSeedSync('zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'));

export type FixtureType = 'p2pkh' | 'p2sh-p2wpkh' | 'p2wpkh' | 'p2tr';
const PURPOSE: Record<FixtureType, number> = { p2pkh: 44, 'p2sh-p2wpkh': 49, p2wpkh: 84, p2tr: 86 };

/** "m/84'/0'/0'/1/3" style path for a type: account 0, mainnet unless told. */
export function pathFor(type: FixtureType, change: 0 | 1, index: number, coin = 0, account = 0): string {
  return `m/${PURPOSE[type]}'/${coin}'/${account}'/${change}/${index}`;
}

export function keyAt(path: string, of: 'ours' | 'stranger' = 'ours'): ScureHDKey {
  return (of === 'ours' ? master : stranger).derive(path);
}

export function paymentFor(type: FixtureType, pubkey: Uint8Array, network = bitcoin.networks.bitcoin): bitcoin.payments.Payment {
  switch (type) {
    case 'p2pkh':
      return bitcoin.payments.p2pkh({ pubkey, network });
    case 'p2sh-p2wpkh':
      return bitcoin.payments.p2sh({ redeem: bitcoin.payments.p2wpkh({ pubkey, network }), network });
    case 'p2wpkh':
      return bitcoin.payments.p2wpkh({ pubkey, network });
    case 'p2tr':
      return bitcoin.payments.p2tr({ internalPubkey: pubkey.subarray(1, 33), network });
  }
}

export interface FixtureInput {
  readonly type: FixtureType;
  /** Our path, or a stranger's key at this path when `foreign`. */
  readonly path: string;
  readonly value: number;
  readonly foreign?: boolean;
  /** Put our fingerprint and this path in the input's derivation although the key is the stranger's. */
  readonly claimOurs?: boolean;
  /** Default: the full previous transaction for non-taproot inputs (as Sparrow and Core do). */
  readonly nonWitnessUtxo?: boolean;
  /** Also give witness_utxo (default: for segwit). */
  readonly witnessUtxo?: boolean;
  readonly sighashType?: number;
  readonly sequence?: number;
  /** A previous transaction that is not the one spent (its hash differs from the outpoint). */
  readonly wrongPrevTx?: boolean;
  /** witness_utxo states this amount instead of the real one (the fee-lying attack). */
  readonly witnessUtxoValue?: number;
}

export type FixtureOutput =
  | { readonly to: 'stranger'; readonly value: number; readonly index?: number }
  | { readonly to: 'ours'; readonly type: FixtureType; readonly path: string; readonly value: number; readonly withDerivation?: boolean }
  /** A stranger's address dressed as our change: our fingerprint and a path that does not derive to it. */
  | { readonly to: 'fake-change'; readonly path: string; readonly value: number }
  | { readonly to: 'address'; readonly address: string; readonly value: number }
  | { readonly to: 'script'; readonly script: Uint8Array; readonly value: number };

export interface Fixture {
  readonly psbt: bitcoin.Psbt;
  readonly base64: string;
  /** The previous transactions' txids (display order), one per input. */
  readonly txids: readonly string[];
}

const FP = Number.parseInt(ABANDON_FINGERPRINT, 16);

/** A PSBT from a story: each input spends output 0 of a made-up previous transaction paying `value` to its script. */
export function buildFixture(inputs: readonly FixtureInput[], outputs: readonly FixtureOutput[], options: { locktime?: number; version?: number } = {}): Fixture {
  const psbt = new bitcoin.Psbt({ network: bitcoin.networks.bitcoin });
  psbt.setVersion(options.version ?? 2);
  if (options.locktime !== undefined) psbt.setLocktime(options.locktime);
  const txids: string[] = [];
  inputs.forEach((inp, n) => {
    const key = keyAt(inp.path, inp.foreign ? 'stranger' : 'ours');
    const pub = key.publicKey as Uint8Array;
    const pay = paymentFor(inp.type, pub);
    const prev = new bitcoin.Transaction();
    prev.version = 2;
    prev.addInput(new Uint8Array(32).fill(n + 1), n);
    prev.addOutput(pay.output as Uint8Array, BigInt(inp.value));
    const other = new bitcoin.Transaction();
    other.version = 2;
    other.addInput(new Uint8Array(32).fill(0xee), 0);
    other.addOutput(pay.output as Uint8Array, BigInt(inp.value));
    txids.push(prev.getId());
    const segwit = inp.type !== 'p2pkh';
    const update: Parameters<bitcoin.Psbt['addInput']>[0] = { hash: prev.getId(), index: 0, sequence: inp.sequence ?? 0xfffffffd };
    if (inp.nonWitnessUtxo ?? inp.type !== 'p2tr') update.nonWitnessUtxo = (inp.wrongPrevTx ? other : prev).toBuffer();
    if (inp.witnessUtxo ?? segwit) update.witnessUtxo = { script: pay.output as Uint8Array, value: BigInt(inp.witnessUtxoValue ?? inp.value) };
    if (inp.type === 'p2sh-p2wpkh') update.redeemScript = pay.redeem?.output as Uint8Array;
    if (inp.sighashType !== undefined) update.sighashType = inp.sighashType;
    const fingerprint = new Uint8Array(4);
    new DataView(fingerprint.buffer).setUint32(0, inp.foreign && !inp.claimOurs ? 0x01020304 : FP);
    if (inp.type === 'p2tr') {
      update.tapInternalKey = pub.subarray(1, 33);
      update.tapBip32Derivation = [{ masterFingerprint: fingerprint, path: inp.path, pubkey: pub.subarray(1, 33), leafHashes: [] }];
    } else {
      update.bip32Derivation = [{ masterFingerprint: fingerprint, path: inp.path, pubkey: pub }];
    }
    psbt.addInput(update);
  });
  for (const out of outputs) {
    const fingerprint = new Uint8Array(4);
    new DataView(fingerprint.buffer).setUint32(0, FP);
    switch (out.to) {
      case 'stranger':
        psbt.addOutput({ script: paymentFor('p2wpkh', keyAt(`m/84'/0'/0'/0/${out.index ?? 0}`, 'stranger').publicKey as Uint8Array).output as Uint8Array, value: BigInt(out.value) });
        break;
      case 'ours': {
        const pub = keyAt(out.path).publicKey as Uint8Array;
        const pay = paymentFor(out.type, pub);
        if (out.withDerivation === false) psbt.addOutput({ script: pay.output as Uint8Array, value: BigInt(out.value) });
        else if (out.type === 'p2tr') {
          psbt.addOutput({
            script: pay.output as Uint8Array,
            value: BigInt(out.value),
            tapInternalKey: pub.subarray(1, 33),
            tapBip32Derivation: [{ masterFingerprint: fingerprint, path: out.path, pubkey: pub.subarray(1, 33), leafHashes: [] }],
          });
        } else {
          psbt.addOutput({
            script: pay.output as Uint8Array,
            value: BigInt(out.value),
            bip32Derivation: [{ masterFingerprint: fingerprint, path: out.path, pubkey: pub }],
            ...(out.type === 'p2sh-p2wpkh' ? { redeemScript: pay.redeem?.output as Uint8Array } : {}),
          });
        }
        break;
      }
      case 'fake-change': {
        const strangerPub = keyAt(out.path, 'stranger').publicKey as Uint8Array;
        psbt.addOutput({
          script: paymentFor('p2wpkh', strangerPub).output as Uint8Array,
          value: BigInt(out.value),
          bip32Derivation: [{ masterFingerprint: fingerprint, path: out.path, pubkey: strangerPub }],
        });
        break;
      }
      case 'address':
        psbt.addOutput({ address: out.address, value: BigInt(out.value) });
        break;
      case 'script':
        psbt.addOutput({ script: out.script, value: BigInt(out.value) });
        break;
    }
  }
  return { psbt, base64: psbt.toBase64(), txids };
}

/** Signs every input with bitcoinjs-lib (tiny-secp256k1, RFC6979; BIP86 tweak for P2TR) and finalizes. */
export function signWithBitcoinjs(fixture: Fixture, inputs: readonly FixtureInput[]): { tx: bitcoin.Transaction; base64: string } {
  const psbt = bitcoin.Psbt.fromBase64(fixture.base64);
  inputs.forEach((inp, i) => {
    const key = keyAt(inp.path, inp.foreign ? 'stranger' : 'ours');
    const priv = key.privateKey as Uint8Array;
    const pub = key.publicKey as Uint8Array;
    if (inp.type === 'p2tr') {
      const even = pub[0] === 3 ? (ecc.privateNegate(priv) as Uint8Array) : priv;
      const tweaked = ecc.privateAdd(even, bitcoin.crypto.taggedHash('TapTweak', pub.subarray(1, 33))) as Uint8Array;
      psbt.signInput(i, { publicKey: ecc.pointFromScalar(tweaked, true) as Uint8Array, sign: (h) => ecc.sign(h, tweaked), signSchnorr: (h) => ecc.signSchnorr(h, tweaked) });
    } else {
      psbt.signInput(i, { publicKey: pub, sign: (h) => ecc.sign(h, priv) });
    }
  });
  psbt.finalizeAllInputs();
  return { tx: psbt.extractTransaction(), base64: psbt.toBase64() };
}

/* ---------- raw PSBT bytes, for sizes no library builds quickly ---------- */

function compactSize(n: number): number[] {
  if (n < 0xfd) return [n];
  if (n <= 0xffff) return [0xfd, n & 0xff, n >> 8];
  return [0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
}
function u32(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
}
function u64(n: number): number[] {
  return [...u32(n % 0x100000000), ...u32(Math.floor(n / 0x100000000))];
}
function pair(type: number, key: readonly number[] | Uint8Array, value: readonly number[] | Uint8Array): number[] {
  return [...compactSize(1 + key.length), type, ...key, ...compactSize(value.length), ...value];
}

/**
 * A version 2 PSBT with `inputs` P2WPKH inputs of 1,000 sats each (txid = the index, big-endian, in its last bytes;
 * witness_utxo only) and one output of `inputs × 990` sats (a fee of 10 sats an input); `globalExtra` adds an unknown global key of
 * that many bytes (to reach a size).
 */
export function rawV2Psbt(inputs: number, globalExtra = 0): Uint8Array {
  const script = [0x00, 0x14, ...new Array<number>(20).fill(0x11)];
  const parts: Array<number[] | Uint8Array> = [[0x70, 0x73, 0x62, 0x74, 0xff]];
  parts.push(pair(0x02, [], u32(2)), pair(0x04, [], compactSize(inputs)), pair(0x05, [], compactSize(1)), pair(0xfb, [], u32(2)));
  if (globalExtra > 0) {
    parts.push([...compactSize(2), 0xf0, 0x01, ...compactSize(globalExtra)]);
    parts.push(new Uint8Array(globalExtra).fill(0x5a));
  }
  parts.push([0]);
  for (let i = 0; i < inputs; i++) {
    const txid = new Array<number>(32).fill(0);
    txid[0] = i & 0xff;
    txid[1] = (i >> 8) & 0xff;
    txid[2] = 1;
    parts.push([...pair(0x01, [], [...u64(1000), ...compactSize(script.length), ...script]), ...pair(0x0e, [], txid), ...pair(0x0f, [], u32(0)), 0]);
  }
  parts.push([...pair(0x03, [], u64(inputs * 990)), ...pair(0x04, [], script), 0]);
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte equality without a deep-equality walk (vitest's toEqual is slow on megabytes). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
