/**
 * Records every Uint8Array made while a piece of work runs, so a memory test can look inside each one afterwards:
 * `new Uint8Array(…)`, `Uint8Array.from/of` (through a stand-in for the global constructor, which the core and
 * @noble/* look up at each call) and the copies `slice`, `map`, `filter` and `subarray` make (they bypass the
 * constructor). Node Buffers are not recorded (their class captured the real constructor when it was defined).
 * Native results (WebCrypto's ArrayBuffer) are seen when the caller wraps them in a Uint8Array, which the core does.
 */

export interface Allocation {
  readonly bytes: Uint8Array;
  /** Where it was made (the first frames of the stack), to name a leak. */
  readonly where: string;
}

const COPIES = ['slice', 'map', 'filter', 'subarray'] as const;

function where(): string {
  const stack = new Error().stack?.split('\n').slice(3) ?? [];
  const ours = stack.filter((l) => !l.includes('allocations.ts') && !l.includes('node_modules/vitest') && !l.includes('node:internal'));
  return ours.slice(0, 4).map((l) => l.trim()).join(' ← ');
}

/** Runs `work` while recording every Uint8Array made; the originals are restored afterwards, also on failure. */
export async function recordingAllocations<T>(work: () => Promise<T>): Promise<{ result: T; made: Allocation[] }> {
  const made: Allocation[] = [];
  const record = (bytes: unknown) => {
    if (bytes instanceof Uint8Array && !Buffer.isBuffer(bytes)) made.push({ bytes, where: where() });
    return bytes;
  };
  const Real = globalThis.Uint8Array;
  const proto = Real.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = COPIES.map((name) => [name, proto[name]!] as const);
  globalThis.Uint8Array = new Proxy(Real, {
    construct: (target, args, newTarget) => record(Reflect.construct(target, args, newTarget === globalThis.Uint8Array ? target : newTarget)) as object,
  });
  for (const [name, original] of originals) {
    proto[name] = function (this: Uint8Array, ...args: unknown[]) {
      return record(original.apply(this, args));
    };
  }
  try {
    return { result: await work(), made };
  } finally {
    globalThis.Uint8Array = Real;
    for (const [name, original] of originals) proto[name] = original;
  }
}

/** Where `needle` occurs in `hay`, or -1 (bytes). */
function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The allocations whose memory (the whole ArrayBuffer under each array, so a view counts with what it views) still
 * holds one of `secrets` (each named) — e.g. a master secret and its two halves.
 */
export function stillHolding(made: readonly Allocation[], secrets: Record<string, Uint8Array>): string[] {
  const seen = new Set<ArrayBufferLike>();
  const found: string[] = [];
  for (const { bytes, where: at } of made) {
    if (seen.has(bytes.buffer)) continue;
    seen.add(bytes.buffer);
    const memory = new Uint8Array(bytes.buffer);
    for (const [name, secret] of Object.entries(secrets)) {
      if (indexOf(memory, secret) !== -1) found.push(`${name} in a ${memory.length}-byte array made at ${at}`);
    }
  }
  return found;
}
