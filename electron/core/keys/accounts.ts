/**
 * Accounts: BIP44 (P2PKH), BIP49 (P2SH-P2WPKH), BIP84 (P2WPKH), BIP86 (P2TR), BIP48 multisig cosigner (P2WSH,
 * script type 2'), and Ethereum m/44'/60'/account'. An Account holds only the public account node: addresses
 * are derived from it (and from a cached receive/change node) without touching private keys.
 */
import { p2pkh, p2sh, p2tr, p2wpkh } from '@scure/btc-signer';
import { missingCase, WalletError } from '../errors';
import { addChecksum } from './descriptor';
import { ethAddress } from './eth';
import { p2trChildAddresses, p2wpkhAddress, publicChildren } from './fast-derive';
import { derive, fingerprintHex, formatPath, HARDENED, HDKey, publicExtendedKey } from './hd';
import { addressNetwork, coinType, type Network, type Slip132Kind } from './networks';

export const ACCOUNT_KINDS = ['bip44', 'bip49', 'bip84', 'bip86', 'bip48', 'eth'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type BitcoinAccountKind = Exclude<AccountKind, 'eth'>;

export function isAccountKind(value: string): value is AccountKind {
  return (ACCOUNT_KINDS as readonly string[]).includes(value);
}

export interface AccountSpec {
  readonly kind: AccountKind;
  readonly network: Network;
  /** The account number (the third path step). */
  readonly account: number;
}

export const ACCOUNT_LABELS: Readonly<Record<AccountKind, string>> = {
  bip44: 'Legacy (P2PKH, BIP44)',
  bip49: 'Nested SegWit (P2SH-P2WPKH, BIP49)',
  bip84: 'Native SegWit (P2WPKH, BIP84)',
  bip86: 'Taproot (P2TR, BIP86)',
  bip48: 'Multisig cosigner (P2WSH, BIP48)',
  eth: 'Ethereum (m/44\'/60\'/0\'/0/i)',
};

const H = (n: number) => n + HARDENED;

export function accountPath(spec: AccountSpec): number[] {
  if (!Number.isInteger(spec.account) || spec.account < 0 || spec.account >= HARDENED) {
    throw new WalletError('INVALID_ARGUMENT', `The account number must be a whole number from 0 to ${HARDENED - 1}.`);
  }
  const coin = coinType(spec.network);
  switch (spec.kind) {
    case 'bip44':
      return [H(44), H(coin), H(spec.account)];
    case 'bip49':
      return [H(49), H(coin), H(spec.account)];
    case 'bip84':
      return [H(84), H(coin), H(spec.account)];
    case 'bip86':
      return [H(86), H(coin), H(spec.account)];
    case 'bip48':
      // BIP48: m/48'/coin'/account'/script_type', script type 2' = native segwit multisig (P2WSH).
      return [H(48), H(coin), H(spec.account), H(2)];
    case 'eth':
      return [H(44), H(60), H(spec.account)];
    default:
      return missingCase(spec.kind, 'account kind');
  }
}

/** SLIP-132 version of each kind's account key (BIP44 and BIP86 keep xpub/tpub: SLIP-132 defines none for them). */
const SLIP132: Readonly<Record<BitcoinAccountKind, Slip132Kind>> = { bip44: 'x', bip49: 'y', bip84: 'z', bip86: 'x', bip48: 'Z' };

export interface Account {
  readonly spec: AccountSpec;
  /** "m/84'/0'/0'". */
  readonly path: string;
  /** Master fingerprint, 8 hex digits. */
  readonly fingerprint: string;
  /** Public account node (private data wiped). */
  readonly node: HDKey;
  /** Plain BIP32 xpub (tpub on test networks). */
  readonly xpub: string;
  /** SLIP-132 form (ypub/zpub/Zpub…, or the xpub where SLIP-132 has none). */
  readonly slip132: string;
  /** Key origin expression "[fingerprint/84h/0h/0h]xpub". */
  readonly keyExpression: string;
  /**
   * Descriptors with checksums; null for Ethereum and for the BIP48 cosigner key: one key is not a wallet (the
   * multisig descriptor needs every cosigner), so its export is `keyExpression` alone.
   */
  readonly descriptors: { readonly receive: string; readonly change: string; readonly multipath: string } | null;
}

function scriptWrap(kind: Exclude<BitcoinAccountKind, 'bip48'>, key: string): string {
  switch (kind) {
    case 'bip44':
      return `pkh(${key})`;
    case 'bip49':
      return `sh(wpkh(${key}))`;
    case 'bip84':
      return `wpkh(${key})`;
    case 'bip86':
      return `tr(${key})`;
    default:
      return missingCase(kind, 'account kind');
  }
}

/** Derives the account from a master key (private or public-at-root). The result holds no private key. */
export function deriveAccount(master: HDKey, spec: AccountSpec): Account {
  const indices = accountPath(spec);
  const privateNode = derive(master, indices);
  const node = HDKey.fromExtendedKey(privateNode.publicExtendedKey, privateNode.versions);
  if (privateNode !== master) privateNode.wipePrivateData();
  const fingerprint = fingerprintHex(master);
  const net = spec.kind === 'eth' ? 'mainnet' : spec.network;
  const xpub = publicExtendedKey(node, net, 'x');
  const slip132 = spec.kind === 'eth' ? xpub : publicExtendedKey(node, net, SLIP132[spec.kind]);
  const keyExpression = `[${fingerprint}${formatPath(indices, 'h').slice(1)}]${xpub}`;
  const descriptors =
    spec.kind === 'eth' || spec.kind === 'bip48'
      ? null
      : {
          receive: addChecksum(scriptWrap(spec.kind, `${keyExpression}/0/*`)),
          change: addChecksum(scriptWrap(spec.kind, `${keyExpression}/1/*`)),
          multipath: addChecksum(scriptWrap(spec.kind, `${keyExpression}/<0;1>/*`)),
        };
  return { spec, path: formatPath(indices), fingerprint, node, xpub, slip132, keyExpression, descriptors };
}

export interface DerivedAddress {
  readonly index: number;
  readonly address: string;
  readonly path: string;
}

export const MAX_ADDRESS_COUNT = 10_000;

/** Caches the receive and change nodes of each account so each address costs one public derivation. */
const branchCache = new WeakMap<HDKey, Map<number, HDKey>>();
function branch(account: Account, change: boolean): HDKey {
  let byBranch = branchCache.get(account.node);
  if (!byBranch) branchCache.set(account.node, (byBranch = new Map()));
  const b = change ? 1 : 0;
  let node = byBranch.get(b);
  if (!node) byBranch.set(b, (node = account.node.deriveChild(b)));
  return node;
}

export function addressOf(account: Account, publicKey: Uint8Array): string {
  const { kind, network } = account.spec;
  const net = addressNetwork(network);
  switch (kind) {
    case 'bip44':
      return p2pkh(publicKey, net).address as string;
    case 'bip49':
      return p2sh(p2wpkh(publicKey, net), net).address as string;
    case 'bip84':
      return p2wpkh(publicKey, net).address as string;
    case 'bip86':
      // BIP86: the x-only internal key, tweaked with no script tree.
      return p2tr(publicKey.subarray(1), undefined, net).address as string;
    case 'eth':
      return ethAddress(publicKey);
    case 'bip48':
      throw new WalletError('UNSUPPORTED', 'A multisig cosigner key has no addresses of its own: addresses need every cosigner’s key.');
    default:
      return missingCase(kind, 'account kind');
  }
}

/** Addresses `from`..`from+count-1` on the receive (or change) branch: m/…/0/i (or /1/i). */
export function deriveAddresses(account: Account, options: { change?: boolean; from?: number; count?: number } = {}): DerivedAddress[] {
  const { change = false, from = 0, count = 20 } = options;
  if (account.spec.kind === 'eth' && change) throw new WalletError('INVALID_ARGUMENT', 'Ethereum accounts have no change addresses.');
  if (!Number.isInteger(from) || from < 0 || from >= HARDENED) throw new WalletError('INVALID_ARGUMENT', 'The first index must be a whole number from 0.');
  if (!Number.isInteger(count) || count < 1 || count > MAX_ADDRESS_COUNT) {
    throw new WalletError('INVALID_ARGUMENT', `The count must be from 1 to ${MAX_ADDRESS_COUNT}.`);
  }
  if (from + count > HARDENED) throw new WalletError('INVALID_ARGUMENT', 'Those indices run past the last non-hardened index.');
  if (account.spec.kind === 'bip48') addressOf(account, new Uint8Array(33));
  const node = branch(account, change);
  const parent = { publicKey: node.publicKey as Uint8Array, chainCode: node.chainCode as Uint8Array };
  const hrp = addressNetwork(account.spec.network).bech32;
  // Batch derivation (fast-derive.ts); the two most used types also get batch encoders.
  const addresses =
    account.spec.kind === 'bip86'
      ? p2trChildAddresses(parent, from, count, hrp)
      : account.spec.kind === 'bip84'
        ? publicChildren(parent, from, count).map((pub) => p2wpkhAddress(pub, hrp))
        : publicChildren(parent, from, count).map((pub) => addressOf(account, pub));
  const base = `${account.path}/${change ? 1 : 0}`;
  return addresses.map((address, k) => ({ index: from + k, address, path: `${base}/${from + k}` }));
}

const EXPECTED: Readonly<Record<Exclude<AccountKind, 'eth' | 'bip48'>, { main: RegExp; test: RegExp; name: string }>> = {
  bip44: { main: /^1/, test: /^[mn]/, name: 'legacy (1…)' },
  bip49: { main: /^3/, test: /^2/, name: 'nested SegWit (3…)' },
  bip84: { main: /^bc1q/, test: /^(tb|bcrt)1q/, name: 'native SegWit (bc1q…)' },
  bip86: { main: /^bc1p/, test: /^(tb|bcrt)1p/, name: 'Taproot (bc1p…)' },
};

/**
 * Normalises an address typed or scanned for a search (bech32 is case-insensitive and QR codes carry it in upper
 * case) and says plainly when it cannot belong to this account: another network, or another address type.
 */
export function normaliseAddressFor(account: Account, address: string): string {
  const a = address.trim();
  const { kind, network } = account.spec;
  if (kind === 'eth') {
    if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new WalletError('INVALID_ARGUMENT', 'An Ethereum address is 0x followed by 40 hexadecimal digits.');
    return a.toLowerCase();
  }
  if (kind === 'bip48') throw new WalletError('UNSUPPORTED', 'A multisig cosigner key has no addresses of its own.');
  const lowered = /^(bc|tb|bcrt)1/i.test(a) ? a.toLowerCase() : a;
  const rules = EXPECTED[kind];
  const onMain = network === 'mainnet';
  if ((onMain ? rules.main : rules.test).test(lowered)) {
    if (network === 'regtest' ? /^tb1/.test(lowered) : network !== 'mainnet' && /^bcrt1/.test(lowered)) {
      throw new WalletError('INVALID_ARGUMENT', `This address is for ${network === 'regtest' ? 'testnet or signet' : 'regtest'}; this account is on ${network}.`);
    }
    return lowered;
  }
  const otherNetwork = Object.values(EXPECTED).some((r) => (onMain ? r.test : r.main).test(lowered));
  if (otherNetwork) throw new WalletError('INVALID_ARGUMENT', `This is a ${onMain ? 'test network' : 'mainnet'} address; this account is on ${network}.`);
  const other = Object.values(EXPECTED).find((r) => (onMain ? r.main : r.test).test(lowered));
  if (other) throw new WalletError('INVALID_ARGUMENT', `This is a ${other.name} address; this account makes ${rules.name} addresses. Choose that account type.`);
  throw new WalletError('INVALID_ARGUMENT', 'That does not look like a Bitcoin address.');
}

/** "Is this address mine?": searches receive and change indices 0..gapLimit-1. */
export function findAddress(account: Account, address: string, gapLimit = 1000): (DerivedAddress & { change: boolean }) | null {
  const wanted = normaliseAddressFor(account, address);
  for (const change of account.spec.kind === 'eth' ? [false] : [false, true]) {
    for (const a of deriveAddresses(account, { change, from: 0, count: gapLimit })) {
      const candidate = account.spec.kind === 'eth' ? a.address.toLowerCase() : a.address;
      if (candidate === wanted) return { ...a, change };
    }
  }
  return null;
}
