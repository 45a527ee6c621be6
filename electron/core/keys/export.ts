/**
 * Watch-only exports of accounts: UR crypto-account / crypto-output (Sparrow, BlueWallet, Nunchuk, Keystone),
 * UR crypto-hdkey for MetaMask's QR hardware-wallet pairing, and the generic JSON that Coldcard devices write and
 * Sparrow, Specter and others import. Nothing here holds a private key.
 */
import { WalletError } from '../errors';
import type { AccountOutput, ScriptExpression } from '../codecs/ur/registry';
import { cryptoAccountUr, cryptoHdKeyUr, cryptoOutputUr } from '../codecs/ur/registry';
import { encodeUr, type Ur } from '../codecs/ur/ur';
import { deriveAccount, deriveAddresses, type Account, type BitcoinAccountKind } from './accounts';
import { fingerprintHex, formatPath, parsePath, publicExtendedKey, type HDKey } from './hd';
import type { Network } from './networks';

const SCRIPTS: Readonly<Record<BitcoinAccountKind, ScriptExpression>> = {
  bip44: ['pkh'],
  bip49: ['sh', 'wpkh'],
  bip84: ['wpkh'],
  bip86: ['tr'],
  bip48: ['wsh', 'cosigner'],
};

const fpNumber = (hex: string): number => parseInt(hex, 16) >>> 0;

function keyFields(account: Account) {
  const indices = parsePath(account.path);
  return {
    key: account.node.publicKey as Uint8Array,
    chainCode: account.node.chainCode as Uint8Array,
    origin: { path: indices, sourceFingerprint: fpNumber(account.fingerprint), depth: indices.length },
    parentFingerprint: account.node.parentFingerprint,
  };
}

export function accountOutput(account: Account): AccountOutput {
  const { kind, network } = account.spec;
  if (kind === 'eth') throw new WalletError('UNSUPPORTED', 'Ethereum accounts are exported as crypto-hdkey, not as output descriptors.');
  return { script: SCRIPTS[kind], key: { ...keyFields(account), useInfo: { type: 0, network: network === 'mainnet' ? 0 : 1 } } };
}

/** crypto-account with the given accounts' outputs (all must share one master fingerprint). */
export function accountUr(accounts: readonly Account[]): Ur {
  const first = accounts[0];
  if (!first) throw new WalletError('INVALID_ARGUMENT', 'Choose at least one account to export.');
  if (accounts.some((a) => a.fingerprint !== first.fingerprint)) throw new WalletError('INVALID_ARGUMENT', 'These accounts belong to different wallets.');
  return cryptoAccountUr(fpNumber(first.fingerprint), accounts.map(accountOutput));
}

export function outputUr(account: Account): Ur {
  return cryptoOutputUr(accountOutput(account));
}

/**
 * MetaMask "Connect a QR-based hardware wallet": crypto-hdkey of m/44'/60'/account' with the master fingerprint in
 * its origin, children 0/* (addresses m/44'/60'/0'/0/i), coin type 60, and the note "account.standard".
 */
export function metamaskUr(account: Account, name = 'Permafrost'): Ur {
  if (account.spec.kind !== 'eth') throw new WalletError('INVALID_ARGUMENT', 'MetaMask pairing needs an Ethereum account.');
  return cryptoHdKeyUr({
    ...keyFields(account),
    useInfo: { type: 60, network: 0 },
    children: { path: [0, { wildcard: true, hardened: false }] },
    name,
    note: 'account.standard',
  });
}

/** The UR string of an account's usual export: crypto-hdkey for Ethereum, crypto-account otherwise. */
export function accountUrString(account: Account): string {
  return encodeUr(account.spec.kind === 'eth' ? metamaskUr(account) : accountUr([account]));
}

const CHAIN: Readonly<Record<Network, string>> = { mainnet: 'BTC', testnet: 'XTN', signet: 'XTN', regtest: 'XRT' };

/**
 * Coldcard's generic JSON export (firmware shared/export.py generate_generic_export): top-level chain, xfp
 * (master fingerprint, upper-case), account, root xpub; one section per script type with name, xfp (the account
 * node's own fingerprint), deriv (h notation), xpub, _pub (SLIP-132 where one exists), desc, and the first
 * receive address for single-signature types. Sparrow reads name/deriv/xpub and the top-level xfp; Specter
 * prefers _pub.
 */
export function coldcardGenericJson(master: HDKey, network: Network, account = 0): string {
  const sections: Array<[string, BitcoinAccountKind, string]> = [
    ['bip44', 'bip44', 'p2pkh'],
    ['bip49', 'bip49', 'p2sh-p2wpkh'],
    ['bip84', 'bip84', 'p2wpkh'],
    ['bip48_2', 'bip48', 'p2wsh'],
    ['bip86', 'bip86', 'p2tr'],
  ];
  const out: Record<string, unknown> = {
    chain: CHAIN[network],
    xfp: fingerprintHex(master).toUpperCase(),
    account,
    xpub: publicExtendedKey(master, network),
  };
  for (const [key, kind, name] of sections) {
    const acct = deriveAccount(master, { kind, network, account });
    const section: Record<string, unknown> = {
      name,
      xfp: fingerprintHex(acct.node).toUpperCase(),
      deriv: formatPath(parsePath(acct.path), 'h'),
      xpub: acct.xpub,
    };
    if (acct.slip132 !== acct.xpub) section._pub = acct.slip132;
    if (kind === 'bip48') {
      section.desc = `wsh(sortedmulti(M,${acct.keyExpression}/0/*,...))`;
    } else {
      section.desc = acct.descriptors?.multipath;
      section.first = deriveAddresses(acct, { count: 1 })[0]?.address;
    }
    out[key] = section;
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}
