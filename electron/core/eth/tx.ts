/**
 * Unsigned Ethereum transactions as MetaMask sends them for signing: legacy (RLP of the nine EIP-155 fields
 * [nonce, gasPrice, gas, to, value, data, chainId, 0, 0]) and EIP-2718 typed ones — EIP-2930 (0x01) and EIP-1559
 * (0x02). Blob (EIP-4844, 0x03) and set-code (EIP-7702, 0x04) transactions are recognised and refused by name:
 * what they do cannot be shown here. The hash signed is keccak256 of exactly these bytes.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../errors';
import { toChecksumAddress } from '../keys/eth';
import { decodeRlp, type RlpItem } from './rlp';

export interface AccessListEntry {
  readonly address: string;
  readonly storageKeys: readonly string[];
}

export interface EthTransaction {
  readonly type: 'legacy' | 'eip2930' | 'eip1559';
  readonly chainId: bigint;
  readonly nonce: bigint;
  readonly gasLimit: bigint;
  /** Legacy and EIP-2930. */
  readonly gasPrice: bigint | null;
  /** EIP-1559. */
  readonly maxFeePerGas: bigint | null;
  readonly maxPriorityFeePerGas: bigint | null;
  /** EIP-55, or null for contract creation. */
  readonly to: string | null;
  readonly value: bigint;
  readonly data: Uint8Array;
  readonly accessList: readonly AccessListEntry[];
  /** keccak256 of the signing payload. */
  readonly hash: Uint8Array;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  3: 'a blob transaction (EIP-4844, type 3)',
  4: 'a set-code transaction (EIP-7702, type 4): it would hand this account to contract code',
};

class Fields {
  constructor(
    private readonly items: readonly RlpItem[],
    private readonly what: string,
  ) {}
  bad(why: string): never {
    throw new WalletError('BAD_ETH_REQUEST', `${this.what}: ${why}.`);
  }
  bytes(i: number, name: string): Uint8Array {
    const v = this.items[i];
    if (!(v instanceof Uint8Array)) return this.bad(`${name} is a list, not a value`);
    return v;
  }
  /** A canonical unsigned integer: no leading zero byte, at most 32 bytes (uint256). */
  uint(i: number, name: string): bigint {
    const v = this.bytes(i, name);
    if (v.length > 32) this.bad(`${name} is larger than 256 bits`);
    if (v.length > 0 && v[0] === 0) this.bad(`${name} has a leading zero byte`);
    return v.length === 0 ? 0n : BigInt(`0x${bytesToHex(v)}`);
  }
  /** Empty (contract creation) or 20 bytes. */
  to(i: number): string | null {
    const v = this.bytes(i, 'to');
    if (v.length === 0) return null;
    if (v.length !== 20) this.bad(`to is ${v.length} bytes, not an address (20 bytes)`);
    return toChecksumAddress(bytesToHex(v));
  }
  accessList(i: number): AccessListEntry[] {
    const v = this.items[i];
    if (!Array.isArray(v)) return this.bad('the access list is not a list');
    return (v as readonly RlpItem[]).map((entry, n) => {
      if (!Array.isArray(entry) || entry.length !== 2) return this.bad(`access list entry ${n} is not [address, storage keys]`);
      const [address, keys] = entry as readonly RlpItem[];
      if (!(address instanceof Uint8Array) || address.length !== 20) return this.bad(`access list entry ${n}'s address is not 20 bytes`);
      if (!Array.isArray(keys)) return this.bad(`access list entry ${n}'s storage keys are not a list`);
      const storageKeys = (keys as readonly RlpItem[]).map((k) => {
        if (!(k instanceof Uint8Array) || k.length !== 32) return this.bad(`access list entry ${n} has a storage key that is not 32 bytes`);
        return `0x${bytesToHex(k)}`;
      });
      return { address: toChecksumAddress(bytesToHex(address)), storageKeys };
    });
  }
}

function list(item: RlpItem, count: number, what: string): Fields {
  if (!Array.isArray(item)) throw new WalletError('BAD_ETH_REQUEST', `${what}: not an RLP list.`);
  const items = item as readonly RlpItem[];
  if (items.length !== count) throw new WalletError('BAD_ETH_REQUEST', `${what}: ${items.length} fields, not ${count}.`);
  return new Fields(items, what);
}

