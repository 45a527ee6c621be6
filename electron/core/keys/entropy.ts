/**
 * User entropy: dice rolls (d6) and coin flips, turned into BIP39 entropy by a named, reproducible method.
 *
 * Default method "sha256" — the same words as SeedSigner and Coldcard for the same rolls:
 *   entropy = first ENT/8 bytes of SHA-256(the rolls as ASCII digits "1".."6", no separators)
 *   (SeedSigner src/seedsigner/helpers/mnemonic_generation.py; Coldcard shared/seed.py and docs/rolls.py, rolls12.py:
 *   all 32 bytes for 24 words, the first 16 for 12). Coin flips: SHA-256 of the flips as "1" (heads) / "0" (tails),
 *   as SeedSigner's tools/mnemonic.py "coins" mode.
 * Option "mix": entropy = first ENT/8 bytes of SHA-256("permafrost-mix-v1" ‖ SHA-256(rolls) ‖ 32 CSPRNG bytes), so
 *   neither biased dice nor a weak random generator alone can weaken the key. Not reproducible by design.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../errors';
import { entropyBitsFor, type WordCount } from './mnemonic';

export type EntropyKind = 'dice' | 'coins';

/**
 * Rolls needed for ENT bits (log2 6 ≈ 2.585 bits a roll): 50 for 12 words and 99 for 24, as SeedSigner and Coldcard
 * (99 rolls carry 255.9 bits: SeedSigner's and Coldcard's threshold, kept for compatibility); ceil for the others.
 */
export const MIN_ROLLS: Readonly<Record<WordCount, number>> = { 12: 50, 15: 62, 18: 75, 21: 87, 24: 99 };
export const BITS_PER_ROLL = Math.log2(6);

export function minimumInputs(kind: EntropyKind, words: WordCount): number {
  return kind === 'dice' ? MIN_ROLLS[words] : entropyBitsFor(words);
}

/** Reads rolls typed as digits 1-6 with any spaces, commas or line breaks; says where anything else stands. */
export function parseRolls(input: string): string {
  const compact = input.replace(/[\s,;]+/g, '');
  const bad = /[^1-6]/.exec(compact);
  if (bad) {
    const hint = bad[0] === '0' ? ' Write a six as 6, not 0.' : '';
    throw new WalletError('BAD_ENTROPY_INPUT', `Roll ${bad.index + 1} is "${bad[0]}": dice rolls are the digits 1 to 6.${hint}`);
  }
  return compact;
}

/** Reads flips as 1/0 or H/T (heads = 1, tails = 0). */
export function parseFlips(input: string): string {
  const compact = input.replace(/[\s,;]+/g, '').toUpperCase();
  const bad = /[^01HT]/.exec(compact);
  if (bad) throw new WalletError('BAD_ENTROPY_INPUT', `Flip ${bad.index + 1} is "${bad[0]}": write heads as H or 1 and tails as T or 0.`);
  return compact.replace(/H/g, '1').replace(/T/g, '0');
}

export interface BiasReport {
  readonly counts: readonly number[];
  /** Pearson's chi-square statistic against a fair die/coin. */
  readonly chiSquare: number;
  /** Set when the counts are unlikely for fair dice/coins (p < 0.01) or a long run repeats one face. */
  readonly warning: string | null;
}

// Chi-square critical values at p = 0.01 (1 and 5 degrees of freedom).
const CRITICAL_001 = { coins: 6.635, dice: 15.086 } as const;

export function biasReport(kind: EntropyKind, symbols: string): BiasReport {
  const faces = kind === 'dice' ? ['1', '2', '3', '4', '5', '6'] : ['0', '1'];
  const counts = faces.map((f) => [...symbols].filter((s) => s === f).length);
  const n = symbols.length;
  const expected = n / faces.length;
  const chiSquare = n ? counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0) : 0;
  let longestRun = 0;
  for (let i = 0, run = 0; i < n; i++) {
    run = i > 0 && symbols[i] === symbols[i - 1] ? run + 1 : 1;
    longestRun = Math.max(longestRun, run);
  }
  const noun = kind === 'dice' ? 'rolls' : 'flips';
  let warning: string | null = null;
  if (n >= 30 && chiSquare > CRITICAL_001[kind]) {
    const shares = faces.map((f, i) => `${kind === 'dice' ? f : f === '1' ? 'heads' : 'tails'}: ${counts[i]}`).join(', ');
    warning = `These ${noun} look uneven (${shares}). Fair ${kind === 'dice' ? 'dice' : 'coins'} rarely give counts this far apart: check the ${kind === 'dice' ? 'die' : 'coin'} and how you record, or use the mix option.`;
  } else if (longestRun >= (kind === 'dice' ? 8 : 20)) {
    warning = `The same ${kind === 'dice' ? 'face' : 'side'} came up ${longestRun} times in a row. That is very unlikely by chance: are the ${noun} really random?`;
  }
  return { counts, chiSquare, warning };
}

export interface UserEntropy {
  readonly entropy: Uint8Array;
  /** "sha256" (SeedSigner/Coldcard compatible) or "sha256+csprng" (mixed). */
  readonly method: 'sha256' | 'sha256+csprng';
  /** Bits the rolls or flips carry (n × log2 6, or n). */
  readonly bitsCollected: number;
  readonly bias: BiasReport;
  /** A bash command that reproduces the entropy hex from the rolls typed at its hidden prompt (sha256 method only). */
  readonly verifyCommand: string | null;
}

export function userEntropy(
  kind: EntropyKind,
  input: string,
  words: WordCount,
  options: { mix?: boolean; random?: (n: number) => Uint8Array } = {},
): UserEntropy {
  const symbols = kind === 'dice' ? parseRolls(input) : parseFlips(input);
  const need = minimumInputs(kind, words);
  const noun = kind === 'dice' ? 'rolls' : 'flips';
  if (symbols.length < need) {
    throw new WalletError(
      'BAD_ENTROPY_INPUT',
      `${words} words need at least ${need} ${noun} (${entropyBitsFor(words)} bits); you have ${symbols.length}: ${need - symbols.length} more.`,
    );
  }
  const bytes = entropyBitsFor(words) / 8;
  const digest = sha256(utf8ToBytes(symbols));
  const mix = options.mix === true;
  let entropy: Uint8Array;
  if (mix) {
    const random = (options.random ?? randomBytes)(32);
    const joined = concatBytes(utf8ToBytes('permafrost-mix-v1'), digest, random);
    const mixed = sha256(joined);
    entropy = mixed.slice(0, bytes);
    // Only `entropy` is returned (the caller zeroes it): every other copy of the secret is zeroed here.
    for (const b of [random, joined, mixed]) b.fill(0);
  } else {
    entropy = digest.slice(0, bytes);
  }
  digest.fill(0);
  return {
    entropy,
    method: mix ? 'sha256+csprng' : 'sha256',
    bitsCollected: kind === 'dice' ? symbols.length * BITS_PER_ROLL : symbols.length,
    bias: biasReport(kind, symbols),
    // The rolls are the secret: the command reads them at a hidden prompt, so they stay out of shell history.
    verifyCommand: mix ? null : `read -rs ROLLS && printf '%s' "$ROLLS" | sha256sum | cut -c1-${bytes * 2}`,
  };
}

/** The hex the verify command prints, for display next to it. */
export function entropyHex(e: UserEntropy): string {
  return bytesToHex(e.entropy);
}
