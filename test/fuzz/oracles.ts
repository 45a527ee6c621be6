/**
 * Wrong-accept oracles for the harnesses of test/fuzz/harnesses.ts that have no checksum of their own to lean on:
 * each re-derives what was accepted with the other side's code (ethers, Keystone's registry, pako's sibling
 * node:zlib) or with a few lines written here from the spec (BIP380 checksums, the BBQr part layout), and says
 * what differs. Each returns null when the accept was right, or why it was wrong.
 */
import { inflateRawSync } from 'node:zlib';
import { CryptoKeypath, EthSignRequest as KeystoneRequest, PathComponent } from '@keystonehq/bc-ur-registry-eth';
import { base32, base58check, hex } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeRlp, keccak256, Transaction, TypedDataEncoder, type RlpStructuredData, type TypedDataField } from 'ethers';
import type { BbqrResult, EthSignRequest, EthTransaction, HashedTypedData, MultisigWallet, RlpItem, TypedData } from '../../electron/core';
import { encodeBytewords } from '../../electron/core/codecs/ur/bytewords';
import { UrDecoder } from '../../electron/core/codecs/ur/ur';
import { HARDENED } from '../../electron/core/keys/hd';
import { equalBytes } from './engine';

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message.slice(0, 160)}` : String(e));

/* ---------- RLP ---------- */

const toEthers = (item: RlpItem): RlpStructuredData => (item instanceof Uint8Array ? `0x${bytesToHex(item)}` : item.map(toEthers));

/** Strict RLP has one encoding per value: what we accept is exactly ethers' encoding of what we decoded. */
export function rlpRoundTrip(input: Uint8Array, decoded: RlpItem): string | null {
  const again = encodeRlp(toEthers(decoded));
  return again === `0x${bytesToHex(input)}` ? null : `accepted bytes are not ethers' encoding of their value (${again.slice(0, 80)})`;
}

/* ---------- Ethereum transactions ---------- */

/**
 * ethers reads the same signing payload: the same fields, and its unsignedHash (keccak256 of its own
 * re-serialization) is the hash we would sign — so the bytes were canonical and nothing was read differently.
 */
export function ethTransactionAgrees(input: Uint8Array, tx: EthTransaction): string | null {
  let theirs: Transaction;
  try {
    theirs = Transaction.from(`0x${bytesToHex(input)}`);
  } catch (e) {
    return `ethers refuses the transaction we accepted: ${describeError(e)}`;
  }
  if (theirs.signature !== null) return 'ethers reads a signature in what we took for an unsigned transaction';
  const ours = `0x${bytesToHex(tx.hash)}`;
  if (theirs.unsignedHash !== ours) return `the signing hash ${ours} is not ethers' unsignedHash ${theirs.unsignedHash}`;
  const expectedType = { legacy: 0, eip2930: 1, eip1559: 2 }[tx.type];
  const differs: string[] = [];
  const same = (name: string, a: unknown, b: unknown) => {
    if (a !== b) differs.push(`${name}: ${String(a)} ≠ ${String(b)}`);
  };
  same('type', expectedType, theirs.type);
  same('chainId', tx.chainId, theirs.chainId);
  same('nonce', tx.nonce, BigInt(theirs.nonce));
  same('gasLimit', tx.gasLimit, theirs.gasLimit);
  same('gasPrice', tx.gasPrice, tx.type === 'eip1559' ? null : theirs.gasPrice);
  same('maxFeePerGas', tx.maxFeePerGas, tx.type === 'eip1559' ? theirs.maxFeePerGas : null);
  same('maxPriorityFeePerGas', tx.maxPriorityFeePerGas, tx.type === 'eip1559' ? theirs.maxPriorityFeePerGas : null);
  same('to', tx.to, theirs.to);
  same('value', tx.value, theirs.value);
  same('data', `0x${bytesToHex(tx.data)}`, theirs.data);
  same('accessList', JSON.stringify(tx.accessList.map((e) => [e.address, e.storageKeys])), JSON.stringify((theirs.accessList ?? []).map((e) => [e.address, e.storageKeys])));
  return differs.length ? `ethers reads other fields: ${differs.join('; ')}` : null;
}

