/**
 * EIP-4527 eth-sign-request (ethereum/ERCs erc-4527.md; CBOR keys as Keystone's ur-registry-eth EthSignRequest,
 * which MetaMask's QR keyring uses): request-id (uuid, tag 37), sign-data, data-type, chain-id, derivation-path
 * (crypto-keypath, tag 304, with the master fingerprint), address, origin. Decoded strictly: an unknown key, a
 * field of the wrong kind or size is refused, never skipped.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { isWalletError, WalletError } from '../errors';
import { CborMap, CborTag, decodeCbor, type CborValue } from '../codecs/cbor';
import { toChecksumAddress } from '../keys/eth';
import { formatPath, HARDENED } from '../keys/hd';
import { ETH_DATA_TYPES, MAX_ETH_SIGN_DATA } from './types';

export type EthDataType = (typeof ETH_DATA_TYPES)[keyof typeof ETH_DATA_TYPES];

export interface EthSignRequest {
  /** The 16 request-id bytes, echoed in the answer; null when the request has none. */
  readonly requestId: Uint8Array | null;
  /** The request-id as a uuid string ("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"). */
  readonly requestUuid: string | null;
  readonly signData: Uint8Array;
  readonly dataType: EthDataType;
  /** Decimal string; null when the request names none. */
  readonly chainId: string | null;
  /** BIP32 indices (hardened ≥ 2^31). */
  readonly path: readonly number[];
  /** "m/44'/60'/0'/0/0". */
  readonly pathText: string;
  /** The master fingerprint the request names (8 hex digits), or null. */
  readonly sourceFingerprint: string | null;
  /** The address the request says signs (EIP-55), or null. */
  readonly address: string | null;
  readonly origin: string | null;
}

/** Keystone's registry tag for eth-sign-request; tolerated around the top-level map. */
const ETH_SIGN_REQUEST_TAG = 401;
const UUID_TAG = 37;
const KEYPATH_TAG = 304;
const MAX_ORIGIN = 200;
const MAX_PATH_DEPTH = 10;
const KEYS: Readonly<Record<number, string>> = {
  1: 'request-id',
  2: 'sign-data',
  3: 'data-type',
  4: 'chain-id',
  5: 'derivation-path',
  6: 'address',
  7: 'origin',
};

const bad = (why: string): never => {
  throw new WalletError('BAD_ETH_REQUEST', `eth-sign-request: ${why}.`);
};

