/** PSBT test helpers: the converted BIP vectors (test/vectors/README.md), BAD_PSBT checks, and self-explaining review fixtures. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { isWalletError } from '../../electron/core/errors';
import { readFrame } from '../../electron/core/psbt/frame';

export interface BipCase {
  readonly case: string;
  readonly hex: string;
  readonly base64: string;
  readonly additional?: unknown;
}
export interface BipGroup {
  readonly text: string;
  readonly cases?: readonly BipCase[];
  readonly data?: unknown;
}

export function bipGroups(file: string): readonly BipGroup[] {
  return (JSON.parse(readFileSync(`test/vectors/${file}`, 'utf8')) as { groups: BipGroup[] }).groups;
}

/** Runs `f`, expects a WalletError BAD_PSBT whose message starts "PSBT" or "This" (never a TypeError); returns it. */
export function expectBadPsbt(f: () => unknown): string {
  let error: unknown = null;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a refusal').not.toBeNull();
  if (!isWalletError(error)) throw new Error(`expected a WalletError, got ${String(error)}`);
  expect(error.code).toBe('BAD_PSBT');
  return error.message;
}

/** Each map's key-value pairs as hex, sorted: two PSBTs that differ only in key order compare equal. */
export function sortedPairs(bytes: Uint8Array): string[][] {
  const frame = readFrame(bytes, { maxInputs: 100_000, maxOutputs: 100_000 });
  const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const varint = (at: number): [number, number] => {
    const first = bytes[at] as number;
    if (first < 0xfd) return [first, 1];
    const width = first === 0xfd ? 2 : first === 0xfe ? 4 : 8;
    let n = 0;
    for (let i = width; i >= 1; i--) n = n * 256 + (bytes[at + i] as number);
    return [n, 1 + width];
  };
  return [frame.globalMap, ...frame.inputMaps, ...frame.outputMaps].map(([start, end]) => {
    const pairs: string[] = [];
    let at = start;
    while (at < end - 1) {
      const [keyLen, a] = varint(at);
      const [valueLen, b] = varint(at + a + keyLen);
      const next = at + a + keyLen + b + valueLen;
      pairs.push(toHex(bytes.subarray(at, next)));
      at = next;
    }
    return pairs.sort();
  });
}