/* ---------- EIP-712 ---------- */

/** The struct types `type` refers to, itself included (ethers wants exactly one unreferenced type). */
function closure(types: TypedData['types'], type: string): Record<string, TypedDataField[]> {
  const out: Record<string, TypedDataField[]> = {};
  const visit = (t: string) => {
    const base = t.replace(/(\[\d*\])+$/, '');
    if (Object.hasOwn(out, base) || !Object.hasOwn(types, base)) return;
    out[base] = (types[base] as TypedData['types'][string]).map((m) => ({ name: m.name, type: m.type }));
    for (const m of out[base] as TypedDataField[]) visit(m.type);
  };
  visit(type);
  return out;
}

/**
 * The hash we would sign is ethers' TypedDataEncoder hash of the same domain, types and message. When the request
 * leaves EIP712Domain out, ethers' hashDomain (which derives the domain type from the domain's keys itself) must
 * agree too, unless it refuses a domain key outside the five of EIP-712 (we leave such a key out of the hash, as
 * MetaMask's eth-sig-util does; ethers refuses it).
 */
export function typedDataAgrees(json: string, hashed: HashedTypedData): string | null {
  const { data } = hashed;
  let domainSeparator: string;
  let structHash: string;
  try {
    domainSeparator = TypedDataEncoder.hashStruct('EIP712Domain', closure(data.types, 'EIP712Domain'), data.domain);
    structHash = TypedDataEncoder.hashStruct(data.primaryType, closure(data.types, data.primaryType), data.message);
  } catch (e) {
    return `ethers refuses the typed data we accepted: ${describeError(e)}`;
  }
  if (domainSeparator !== `0x${bytesToHex(hashed.domainSeparator)}`) return `the domain separator is not ethers' (${domainSeparator})`;
  if (structHash !== `0x${bytesToHex(hashed.structHash)}`) return `the message hash is not ethers' (${structHash})`;
  const digest = keccak256(`0x1901${domainSeparator.slice(2)}${structHash.slice(2)}`);
  if (digest !== `0x${bytesToHex(hashed.hash)}`) return `the hash to sign is not keccak256(0x1901 ‖ domain ‖ message) (${digest})`;
  const raw = JSON.parse(json) as { types: Record<string, unknown> };
  if (!Object.hasOwn(raw.types, 'EIP712Domain')) {
    let theirs: string | null = null;
    try {
      theirs = TypedDataEncoder.hashDomain(data.domain);
    } catch (e) {
      if (!/invalid typed-data domain key/.test(describeError(e))) return `ethers' hashDomain refuses the domain we accepted: ${describeError(e)}`;
    }
    if (theirs !== null && theirs !== domainSeparator) return `the domain (no EIP712Domain type given) is not hashed as ethers' hashDomain does (${theirs})`;
  }
  return null;
}

/* ---------- EIP-4527 eth-sign-request ---------- */

/** The CBOR a request text carries (one UR, or the lines of an animated one), read again from the text. */
function requestCbor(text: string): Uint8Array | null {
  const decoder = new UrDecoder();
  let last: ReturnType<UrDecoder['receive']> | null = null;
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) last = decoder.receive(line);
  return last?.kind === 'complete' ? last.ur.cbor : null;
}

/**
 * Keystone's registry (what MetaMask's QR keyring uses) writes the request we decoded as exactly the CBOR we were
 * given. The only freedoms: the registry tag 401 around the map, a depth (equal to the path's length) and a zero
 * master fingerprint, none of which changes what is signed. A single-part UR's text is the canonical bytewords of
 * that CBOR (any letter case).
 */
