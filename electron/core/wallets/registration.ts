/**
 * A registered multisig wallet as a file: public data only, authenticated with an HMAC keyed by the seed, so a
 * registration changed on disk (an attacker's key added, M lowered, the script type swapped) is refused as tampered.
 *
 * The key: the private key at m/1346720327'/0' ("PFRG" as a hardened index: a path no wallet standard uses, so the
 * key is never an address key), through HKDF-SHA256 (RFC 5869; salt "Permafrost wallet registration", info
 * "HMAC-SHA256 key v1") to 32 bytes. Only the seed (with its passphrase) can make it; the file carries no secret.
 * The MAC covers the canonical JSON of {format, version, fingerprint, wallet} (fixed key order, no spaces).
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '@scure/base';
import { WalletError } from '../errors';
import { derive, fingerprintHex, HARDENED, hasPrivateKey, withPrivateKey, type HDKey } from '../keys/hd';
import { isNetwork, type Network } from '../keys/networks';
import { multisigDescriptors, validateMultisig, type MultisigWallet, MULTISIG_SCRIPT_TYPES, type MultisigScriptType } from './multisig';

export const REGISTRATION_FORMAT = 'permafrost-multisig-registration';
export const REGISTRATION_VERSION = 1;
/** m/1346720327'/0': 1346720327 is "PFRG" in ASCII. */
export const REGISTRATION_KEY_PATH = [1346720327 + HARDENED, 0 + HARDENED] as const;
export const MAX_REGISTRATION_BYTES = 64 * 1024;

/** @scure/base's utf8: decode(text) gives bytes, encode(bytes) gives text. */
const enc = { encode: (t: string) => utf8.decode(t) };
const text = (b: Uint8Array) => utf8.encode(b);

function registrationKey(master: HDKey): Uint8Array {
  if (!hasPrivateKey(master)) throw new WalletError('BAD_KEY', 'This wallet has no private key (watch-only): it cannot register or check a multisig wallet.');
  const node = derive(master, REGISTRATION_KEY_PATH);
  try {
    return withPrivateKey(node, (k) => hkdf(sha256, k as Uint8Array, enc.encode('Permafrost wallet registration'), enc.encode('HMAC-SHA256 key v1'), 32));
  } finally {
    node.wipePrivateData();
  }
}