export function formatUuid(bytes: Uint8Array): string {
  const h = bytesToHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The eth-sign-request inside a UR's CBOR. */
export function decodeEthSignRequest(cbor: Uint8Array): EthSignRequest {
  let value: CborValue;
  try {
    value = decodeCbor(cbor, { maxLength: MAX_ETH_SIGN_DATA, maxDepth: 8 });
  } catch (e) {
    if (isWalletError(e)) return bad(`not valid CBOR (${e.message.replace(/^CBOR: /, '').replace(/\.$/, '')})`);
    throw e;
  }
  if (value instanceof CborTag && value.tag === ETH_SIGN_REQUEST_TAG) value = value.value;
  if (!(value instanceof CborMap)) return bad('not a CBOR map');
  for (const [k] of value.entries) {
    if (typeof k !== 'number' || KEYS[k] === undefined) bad(`key ${typeof k === 'string' ? `"${k.slice(0, 20)}"` : String(k)} is not one Permafrost knows (1 to 7)`);
  }

  const rawId = value.get(1);
  let requestId: Uint8Array | null = null;
  if (rawId !== undefined) {
    if (!(rawId instanceof CborTag) || rawId.tag !== UUID_TAG || !(rawId.value instanceof Uint8Array) || rawId.value.length !== 16) {
      bad('the request-id is not a uuid (16 bytes, tag 37)');
    }
    requestId = (rawId as CborTag).value as Uint8Array;
  }

  const signData = value.get(2);
  if (!(signData instanceof Uint8Array)) return bad('sign-data is missing or not a byte string');
  if (signData.length === 0) bad('sign-data is empty');

  const dataType = value.get(3);
  if (typeof dataType !== 'number') return bad('data-type is missing or not a number');
  if (!Object.values(ETH_DATA_TYPES).includes(dataType as EthDataType)) {
    throw new WalletError('UNSUPPORTED', `eth-sign-request: data-type ${dataType} is not one Permafrost signs (1 legacy transaction, 2 typed data, 3 personal message, 4 typed transaction).`);
  }

  const chain = value.get(4);
  if (chain !== undefined && (typeof chain !== 'number' || chain < 1)) bad('chain-id is not a positive whole number');

  const { path, sourceFingerprint } = keypath(value.get(5));

  const address = value.get(6);
  if (address !== undefined && (!(address instanceof Uint8Array) || address.length !== 20)) bad('the address is not 20 bytes');

  const origin = value.get(7);
  if (origin !== undefined && (typeof origin !== 'string' || origin.length > MAX_ORIGIN)) bad(`the origin is not a text of at most ${MAX_ORIGIN} characters`);

  return {
    requestId,
    requestUuid: requestId && formatUuid(requestId),
    signData,
    dataType: dataType as EthDataType,
    chainId: typeof chain === 'number' ? String(chain) : null,
    path,
    pathText: formatPath(path),
    sourceFingerprint,
    address: address instanceof Uint8Array ? toChecksumAddress(bytesToHex(address)) : null,
    origin: typeof origin === 'string' ? origin : null,
  };
}

/** crypto-keypath (bcr-2020-007): components [index, hardened]…, source-fingerprint, depth. No wildcards here. */
function keypath(v: CborValue | undefined): { path: number[]; sourceFingerprint: string | null } {
  if (v === undefined) return bad('the derivation-path is missing');
  if (!(v instanceof CborTag) || v.tag !== KEYPATH_TAG || !(v.value instanceof CborMap)) return bad('the derivation-path is not a crypto-keypath (tag 304)');
  const map = v.value;
  for (const [k] of map.entries) if (k !== 1 && k !== 2 && k !== 3) bad(`the derivation-path has an unknown key ${String(k).slice(0, 20)}`);
  const components = map.get(1);
  if (!Array.isArray(components) || components.length % 2 !== 0 || components.length / 2 > MAX_PATH_DEPTH) {
    return bad(`the derivation-path's components are not index/hardened pairs (at most ${MAX_PATH_DEPTH})`);
  }
  const path: number[] = [];
  for (let i = 0; i < components.length; i += 2) {
    const index: unknown = components[i];
    const hardened: unknown = components[i + 1];
    if (typeof index !== 'number' || index < 0 || index >= HARDENED || typeof hardened !== 'boolean') {
      return bad('a derivation-path step is not an index below 2^31 with a hardened flag (a wildcard cannot be signed with)');
    }
    path.push(hardened ? index + HARDENED : index);
  }
  const fp = map.get(2);
  if (fp !== undefined && (typeof fp !== 'number' || fp < 0 || fp > 0xffffffff)) bad('the source fingerprint is not a 32-bit number');
  const depth = map.get(3);
  if (depth !== undefined && depth !== path.length) bad(`the derivation-path says depth ${String(depth)} but has ${path.length} steps`);
  return { path, sourceFingerprint: typeof fp === 'number' && fp !== 0 ? fp.toString(16).padStart(8, '0') : null };
}

/** The paths MetaMask asks for with our pairing (crypto-hdkey m/44'/60'/0', children 0/*): m/44'/60'/0'/0/i. */
export const ETH_ACCOUNT_PATH = [44 + HARDENED, 60 + HARDENED, HARDENED] as const;
/** The highest address index signed for (MetaMask lists addresses from 0 up; the app's address limit). */
export const MAX_ETH_ADDRESS_INDEX = 9_999;

/**
 * Refuses a request that is not for this wallet's pairing: another master fingerprint, or a path outside
 * m/44'/60'/0'/0/i. Says what was asked and what this wallet is. Returns the address index.
 */
export function checkRequestIsOurs(request: EthSignRequest, fingerprint: string): number {
  const asked = `the wallet ${request.sourceFingerprint ?? '(none named)'} at ${request.pathText}`;
  if (request.sourceFingerprint === null) {
    throw new WalletError('BAD_ETH_REQUEST', `This request names no wallet fingerprint (it asks for ${request.pathText}): pair MetaMask again with this wallet's QR code.`);
  }
  if (request.sourceFingerprint !== fingerprint.toLowerCase()) {
    throw new WalletError('BAD_ETH_REQUEST', `This request is for another wallet: it asks for ${asked}, and this wallet is ${fingerprint}. Open the wallet MetaMask was paired with.`);
  }
  const p = request.path;
  const ours = p.length === 5 && ETH_ACCOUNT_PATH.every((step, i) => p[i] === step) && p[3] === 0 && (p[4] as number) <= MAX_ETH_ADDRESS_INDEX;
  if (!ours) {
    throw new WalletError('BAD_ETH_REQUEST', `This request asks for ${request.pathText}, which is not an address Permafrost paired with MetaMask (m/44'/60'/0'/0/0 to m/44'/60'/0'/0/${MAX_ETH_ADDRESS_INDEX}).`);
  }
  return p[4] as number;
}
