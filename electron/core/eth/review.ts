/**
 * Turns a decoded eth-sign-request into what the holder reads before signing — and the exact hash that will be
 * signed, computed here from the request's data (never taken from it). The request must be for this wallet
 * (checkRequestIsOurs) and, when it names an address, for the address its path gives.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../errors';
import { utf8Decode } from '../codecs/cbor';
import type { Account } from '../keys/accounts';
import { ethAddress } from '../keys/eth';
import { chainInfo } from './chains';
import { approvalIn, decodeErc20, transferRecipientIn, UNLIMITED_THRESHOLD, type ApprovalCall } from './erc20';
import { oneLine, personalMessageHash, reviewMessage } from './message';
import { checkRequestIsOurs, type EthSignRequest } from './request';
import { maxCost, parseLegacyTransaction, parseTypedTransaction, type EthTransaction } from './tx';
import { hashTypedData, parseTypedData, type HashedTypedData } from './typed-data';
import { ETH_DATA_TYPES, type EthChain, type EthReview, type EthTxReview, type EthWarning, type EthWarningCode } from './types';
import { formatEther, formatGwei } from './units';

/** A request ready to sign: the review shown, and the hash and key path it commits to. */
export interface PreparedEthRequest {
  readonly request: EthSignRequest;
  readonly review: EthReview;
  /** The 32-byte hash that is signed. */
  readonly hash: Uint8Array;
  /** How v is written in the answer. */
  readonly vStyle: { readonly kind: 'eip155'; readonly chainId: bigint } | { readonly kind: 'parity' } | { readonly kind: 'legacy27' };
}

/** Well-known addresses whose funds nobody can spend. */
const BURN_ADDRESSES = new Set([
  '0x0000000000000000000000000000000000000000',
  '0x000000000000000000000000000000000000dead',
  '0xdead000000000000000042069420694206942069',
]);

const DIRE: Readonly<Record<EthWarningCode, boolean>> = {
  UNKNOWN_CHAIN: false,
  CONTRACT_CREATION: false,
  CHAIN_MISMATCH: true,
  UNLIMITED_APPROVAL: true,
  BLIND_SIGNING: true,
  PERMIT: true,
  BURN_ADDRESS: true,
  TYPED_DATA_UNBOUND: false,
};

const warn = (code: EthWarningCode, message: string): EthWarning => ({ code, message, needsAck: DIRE[code] });

function chainWarnings(chain: EthChain, requested: string | null, what: string): EthWarning[] {
  const out: EthWarning[] = [];
  if (requested !== null && requested !== chain.id) {
    out.push(warn('CHAIN_MISMATCH', `The request says chain ${requested} (${chainInfo(requested).name ?? 'unknown'}), but the ${what} is for chain ${chain.id} (${chain.name ?? 'unknown'}). Something between MetaMask and here changed it: do not sign unless you know why.`));
  }
  if (chain.name === null) out.push(warn('UNKNOWN_CHAIN', `Chain ${chain.id} is not one Permafrost knows by name: check in MetaMask that it is the network you mean.`));
  return out;
}

const isBurn = (address: string | null): boolean => address !== null && BURN_ADDRESSES.has(address.toLowerCase());

function unlimitedApprovalText(a: ApprovalCall, contract: string): string {
  const odd = a.canonical ? '' : ' The call is written in an unusual way (extra or padded bytes), which hides it from a simple reading: be all the more careful.';
  if (a.method === 'setApprovalForAll') {
    return `This lets ${a.spender} move every token of the collection ${contract} held by this address (setApprovalForAll) — now and at any time later, until revoked.${odd}`;
  }
  if (a.method === 'Permit2 approve') {
    return `This lets ${a.spender} spend an unlimited amount of a token through Permit2 (${contract}) from this address, until the approval expires or is revoked.${odd}`;
  }
  if (a.method !== 'approve') {
    return `This raises (${a.method}) the allowance of ${a.spender} on the token ${contract} by an unlimited amount: it may spend every such token of this address — now and at any time later, until revoked.${odd}`;
  }
  return `This approves ${a.spender} to spend an unlimited amount of the token ${contract} from this address — now and at any time later, until revoked. Approve only the amount needed if you can.${odd}`;
}