function canonical(fingerprint: string, w: MultisigWallet): string {
  return JSON.stringify({
    format: REGISTRATION_FORMAT,
    version: REGISTRATION_VERSION,
    fingerprint,
    wallet: {
      name: w.name,
      m: w.m,
      n: w.n,
      scriptType: w.scriptType,
      sorted: w.sorted,
      network: w.network,
      cosigners: w.cosigners.map((c) => ({ fingerprint: c.fingerprint, path: c.path, xpub: c.xpub })),
    },
  });
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** A stable id of the wallet's policy (keys, M, script type, network; not its name): 16 hex digits. */
export function registrationId(w: MultisigWallet): string {
  return hex(sha256(enc.encode(multisigDescriptors(w).multipath))).slice(0, 16);
}

/** The registration file's bytes: canonical JSON plus "mac", one line. */
export function sealRegistration(w: MultisigWallet, master: HDKey): Uint8Array {
  const wallet = validateMultisig(w);
  const fingerprint = fingerprintHex(master);
  const body = canonical(fingerprint, wallet);
  const key = registrationKey(master);
  try {
    const mac = hex(hmac(sha256, key, enc.encode(body)));
    return enc.encode(`${body.slice(0, -1)},"mac":"${mac}"}\n`);
  } finally {
    key.fill(0);
  }
}

const tampered = (why: string) => new WalletError('TAMPERED', `This multisig registration was changed after it was made (${why}): it is not used. Delete it and register the wallet again from the coordinator's file.`);

function field<T>(o: Record<string, unknown>, name: string, ok: (v: unknown) => v is T): T {
  const v = o[name];
  if (!ok(v)) throw tampered(`its "${name}" is missing or malformed`);
  return v;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a registration file says before its MAC is checked: only to tell whose it is (listing, messages). */
export function peekRegistration(bytes: Uint8Array): { fingerprint: string; name: string } | null {
  try {
    const o = JSON.parse(text(bytes)) as unknown;
    if (!isObject(o) || o.format !== REGISTRATION_FORMAT || !isString(o.fingerprint) || !isObject(o.wallet) || !isString(o.wallet.name)) return null;
    return { fingerprint: o.fingerprint, name: o.wallet.name };
  } catch {
    return null;
  }
}

/**
 * Opens a registration with the open wallet's master key: the MAC must match (constant time), the fingerprint must
 * be ours, the wallet must pass every check again. TAMPERED when anything was changed; NO_SUCH_WALLET when it
 * belongs to another seed (or passphrase).
 */
export function openRegistration(bytes: Uint8Array, master: HDKey): MultisigWallet {
  if (!(bytes instanceof Uint8Array)) throw new WalletError('INVALID_ARGUMENT', 'A registration is read as bytes.');
  if (bytes.length > MAX_REGISTRATION_BYTES) throw tampered(`it is ${bytes.length} bytes, more than a registration can be`);
  let o: unknown;
  try {
    o = JSON.parse(text(bytes));
  } catch {
    throw tampered('it is not valid JSON text');
  }
  if (!isObject(o) || o.format !== REGISTRATION_FORMAT) throw tampered('it is not a Permafrost multisig registration');
  if (o.version !== REGISTRATION_VERSION) throw new WalletError('UNSUPPORTED', `This registration is version ${String(o.version)}; this Permafrost reads version ${REGISTRATION_VERSION}.`);
  const fingerprint = field(o, 'fingerprint', isString);
  const mac = field(o, 'mac', isString);
  const ours = fingerprintHex(master);
  if (fingerprint !== ours) throw new WalletError('NO_SUCH_WALLET', `This registration belongs to the wallet with fingerprint ${fingerprint}, not the open one (${ours}).`);
  const w = field(o, 'wallet', isObject);
  const cos = field(w, 'cosigners', (v): v is unknown[] => Array.isArray(v) && v.length <= 20);
  const scriptType = field(w, 'scriptType', (v): v is MultisigScriptType => (MULTISIG_SCRIPT_TYPES as readonly unknown[]).includes(v));
  const network = field(w, 'network', (v): v is Network => isString(v) && isNetwork(v));
  const wallet: MultisigWallet = {
    name: field(w, 'name', isString),
    m: field(w, 'm', isInt),
    n: field(w, 'n', isInt),
    scriptType,
    sorted: field(w, 'sorted', (v): v is boolean => typeof v === 'boolean'),
    network,
    cosigners: cos.map((c) => {
      if (!isObject(c)) throw tampered('a cosigner is malformed');
      return { fingerprint: field(c, 'fingerprint', isString), path: field(c, 'path', isString), xpub: field(c, 'xpub', isString) };
    }),
  };
  const key = registrationKey(master);
  let expected: Uint8Array;
  try {
    expected = hmac(sha256, key, enc.encode(canonical(fingerprint, wallet)));
  } finally {
    key.fill(0);
  }
  const given = /^[0-9a-f]{64}$/.test(mac) ? Uint8Array.from(mac.match(/../g) as string[], (h) => Number.parseInt(h, 16)) : new Uint8Array(32);
  let diff = /^[0-9a-f]{64}$/.test(mac) ? 0 : 1;
  for (let i = 0; i < 32; i++) diff |= (expected[i] as number) ^ (given[i] as number);
  if (diff !== 0) throw tampered('its authentication code does not match its contents');
  try {
    return validateMultisig(wallet);
  } catch (e) {
    throw tampered(e instanceof WalletError ? e.message.replace(/\.$/, '') : 'its contents are invalid');
  }
}
