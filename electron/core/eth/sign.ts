/**
 * Signs a prepared request with the key at its path (secp256k1 ECDSA, RFC 6979 deterministic nonce, low S) and
 * answers with an eth-signature UR (Keystone ur-registry-eth ETHSignature: request-id uuid tag 37, signature
 * r || s || v, origin). v is what MetaMask's QR keyring puts back into the transaction: EIP-155 (chainId·2 + 35 +
 * recovery id) for a legacy transaction, the y-parity (0/1) for a typed one, 27 + recovery id for messages.
 *
 * Before anything leaves, the public key is recovered from the signature and the hash and its address compared
 * with the address the review showed (derived from the public key path, apart from the signing): a faulty or
 * wrong-key signature is never returned.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../errors';
import { CborMap, CborTag, encodeCbor, type CborValue } from '../codecs/cbor';
import { encodeUr, type Ur } from '../codecs/ur/ur';
import { derive, withPrivateKey, type HDKey } from '../keys/hd';
import { ethAddress } from '../keys/eth';
import type { PreparedEthRequest } from './review';

export interface EthSignature {
  /** r (32) || s (32) || v (1 byte; more for EIP-155 v above 255). */
  readonly signature: Uint8Array;
  readonly ur: Ur;
  /** The single-part UR text, upper case (an alphanumeric QR). */
  readonly urText: string;
}

export const ANSWER_ORIGIN = 'Permafrost';

/** v as minimal big-endian bytes (at least one byte: a y-parity of 0 is 0x00). */
function vBytes(v: bigint): Uint8Array {
  const hex = v.toString(16);
  return hexToBytes(hex.length % 2 ? `0${hex}` : hex);
}

function vFor(prepared: PreparedEthRequest, recovery: number): bigint {
  const style = prepared.vStyle;
  switch (style.kind) {
    case 'eip155':
      return style.chainId * 2n + 35n + BigInt(recovery);
    case 'parity':
      return BigInt(recovery);
    case 'legacy27':
      return 27n + BigInt(recovery);
  }
}

/** The eth-signature CBOR map: 1 request-id (when the request had one), 2 signature, 3 origin. */
export function ethSignatureUr(requestId: Uint8Array | null, signature: Uint8Array, origin = ANSWER_ORIGIN): Ur {
  const entries: Array<[CborValue, CborValue]> = [];
  if (requestId) entries.push([1, new CborTag(37, requestId)]);
  entries.push([2, signature], [3, origin]);
  return { type: 'eth-signature', cbor: encodeCbor(new CborMap(entries)) };
}

export function signEthRequest(prepared: PreparedEthRequest, master: HDKey): EthSignature {
  const node = derive(master, prepared.request.path);
  try {
    return withPrivateKey(node, (key) => {
      if (!key) throw new WalletError('BAD_KEY', 'This wallet has no private key to sign with.');
      return signPrepared(prepared, key);
    });
  } finally {
    if (node !== master) node.wipePrivateData();
  }
}

/** Signs with the given secret key; the recovered address must be the review's signer. */
export function signPrepared(prepared: PreparedEthRequest, secret: Uint8Array): EthSignature {
  // 'recovered': recovery byte, then r || s; RFC 6979 nonce and low S are noble's defaults, stated anyway.
  const recovered = secp256k1.sign(prepared.hash, secret, { prehash: false, lowS: true, extraEntropy: false, format: 'recovered' });
  const recovery = recovered[0] as number;
  const signer = ethAddress(secp256k1.recoverPublicKey(recovered, prepared.hash, { prehash: false }));
  if (signer !== prepared.review.signer.address) {
    throw new WalletError('BAD_KEY', 'The signature did not verify against the address shown: nothing is returned. Try again; if it repeats, this computer is faulty.');
  }
  const v = vBytes(vFor(prepared, recovery));
  const signature = new Uint8Array(64 + v.length);
  signature.set(recovered.subarray(1));
  signature.set(v, 64);
  const ur = ethSignatureUr(prepared.request.requestId, signature);
  return { signature, ur, urText: encodeUr(ur).toUpperCase() };
}