export function ethRequestReencodes(text: string, request: EthSignRequest): string | null {
  const given = requestCbor(text);
  if (given === null) return 'the text does not hold one complete UR';
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 1 && !/\/\d+-\d+\//.test(lines[0] as string) && (lines[0] as string).toLowerCase() !== `ur:eth-sign-request/${encodeBytewords(given, 'minimal')}`) {
    return 'the UR text is not the bytewords encoding of its CBOR';
  }
  const map = given[0] === 0xd9 && given[1] === 0x01 && given[2] === 0x91 ? given.subarray(3) : given;
  const components = request.path.map((i) => new PathComponent({ index: i >= HARDENED ? i - HARDENED : i, hardened: i >= HARDENED }));
  const fingerprints = request.sourceFingerprint === null ? [undefined, Buffer.alloc(4)] : [Buffer.from(request.sourceFingerprint, 'hex')];
  for (const fingerprint of fingerprints) {
    for (const depth of [undefined, request.path.length]) {
      const theirs = new KeystoneRequest({
        ...(request.requestId === null ? {} : { requestId: Buffer.from(request.requestId) }),
        signData: Buffer.from(request.signData),
        dataType: request.dataType,
        ...(request.chainId === null ? {} : { chainId: Number(request.chainId) }),
        derivationPath: new CryptoKeypath(components, fingerprint, depth),
        ...(request.address === null ? {} : { address: Buffer.from(request.address.slice(2), 'hex') }),
        ...(request.origin === null ? {} : { origin: request.origin }),
      });
      if (equalBytes(theirs.toCBOR(), map)) return null;
    }
  }
  return "Keystone's registry does not write the request we decoded as the CBOR given";
}

/* ---------- BBQr ---------- */

const decodeBbqrBody = (body: string, encoding: string): Uint8Array | null => {
  try {
    if (encoding === 'H') return /^[0-9A-F]*$/.test(body) && body.length % 2 === 0 ? hex.decode(body.toLowerCase()) : null;
    if (!/^[A-Z2-7]*$/.test(body)) return null;
    return base32.decode(body + '='.repeat((8 - (body.length % 8)) % 8));
  } catch {
    return null;
  }
};

/**
 * What a BBQr series decodes to, read from the parts given by the spec's layout alone: "B$", encoding, file type,
 * part count and index (base 36), then the part's share of the hex or base32 text; Z is raw deflate (inflated here
 * by node:zlib, not the decoder's pako). The result must be what one choice of the given parts — one per index, in
 * index order, all with the result's header — decodes to: nothing mixed in from another series, nothing reordered
 * or dropped, the header's encoding and file type those of the data.
 */
export function bbqrAgrees(frames: readonly string[], result: BbqrResult): string | null {
  const parts = frames.map((f) => f.trim()).filter((f) => f.startsWith(`B$${result.encoding}${result.fileType}`) && f.length > 8);
  for (const totalText of new Set(parts.map((p) => p.slice(4, 6)))) {
    const total = Number.parseInt(totalText, 36);
    if (!/^[0-9A-Z]{2}$/.test(totalText) || total < 1) continue;
    const choices: Uint8Array[][] = [];
    for (let i = 0; i < total; i++) {
      const head = `B$${result.encoding}${result.fileType}${totalText}${i.toString(36).toUpperCase().padStart(2, '0')}`;
      const bodies = [...new Set(parts.filter((p) => p.startsWith(head)).map((p) => p.slice(8)))];
      choices.push(bodies.map((b) => decodeBbqrBody(b, result.encoding)).filter((b): b is Uint8Array => b !== null));
    }
    if (choices.some((c) => c.length === 0)) continue;
    let combos: Uint8Array[][] = [[]];
    for (const c of choices) combos = combos.flatMap((prefix) => c.map((b) => [...prefix, b])).slice(0, 64);
    for (const combo of combos) {
      const joined = Uint8Array.from(combo.flatMap((b) => [...b]));
      let data: Uint8Array;
      try {
        data = result.encoding === 'Z' ? new Uint8Array(inflateRawSync(joined)) : joined;
      } catch {
        continue;
      }
      if (equalBytes(data, result.data)) return null;
    }
  }
  return `the ${result.data.length} bytes are not what the given parts with their header decode to`;
}

/* ---------- multisig configurations ---------- */

const INPUT_CHARSET = "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

