/**
 * Issue 8: the scrypt work factor of the encrypted backup file. encryptVault / decryptVault at log2(N) 15..20
 * (each is one scrypt plus microseconds of ChaCha20-Poly1305), compared in the same run with node:crypto's scrypt
 * (OpenSSL) at the same parameters, and with noble's synchronous scrypt (what typage's own passphrase path uses).
 * The chosen factor (VAULT_WORK_FACTOR) should cost about a second here. Results in docs/BENCHMARKS.md.
 */
import { scryptSync } from 'node:crypto';
import { scrypt } from '@noble/hashes/scrypt.js';
import { bench, describe } from 'vitest';
import { buildVaultDocument, decryptVault, deriveAccount, encryptVault, openWallet, VAULT_ACCOUNT_SPECS } from '../electron/core';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASS = 'glacier lantern mosaic thimble';
const wallet = await openWallet(ABOUT);
const doc = buildVaultDocument({ wallet, includePassphrase: null, accounts: VAULT_ACCOUNT_SPECS.map((s) => deriveAccount(wallet.master, s)), createdAt: new Date('2026-11-21T10:00:00Z') });
const salt = new Uint8Array(44).fill(7);
// Fewer runs where one takes seconds: the numbers are for choosing a factor, not for the third digit.
const opts = (logN: number) => ({ iterations: logN >= 19 ? 2 : logN >= 17 ? 4 : 8, warmupIterations: 1, time: 0 });

for (const logN of [15, 16, 17, 18, 19, 20]) {
  const file = await encryptVault(doc, PASS, { workFactor: logN });
  describe(`scrypt log2(N) = ${logN} (r = 8, p = 1: ${2 ** logN / 1024} MiB)`, () => {
    bench('encryptVault (noble scryptAsync)', async () => {
      await encryptVault(doc, PASS, { workFactor: logN });
    }, opts(logN));
    bench('decryptVault (noble scryptAsync)', async () => {
      await decryptVault(file, PASS);
    }, opts(logN));
    bench('@noble/hashes scrypt, sync (comparison)', () => {
      scrypt(PASS, salt, { N: 2 ** logN, r: 8, p: 1, dkLen: 32 });
    }, opts(logN));
    bench('node:crypto scryptSync (OpenSSL, comparison)', () => {
      scryptSync(PASS, salt, 32, { N: 2 ** logN, r: 8, p: 1, maxmem: 2 ** 31 });
    }, opts(logN));
  });
}
