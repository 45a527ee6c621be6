/**
 * A small deterministic fuzzer (issue 13, "Fuzzing in the project"): each harness names a parser of untrusted
 * input, valid seeds, a mutator, and an oracle. Every input is fed to the parser and judged:
 * - crash: it threw anything but a WalletError;
 * - hang: one call took longer than the harness's budget (1 s unless it says why more), and again when repeated;
 * - wrong accept: it was accepted although the oracle proves it should not be (a corrupted checksum, a mutated
 *   valid input that no longer round-trips, a result another implementation disagrees with).
 * Same seed, same inputs: a failure is reproduced by its index.
 */
import { WalletError } from '../../electron/core/errors';
import { mulberry32 } from '../helpers/rng';

/** mulberry32: tiny, fast and good enough to choose mutations (not for keys). */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** 0 ≤ n < max. */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface Harness<T> {
  readonly name: string;
  /** Valid inputs the mutations start from. */
  readonly seeds: readonly T[];
  /** A new input: usually a mutated seed, sometimes random. */
  readonly input: (rng: Rng, seeds: readonly T[]) => T;
  /** The parser under test: returns (or resolves to) its result, or throws. */
  readonly run: (input: T) => unknown;
  /** Why accepting this input was wrong, or null when it was right. Only called for accepted inputs. */
  readonly wrongAccept?: (input: T, result: unknown) => string | null | Promise<string | null>;
  /** A short description of an input for a report (never the whole of a 10 MB input). */
  readonly describe?: (input: T) => string;
  /** Milliseconds one call may take (default 1000); a harness that allows more says why. */
  readonly hangMs?: number;
}

export interface Failure {
  readonly index: number;
  readonly kind: 'crash' | 'hang' | 'wrong accept';
  readonly detail: string;
  readonly input: string;
}

export interface FuzzReport {
  readonly name: string;
  readonly inputs: number;
  readonly accepted: number;
  readonly failures: readonly Failure[];
  /** The slowest single call, in ms. */
  readonly slowestMs: number;
  readonly totalMs: number;
}