/** A legacy transaction's EIP-155 signing payload (data-type 1). */
export function parseLegacyTransaction(payload: Uint8Array): EthTransaction {
  const what = 'Legacy transaction';
  const first = payload[0] as number;
  if (first <= 0x7f) {
    throw new WalletError('BAD_ETH_REQUEST', `${what}: this is a typed transaction (EIP-2718 type ${first}), but the request says it is a legacy one (data-type 1).`);
  }
  const item = decodeRlp(payload, what);
  if (Array.isArray(item) && (item as readonly RlpItem[]).length === 6) {
    throw new WalletError('UNSUPPORTED', `${what}: it has no chain id (pre-EIP-155), so its signature would be valid on every Ethereum chain. Ask for an EIP-155 or EIP-1559 transaction.`);
  }
  const f = list(item, 9, what);
  const chainId = f.uint(6, 'the chain id');
  if (chainId === 0n) f.bad('the chain id is 0');
  if (f.bytes(7, 'the 8th field').length !== 0 || f.bytes(8, 'the 9th field').length !== 0) f.bad('the last two fields are not empty (EIP-155: r = s = 0): it looks signed already');
  return {
    type: 'legacy',
    chainId,
    nonce: f.uint(0, 'the nonce'),
    gasPrice: f.uint(1, 'the gas price'),
    maxFeePerGas: null,
    maxPriorityFeePerGas: null,
    gasLimit: f.uint(2, 'the gas limit'),
    to: f.to(3),
    value: f.uint(4, 'the value'),
    data: f.bytes(5, 'the data'),
    accessList: [],
    hash: keccak_256(payload),
  };
}

/** An EIP-2718 typed transaction's signing payload: type byte || RLP (data-type 4). */
export function parseTypedTransaction(payload: Uint8Array): EthTransaction {
  const type = payload[0] as number;
  if (type >= 0xc0) throw new WalletError('BAD_ETH_REQUEST', 'Typed transaction: this is a legacy transaction (an RLP list), but the request says it is typed (data-type 4).');
  const named = TYPE_NAMES[type];
  if (named !== undefined) throw new WalletError('UNSUPPORTED', `This is ${named}. Permafrost signs legacy, EIP-2930 and EIP-1559 transactions only.`);
  if (type === 0) throw new WalletError('BAD_ETH_REQUEST', 'Typed transaction: type 0 is the legacy transaction, which is never written with a type byte (ask for it as data-type 1, a plain RLP list).');
  if (type !== 1 && type !== 2) throw new WalletError('UNSUPPORTED', `Transaction type ${type} is unknown to Permafrost (it signs legacy transactions and types 1 and 2: EIP-2930 and EIP-1559).`);
  const what = type === 1 ? 'EIP-2930 transaction' : 'EIP-1559 transaction';
  const f = list(decodeRlp(payload.subarray(1), what), type === 1 ? 8 : 9, what);
  const chainId = f.uint(0, 'the chain id');
  if (chainId === 0n) f.bad('the chain id is 0');
  const at = type === 1 ? 0 : 1;
  const tx: EthTransaction = {
    type: type === 1 ? 'eip2930' : 'eip1559',
    chainId,
    nonce: f.uint(1, 'the nonce'),
    gasPrice: type === 1 ? f.uint(2, 'the gas price') : null,
    maxPriorityFeePerGas: type === 2 ? f.uint(2, 'the max priority fee') : null,
    maxFeePerGas: type === 2 ? f.uint(3, 'the max fee') : null,
    gasLimit: f.uint(3 + at, 'the gas limit'),
    to: f.to(4 + at),
    value: f.uint(5 + at, 'the value'),
    data: f.bytes(6 + at, 'the data'),
    accessList: f.accessList(7 + at),
    hash: keccak_256(payload),
  };
  if (tx.maxPriorityFeePerGas !== null && tx.maxFeePerGas !== null && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    f.bad('the max priority fee is above the max fee');
  }
  return tx;
}

/** The most the transaction can cost: value + gas limit × (gas price or max fee). */
export function maxCost(tx: EthTransaction): bigint {
  return tx.value + tx.gasLimit * (tx.gasPrice ?? tx.maxFeePerGas ?? 0n);
}
