/**
 * EIP-712 typed structured data (ethereum/EIPs eip-712.md), as eth_signTypedData_v4 sends it: JSON with types,
 * primaryType, domain and message. The hash is computed here, never taken from the request:
 *   keccak256(0x19 0x01 || hashStruct(EIP712Domain, domain) || hashStruct(primaryType, message))
 * with encodeType listing the primary type then its dependencies sorted by name, arrays hashed as the
 * concatenation of their encoded items (v4). Values are checked against their types (ranges, lengths, EIP-55
 * checksums when mixed case); a missing field is refused.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../errors';
import { toChecksumAddress } from '../keys/eth';
import { oneLine } from './message';
import type { TypedField } from './types';

export interface TypedMember {
  readonly name: string;
  readonly type: string;
}

export interface TypedData {
  readonly types: Readonly<Record<string, readonly TypedMember[]>>;
  readonly primaryType: string;
  readonly domain: Readonly<Record<string, unknown>>;
  readonly message: Readonly<Record<string, unknown>>;
}

export interface HashedTypedData {
  readonly data: TypedData;
  readonly domainSeparator: Uint8Array;
  readonly structHash: Uint8Array;
  readonly hash: Uint8Array;
  readonly domainFields: TypedField[];
  readonly messageFields: TypedField[];
}

const MAX_TYPES = 100;
const MAX_MEMBERS = 100;
const MAX_DEPTH = 16;
const MAX_ARRAY = 10_000;
const MAX_FIELDS_SHOWN = 20_000;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** EIP-712: the domain's fields, in this order, when the request does not list EIP712Domain itself. */
const DOMAIN_FIELDS: readonly TypedMember[] = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
];

const bad = (why: string): never => {
  throw new WalletError('BAD_ETH_REQUEST', `Typed data: ${why}.`);
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An object's own property only: "constructor", "toString" or "__proto__" in a request's JSON must never reach
 * Object.prototype (a type named after one would otherwise be "defined", a missing member "present").
 */
const own = <T>(o: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(o, key) ? o[key] : undefined);

/** The members of a struct type, or undefined when the name is not one of the request's structs. */
const struct = (types: TypedData['types'], name: string) => own(types, name);

/** Reads the request's JSON into TypedData, checking its shape (not yet its values). */
export function parseTypedData(json: string): TypedData {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return bad('not valid JSON');
  }
  if (Array.isArray(raw)) return bad('this is the first version of eth_signTypedData (a list of values), which Permafrost does not sign; ask the app for eth_signTypedData_v4');
  if (!isRecord(raw)) return bad('not a JSON object');
  const { types, primaryType, domain, message } = raw;
  if (!isRecord(types)) return bad('"types" is missing or not an object');
  if (typeof primaryType !== 'string') return bad('"primaryType" is missing or not a string');
  if (!isRecord(domain)) return bad('"domain" is missing or not an object');
  if (!isRecord(message)) return bad('"message" is missing or not an object');
  const names = Object.keys(types);
  if (names.length > MAX_TYPES) bad(`more than ${MAX_TYPES} types`);
  const checked = Object.create(null) as Record<string, TypedMember[]>;
  for (const name of names) {
    if (!NAME.test(name)) bad(`"${name.slice(0, 40)}" is not a valid type name`);
    if (RESERVED_NAME.test(name)) bad(`a struct cannot be named ${name}: that is a built-in type's name`);
    const members = types[name];
    if (!Array.isArray(members) || members.length > MAX_MEMBERS) return bad(`type ${name} is not a list of at most ${MAX_MEMBERS} members`);
    const seen = new Set<string>();
    checked[name] = members.map((m: unknown) => {
      if (!isRecord(m) || typeof m.name !== 'string' || typeof m.type !== 'string') return bad(`a member of ${name} is not {name, type}`);
      if (!NAME.test(m.name)) bad(`"${m.name.slice(0, 40)}" in ${name} is not a valid member name`);
      if (seen.has(m.name)) bad(`${name} has two members named ${m.name}`);
      seen.add(m.name);
      return { name: m.name, type: m.type };
    });
  }
  if (!checked.EIP712Domain) checked.EIP712Domain = DOMAIN_FIELDS.filter((f) => own(domain, f.name) !== undefined);
  for (const [name, members] of Object.entries(checked)) for (const m of members) checkType(checked, m.type, `${name}.${m.name}`);
  if (primaryType === 'EIP712Domain') bad('the primary type is the domain itself: there is no message to sign');
  if (!struct(checked, primaryType)) bad(`the primary type ${primaryType.slice(0, 40)} is not defined`);
  return { types: checked, primaryType, domain, message };
}

