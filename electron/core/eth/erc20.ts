/**
 * The three ERC-20 calls whose meaning is fixed by EIP-20 (ethereum/EIPs eip-20.md): transfer(address,uint256)
 * 0xa9059cbb, approve(address,uint256) 0x095ea7b3, transferFrom(address,address,uint256) 0x23b872dd. Decoded only
 * when the data is exactly the selector and its canonical ABI words; anything else is shown as a selector and hex.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { toChecksumAddress } from '../keys/eth';
import type { Erc20Call } from './types';

/**
 * At or above this many raw units an approval is treated as unlimited: 2^96 − 1 is what many dapps use as "infinite"
 * besides 2^256 − 1 (and 79 billion whole tokens at 18 decimals — no real allowance is that large).
 */
export const UNLIMITED_THRESHOLD = (1n << 96n) - 1n;

const SELECTORS: Readonly<Record<string, { method: Erc20Call['method']; words: number }>> = {
  a9059cbb: { method: 'transfer', words: 2 },
  '095ea7b3': { method: 'approve', words: 2 },
  '23b872dd': { method: 'transferFrom', words: 3 },
};

/** The 20-byte address in an ABI word, or null when its 12 high bytes are not zero. */
function addressWord(word: Uint8Array): string | null {
  return word.subarray(0, 12).every((b) => b === 0) ? toChecksumAddress(bytesToHex(word.subarray(12))) : null;
}

export function decodeErc20(token: string | null, data: Uint8Array): Erc20Call | null {
  if (token === null || data.length < 4) return null;
  const known = SELECTORS[bytesToHex(data.subarray(0, 4))];
  if (!known || data.length !== 4 + 32 * known.words) return null;
  const words = Array.from({ length: known.words }, (_, i) => data.subarray(4 + 32 * i, 36 + 32 * i));
  const addresses = words.slice(0, -1).map(addressWord);
  if (addresses.some((a) => a === null)) return null;
  const amount = BigInt(`0x${bytesToHex(words[known.words - 1] as Uint8Array)}`);
  const [first, second] = addresses as string[];
  return {
    method: known.method,
    token,
    from: known.method === 'transferFrom' ? (first as string) : null,
    to: (known.method === 'transferFrom' ? second : first) as string,
    amount: amount.toString(),
    unlimited: known.method === 'approve' && amount >= UNLIMITED_THRESHOLD,
  };
}

/** An approval a transaction's data gives, however it is written: who may spend, and what. */
export interface ApprovalCall {
  /** "approve", "increaseAllowance", "setApprovalForAll", "Permit2 approve". */
  readonly method: string;
  readonly spender: string;
  /** Raw units, or null for setApprovalForAll (every token of the collection). */
  readonly amount: bigint | null;
  /** Whether the data is exactly the selector and canonical ABI words (decodeErc20 shows it only then). */
  readonly canonical: boolean;
}

/**
 * Approval calls (selector → the word holding the spender, the word holding the amount or flag, the words needed):
 * ERC-20 approve(address,uint256) and the allowance raisers increaseAllowance(address,uint256) (OpenZeppelin) and
 * increaseApproval(address,uint256) (older OpenZeppelin, many live tokens); ERC-721/1155
 * setApprovalForAll(address,bool); Uniswap Permit2 approve(address token,address spender,uint160,uint48).
 */
const APPROVALS: Readonly<Record<string, { method: string; spender: number; amount: number; words: number; flag?: true }>> = {
  '095ea7b3': { method: 'approve', spender: 0, amount: 1, words: 2 },
  '39509351': { method: 'increaseAllowance', spender: 0, amount: 1, words: 2 },
  d73dd623: { method: 'increaseApproval', spender: 0, amount: 1, words: 2 },
  a22cb465: { method: 'setApprovalForAll', spender: 0, amount: 1, words: 2, flag: true },
  '87517c45': { method: 'Permit2 approve', spender: 1, amount: 2, words: 4 },
};

/**
 * The approval in a transaction's data, read as a contract reads it rather than only in canonical form: bytes
 * after the last word are ignored and an address word's 12 high bytes are dropped (Solidity before 0.8 does both,
 * so a token like USDT executes such data). A grant hidden by padding is still seen. Null when there is none
 * (setApprovalForAll(…, false) revokes).
 */
export function approvalIn(data: Uint8Array): ApprovalCall | null {
  if (data.length < 4) return null;
  const known = APPROVALS[bytesToHex(data.subarray(0, 4))];
  if (!known || data.length < 4 + 32 * known.words) return null;
  const word = (i: number) => data.subarray(4 + 32 * i, 36 + 32 * i);
  const spenderWord = word(known.spender);
  const value = BigInt(`0x${bytesToHex(word(known.amount))}`);
  if (known.flag && value === 0n) return null;
  const canonical = data.length === 4 + 32 * known.words && addressWord(spenderWord) !== null && (!known.flag || value === 1n);
  return { method: known.method, spender: toChecksumAddress(bytesToHex(spenderWord.subarray(12))), amount: known.flag ? null : value, canonical };
}

/**
 * The receiver of an ERC-20 transfer / transferFrom, read leniently like approvalIn (padding after the words ignored,
 * an address word's high bytes dropped): so a burn address is seen however the call is written. Null otherwise.
 */
export function transferRecipientIn(data: Uint8Array): string | null {
  if (data.length < 4) return null;
  const known = SELECTORS[bytesToHex(data.subarray(0, 4))];
  if (!known || known.method === 'approve' || data.length < 4 + 32 * known.words) return null;
  const at = known.words - 2;
  return toChecksumAddress(bytesToHex(data.subarray(4 + 32 * at + 12, 36 + 32 * at)));
}
