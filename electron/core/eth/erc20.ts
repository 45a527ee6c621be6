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