function checkType(types: Record<string, readonly TypedMember[]>, type: string, where: string): void {
  const base = type.replace(/(\[\d*\])+$/, '');
  for (const m of type.slice(base.length).matchAll(/\[(\d*)\]/g)) {
    // Written as Solidity writes it: "[01]" would enter encodeType as is, a type no contract has.
    if (m[1] !== '' && (!/^[1-9]\d*$/.test(m[1] as string) || Number(m[1]) > MAX_ARRAY)) bad(`${where}: array length ${m[1]} is out of range`);
  }
  if (!isAtomicName(base) && !struct(types, base)) bad(`${where} has the unknown type "${type.slice(0, 40)}"`);
}

/** address, bool, uintN, intN, bytesN, string, bytes (valid widths only). */
function isAtomicName(name: string): boolean {
  return atomicWidth(name) !== undefined || name === 'string' || name === 'bytes';
}

/** What no struct may be called: a built-in type's name, or one that looks like it (uint7, bytes33, int). */
const RESERVED_NAME = /^(address|bool|string|bytes\d*|u?int\d*)$/;

/**
 * For an atomic type: bits of a uint/int, bytes of a bytesN, 0 for address/bool; undefined otherwise. Widths are
 * written without a leading zero: "uint0256" is no Solidity type, and would enter encodeType (the type hash) as is.
 */
function atomicWidth(type: string): number | undefined {
  if (type === 'address' || type === 'bool') return 0;
  let m = /^u?int([1-9]\d*)$/.exec(type);
  if (m) {
    const bits = Number(m[1]);
    return bits >= 8 && bits <= 256 && bits % 8 === 0 ? bits : undefined;
  }
  m = /^bytes([1-9]\d*)$/.exec(type);
  if (m) {
    const n = Number(m[1]);
    return n >= 1 && n <= 32 ? n : undefined;
  }
  return undefined;
}

/** encodeType: the type, then every struct it references (transitively) sorted by name. */
export function encodeType(types: TypedData['types'], primary: string): string {
  const deps = new Set<string>();
  const visit = (t: string): void => {
    const base = t.replace(/(\[\d*\])+$/, '');
    const members = struct(types, base);
    if (deps.has(base) || !members) return;
    deps.add(base);
    for (const m of members) visit(m.type);
  };
  visit(primary);
  deps.delete(primary);
  const one = (t: string) => `${t}(${(struct(types, t) as readonly TypedMember[]).map((m) => `${m.type} ${m.name}`).join(',')})`;
  return [primary, ...[...deps].sort()].map(one).join('');
}

interface Walk {
  readonly types: TypedData['types'];
  readonly fields: TypedField[];
  /** typeHash per struct, computed once: encodeType walks every dependency, so once per value would be quadratic. */
  readonly typeHashes: Map<string, Uint8Array>;
}

const walk = (types: TypedData['types']): Walk => ({ types, fields: [], typeHashes: new Map() });

function typeHash(w: Walk, type: string): Uint8Array {
  let h = w.typeHashes.get(type);
  if (h === undefined) {
    h = keccak_256(utf8ToBytes(encodeType(w.types, type)));
    w.typeHashes.set(type, h);
  }
  return h;
}

function word(n: bigint): Uint8Array {
  return hexToBytes(n.toString(16).padStart(64, '0'));
}

function integer(value: unknown, where: string): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) bad(`${where} is a number JavaScript cannot hold exactly: send it as a string`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^(-?[0-9]{1,78}|0x[0-9a-fA-F]{1,64})$/.test(value)) return BigInt(value);
  if (typeof value === 'bigint') return value;
  return bad(`${where} is not an integer`);
}

function hexBytes(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value)) return bad(`${where} is not 0x-prefixed hex bytes`);
  return hexToBytes(value.slice(2));
}