/** BIP380's checksum check, written here from the spec's Python (not the core's code). */
export function bip380Verifies(descriptor: string): boolean {
  const at = descriptor.lastIndexOf('#');
  if (at < 0 || descriptor.length - at !== 9) return false;
  const symbols: number[] = [];
  const groups: number[] = [];
  for (const c of descriptor.slice(0, at)) {
    const v = INPUT_CHARSET.indexOf(c);
    if (v < 0) return false;
    symbols.push(v & 31);
    groups.push(v >> 5);
    if (groups.length === 3) symbols.push((groups.shift() as number) * 9 + (groups.shift() as number) * 3 + (groups.shift() as number));
  }
  if (groups.length === 1) symbols.push(groups[0] as number);
  if (groups.length === 2) symbols.push((groups[0] as number) * 3 + (groups[1] as number));
  for (const c of descriptor.slice(at + 1)) {
    const v = CHECKSUM_CHARSET.indexOf(c);
    if (v < 0) return false;
    symbols.push(v);
  }
  let chk = 1n;
  for (const value of symbols) {
    const top = chk >> 35n;
    chk = ((chk & 0x7ffffffffn) << 5n) ^ BigInt(value);
    for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) chk ^= GENERATOR[i] as bigint;
  }
  return chk === 1n;
}

const xpubCheck = base58check(sha256);
/** A wallet as what its addresses depend on: the extended keys without their version bytes (xpub and Zpub alike). */
function walletKey(w: MultisigWallet): string {
  const cosigners = w.cosigners.map((c) => `${c.fingerprint}${c.path}${bytesToHex(xpubCheck.decode(c.xpub).subarray(4))}`);
  return JSON.stringify([w.m, w.n, w.scriptType, w.sorted, w.network, cosigners]);
}

/**
 * Every descriptor line given with a checksum verifies (BIP380); the wallet read exports as descriptors whose
 * checksums verify, and the multipath one reads back as the same wallet.
 */
