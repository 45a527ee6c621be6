/**
 * PSBT fixtures built by an independent implementation (bitcoinjs-lib + tiny-secp256k1), and the checks that
 * validate, finalize and extract what our signer produced with the same library.
 *
 * A fixture says what it is: the wallet ("abandon … about" unless another master is given), each input's
 * account kind (BIP44 P2PKH, BIP49 P2SH-P2WPKH, BIP84 P2WPKH, BIP86 P2TR), path, amount and whether it is
 * ours; the outputs (one payment, optionally change to m/…/1/0 of the first input's account) and the fee.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '@scure/bip39';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';

bitcoin.initEccLib(ecc);

export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const abandonMaster = (): HDKey => HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON));

export type ScriptType = 'p2pkh' | 'p2sh-p2wpkh' | 'p2wpkh' | 'p2tr';
export const SCRIPT_TYPES: readonly ScriptType[] = ['p2pkh', 'p2sh-p2wpkh', 'p2wpkh', 'p2tr'];
const PURPOSE: Readonly<Record<ScriptType, number>> = { p2pkh: 44, 'p2sh-p2wpkh': 49, p2wpkh: 84, p2tr: 86 };

export interface InputSpec {
  readonly type: ScriptType;
  readonly account?: number;
  readonly change?: 0 | 1;
  readonly index: number;
  /** Satoshis; default 100,000. */
  readonly amount?: bigint;
  /** Signed by another wallet: its derivation names that wallet's master (not ours). */
  readonly foreign?: boolean;
  readonly sighashType?: number;
  /** Also attach the previous transaction (always for P2PKH). */
  readonly nonWitnessUtxo?: boolean;
  /** Leave out the key origin (an input we cannot prove, even if the key is ours). */
  readonly noDerivation?: boolean;
  /** P2SH-P2WPKH without its redeem script (the signer proves and adds it). */
  readonly noRedeemScript?: boolean;
  /** Write this path in the key origin instead of the key's real one (a claim that does not derive). */
  readonly claimedPath?: string;
}

export interface PsbtSpec {
  readonly inputs: readonly InputSpec[];
  readonly network?: 'mainnet' | 'testnet';
  /** Fee in satoshis; default 1,000 + 200 per input. */
  readonly fee?: bigint;
  readonly master?: HDKey;
  readonly foreignMaster?: HDKey;
  /** Seed for the fake previous txids (deterministic fixtures). */
  readonly seed?: number;
}

export interface BuiltPsbt {
  readonly psbt: bitcoin.Psbt;
  readonly bytes: Uint8Array;
  /** Per input: the full path and whether it belongs to `master`. */
  readonly paths: ReadonlyArray<{ readonly path: string; readonly ours: boolean; readonly type: ScriptType }>;
}

const H = 0x80000000;
export const pathOf = (type: ScriptType, coin: number, account: number, change: number, index: number): string =>
  `m/${PURPOSE[type]}'/${coin}'/${account}'/${change}/${index}`;

/** Account nodes cached per master so 1000-input fixtures derive each account once. */
const accountCache = new WeakMap<HDKey, Map<string, HDKey>>();
function leaf(master: HDKey, type: ScriptType, coin: number, account: number, change: number, index: number): HDKey {
  let byMaster = accountCache.get(master);
  if (!byMaster) accountCache.set(master, (byMaster = new Map()));
  const key = `${type}/${coin}/${account}/${change}`;
  let branch = byMaster.get(key);
  if (!branch) {
    branch = master.deriveChild(PURPOSE[type] + H).deriveChild(coin + H).deriveChild(account + H).deriveChild(change);
    byMaster.set(key, branch);
  }
  return branch.deriveChild(index);
}

const fp = (master: HDKey): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, master.fingerprint >>> 0, false);
  return b;
};
const xOnly = (pub: Uint8Array): Uint8Array => pub.subarray(1, 33);

/** The output script of a key for a script type (bitcoinjs-lib payments). */
export function scriptFor(type: ScriptType, pub: Uint8Array, network: bitcoin.Network): { output: Uint8Array; redeem?: Uint8Array } {
  switch (type) {
    case 'p2pkh':
      return { output: bitcoin.payments.p2pkh({ pubkey: pub, network }).output as Uint8Array };
    case 'p2wpkh':
      return { output: bitcoin.payments.p2wpkh({ pubkey: pub, network }).output as Uint8Array };
    case 'p2sh-p2wpkh': {
      const redeem = bitcoin.payments.p2wpkh({ pubkey: pub, network });
      return { output: bitcoin.payments.p2sh({ redeem, network }).output as Uint8Array, redeem: redeem.output as Uint8Array };
    }
    case 'p2tr':
      return { output: bitcoin.payments.p2tr({ internalPubkey: xOnly(pub), network }).output as Uint8Array };
  }
}

