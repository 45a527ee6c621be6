/**
 * The CBOR subset URs use (RFC 8949): unsigned and negative integers, byte and text strings, arrays, maps,
 * tags, booleans and null. Definite lengths only. The decoder is strict (no trailing bytes, no indefinite
 * lengths, bounded nesting and sizes) because its input comes from a camera or a file.
 */
import { WalletError } from '../errors';

export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

/** A map that keeps its entries in the order written (URs use small integer keys, written ascending). */
export class CborMap {
  constructor(readonly entries: ReadonlyArray<readonly [CborValue, CborValue]>) {}
  get(key: number | string): CborValue | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }
}

export type CborValue = number | string | boolean | null | Uint8Array | readonly CborValue[] | CborMap | CborTag;

function head(major: number, n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`CBOR: cannot encode length/value ${n}`);
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const hi = Math.floor(n / 0x100000000);
  const lo = n >>> 0;
  return [m | 27, (hi >>> 24) & 0xff, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, (lo >>> 24) & 0xff, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff];
}

export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  const write = (v: CborValue): void => {
    if (v === null) out.push(0xf6);
    else if (v === true) out.push(0xf5);
    else if (v === false) out.push(0xf4);
    else if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new RangeError('CBOR: only integers are supported');
      out.push(...(v >= 0 ? head(0, v) : head(1, -1 - v)));
    } else if (typeof v === 'string') {
      const bytes = new TextEncoderLite().encode(v);
      out.push(...head(3, bytes.length), ...bytes);
    } else if (v instanceof Uint8Array) {
      out.push(...head(2, v.length));
      for (const b of v) out.push(b);
    } else if (v instanceof CborTag) {
      out.push(...head(6, v.tag));
      write(v.value);
    } else if (v instanceof CborMap) {
      out.push(...head(5, v.entries.length));
      for (const [k, val] of v.entries) {
        write(k);
        write(val);
      }
    } else {
      out.push(...head(4, v.length));
      for (const item of v) write(item);
    }
  };
  write(value);
  return Uint8Array.from(out);
}

/** UTF-8 without relying on DOM/Node globals (the core has neither). */
class TextEncoderLite {
  encode(s: string): number[] {
    const out: number[] = [];
    for (const ch of s) {
      const c = ch.codePointAt(0) as number;
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }
}

/** Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, every continuation checked. */
export function utf8Decode(bytes: Uint8Array): string | null {
  let s = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++] as number;
    let need: number;
    let c: number;
    let min: number;
    if (b < 0x80) {
      s += String.fromCharCode(b);
      continue;
    } else if (b >= 0xc2 && b < 0xe0) [need, c, min] = [1, b & 0x1f, 0x80];
    else if (b >= 0xe0 && b < 0xf0) [need, c, min] = [2, b & 0x0f, 0x800];
    else if (b >= 0xf0 && b < 0xf5) [need, c, min] = [3, b & 0x07, 0x10000];
    else return null;
    if (i + need > bytes.length) return null;
    for (let k = 0; k < need; k++) {
      const cont = bytes[i++] as number;
      if ((cont & 0xc0) !== 0x80) return null;
      c = (c << 6) | (cont & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return null;
    s += String.fromCodePoint(c);
  }
  return s;
}

/** Bytewise lexicographic order (RFC 8949 §4.2.1): negative, zero or positive. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** A map key as an error message may quote it: a number, a short text, or its type. */
function describeKey(key: CborValue): string {
  if (typeof key === 'number' || typeof key === 'boolean' || key === null) return String(key);
  if (typeof key === 'string') return JSON.stringify(key.length > 24 ? `${key.slice(0, 24)}…` : key);
  return key instanceof Uint8Array ? `(${key.length} bytes)` : key instanceof CborTag ? `(tag ${key.tag})` : key instanceof CborMap ? '(a map)' : '(an array)';
}

export interface DecodeLimits {
  /** Largest string or byte string accepted. */
  readonly maxLength?: number;
  /** Deepest nesting accepted. */
  readonly maxDepth?: number;
}

export function decodeCbor(data: Uint8Array, limits: DecodeLimits = {}): CborValue {
  const maxLength = limits.maxLength ?? 4 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 32;
  let pos = 0;
  const fail = (what: string): never => {
    throw new WalletError('BAD_QR', `CBOR: ${what} (at byte ${pos}).`);
  };
  const byte = (): number => (pos < data.length ? (data[pos++] as number) : fail('the data ends too early'));
  // Deterministic encoding (RFC 8949 §4.2.1): every length and integer in its shortest form.
  const readLength = (info: number): number => {
    if (info < 24) return info;
    let n: number;
    let min: number;
    if (info === 24) [n, min] = [byte(), 24];
    else if (info === 25) [n, min] = [byte() * 0x100 + byte(), 0x100];
    else if (info === 26) [n, min] = [((byte() << 24) >>> 0) + (byte() << 16) + (byte() << 8) + byte(), 0x10000];
    else if (info === 27) {
      n = 0;
      for (let i = 0; i < 8; i++) n = n * 256 + byte();
      if (!Number.isSafeInteger(n)) fail('an integer is too large');
      min = 0x100000000;
    } else return fail(info === 31 ? 'indefinite lengths are not accepted' : 'a reserved length code');
    if (n < min) fail('a number is not in its shortest form');
    return n;
  };
  const item = (depth: number): CborValue => {
    if (depth > maxDepth) fail('nesting is too deep');
    const initial = byte();
    const major = initial >> 5;
    const info = initial & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      return fail('floats and simple values are not accepted');
    }
    const n = readLength(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        if (n > maxLength || pos + n > data.length) fail(n > maxLength ? 'a string is too long' : 'the data ends too early');
        const bytes = data.slice(pos, pos + n);
        pos += n;
        if (major === 2) return bytes;
        const text = utf8Decode(bytes);
        return text === null ? fail('a text string is not valid UTF-8') : text;
      }
      case 4: {
        if (n > data.length - pos) fail('an array claims more items than there are bytes');
        return Array.from({ length: n }, () => item(depth + 1));
      }
      case 5: {
        if (n * 2 > data.length - pos) fail('a map claims more entries than there are bytes');
        // Keys are compared as the bytes they were written with: with every length and integer in its shortest
        // form (above), equal keys of any type have equal bytes. Deterministic order (RFC 8949 §4.2.1): each key's
        // bytes sort after the previous key's, so a duplicate is also a key out of order — one comparison a key.
        const entries: Array<[CborValue, CborValue]> = [];
        let previous: Uint8Array | null = null;
        for (let i = 0; i < n; i++) {
          const start = pos;
          const key = item(depth + 1);
          const bytes = data.subarray(start, pos);
          const order = previous ? compareBytes(previous, bytes) : -1;
          if (order === 0) fail(`map key ${describeKey(key)} appears twice`);
          if (order > 0) fail(`map key ${describeKey(key)} is out of order (deterministic CBOR sorts keys by their bytes)`);
          previous = bytes;
          entries.push([key, item(depth + 1)]);
        }
        return new CborMap(entries);
      }
      case 6:
        return new CborTag(n, item(depth + 1));
      default:
        return fail('unknown major type');
    }
  };
  const value = item(0);
  if (pos !== data.length) fail(`${data.length - pos} bytes are left over after the value`);
  return value;
}