export function multisigRoundTrip(
  text: string,
  wallet: MultisigWallet,
  reexport: (w: MultisigWallet) => Record<string, string>,
  reparse: (descriptor: string, w: MultisigWallet) => MultisigWallet,
): string | null {
  for (const line of text.split(/\r?\n/).map((l) => l.trim())) {
    if (/^(wsh|sh)\(/.test(line) && line.includes('#') && !bip380Verifies(line)) return `a descriptor with a wrong BIP380 checksum was accepted: ${line.slice(0, 80)}`;
  }
  const exported = reexport(wallet);
  for (const d of Object.values(exported)) if (!bip380Verifies(d)) return `the exported descriptor's checksum does not verify: ${d.slice(0, 80)}`;
  let again: MultisigWallet;
  try {
    again = reparse(exported.multipath as string, wallet);
  } catch (e) {
    return `the exported descriptor is refused: ${describeError(e)}`;
  }
  return walletKey(again) === walletKey(wallet) ? null : 'the exported descriptor reads back as another wallet';
}


/* ---------- IPC payloads ---------- */

interface ZodLike {
  readonly _zod: { readonly def: Record<string, unknown> & { readonly type: string; readonly checks?: ReadonlyArray<{ readonly _zod: { readonly def: Record<string, unknown> } }> } };
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

/**
 * A value a zod schema accepts, built from its definition (objects, strings with their lengths and the id
 * patterns, bounded integers, enums, literals, unions, arrays, nullable/optional, Uint8Array): the start of
 * mutations that reach the checks behind the first field. Refinements are not known: what they refuse is refused.
 */
export function validValue(schema: ZodLike, random: { int(max: number): number; chance(p: number): boolean }): unknown {
  const def = schema._zod.def;
  const check = (name: string) => def.checks?.map((c) => c._zod.def).find((c) => c.check === name);
  switch (def.type) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return random.chance(0.5);
    case 'literal':
      return (def.values as unknown[])[0];
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      return values[random.int(values.length)];
    }
    case 'nullable':
      return random.chance(0.2) ? null : validValue(def.innerType as ZodLike, random);
    case 'optional':
      return random.chance(0.3) ? undefined : validValue(def.innerType as ZodLike, random);
    case 'union': {
      const options = def.options as ZodLike[];
      return validValue(options[random.int(options.length)] as ZodLike, random);
    }
    case 'array': {
      const min = (check('min_length')?.minimum as number | undefined) ?? 0;
      const max = Math.min((check('max_length')?.maximum as number | undefined) ?? 5, min + 5);
      return Array.from({ length: min + random.int(max - min + 1) }, () => validValue(def.element as ZodLike, random));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(def.shape as Record<string, ZodLike>)) {
        const v = validValue(value, random);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case 'number': {
      const gt = check('greater_than');
      const lt = check('less_than');
      const min = gt ? (gt.value as number) + (gt.inclusive ? 0 : 1) : -1000;
      const max = lt ? (lt.value as number) - (lt.inclusive ? 0 : 1) : 1000;
      if (random.chance(0.2)) return random.chance(0.5) ? min : max;
      return min + random.int(Math.min(max - min, 1000) + 1);
    }
    case 'string': {
      const pattern = check('string_format')?.pattern as RegExp | undefined;
      const hexLength = pattern && /^\^\[0-9a-f\]\{(\d+)\}\$$/.exec(pattern.source);
      if (hexLength) return Array.from({ length: Number(hexLength[1]) }, () => '0123456789abcdef'[random.int(16)]).join('');
      const min = (check('min_length')?.minimum as number | undefined) ?? 0;
      const max = (check('max_length')?.maximum as number | undefined) ?? 100;
      const length = random.chance(0.1) ? max : min + random.int(Math.min(max - min, 40) + 1);
      const piece = Array.from({ length: Math.min(length, 40) }, () => String.fromCharCode(0x20 + random.int(0x5f))).join('');
      return piece.repeat(Math.ceil(length / Math.max(piece.length, 1))).slice(0, length);
    }
    case 'custom':
      return new Uint8Array(random.chance(0.1) ? 3000 : random.int(100));
    default:
      return undefined;
  }
}

/** Only plain data crosses IPC: plain objects and arrays, finite numbers, strings, booleans, null, byte arrays. */
function plainDataProblem(v: unknown, at: string): string | null {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : `${at} is ${v}`;
  if (v instanceof Uint8Array) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = plainDataProblem(v[i], `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (typeof v !== 'object') return `${at} is a ${typeof v}`;
  if (Object.getPrototypeOf(v) !== Object.prototype) return `${at} is not a plain object`;
  for (const key of Reflect.ownKeys(v)) {
    if (typeof key !== 'string' || key === '__proto__' || key === 'constructor' || key === 'prototype') return `${at} has the key ${String(key)}`;
    const p = plainDataProblem((v as Record<string, unknown>)[key], `${at}.${key}`);
    if (p) return p;
  }
  return null;
}

/** Keys the accepted value holds that the payload did not: zod must never invent a field. */
function inventedKey(data: unknown, payload: unknown, at: string): string | null {
  if (data === null || typeof data !== 'object' || data instanceof Uint8Array) return null;
  if (payload === null || typeof payload !== 'object') return `${at} was not an object in the payload`;
  for (const key of Object.keys(data)) {
    if (!Object.hasOwn(payload, key)) return `${at}.${key} was not in the payload`;
    const p = inventedKey((data as Record<string, unknown>)[key], (payload as Record<string, unknown>)[key], `${at}.${key}`);
    if (p) return p;
  }
  return null;
}

/**
 * What a channel's schema accepts is plain data within its limits: validated again it is accepted as the same
 * value (the limits hold for what the handler gets, not only for what the renderer sent), it survives the
 * structured clone of IPC unchanged, and it holds no field the payload did not.
 */
export function ipcPayloadSound(schema: ZodLike, payload: unknown, data: unknown, same: (a: unknown, b: unknown) => boolean): string | null {
  const again = schema.safeParse(data);
  if (!again.success) return 'the accepted value is refused when validated again';
  if (!same(again.data, data)) return 'validated again, the accepted value changes';
  const plain = plainDataProblem(data, 'payload');
  if (plain) return `not plain data: ${plain}`;
  if (!same(structuredClone(data), data)) return 'the accepted value does not survive a structured clone';
  return inventedKey(data, payload, 'payload');
}
