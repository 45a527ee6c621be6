/**
 * eth-sign-requests built by the other side's own code: Keystone's @keystonehq/bc-ur-registry-eth EthSignRequest
 * (what MetaMask's QR keyring uses), with unsigned transactions serialized by ethers. For the "abandon … about"
 * wallet (master fingerprint 73c5da0a) unless told otherwise.
 */
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { Transaction, type TransactionLike } from 'ethers';

export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const ABANDON_FP = '73c5da0a';
export const ABANDON_ADDRESS_0 = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
export const REQUEST_UUID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';

export interface RequestOptions {
  readonly path?: string;
  readonly xfp?: string;
  readonly chainId?: number;
  readonly address?: string;
  readonly uuid?: string;
  readonly origin?: string;
}

export function ethRequest(data: Uint8Array, dataType: DataType, o: RequestOptions = {}): EthSignRequest {
  return EthSignRequest.constructETHRequest(
    Buffer.from(data),
    dataType,
    o.path ?? "m/44'/60'/0'/0/0",
    o.xfp ?? ABANDON_FP,
    o.uuid ?? REQUEST_UUID,
    o.chainId,
    o.address,
    o.origin ?? 'metamask',
  );
}

/** The single-part UR text. */
export const requestUr = (r: EthSignRequest): string => r.toUREncoder(100_000).nextPart();

/** Every fragment once (pure parts first), then `extra` fountain parts, as MetaMask's animated QR shows them. */
export function requestParts(r: EthSignRequest, fragment = 100, extra = 0): string[] {
  const encoder = r.toUREncoder(fragment);
  return Array.from({ length: encoder.fragmentsLength + extra }, () => encoder.nextPart());
}

/** The parts (one when the request fits a fragment) in upper case, as an alphanumeric QR code shows them. */
export const qrParts = (r: EthSignRequest, fragment: number): string[] => requestParts(r, fragment).map((part) => part.toUpperCase());

/** An unsigned transaction's signing payload as ethers serializes it (EIP-155 fields for legacy). */
export function unsignedTx(tx: TransactionLike): Uint8Array {
  const t = Transaction.from(tx);
  return Buffer.from(t.unsignedSerialized.slice(2), 'hex');
}

export const txRequest = (tx: TransactionLike, o: RequestOptions = {}) =>
  ethRequest(unsignedTx(tx), tx.type === 0 ? DataType.transaction : DataType.typedTransaction, { chainId: Number(tx.chainId ?? 1), ...o });

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** EIP-2612 Permit typed data (USDC on Ethereum as the token), for the reviews and the benchmark. */
export function permitTypedData(value: bigint | string, chainId = 1) {
  return {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    domain: { name: 'USD Coin', version: '2', chainId, verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
    message: {
      owner: ABANDON_ADDRESS_0,
      spender: '0x000000000022D473030F116dDEE9F6B43aC78BA3',
      value: value.toString(),
      nonce: '0',
      deadline: '1924992000',
    },
  };
}