/** An atomic value's 32-byte encoding and its text for the review. */
function atomic(type: string, bits: number, value: unknown, where: string): [Uint8Array, string] {
  if (type === 'bool') {
    if (typeof value !== 'boolean') bad(`${where} is not true or false`);
    return [word(value ? 1n : 0n), String(value)];
  }
  if (type === 'address') {
    if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) return bad(`${where} is not an address (0x and 40 hex digits)`);
    const checksummed = toChecksumAddress(value);
    const lower = value.slice(2) === value.slice(2).toLowerCase();
    const upper = value.slice(2) === value.slice(2).toUpperCase();
    if (!lower && !upper && value !== checksummed) bad(`${where} (${value}) fails its EIP-55 checksum: a mistyped address`);
    return [word(BigInt(value)), checksummed];
  }
  if (type.startsWith('bytes')) {
    const b = hexBytes(value, where);
    if (b.length !== bits) bad(`${where} is ${b.length} bytes, not ${bits}`);
    const out = new Uint8Array(32);
    out.set(b);
    return [out, `0x${bytesToHex(b)}`];
  }
  const n = integer(value, where);
  const signed = type.startsWith('int');
  const lo = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const hi = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if (n < lo || n > hi) bad(`${where} = ${n} is out of range for ${type}`);
  return [word(n < 0n ? (1n << 256n) + n : n), n.toString()];
}

function show(w: Walk, name: string, type: string, depth: number, value: string | null): void {
  if (w.fields.length >= MAX_FIELDS_SHOWN) bad(`more than ${MAX_FIELDS_SHOWN} values`);
  w.fields.push({ name, type, depth, value });
}

/** encodeData of one value (a 32-byte word), recording what is shown. */
function encodeValue(w: Walk, name: string, type: string, value: unknown, depth: number, where: string): Uint8Array {
  if (depth > MAX_DEPTH) bad('nested too deeply');
  if (value === undefined || value === null) return bad(`${where} is missing`);
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array) {
    const [, inner, size] = array as unknown as [string, string, string];
    if (!Array.isArray(value)) return bad(`${where} is not an array`);
    if (value.length > MAX_ARRAY) bad(`${where} has more than ${MAX_ARRAY} items`);
    if (size !== '' && value.length !== Number(size)) bad(`${where} has ${value.length} items, not ${size}`);
    show(w, name, type, depth, null);
    const parts = value.map((item: unknown, i) => encodeValue(w, `[${i}]`, inner, item, depth + 1, `${where}[${i}]`));
    return keccak_256(concatBytes(...parts));
  }
  if (struct(w.types, type)) {
    if (!isRecord(value)) return bad(`${where} is not an object (${type})`);
    show(w, name, type, depth, null);
    return hashStructAt(w, type, value, depth + 1, where);
  }
  if (type === 'string') {
    if (typeof value !== 'string') return bad(`${where} is not a string`);
    show(w, name, type, depth, oneLine(value));
    return keccak_256(utf8ToBytes(value));
  }
  if (type === 'bytes') {
    const b = hexBytes(value, where);
    show(w, name, type, depth, `0x${bytesToHex(b)}`);
    return keccak_256(b);
  }
  const [encoded, text] = atomic(type, atomicWidth(type) as number, value, where);
  show(w, name, type, depth, text);
  return encoded;
}

function hashStructAt(w: Walk, type: string, value: Record<string, unknown>, depth: number, where: string): Uint8Array {
  const members = struct(w.types, type) as readonly TypedMember[];
  const parts: Uint8Array[] = [typeHash(w, type)];
  for (const m of members) parts.push(encodeValue(w, m.name, m.type, own(value, m.name), depth, `${where}.${m.name}`));
  return keccak_256(concatBytes(...parts));
}

/** hashStruct(type, value) (EIP-712), for tests and the review. */
export function hashStruct(types: TypedData['types'], type: string, value: Record<string, unknown>): Uint8Array {
  return hashStructAt(walk(types), type, value, 0, type);
}

/** Checks every value against its type and computes the hash to sign, with the readable tree of both parts. */
export function hashTypedData(data: TypedData): HashedTypedData {
  const domain = walk(data.types);
  const domainSeparator = hashStructAt(domain, 'EIP712Domain', data.domain as Record<string, unknown>, 0, 'domain');
  const message = walk(data.types);
  const structHash = hashStructAt(message, data.primaryType, data.message as Record<string, unknown>, 0, 'message');
  const hash = keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), domainSeparator, structHash));
  return { data, domainSeparator, structHash, hash, domainFields: domain.fields, messageFields: message.fields };
}
