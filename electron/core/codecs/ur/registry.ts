/**
 * UR registry types for watch-only export (BlockchainCommons bcr-2020-007 crypto-hdkey, bcr-2020-010
 * crypto-output, bcr-2020-015 crypto-account; v1 type names and tags, which Sparrow, Keystone, BlueWallet,
 * Nunchuk and MetaMask read).
 *
 * Layout choices, for the widest compatibility:
 * - Outputs inside crypto-account are NOT wrapped in tag 308 by default: Keystone's registry (used by BlueWallet
 *   and MetaMask's keyring) stops at an unknown outer tag, while Sparrow's hummingbird accepts both layouts.
 *   `{ wrapOutputs: true }` gives the bcr-2020-015 example's layout exactly.
 * - Every origin keypath carries the master (source) fingerprint — MetaMask refuses a crypto-hdkey without it —
 *   and, by default, its depth, as Keystone writes it.
 */
import { CborMap, CborTag, type CborValue } from '../cbor';
import type { Ur } from './ur';
import { encodeCbor } from '../cbor';

export const TAG = {
  hdkey: 303,
  keypath: 304,
  coininfo: 305,
  output: 308,
  account: 311,
  sh: 400,
  wsh: 401,
  pkh: 403,
  wpkh: 404,
  multi: 406,
  sortedmulti: 407,
  tr: 409,
  cosigner: 410,
} as const;

const HARDENED = 0x80000000;

/** A path step: an index (hardened when ≥ 2^31) or a wildcard. */
export type PathStep = number | { readonly wildcard: true; readonly hardened: boolean };

export interface KeypathFields {
  readonly path: readonly PathStep[];
  readonly sourceFingerprint?: number;
  readonly depth?: number;
}

export function keypath(k: KeypathFields): CborTag {
  const components: CborValue[] = [];
  for (const step of k.path) {
    if (typeof step === 'number') components.push(step >= HARDENED ? step - HARDENED : step, step >= HARDENED);
    else components.push([], step.hardened);
  }
  const entries: Array<[CborValue, CborValue]> = [[1, components]];
  if (k.sourceFingerprint !== undefined) entries.push([2, k.sourceFingerprint]);
  if (k.depth !== undefined) entries.push([3, k.depth]);
  return new CborTag(TAG.keypath, new CborMap(entries));
}

export interface HdKeyFields {
  /** 33-byte compressed public key. */
  readonly key: Uint8Array;
  readonly chainCode: Uint8Array;
  /** SLIP-44 coin type (0 Bitcoin, 60 Ethereum) and network (0 main, 1 test); omitted when both are 0. */
  readonly useInfo?: { readonly type: number; readonly network: number };
  readonly origin?: KeypathFields;
  readonly children?: KeypathFields;
  /** Omitted when 0 (bcr-2020-007: parent-fingerprint .ne 0). */
  readonly parentFingerprint?: number;
  readonly name?: string;
  readonly note?: string;
}

/** The crypto-hdkey map (keys in ascending order). */
export function hdKeyMap(k: HdKeyFields): CborMap {
  const entries: Array<[CborValue, CborValue]> = [
    [3, k.key],
    [4, k.chainCode],
  ];
  if (k.useInfo && (k.useInfo.type !== 0 || k.useInfo.network !== 0)) {
    const info: Array<[CborValue, CborValue]> = [];
    if (k.useInfo.type !== 0) info.push([1, k.useInfo.type]);
    if (k.useInfo.network !== 0) info.push([2, k.useInfo.network]);
    entries.push([5, new CborTag(TAG.coininfo, new CborMap(info))]);
  }
  if (k.origin) entries.push([6, keypath(k.origin)]);
  if (k.children) entries.push([7, keypath(k.children)]);
  if (k.parentFingerprint) entries.push([8, k.parentFingerprint]);
  if (k.name !== undefined) entries.push([9, k.name]);
  if (k.note !== undefined) entries.push([10, k.note]);
  return new CborMap(entries);
}

/** Script expression around a key, outermost first, e.g. ['sh', 'wpkh'] for P2SH-P2WPKH. */
export type ScriptExpression = ReadonlyArray<'sh' | 'wsh' | 'pkh' | 'wpkh' | 'tr' | 'cosigner'>;

export function outputExpression(script: ScriptExpression, key: HdKeyFields): CborValue {
  let value: CborValue = new CborTag(TAG.hdkey, hdKeyMap(key));
  for (const s of [...script].reverse()) value = new CborTag(TAG[s], value);
  return value;
}

export interface AccountOutput {
  readonly script: ScriptExpression;
  readonly key: HdKeyFields;
}

export function cryptoAccountCbor(masterFingerprint: number, outputs: readonly AccountOutput[], options: { wrapOutputs?: boolean } = {}): Uint8Array {
  const items = outputs.map((o) => {
    const expr = outputExpression(o.script, o.key);
    return options.wrapOutputs ? new CborTag(TAG.output, expr) : expr;
  });
  return encodeCbor(new CborMap([
    [1, masterFingerprint],
    [2, items],
  ]));
}

export function cryptoAccountUr(masterFingerprint: number, outputs: readonly AccountOutput[], options: { wrapOutputs?: boolean } = {}): Ur {
  return { type: 'crypto-account', cbor: cryptoAccountCbor(masterFingerprint, outputs, options) };
}

/** A single crypto-output UR: the script expression itself (the UR type stands for tag 308). */
export function cryptoOutputUr(output: AccountOutput): Ur {
  return { type: 'crypto-output', cbor: encodeCbor(outputExpression(output.script, output.key)) };
}

/**
 * A multisig crypto-output (bcr-2020-010 "crypto-multikey": {1: threshold, 2: [crypto-hdkey…]} under tag 406 multi
 * or 407 sortedmulti), inside the script wrappers, e.g. ['wsh'] for wsh(sortedmulti(…)). Sparrow reads it as a
 * multisig wallet; Keystone's registry decodes it (test/core/wallet-config-sheet.test.ts).
 */
export function cryptoOutputMultiUr(script: ReadonlyArray<'sh' | 'wsh'>, threshold: number, sorted: boolean, keys: readonly HdKeyFields[]): Ur {
  const multikey = new CborMap([
    [1, threshold],
    [2, keys.map((k) => new CborTag(TAG.hdkey, hdKeyMap(k)))],
  ]);
  let value: CborValue = new CborTag(sorted ? TAG.sortedmulti : TAG.multi, multikey);
  for (const s of [...script].reverse()) value = new CborTag(TAG[s], value);
  return { type: 'crypto-output', cbor: encodeCbor(value) };
}

export function cryptoHdKeyUr(key: HdKeyFields): Ur {
  return { type: 'crypto-hdkey', cbor: encodeCbor(hdKeyMap(key)) };
}