function reviewTransaction(tx: EthTransaction, from: string, chain: EthChain): { review: EthTxReview; warnings: EthWarning[] } {
  const erc20 = decodeErc20(tx.to, tx.data);
  const warnings: EthWarning[] = [];
  if (tx.to === null) warnings.push(warn('CONTRACT_CREATION', 'This transaction has no recipient: it creates a contract from its data. Sign only if you are deploying one.'));
  const approval = tx.to === null ? null : approvalIn(tx.data);
  if (approval && tx.to !== null && (approval.amount === null || approval.amount >= UNLIMITED_THRESHOLD)) {
    warnings.push(warn('UNLIMITED_APPROVAL', unlimitedApprovalText(approval, tx.to)));
  }
  const receiver = tx.to === null ? null : transferRecipientIn(tx.data);
  if (isBurn(tx.to) || isBurn(receiver)) {
    warnings.push(warn('BURN_ADDRESS', `This sends to ${isBurn(tx.to) ? tx.to : receiver}, a well-known burn address: whatever is sent there is lost for good.`));
  }
  const review: EthTxReview = {
    type: tx.type,
    from,
    to: tx.to,
    nonce: tx.nonce.toString(),
    valueWei: tx.value.toString(),
    value: formatEther(tx.value, chain.symbol),
    gasLimit: tx.gasLimit.toString(),
    gasPrice: tx.gasPrice === null ? null : formatGwei(tx.gasPrice),
    maxFeePerGas: tx.maxFeePerGas === null ? null : formatGwei(tx.maxFeePerGas),
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas === null ? null : formatGwei(tx.maxPriorityFeePerGas),
    maxCostWei: maxCost(tx).toString(),
    maxCost: formatEther(maxCost(tx), chain.symbol),
    data: {
      bytes: tx.data.length,
      selector: tx.data.length >= 4 ? `0x${bytesToHex(tx.data.subarray(0, 4))}` : null,
      hex: `0x${bytesToHex(tx.data)}`,
      erc20,
    },
    accessListAddresses: tx.accessList.length,
  };
  return { review, warnings };
}

/** EIP-2612 Permit, DAI's Permit, Uniswap Permit2 (PermitSingle, PermitBatch, PermitTransferFrom, …). */
function typedDataWarnings(t: HashedTypedData): EthWarning[] {
  const { primaryType } = t.data;
  if (!/^Permit/.test(primaryType)) return [];
  const out = [warn('PERMIT', `This is a ${primaryType} signature: an approval given by signature. Whoever holds it can move your tokens without another transaction from you. Check the spender and the amount.`)];
  const amounts = t.messageFields.filter((f) => f.value !== null && /^(value|amount)$/.test(f.name) && /^uint/.test(f.type)).map((f) => BigInt(f.value as string));
  const daiUnlimited = t.messageFields.some((f) => f.name === 'allowed' && f.type === 'bool' && f.value === 'true');
  if (daiUnlimited || amounts.some((a) => a >= UNLIMITED_THRESHOLD)) {
    out.push(warn('UNLIMITED_APPROVAL', 'This permit is for an unlimited amount: the spender may take every such token from this address until it expires or is revoked.'));
  }
  return out;
}

/** A domain with neither chainId nor verifyingContract: nothing in the signature says where it may be used. */
const unboundWarning = (): EthWarning =>
  warn('TYPED_DATA_UNBOUND', 'This typed data names no chain and no contract (its domain has neither a chainId nor a verifyingContract), so the signature is tied to neither: any application, on any chain, that accepts this kind of message could be shown it. Sign only if you know which application asked for it, and why.');

/**
 * Checks the request is for this wallet's Ethereum account (m/44'/60'/0', as paired) and builds the review and the
 * hash to sign. Refuses anything that cannot be shown exactly.
 */
