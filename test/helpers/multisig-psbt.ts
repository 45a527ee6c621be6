/**
 * Multisig PSBTs built by bitcoinjs-lib (the independent implementation): a wallet of test keys (helpers/multisig.ts)
 * spends its own outputs at receive/change indices, pays one foreign address, and (optionally) sends change to
 * m/…/1/i of a wallet — the same one, or another key set (the swapped-change attack). Each input and change output
 * carries every cosigner's bip32_derivation, the witness/redeem script, and the previous transaction.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import * as bitcoin from 'bitcoinjs-lib';
import * as ecc from 'tiny-secp256k1';
import type { ScriptKind, TestKey } from './multisig';

bitcoin.initEccLib(ecc);

export interface MultisigInputSpec {
  readonly change?: boolean;
  readonly index: number;
  readonly amount?: bigint;
}

export interface MultisigPsbtSpec {
  readonly kind: ScriptKind;
  readonly keys: readonly TestKey[];
  readonly m: number;
  readonly inputs: readonly MultisigInputSpec[];
  /** Change to index `index` of branch 1 of `keys` (default: the spending wallet's keys, M and kind). */
  readonly change?: { readonly index: number; readonly keys?: readonly TestKey[]; readonly m?: number; readonly kind?: ScriptKind; readonly amount?: bigint };
  readonly fee?: bigint;
  readonly nonWitnessUtxo?: boolean;
  readonly network?: 'mainnet' | 'testnet';
}

const fpBuf = (hex: string) => Buffer.from(hex, 'hex');

export function scriptsAt(kind: ScriptKind, keys: readonly TestKey[], m: number, change: boolean, index: number, network: bitcoin.Network) {
  const pubs = keys.map((k) => Buffer.from(k.node.deriveChild(change ? 1 : 0).deriveChild(index).publicKey as Uint8Array));
  const ms = bitcoin.payments.p2ms({ m, pubkeys: [...pubs].sort(Buffer.compare), network });
  const wsh = kind === 'p2sh' ? null : bitcoin.payments.p2wsh({ redeem: ms, network });
  const out = kind === 'p2wsh' ? wsh! : kind === 'p2sh-p2wsh' ? bitcoin.payments.p2sh({ redeem: wsh!, network }) : bitcoin.payments.p2sh({ redeem: ms, network });
  const derivation = keys.map((k, i) => ({
    masterFingerprint: fpBuf(k.fingerprint),
    path: `m${k.path.map((x) => (x >= 0x80000000 ? `/${x - 0x80000000}'` : `/${x}`)).join('')}/${change ? 1 : 0}/${index}`,
    pubkey: pubs[i] as Buffer,
  }));
  return {
    output: out.output as Buffer,
    address: out.address as string,
    witnessScript: kind === 'p2sh' ? undefined : (ms.output as Buffer),
    redeemScript: kind === 'p2wsh' ? undefined : kind === 'p2sh' ? (ms.output as Buffer) : (wsh!.output as Buffer),
    derivation,
    pubkeys: pubs,
  };
}

export function buildMultisigPsbt(spec: MultisigPsbtSpec): { psbt: bitcoin.Psbt; bytes: Uint8Array; changeAddress: string | null } {
  const network = spec.network === 'testnet' ? bitcoin.networks.testnet : bitcoin.networks.bitcoin;
  const psbt = new bitcoin.Psbt({ network });
  psbt.setVersion(2);
  let total = 0n;
  spec.inputs.forEach((input, i) => {
    const s = scriptsAt(spec.kind, spec.keys, spec.m, input.change ?? false, input.index, network);
    const amount = input.amount ?? 100_000n;
    total += amount;
    const prev = new bitcoin.Transaction();
    prev.version = 2;
    prev.addInput(Buffer.from(sha256(Uint8Array.of(i, spec.kind.length))), 0);
    prev.addOutput(s.output, amount);
    const fields: Parameters<bitcoin.Psbt['addInput']>[0] = { hash: prev.getId(), index: 0, sequence: 0xfffffffd, bip32Derivation: s.derivation };
    if (spec.kind === 'p2sh' || spec.nonWitnessUtxo !== false) fields.nonWitnessUtxo = prev.toBuffer();
    if (spec.kind !== 'p2sh') fields.witnessUtxo = { script: s.output, value: amount };
    if (s.witnessScript) fields.witnessScript = s.witnessScript;
    if (s.redeemScript) fields.redeemScript = s.redeemScript;
    psbt.addInput(fields);
  });
  const fee = spec.fee ?? 2_000n;
  const changeAmount = spec.change ? (spec.change.amount ?? 30_000n) : 0n;
  psbt.addOutput({ script: bitcoin.payments.p2wpkh({ hash: Buffer.alloc(20, 0x42), network }).output as Buffer, value: total - fee - changeAmount });
  let changeAddress: string | null = null;
  if (spec.change) {
    const c = scriptsAt(spec.change.kind ?? spec.kind, spec.change.keys ?? spec.keys, spec.change.m ?? spec.m, true, spec.change.index, network);
    changeAddress = c.address;
    psbt.addOutput({ script: c.output, value: changeAmount });
    psbt.updateOutput(1, { bip32Derivation: c.derivation, ...(c.witnessScript ? { witnessScript: c.witnessScript } : {}), ...(c.redeemScript ? { redeemScript: c.redeemScript } : {}) });
  }
  return { psbt, bytes: psbt.toBuffer(), changeAddress };
}

/** A bitcoinjs-lib signer for a cosigner's key at m/…/branch/index. */
export function cosignerSigner(key: TestKey, change: boolean, index: number): bitcoin.Signer {
  const leaf = key.node.deriveChild(change ? 1 : 0).deriveChild(index);
  return {
    publicKey: Buffer.from(leaf.publicKey as Uint8Array),
    sign: (hash: Buffer) => Buffer.from(ecc.sign(hash, leaf.privateKey as Uint8Array)),
  };
}

export const validator = (pubkey: Uint8Array, msghash: Uint8Array, signature: Uint8Array): boolean => ecc.verify(msghash, pubkey, signature, true);
