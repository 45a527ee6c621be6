/**
 * What an Ethereum signing request is shown as before it is signed: the data types of EIP-4527's eth-sign-request,
 * the review of each (transaction, personal message, EIP-712 typed data), and the warnings with their codes. Plain
 * JSON-safe values (strings for big numbers), so the review crosses IPC and prints as CLI JSON unchanged.
 */

/** eth-sign-request data-type (Keystone ur-registry-eth DataType): what sign-data holds. */
export const ETH_DATA_TYPES = {
  /** A legacy transaction, RLP [nonce, gasPrice, gas, to, value, data, chainId, 0, 0] (EIP-155). */
  transaction: 1,
  /** EIP-712 typed data as UTF-8 JSON (eth_signTypedData_v4). */
  typedData: 2,
  /** personal_sign: the message bytes (EIP-191 version 0x45). */
  personalMessage: 3,
  /** An EIP-2718 typed transaction: type byte || RLP payload (EIP-2930, EIP-1559). */
  typedTransaction: 4,
} as const;

export type EthDataKind = 'transaction' | 'message' | 'typed-data';

export const ETH_WARNING_CODES = [
  /** The chain id is not one Permafrost knows by name: check it is the network you mean. */
  'UNKNOWN_CHAIN',
  /** No recipient: the transaction deploys a contract. */
  'CONTRACT_CREATION',
  /** The request says one chain, the transaction another (dire). */
  'CHAIN_MISMATCH',
  /** An ERC-20 approve (or a Permit) for the largest amount there is: the spender may take every token, now and later (dire). */
  'UNLIMITED_APPROVAL',
  /** A personal_sign of exactly 32 bytes: a hash, which may be a transaction's (dire). */
  'BLIND_SIGNING',
  /** EIP-712 Permit / Permit2: a token approval given by signature, usable without another transaction (dire). */
  'PERMIT',
  /** The recipient (or token receiver) is a well-known burn address: whatever is sent there is lost (dire). */
  'BURN_ADDRESS',
  /** EIP-712 typed data whose domain has neither a chainId nor a verifyingContract: the signature is bound to no chain and no contract. */
  'TYPED_DATA_UNBOUND',
] as const;

export type EthWarningCode = (typeof ETH_WARNING_CODES)[number];

export interface EthWarning {
  readonly code: EthWarningCode;
  readonly message: string;
  /** Dire: refused unless the holder acknowledges this code by name. */
  readonly needsAck: boolean;
}

export interface EthChain {
  /** Decimal. */
  readonly id: string;
  /** "Ethereum", "Sepolia", … or null for a chain Permafrost does not know. */
  readonly name: string | null;
  /** The native currency's symbol ("ETH", "POL", "BNB"), "ETH" for unknown chains. */
  readonly symbol: string;
}

/** An ERC-20 call recognised in a transaction's data (the token is the transaction's `to`). */
export interface Erc20Call {
  readonly method: 'transfer' | 'approve' | 'transferFrom';
  readonly token: string;
  /** transferFrom only: whose tokens move. */
  readonly from: string | null;
  /** transfer / transferFrom: who receives; approve: the spender. */
  readonly to: string;
  /** Raw token units (the decimals are unknown offline), decimal. */
  readonly amount: string;
  /** approve of at least 2^96 − 1 raw units (2^256 − 1 is the usual "infinite"): every token, for ever. */
  readonly unlimited: boolean;
}

export interface EthTxData {
  readonly bytes: number;
  /** "0xa9059cbb", or null for no data / fewer than 4 bytes. */
  readonly selector: string | null;
  /** The whole data, 0x-prefixed hex. */
  readonly hex: string;
  readonly erc20: Erc20Call | null;
}

export interface EthTxReview {
  readonly type: 'legacy' | 'eip2930' | 'eip1559';
  readonly from: string;
  /** null: contract creation. */
  readonly to: string | null;
  readonly nonce: string;
  readonly valueWei: string;
  /** "1.5 ETH" (the chain's symbol). */
  readonly value: string;
  readonly gasLimit: string;
  /** Legacy and EIP-2930: "20 gwei"; null for EIP-1559. */
  readonly gasPrice: string | null;
  /** EIP-1559: "30 gwei"; null otherwise. */
  readonly maxFeePerGas: string | null;
  readonly maxPriorityFeePerGas: string | null;
  /** value + gasLimit × (gasPrice or maxFeePerGas), in wei and in the chain's unit. */
  readonly maxCostWei: string;
  readonly maxCost: string;
  readonly data: EthTxData;
  /** Access-list entries (EIP-2930/1559), addresses counted. */
  readonly accessListAddresses: number;
}

export interface EthMessageReview {
  /** The message as text when it is valid UTF-8 without control characters (newlines and tabs allowed). */
  readonly text: string | null;
  readonly hex: string;
  readonly bytes: number;
}

/**
 * One line of EIP-712 typed data as a readable tree, flattened in reading order (a parent before its children):
 * `depth` says how far to indent. A struct or array has value null; its members follow at depth + 1.
 */
export interface TypedField {
  /** "from", "wallet", "[0]" for an array item. */
  readonly name: string;
  readonly type: string;
  readonly depth: number;
  /**
   * Atomic values as text (numbers in decimal, addresses EIP-55, bytes 0x hex; strings on one line, hidden characters
   * written as \n, \u{202e}, …); null for a struct or array.
   */
  readonly value: string | null;
}

export interface EthTypedDataReview {
  readonly primaryType: string;
  readonly domain: readonly TypedField[];
  readonly message: readonly TypedField[];
  /** The EIP-712 hash we computed and sign: keccak256(0x1901 || domainSeparator || hashStruct(message)). */
  readonly hash: string;
  /** The domain's verifyingContract, when it has one. */
  readonly verifyingContract: string | null;
}

export interface EthReview {
  readonly kind: EthDataKind;
  /** The request's uuid (what the answer carries), or null when the request has none. */
  readonly requestUuid: string | null;
  /** Who asked ("metamask"), as the request says (on one line, hidden characters written out); null when it does not. */
  readonly origin: string | null;
  /** The address that signs, derived by us from the request's path. */
  readonly signer: { readonly address: string; readonly path: string };
  /** The chain the request or the transaction names; null for a message without one. */
  readonly chain: EthChain | null;
  readonly transaction: EthTxReview | null;
  readonly message: EthMessageReview | null;
  readonly typedData: EthTypedDataReview | null;
  readonly warnings: readonly EthWarning[];
}

/** Largest sign-data accepted: EIP-3860's 49,152-byte initcode limit with room for the rest of a transaction. */
export const MAX_ETH_SIGN_DATA = 64 * 1024;
/** Largest pasted request text: every part of an animated UR of MAX_ETH_SIGN_DATA, with generous headroom. */
export const MAX_ETH_REQUEST_TEXT = 400_000;
