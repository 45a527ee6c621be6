/**
 * Issue target: split 3-of-5 at iteration exponent 1 plus all 10 quorum checks in ≤ 100 ms; the PBKDF2 path
 * (WebCrypto, what the app uses) compared in the same run with node:crypto and pure-JS @noble/hashes.
 * Results in docs/BENCHMARKS.md.
 */
import { pbkdf2Sync } from 'node:crypto';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bench, describe } from 'vitest';
import { splitIntoShares } from '../electron/core';
import { pbkdf2Sha256 } from '../electron/core/backup/slip39/cipher';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const password = new Uint8Array([0, 84, 82, 69, 90, 79, 82]);
const salt = new Uint8Array(14).fill(7);
// e = 1: (10000 << 1) / 4 = 5000 iterations a Feistel round, 8 bytes out.
const ITER = 5000;

describe('split 3-of-5 (e = 1) + all 10 quorum checks', () => {
  bench('splitIntoShares (bip39 mode, 12 words)', async () => {
    await splitIntoShares({ mode: 'bip39', secret: { mnemonic: ABOUT }, groupThreshold: 1, groups: [{ threshold: 3, count: 5 }], iterationExponent: 1 });
  });
});

describe('one Feistel round: PBKDF2-HMAC-SHA256, 5000 iterations', () => {
  bench('WebCrypto (what SLIP-39 uses here)', async () => {
    await pbkdf2Sha256(password, salt, ITER, 8);
  });
  bench('node:crypto pbkdf2Sync (OpenSSL, comparison)', () => {
    pbkdf2Sync(password, salt, ITER, 8, 'sha256');
  });
  bench('@noble/hashes pbkdf2 (pure JS, comparison)', () => {
    pbkdf2(sha256, password, salt, { c: ITER, dkLen: 8 });
  });
});
