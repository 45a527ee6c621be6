/** Ethereum addresses from secp256k1 public keys, with the EIP-55 mixed-case checksum (ethereum/EIPs eip-55.md). */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../errors';

/** "0x" + last 20 bytes of keccak256(uncompressed public key without its 0x04 prefix), EIP-55 cased. */
export function ethAddress(publicKey: Uint8Array): string {
  let uncompressed: Uint8Array;
  try {
    uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false);
  } catch {
    throw new WalletError('BAD_KEY', 'Not a valid secp256k1 public key.');
  }
  return toChecksumAddress(bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12)));
}

/** EIP-55: upper-case each hex letter whose nibble in keccak256(lower-case address) is ≥ 8. */
export function toChecksumAddress(address: string): string {
  const hex = address.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new WalletError('INVALID_ARGUMENT', 'An Ethereum address is 40 hexadecimal digits.');
  const hash = bytesToHex(keccak_256(utf8ToBytes(hex)));
  let out = '0x';
  for (let i = 0; i < 40; i++) out += parseInt(hash[i] as string, 16) >= 8 ? (hex[i] as string).toUpperCase() : hex[i];
  return out;
}
