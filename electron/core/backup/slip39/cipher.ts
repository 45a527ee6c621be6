/**
 * SLIP-39 master-secret encryption (slip-0039.md "Encryption of the master secret"): a 4-round Feistel network
 * whose round function is PBKDF2-HMAC-SHA256 with (10000 << e) / 4 iterations, keyed by the round number and
 * the passphrase; salt "shamir" + identifier, or empty for extendable shares.
 */
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { WalletError } from '../../errors';

const BASE_ITERATIONS = 10000;
const ROUNDS = 4;

/** SLIP-39 passphrases are printable ASCII (slip-0039.md "Passphrase"). */
export function checkPassphrase(passphrase: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(passphrase)) throw new WalletError('INVALID_ARGUMENT', 'A SLIP-39 passphrase may hold printable ASCII characters only (letters, digits, punctuation, space).');
  return Uint8Array.from(passphrase, (c) => c.charCodeAt(0));
}

function salt(identifier: number, extendable: boolean): Uint8Array {
  if (extendable) return new Uint8Array(0);
  return Uint8Array.of(...'shamir'.split('').map((c) => c.charCodeAt(0)), identifier >> 8, identifier & 0xff);
}

/** WebCrypto's PBKDF2 (native, in Electron's main process and Node) when present; @noble/hashes otherwise. */
interface SubtleLike {
  importKey(format: 'raw', key: Uint8Array, algorithm: 'PBKDF2', extractable: false, usages: ['deriveBits']): Promise<unknown>;
  deriveBits(algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: Uint8Array; iterations: number }, key: unknown, length: number): Promise<ArrayBuffer>;
}
const subtle = (globalThis as { crypto?: { subtle?: SubtleLike } }).crypto?.subtle;

export async function pbkdf2Sha256(password: Uint8Array, saltBytes: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  if (subtle) {
    const key = await subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: saltBytes, iterations }, key, length * 8));
  }
  return pbkdf2Async(sha256, password, saltBytes, { c: iterations, dkLen: length });
}

/** One round's output F(i, r); every buffer made for it (the passphrase, and r inside the salt) is zeroed after. */
async function roundFunction(round: number, passphrase: Uint8Array, exponent: number, saltBytes: Uint8Array, r: Uint8Array): Promise<Uint8Array> {
  const password = new Uint8Array(1 + passphrase.length);
  password[0] = round;
  password.set(passphrase, 1);
  const s = new Uint8Array(saltBytes.length + r.length);
  s.set(saltBytes, 0);
  s.set(r, saltBytes.length);
  try {
    return await pbkdf2Sha256(password, s, (BASE_ITERATIONS << exponent) / ROUNDS, r.length);
  } finally {
    password.fill(0);
    s.fill(0);
  }
}

/** What a long decryption reports and obeys (iteration exponent 15 is 4 rounds of 82 million iterations). */
export interface CipherProgress {
  /** After each Feistel round: `done` of `total` (4). */
  readonly onRound?: (done: number, total: number) => void;
  /** Checked before each round: once aborted, the work stops with a WalletError saying so. */
  readonly signal?: { readonly aborted: boolean };
}

export const CANCELLED_MESSAGE = 'Recovery was stopped before the shares were decrypted: nothing was opened.';

/**
 * The Feistel network. Before encrypting and after decrypting, the halves `l` and `r` are the two halves of the
 * master secret: every working buffer (the halves, each round's output, the passphrase bytes) is zeroed as soon as
 * it is replaced, and all of them on the way out, also when the work is stopped or fails.
 */
async function feistel(input: Uint8Array, passphrase: string, exponent: number, identifier: number, extendable: boolean, rounds: number[], progress: CipherProgress = {}): Promise<Uint8Array> {
  const pass = checkPassphrase(passphrase);
  const half = input.length / 2;
  let l = input.slice(0, half);
  let r = input.slice(half);
  const s = salt(identifier, extendable);
  let done = 0;
  try {
    for (const i of rounds) {
      if (progress.signal?.aborted) throw new WalletError('INVALID_ARGUMENT', CANCELLED_MESSAGE);
      const f = await roundFunction(i, pass, exponent, s, r);
      const next = new Uint8Array(half);
      for (let k = 0; k < half; k++) next[k] = (l[k] as number) ^ (f[k] as number);
      f.fill(0);
      l.fill(0);
      [l, r] = [r, next];
      progress.onRound?.(++done, rounds.length);
    }
    const out = new Uint8Array(input.length);
    out.set(r, 0);
    out.set(l, half);
    return out;
  } finally {
    l.fill(0);
    r.fill(0);
    pass.fill(0);
  }
}

export function encrypt(masterSecret: Uint8Array, passphrase: string, exponent: number, identifier: number, extendable: boolean): Promise<Uint8Array> {
  return feistel(masterSecret, passphrase, exponent, identifier, extendable, [0, 1, 2, 3]);
}

export function decrypt(encrypted: Uint8Array, passphrase: string, exponent: number, identifier: number, extendable: boolean, progress: CipherProgress = {}): Promise<Uint8Array> {
  return feistel(encrypted, passphrase, exponent, identifier, extendable, [3, 2, 1, 0], progress);
}

/** PBKDF2 iterations a recovery runs for shares of iteration exponent `e` (4 rounds of 10000 × 2^e / 4). */
export const recoveryIterations = (e: number): number => BASE_ITERATIONS * 2 ** e;