export function prepareEthRequest(request: EthSignRequest, account: Account): PreparedEthRequest {
  if (account.spec.kind !== 'eth' || account.spec.account !== 0) throw new WalletError('INVALID_ARGUMENT', 'Ethereum requests are checked against the Ethereum account 0 (m/44\'/60\'/0\').');
  const index = checkRequestIsOurs(request, account.fingerprint);
  const from = ethAddress(account.node.deriveChild(0).deriveChild(index).publicKey as Uint8Array);
  if (request.address !== null && request.address.toLowerCase() !== from.toLowerCase()) {
    throw new WalletError('BAD_ETH_REQUEST', `This request says ${request.address} signs, but ${request.pathText} of this wallet is ${from}: it was made for another wallet.`);
  }
  const base = { requestUuid: request.requestUuid, origin: request.origin === null ? null : oneLine(request.origin), signer: { address: from, path: request.pathText } };
  const none = { transaction: null, message: null, typedData: null };

  switch (request.dataType) {
    case ETH_DATA_TYPES.transaction:
    case ETH_DATA_TYPES.typedTransaction: {
      const tx = request.dataType === ETH_DATA_TYPES.transaction ? parseLegacyTransaction(request.signData) : parseTypedTransaction(request.signData);
      const chain = chainInfo(tx.chainId);
      const { review, warnings } = reviewTransaction(tx, from, chain);
      return {
        request,
        hash: tx.hash,
        vStyle: tx.type === 'legacy' ? { kind: 'eip155', chainId: tx.chainId } : { kind: 'parity' },
        review: { kind: 'transaction', ...base, chain, ...none, transaction: review, warnings: [...chainWarnings(chain, request.chainId, 'transaction'), ...warnings] },
      };
    }
    case ETH_DATA_TYPES.personalMessage: {
      const message = reviewMessage(request.signData);
      const warnings: EthWarning[] = [];
      // 32 bytes that are not text: a hash (32 readable characters are shown as what they are).
      if (request.signData.length === 32 && message.text === null) {
        warnings.push(warn('BLIND_SIGNING', 'This message is exactly 32 bytes: a hash, whose content cannot be shown. It could be the hash of a transaction or an order. Sign only if you know exactly what it is.'));
      }
      return {
        request,
        hash: personalMessageHash(request.signData),
        vStyle: { kind: 'legacy27' },
        review: { kind: 'message', ...base, chain: request.chainId === null ? null : chainInfo(request.chainId), ...none, message, warnings },
      };
    }
    case ETH_DATA_TYPES.typedData: {
      const json = utf8Decode(request.signData);
      if (json === null) throw new WalletError('BAD_ETH_REQUEST', 'Typed data: not valid UTF-8 text.');
      const hashed = hashTypedData(parseTypedData(json));
      // Only a whole-number chainId binds the signature to a chain; a "chainId" of another type is just a field.
      const domainChain = hashed.domainFields.find((f) => f.name === 'chainId' && f.depth === 0 && /^uint\d+$/.test(f.type))?.value ?? null;
      const chain = domainChain !== null ? chainInfo(domainChain) : request.chainId === null ? null : chainInfo(request.chainId);
      const verifyingContract = hashed.domainFields.find((f) => f.name === 'verifyingContract' && f.depth === 0)?.value ?? null;
      const warnings = [
        ...(chain && domainChain !== null ? chainWarnings(chain, request.chainId, 'typed data') : []),
        ...(domainChain === null && verifyingContract === null ? [unboundWarning()] : []),
        ...typedDataWarnings(hashed),
      ];
      return {
        request,
        hash: hashed.hash,
        vStyle: { kind: 'legacy27' },
        review: {
          kind: 'typed-data',
          ...base,
          chain,
          ...none,
          typedData: { primaryType: hashed.data.primaryType, domain: hashed.domainFields, message: hashed.messageFields, hash: `0x${bytesToHex(hashed.hash)}`, verifyingContract },
          warnings,
        },
      };
    }
  }
}
