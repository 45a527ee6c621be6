/**
 * Issue targets: mnemonic → seed ≤ 1.2× Node's OpenSSL PBKDF2 (same run); 1000 receive addresses ≤ 0.4 s.
 * Recorded in docs/BENCHMARKS.md.
 */
import { pbkdf2 as nodePbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bench, describe } from 'vitest';
import { deriveAccount, deriveAddresses, masterFromSeed, mnemonicToSeed } from '../electron/core';

const WORDS = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const pbkdf2 = promisify(nodePbkdf2);

describe('mnemonic → seed (PBKDF2-HMAC-SHA512, 2048 rounds)', () => {
  bench('Node OpenSSL pbkdf2 (baseline)', async () => {
    await pbkdf2(WORDS, 'mnemonic', 2048, 64, 'sha512');
  });
  bench('mnemonicToSeed (WebCrypto)', async () => {
    await mnemonicToSeed(WORDS);
  });
  bench('@noble/hashes pbkdf2Async (pure JS, for comparison)', async () => {
    await pbkdf2Async(sha512, WORDS, 'mnemonic', { c: 2048, dkLen: 64 });
  });
});

const master = masterFromSeed(await mnemonicToSeed(WORDS));

describe('1000 receive addresses from a fresh account', () => {
  bench(
    'BIP84 (bc1q…)',
    () => {
      deriveAddresses(deriveAccount(master, { kind: 'bip84', network: 'mainnet', account: 0 }), { count: 1000 });
    },
    { iterations: 5, time: 0 },
  );
  bench(
    'BIP86 (bc1p…)',
    () => {
      deriveAddresses(deriveAccount(master, { kind: 'bip86', network: 'mainnet', account: 0 }), { count: 1000 });
    },
    { iterations: 5, time: 0 },
  );
  bench(
    'Ethereum (EIP-55)',
    () => {
      deriveAddresses(deriveAccount(master, { kind: 'eth', network: 'mainnet', account: 0 }), { count: 1000 });
    },
    { iterations: 5, time: 0 },
  );
});
