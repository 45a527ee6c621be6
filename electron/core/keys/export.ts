/**
 * Watch-only exports of accounts: UR crypto-account / crypto-output (Sparrow, BlueWallet, Nunchuk, Keystone),
 * UR crypto-hdkey for MetaMask's QR hardware-wallet pairing, and the generic JSON that Coldcard devices write and
 * Sparrow, Specter and others import. Nothing here holds a private key.
 */
import { missingCase, WalletError } from '../errors';
import type { AccountOutput, ScriptExpression } from '../codecs/ur/registry';
import { cryptoAccountUr, cryptoHdKeyUr, cryptoOutputUr } from '../codecs/ur/registry';
import { encodeUr, type Ur } from '../codecs/ur/ur';
import { deriveAccount, deriveAddresses, type Account, type BitcoinAccountKind } from './accounts';
import { derive, fingerprintHex, formatPath, HARDENED, HDKey, parsePath, publicExtendedKey } from './hd';
import { coinType, type Network, type Slip132Kind } from './networks';

const SCRIPTS: Readonly<Record<BitcoinAccountKind, ScriptExpression>> = {
  bip44: ['pkh'],
  bip49: ['sh', 'wpkh'],
  bip84: ['wpkh'],
  bip86: ['tr'],
  // A cosigner key as wsh(hdkey), 401(303(…)), not wsh(cosigner(hdkey)) 401(410(303(…))) as in bcr-2020-010's example:
  // Nunchuk (libnunchuk src/utils/bcr2.hpp decodeCryptoAccount) reads exactly one tag after 401 and then expects
  // the key's map ("not Map" otherwise); Sparrow's hummingbird (it drops a trailing COSIGNER) and Keystone's
  // registry (BlueWallet) read both. One layout every importer reads: test/core/cosigner-export.test.ts.
  bip48: ['wsh'],
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

/** crypto-output of a single-signature account (a cosigner key alone is no output: it goes in a crypto-account). */
export function outputUr(account: Account): Ur {
  if (account.spec.kind === 'bip48') throw new WalletError('UNSUPPORTED', 'A cosigner key is not a wallet output: export it as crypto-account or as its key expression.');
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

/** The multisig script types a cosigner key is exported for: BIP48 script types 2' and 1', and BIP45. */
export const COSIGNER_SCRIPTS = ['p2wsh', 'p2sh-p2wsh', 'p2sh'] as const;
export type CosignerScript = (typeof COSIGNER_SCRIPTS)[number];

export function isCosignerScript(value: string): value is CosignerScript {
  return (COSIGNER_SCRIPTS as readonly string[]).includes(value);
}

const COSIGNER: Readonly<Record<CosignerScript, { slip132: Slip132Kind; script: ScriptExpression }>> = {
  p2wsh: { slip132: 'Z', script: ['wsh'] },
  'p2sh-p2wsh': { slip132: 'Y', script: ['sh', 'wsh'] },
  // SLIP-132 has no P2SH multisig version: plain xpub, as Coldcard writes it.
  p2sh: { slip132: 'x', script: ['sh'] },
};

/** One multisig cosigner key: what a coordinator needs from us (public data only). */
export interface CosignerKey {
  readonly script: CosignerScript;
  readonly network: Network;
  /** "m/48'/0'/0'/2'". */
  readonly path: string;
  /** Master fingerprint, 8 lower-case hex digits. */
  readonly fingerprint: string;
  readonly xpub: string;
  /** Zpub / Ypub (Vpub / Upub on test networks); the xpub for P2SH. */
  readonly slip132: string;
  /** "[73c5da0a/48h/0h/0h/2h]xpub…": the key expression coordinators import as a cosigner. */
  readonly keyExpression: string;
  readonly node: HDKey;
}

/** BIP48: m/48'/coin'/account'/script' (2' P2WSH, 1' P2SH-P2WSH); BIP45: m/45' (no account level). */
export function cosignerPath(script: CosignerScript, network: Network, account = 0): number[] {
  if (!Number.isInteger(account) || account < 0 || account >= HARDENED) {
    throw new WalletError('INVALID_ARGUMENT', `The account number must be a whole number from 0 to ${HARDENED - 1}.`);
  }
  const coin = coinType(network) + HARDENED;
  switch (script) {
    case 'p2wsh':
      return [48 + HARDENED, coin, account + HARDENED, 2 + HARDENED];
    case 'p2sh-p2wsh':
      return [48 + HARDENED, coin, account + HARDENED, 1 + HARDENED];
    case 'p2sh':
      if (account !== 0) throw new WalletError('INVALID_ARGUMENT', 'BIP45 (P2SH multisig, m/45\') has no account number: use account 0.');
      return [45 + HARDENED];
    default:
      return missingCase(script, 'cosigner script');
  }
}

export function cosignerKey(master: HDKey, network: Network, script: CosignerScript, account = 0): CosignerKey {
  const indices = cosignerPath(script, network, account);
  const privateNode = derive(master, indices);
  const node = HDKey.fromExtendedKey(privateNode.publicExtendedKey, privateNode.versions);
  if (privateNode !== master) privateNode.wipePrivateData();
  const fingerprint = fingerprintHex(master);
  const xpub = publicExtendedKey(node, network, 'x');
  return {
    script,
    network,
    path: formatPath(indices),
    fingerprint,
    xpub,
    slip132: publicExtendedKey(node, network, COSIGNER[script].slip132),
    keyExpression: `[${fingerprint}${formatPath(indices, 'h').slice(1)}]${xpub}`,
    node,
  };
}

/** A cosigner key as a crypto-account with its one output: wsh(hdkey), sh(wsh(hdkey)) or sh(hdkey). */
export function cosignerUr(key: CosignerKey): Ur {
  const indices = parsePath(key.path);
  return cryptoAccountUr(fpNumber(key.fingerprint), [
    {
      script: COSIGNER[key.script].script,
      key: {
        key: key.node.publicKey as Uint8Array,
        chainCode: key.node.chainCode as Uint8Array,
        origin: { path: indices, sourceFingerprint: fpNumber(key.fingerprint), depth: indices.length },
        parentFingerprint: key.node.parentFingerprint,
        useInfo: { type: 0, network: key.network === 'mainnet' ? 0 : 1 },
      },
    },
  ]);
}

/** Coldcard's multisig descriptor template (firmware shared/descriptor.py multisig_descriptor_template). */
function multisigTemplate(key: CosignerKey): string {
  const inner = `sortedmulti(M,${key.keyExpression}/0/*,...)`;
  return key.script === 'p2wsh' ? `wsh(${inner})` : key.script === 'p2sh-p2wsh' ? `sh(wsh(${inner}))` : `sh(${inner})`;
}

/** The scripts Coldcard exports for an account: BIP45 only for account 0 (it has no account level). */
const scriptsFor = (account: number): CosignerScript[] => (account === 0 ? ['p2sh', 'p2sh-p2wsh', 'p2wsh'] : ['p2sh-p2wsh', 'p2wsh']);

/**
 * Coldcard's generic JSON export (firmware shared/export.py generate_generic_export, docs/generic-wallet-export.md):
 * top-level chain, xfp (master fingerprint, upper-case), account, root xpub; one section per script type with name,
 * xfp (the account node's own fingerprint), deriv (h notation), xpub, desc, _pub (SLIP-132 where one exists), and
 * the first receive address for single-signature types. Multisig sections bip48_1 (P2SH-P2WSH), bip48_2 (P2WSH)
 * and, for account 0, bip45 (P2SH) carry Coldcard's sortedmulti template as desc. A bip86 section follows (Coldcard
 * omits it; BlueWallet and Sparrow read it). Sparrow reads name/deriv/xpub and the top-level xfp; BlueWallet the
 * bip48_1/bip48_2/bip45 deriv and _pub for a cosigner and the single-sig desc; Specter prefers _pub.
 */
export function coldcardGenericJson(master: HDKey, network: Network, account = 0): string {
  const out: Record<string, unknown> = {
    chain: CHAIN[network],
    xfp: fingerprintHex(master).toUpperCase(),
    account,
    xpub: publicExtendedKey(master, network),
  };
  const single = (key: string, kind: Exclude<BitcoinAccountKind, 'bip48'>, name: string) => {
    const acct = deriveAccount(master, { kind, network, account });
    const section: Record<string, unknown> = { name, xfp: fingerprintHex(acct.node).toUpperCase(), deriv: formatPath(parsePath(acct.path), 'h'), xpub: acct.xpub, desc: acct.descriptors?.multipath };
    if (acct.slip132 !== acct.xpub) section._pub = acct.slip132;
    section.first = deriveAddresses(acct, { count: 1 })[0]?.address;
    out[key] = section;
  };
  const multi = (key: string, script: CosignerScript) => {
    if (!scriptsFor(account).includes(script)) return;
    const k = cosignerKey(master, network, script, account);
    const section: Record<string, unknown> = { name: script, xfp: fingerprintHex(k.node).toUpperCase(), deriv: formatPath(parsePath(k.path), 'h'), xpub: k.xpub, desc: multisigTemplate(k) };
    if (k.slip132 !== k.xpub) section._pub = k.slip132;
    out[key] = section;
  };
  single('bip44', 'bip44', 'p2pkh');
  single('bip49', 'bip49', 'p2sh-p2wpkh');
  single('bip84', 'bip84', 'p2wpkh');
  multi('bip48_1', 'p2sh-p2wsh');
  multi('bip48_2', 'p2wsh');
  multi('bip45', 'p2sh');
  single('bip86', 'bip86', 'p2tr');
  return `${JSON.stringify(out, null, 2)}\n`;
}

const MULTISIG_JSON_NAMES: Readonly<Record<CosignerScript, string>> = { p2sh: 'p2sh', 'p2sh-p2wsh': 'p2sh_p2wsh', p2wsh: 'p2wsh' };

/**
 * Coldcard's multisig cosigner file (Settings > Multisig Wallets > Export XPUB, firmware shared/multisig.py
 * export_multisig_xpubs, file ccxp-XFP.json): for each script, NAME_deriv, NAME (SLIP-132 key: Ypub/Zpub, xpub for
 * P2SH), NAME_desc; then account (a string, as Coldcard writes it) and xfp. Sparrow's ColdcardMultisig keystore
 * import and BlueWallet's MultisigCosigner read the NAME_deriv / NAME pairs and xfp.
 */
export function coldcardMultisigJson(master: HDKey, network: Network, account = 0): string {
  const out: Record<string, string> = {};
  for (const script of scriptsFor(account)) {
    const k = cosignerKey(master, network, script, account);
    const name = MULTISIG_JSON_NAMES[script];
    out[`${name}_deriv`] = formatPath(parsePath(k.path), 'h');
    out[name] = k.slip132;
    out[`${name}_desc`] = multisigTemplate(k);
  }
  out.account = String(account);
  out.xfp = fingerprintHex(master).toUpperCase();
  return `${JSON.stringify(out, null, 2)}\n`;
}