const preview = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}… (${value.length} chars)` : value);
  if (value instanceof Uint8Array) {
    const hex = Array.from(value.subarray(0, 60), (b) => b.toString(16).padStart(2, '0')).join('');
    return `hex ${hex}${value.length > 60 ? `… (${value.length} bytes)` : ''}`;
  }
  if (Array.isArray(value)) return `[${value.slice(0, 4).map(preview).join(', ')}${value.length > 4 ? `, … ${value.length} items` : ''}]`;
  try {
    const json = JSON.stringify(value) ?? String(value);
    return json.length > 160 ? `${json.slice(0, 160)}…` : json;
  } catch {
    return String(value);
  }
};

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/** Milliseconds one call takes, whatever it returns or throws. */
async function timed(run: () => unknown): Promise<number> {
  const t0 = performance.now();
  try {
    const r = run();
    if (isPromise(r)) await r;
  } catch {
    // Its outcome was judged on the first call.
  }
  return performance.now() - t0;
}

/** Feeds `count` inputs to the harness; stops collecting details after 20 failures (the count goes on). */
export async function fuzz<T>(harness: Harness<T>, count: number, seed = 1): Promise<FuzzReport> {
  const rng = new Rng(seed);
  const failures: Failure[] = [];
  const budget = harness.hangMs ?? 1000;
  const describe = harness.describe ?? preview;
  let accepted = 0;
  let slowest = 0;
  const started = performance.now();
  const fail = (index: number, kind: Failure['kind'], detail: string, input: T) => {
    if (failures.length < 20) failures.push({ index, kind, detail, input: describe(input) });
  };
  for (let i = 0; i < count; i++) {
    const input = harness.input(rng, harness.seeds);
    const t0 = performance.now();
    let result: unknown;
    let ok = false;
    try {
      result = harness.run(input);
      if (isPromise(result)) result = await result;
      ok = true;
    } catch (e) {
      if (!(e instanceof WalletError)) fail(i, 'crash', e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e), input);
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    if (ms > budget) {
      // Timed again before it counts: a slow input is slow twice; a garbage collection or a busy machine is not.
      const again = await timed(() => harness.run(input));
      if (again > budget) fail(i, 'hang', `${Math.round(ms)} ms, then ${Math.round(again)} ms (budget ${budget} ms)`, input);
    }
    if (ok) {
      accepted++;
      const why = harness.wrongAccept ? await harness.wrongAccept(input, result) : null;
      if (why) fail(i, 'wrong accept', why, input);
    }
  }
  return { name: harness.name, inputs: count, accepted, failures, slowestMs: slowest, totalMs: performance.now() - started };
}

/* ---------- mutations ---------- */

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x3f, 0x5f, 0x7f, 0x9f, 0xbf, 0xdf, 0xfb, 0xfc, 0xfd, 0xfe];
/** Length prefixes claiming huge sizes: CBOR 2^32-1 and 2^64-1 heads, Bitcoin compact sizes 0xfe/0xff, RLP 0xbf/0xff. */
const HUGE_LENGTHS = [
  [0x5a, 0xff, 0xff, 0xff, 0xff],
  [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x9b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00],
  [0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xfe, 0xff, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xb9, 0xff, 0xff, 0xff, 0xff],
];

/** One to four byte-level mutations of `data`: flips, replacements, inserts, deletes, duplicated runs, splices, huge lengths. */
export function mutateBytes(rng: Rng, data: Uint8Array, others: readonly Uint8Array[] = []): Uint8Array {
  let out = Array.from(data);
  const steps = 1 + rng.int(4);
  for (let s = 0; s < steps; s++) {
    const at = rng.int(out.length + 1);
    switch (rng.int(9)) {
      case 0:
        if (out.length) out[at % out.length] = (out[at % out.length] as number) ^ (1 << rng.int(8));
        break;
      case 1:
        if (out.length) out[at % out.length] = rng.pick(INTERESTING_BYTES);
        break;
      case 2:
        out.splice(at, 0, ...rng.bytes(1 + rng.int(8)));
        break;
      case 3:
        out.splice(at, 1 + rng.int(Math.max(1, out.length >> 3)));
        break;
      case 4: {
        const len = 1 + rng.int(16);
        out.splice(at, 0, ...out.slice(at, at + len));
        break;
      }
      case 5:
        out = out.slice(0, rng.int(out.length + 1));
        break;
      case 6: {
        const other = others.length ? rng.pick(others) : data;
        const from = rng.int(other.length + 1);
        out.splice(at, rng.int(8), ...other.subarray(from, from + 1 + rng.int(32)));
        break;
      }
      case 7:
        out.splice(at, rng.int(3), ...rng.pick(HUGE_LENGTHS));
        break;
      default:
        if (out.length) out[at % out.length] = ((out[at % out.length] as number) + (rng.chance(0.5) ? 1 : 255)) & 0xff;
    }
  }
  return Uint8Array.from(out);
}

const ODD_CHARACTERS = ['\u0000', '\uFE0F', '\u202E', '\u200D', '\uD800', '\uDFFF', '\u3000', '\u00A0', '\t', '\r\n', 'é', 'e\u0301', 'ﬁ', 'İ', '𝄞', '\\', '"', '/', '#', '*', "'", 'h', '0', '9', ' ', ',', '-', ':'];

/** One to four character-level mutations: replace, insert odd characters, delete, duplicate, swap words, case. */
export function mutateText(rng: Rng, text: string, alphabet: readonly string[] = []): string {
  let out = text;
  const steps = 1 + rng.int(4);
  for (let s = 0; s < steps; s++) {
    const at = rng.int(out.length + 1);
    const ch = () => (alphabet.length && rng.chance(0.6) ? rng.pick(alphabet) : rng.chance(0.5) ? rng.pick(ODD_CHARACTERS) : String.fromCharCode(rng.int(0x3000)));
    switch (rng.int(8)) {
      case 0:
        out = out.slice(0, at) + ch() + out.slice(at + 1);
        break;
      case 1:
        out = out.slice(0, at) + ch() + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at + 1 + rng.int(8));
        break;
      case 3: {
        const len = 1 + rng.int(24);
        out = out.slice(0, at) + out.slice(at, at + len) + out.slice(at);
        break;
      }
      case 4: {
        const words = out.split(' ');
        if (words.length > 1) {
          const a = rng.int(words.length);
          const b = rng.int(words.length);
          [words[a], words[b]] = [words[b] as string, words[a] as string];
          out = words.join(' ');
        }
        break;
      }
      case 5:
        out = rng.chance(0.5) ? out.toUpperCase() : out.toLowerCase();
        break;
      case 6:
        out = out.slice(0, rng.int(out.length + 1));
        break;
      default:
        out = out.slice(0, at) + (alphabet.length ? rng.pick(alphabet) : ch()).repeat(1 + rng.int(64)) + out.slice(at);
    }
  }
  return out;
}

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
