/**
 * The plaintext inside an encrypted backup file: a small JSON document the owner can read years later with the
 * `age` tool alone (`age -d backup.age`). Keys are written in a fixed order, two-space indented, so the output is
 * readable and the same wallet always gives the same layout:
 *
 *   format, version, mnemonic, language, passphraseSet, [passphrase], fingerprint, accounts, createdAt
 *   accounts[i]: kind, network, account, path, fingerprint, xpub
 *
 * Parsing is strict: an unknown format, version, key or field type is refused with the field's name, so a file
 * from a later version or another tool is never half-read.
 */
import { utf8 } from '@scure/base';
import { WalletError } from '../errors';
import { ACCOUNT_KINDS, accountPath, isAccountKind, type Account, type AccountKind, type AccountSpec } from '../keys/accounts';
import { formatPath, HARDENED, parseExtendedKey } from '../keys/hd';
import { parseMnemonic } from '../keys/mnemonic';
import { isNetwork, type Network } from '../keys/networks';
import type { OpenedWallet } from '../keys/wallet';
import { isLanguage, wordSeparator, type Language } from '../keys/wordlists';

export const VAULT_FORMAT = 'permafrost-backup';
export const VAULT_VERSION = 1;

export interface VaultAccount {
  readonly kind: AccountKind;
  readonly network: Network;
  readonly account: number;
  /** "m/84'/0'/0'". */
  readonly path: string;
  /** Master fingerprint, 8 hex digits (the wallet's, with its passphrase). */
  readonly fingerprint: string;
  /** Plain BIP32 xpub (tpub on test networks). */
  readonly xpub: string;
}

export interface VaultDocument {
  readonly format: 'permafrost-backup';
  readonly version: 1;
  /** The words joined by the language's separator (the ideographic space for Japanese). */
  readonly mnemonic: string;
  readonly language: Language;
  /** The wallet was opened with a BIP39 passphrase. */
  readonly passphraseSet: boolean;
  /** Present only when the user explicitly asked to include the BIP39 passphrase. */
  readonly passphrase?: string;
  /** Master fingerprint of the wallet (with its passphrase): checks a passphrase typed on import. */
  readonly fingerprint: string;
  readonly accounts: readonly VaultAccount[];
  /** ISO 8601. */
  readonly createdAt: string;
}

/** The accounts a backup lists (their xpubs, for watch-only use): every account type, mainnet, account 0. */
export const VAULT_ACCOUNT_SPECS: readonly AccountSpec[] = ACCOUNT_KINDS.map((kind) => ({ kind, network: 'mainnet', account: 0 }));

const bad = (message: string) => new WalletError('BAD_BACKUP_FILE', message);

/** The document of an open wallet. `includePassphrase`: the BIP39 passphrase to store, or null to leave it out. */
export function buildVaultDocument(input: { wallet: OpenedWallet; includePassphrase: string | null; accounts: readonly Account[]; createdAt: Date }): VaultDocument {
  const { wallet, includePassphrase, accounts, createdAt } = input;
  if (includePassphrase !== null) {
    if (!wallet.hasPassphrase) throw new WalletError('INVALID_ARGUMENT', 'This wallet has no passphrase to include.');
    if (includePassphrase.length === 0 || includePassphrase.length > 1024) throw new WalletError('INVALID_ARGUMENT', 'The passphrase to include must be 1 to 1024 characters.');
  }
  if (Number.isNaN(createdAt.getTime())) throw new WalletError('INVALID_ARGUMENT', 'The backup date is not a valid date.');
  for (const a of accounts) {
    // An account of another wallet (or of this words with another passphrase) would make the file lie.
    if (a.fingerprint !== wallet.fingerprint) throw new WalletError('INVALID_ARGUMENT', `The ${a.path} account belongs to wallet ${a.fingerprint}, not ${wallet.fingerprint}.`);
  }
  return {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    mnemonic: wallet.words.join(wordSeparator(wallet.language)),
    language: wallet.language,
    passphraseSet: wallet.hasPassphrase,
    ...(includePassphrase !== null ? { passphrase: includePassphrase } : {}),
    fingerprint: wallet.fingerprint,
    accounts: accounts.map((a) => ({ kind: a.spec.kind, network: a.spec.network, account: a.spec.account, path: a.path, fingerprint: a.fingerprint, xpub: a.xpub })),
    createdAt: createdAt.toISOString(),
  };
}

/** The document in its documented key order (whatever order the object was built in). */
function ordered(doc: VaultDocument): Record<string, unknown> {
  return {
    format: doc.format,
    version: doc.version,
    mnemonic: doc.mnemonic,
    language: doc.language,
    passphraseSet: doc.passphraseSet,
    ...(doc.passphrase !== undefined ? { passphrase: doc.passphrase } : {}),
    fingerprint: doc.fingerprint,
    accounts: doc.accounts.map((a) => ({ kind: a.kind, network: a.network, account: a.account, path: a.path, fingerprint: a.fingerprint, xpub: a.xpub })),
    createdAt: doc.createdAt,
  };
}

/** UTF-8 JSON, two-space indent, final newline. The caller wipes the bytes once encrypted. */
export function serializeVaultDocument(doc: VaultDocument): Uint8Array {
  return utf8.decode(`${JSON.stringify(ordered(doc), null, 2)}\n`);
}

const DOCUMENT_KEYS = ['format', 'version', 'mnemonic', 'language', 'passphraseSet', 'passphrase', 'fingerprint', 'accounts', 'createdAt'];
const ACCOUNT_KEYS = ['kind', 'network', 'account', 'path', 'fingerprint', 'xpub'];
const FINGERPRINT = /^[0-9a-f]{8}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_ACCOUNTS = 1000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length) throw bad(`${where} has a field this version does not know: "${extra[0]?.slice(0, 40)}".`);
}