/** A fake previous transaction paying `script` `amount` at output 0 (its txid is what the input spends). */
function previousTx(script: Uint8Array, amount: bigint, salt: Uint8Array): bitcoin.Transaction {
  const prev = new bitcoin.Transaction();
  prev.version = 2;
  prev.addInput(salt, 0);
  prev.addOutput(script, amount);
  return prev;
}

export function buildPsbt(spec: PsbtSpec): BuiltPsbt {
  const master = spec.master ?? abandonMaster();
  const foreignMaster = spec.foreignMaster ?? HDKey.fromMasterSeed(sha256(new TextEncoder().encode('a foreign wallet')));
  const network = spec.network === 'testnet' ? bitcoin.networks.testnet : bitcoin.networks.bitcoin;
  const coin = spec.network === 'testnet' ? 1 : 0;
  const psbt = new bitcoin.Psbt({ network });
  psbt.setVersion(2);
  const paths: Array<{ path: string; ours: boolean; type: ScriptType }> = [];
  let total = 0n;
  spec.inputs.forEach((input, i) => {
    const owner = input.foreign ? foreignMaster : master;
    const account = input.account ?? 0;
    const change = input.change ?? 0;
    const node = leaf(owner, input.type, coin, account, change, input.index);
    const pub = node.publicKey as Uint8Array;
    const path = pathOf(input.type, coin, account, change, input.index);
    const amount = input.amount ?? 100_000n;
    total += amount;
    const { output, redeem } = scriptFor(input.type, pub, network);
    const salt = hmac(sha256, new Uint8Array([spec.seed ?? 0]), new Uint8Array([i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff]));
    const prev = previousTx(output, amount, salt);
    const fields: Parameters<bitcoin.Psbt['addInput']>[0] = { hash: prev.getId(), index: 0, sequence: 0xfffffffd };
    if (input.type === 'p2pkh' || input.nonWitnessUtxo) fields.nonWitnessUtxo = prev.toBuffer();
    if (input.type !== 'p2pkh') fields.witnessUtxo = { script: output, value: amount };
    if (redeem && !input.noRedeemScript) fields.redeemScript = redeem;
    if (input.sighashType !== undefined) fields.sighashType = input.sighashType;
    const claimed = input.claimedPath ?? path;
    if (!input.noDerivation) {
      if (input.type === 'p2tr') {
        fields.tapInternalKey = xOnly(pub);
        fields.tapBip32Derivation = [{ masterFingerprint: fp(owner), path: claimed, pubkey: xOnly(pub), leafHashes: [] }];
      } else fields.bip32Derivation = [{ masterFingerprint: fp(owner), path: claimed, pubkey: pub }];
    } else if (input.type === 'p2tr') fields.tapInternalKey = xOnly(pub);
    psbt.addInput(fields);
    paths.push({ path, ours: !input.foreign, type: input.type });
  });
  const fee = spec.fee ?? 1000n + 200n * BigInt(spec.inputs.length);
  const payTo = bitcoin.payments.p2wpkh({ hash: new Uint8Array(20).fill(0x42), network }).output as Uint8Array;
  psbt.addOutput({ script: payTo, value: total - fee });
  return { psbt, bytes: psbt.toBuffer(), paths };
}

/** bitcoinjs-lib's validator for ECDSA and Schnorr signatures (tiny-secp256k1). */
export function validator(pubkey: Uint8Array, msghash: Uint8Array, signature: Uint8Array): boolean {
  return pubkey.length === 32 ? ecc.verifySchnorr(msghash, pubkey, signature) : ecc.verify(msghash, pubkey, signature, true);
}

/** Reads our signed PSBT with bitcoinjs-lib and validates the signatures of the given inputs. */
export function validateWithBitcoinjs(bytes: Uint8Array, inputs: readonly number[], network: 'mainnet' | 'testnet' = 'mainnet'): bitcoin.Psbt {
  const psbt = bitcoin.Psbt.fromBuffer(bytes, { network: network === 'testnet' ? bitcoin.networks.testnet : bitcoin.networks.bitcoin });
  for (const i of inputs) {
    if (!psbt.validateSignaturesOfInput(i, validator)) throw new Error(`bitcoinjs-lib: input ${i} signature does not validate`);
  }
  return psbt;
}

/** Finalizes and extracts with bitcoinjs-lib (it re-runs its own checks), returning the transaction hex and txid. */
export function finalizeWithBitcoinjs(psbt: bitcoin.Psbt): { hex: string; txid: string; vsize: number } {
  psbt.finalizeAllInputs();
  const tx = psbt.extractTransaction(true);
  return { hex: tx.toHex(), txid: tx.getId(), vsize: tx.virtualSize() };
}

/** Private keys for the paths (what a test or a bench signs with outside our signer). */
export function leafKey(master: HDKey, type: ScriptType, network: 'mainnet' | 'testnet', account: number, change: number, index: number): HDKey {
  return leaf(master, type, network === 'testnet' ? 1 : 0, account, change, index);
}