function field<T>(o: Record<string, unknown>, key: string, where: string, what: string, test: (v: unknown) => v is T): T {
  const v = o[key];
  if (v === undefined) throw bad(`${where} has no "${key}".`);
  if (!test(v)) throw bad(`${where}: "${key}" must be ${what}.`);
  return v;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function parseAccount(value: unknown, i: number, fingerprint: string): VaultAccount {
  const where = `The backup's account ${i + 1}`;
  if (!isRecord(value)) throw bad(`${where} is not an object.`);
  onlyKeys(value, ACCOUNT_KEYS, where);
  const kind = field(value, 'kind', where, 'an account type (bip44, bip49, bip84, bip86, bip48, eth)', (v): v is AccountKind => isString(v) && isAccountKind(v));
  const network = field(value, 'network', where, 'mainnet, testnet, signet or regtest', (v): v is Network => isString(v) && isNetwork(v));
  const account = field(value, 'account', where, `a whole number from 0 to ${HARDENED - 1}`, (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < HARDENED);
  const path = field(value, 'path', where, 'text', isString);
  if (path !== formatPath(accountPath({ kind, network, account }))) throw bad(`${where}: the path "${path.slice(0, 40)}" is not the ${kind} path of account ${account} on ${network}.`);
  const fp = field(value, 'fingerprint', where, '8 lower-case hexadecimal digits', (v): v is string => isString(v) && FINGERPRINT.test(v));
  if (fp !== fingerprint) throw bad(`${where} belongs to wallet ${fp}, not ${fingerprint}.`);
  const xpub = field(value, 'xpub', where, 'text', isString);
  let parsed: ReturnType<typeof parseExtendedKey>;
  try {
    parsed = parseExtendedKey(xpub);
  } catch {
    throw bad(`${where}: "xpub" is not a valid extended public key.`);
  }
  if (parsed.isPrivate) throw bad(`${where}: "xpub" is a private key; a backup's accounts hold public keys only.`);
  return { kind, network, account, path, fingerprint: fp, xpub };
}

/**
 * Reads the plaintext of a backup file. Strict: every field is checked for its type and meaning, the words must
 * parse in their language (BIP39 checksum included), and unknown fields are refused.
 */
export function parseVaultDocument(bytes: Uint8Array): VaultDocument {
  let data: unknown;
  try {
    data = JSON.parse(utf8.encode(bytes));
  } catch {
    throw bad('The backup’s contents are not UTF-8 JSON.');
  }
  if (!isRecord(data)) throw bad('The backup’s contents are not a JSON object.');
  if (data.format !== VAULT_FORMAT) throw bad(`The backup’s "format" is ${data.format === undefined ? 'missing' : 'not "permafrost-backup"'}.`);
  if (data.version !== VAULT_VERSION) {
    const later = typeof data.version === 'number' && Number.isInteger(data.version) && data.version > VAULT_VERSION;
    throw bad(later ? `This backup is format version ${String(data.version)}; this Permafrost reads version ${VAULT_VERSION}. Open it with a newer Permafrost.` : 'The backup’s "version" is missing or not a version number.');
  }
  const where = 'The backup';
  onlyKeys(data, DOCUMENT_KEYS, where);
  const language = field(data, 'language', where, 'a BIP39 word-list name', (v): v is Language => isString(v) && isLanguage(v));
  const mnemonic = field(data, 'mnemonic', where, 'text', isString);
  let parsed: ReturnType<typeof parseMnemonic>;
  try {
    parsed = parseMnemonic(mnemonic, language);
  } catch (e) {
    // The parser's message may quote a word: keep it out (this runs on a decrypted secret).
    throw bad(`The backup’s recovery words are not a valid ${language} BIP39 phrase (${(e as WalletError).code === 'BAD_CHECKSUM' ? 'the checksum does not match' : 'a word or the word count is wrong'}).`);
  }
  parsed.entropy.fill(0); // only the words are kept
  if (parsed.mnemonic !== mnemonic) throw bad(`The backup’s recovery words are not written in the ${language} word list’s own spelling and separator.`);
  const passphraseSet = field(data, 'passphraseSet', where, 'true or false', isBoolean);
  let passphrase: string | undefined;
  if (data.passphrase !== undefined) {
    passphrase = field(data, 'passphrase', where, 'text of 1 to 1024 characters', (v): v is string => isString(v) && v.length > 0 && v.length <= 1024);
    if (!passphraseSet) throw bad('The backup holds a passphrase but says the wallet has none.');
  }
  const fingerprint = field(data, 'fingerprint', where, '8 lower-case hexadecimal digits', (v): v is string => isString(v) && FINGERPRINT.test(v));
  const accountsValue = field(data, 'accounts', where, `a list of at most ${MAX_ACCOUNTS} accounts`, (v): v is unknown[] => Array.isArray(v) && v.length <= MAX_ACCOUNTS);
  const accounts = accountsValue.map((a, i) => parseAccount(a, i, fingerprint));
  const createdAt = field(data, 'createdAt', where, 'an ISO 8601 date and time', (v): v is string => isString(v) && ISO_8601.test(v) && !Number.isNaN(Date.parse(v)));
  return {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    mnemonic,
    language,
    passphraseSet,
    ...(passphrase !== undefined ? { passphrase } : {}),
    fingerprint,
    accounts,
    createdAt,
  };
}
