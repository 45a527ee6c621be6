/**
 * The encrypted backup file (issue 8): age v1 (https://age-encryption.org/v1), one scrypt stanza, our JSON document
 * inside. Round trips, the exact layout, every way a file can be wrong, and interop with the reference `age`
 * command (Go, by age's authors) in both directions. Work factor 10 keeps the tests fast, except where the real
 * factor is the point.
 */
import { Decrypter, Encrypter, armor, generateIdentity, identityToRecipient } from 'age-encryption';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildVaultDocument,
  decryptVault,
  deriveAccount,
  encryptVault,
  entropyToMnemonic,
  LANGUAGES,
  MAX_VAULT_FILE_BYTES,
  openWallet,
  parseVaultDocument,
  serializeVaultDocument,
  VAULT_ACCOUNT_SPECS,
  VAULT_WORK_FACTOR,
  type VaultDocument,
} from '../../electron/core';
import { AGE_SKIP_REASON, ageDecrypt, ageEncrypt, ageEncryptToKey, ageVersion } from '../helpers/age-cli';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const PASS = 'glacier lantern mosaic thimble';
const FAST = { workFactor: 10 };
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function aboutDocument(options: { passphrase?: string; include?: boolean } = {}): Promise<VaultDocument> {
  const wallet = await openWallet(ABOUT, options.passphrase ?? '');
  const accounts = VAULT_ACCOUNT_SPECS.map((s) => deriveAccount(wallet.master, s));
  return buildVaultDocument({ wallet, includePassphrase: options.include ? (options.passphrase ?? null) : null, accounts, createdAt: new Date('2026-11-21T10:00:00Z') });
}

const account = (kind: string, path: string, xpub: string) => `    {
      "kind": "${kind}",
      "network": "mainnet",
      "account": 0,
      "path": "${path}",
      "fingerprint": "73c5da0a",
      "xpub": "${xpub}"
    }`;

// The BIP39 "abandon … about" wallet; the BIP84 xpub is BIP84's own test vector.
const ABOUT_JSON = `{
  "format": "permafrost-backup",
  "version": 1,
  "mnemonic": "${ABOUT}",
  "language": "english",
  "passphraseSet": false,
  "fingerprint": "73c5da0a",
  "accounts": [
${[
  account('bip44', "m/44'/0'/0'", 'xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj'),
  account('bip49', "m/49'/0'/0'", 'xpub6C6nQwHaWbSrzs5tZ1q7m5R9cPK9eYpNMFesiXsYrgc1P8bvLLAet9JfHjYXKjToD8cBRswJXXbbFpXgwsswVPAZzKMa1jUp2kVkGVUaJa7'),
  account('bip84', "m/84'/0'/0'", 'xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V'),
  account('bip86', "m/86'/0'/0'", 'xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ'),
  account('bip48', "m/48'/0'/0'/2'", 'xpub6DkFAXWQ2dHxq2vatrt9qyA3bXYU4ToWQwCHbf5XB2mSTexcHZCeKS1VZYcPoBd5X8yVcbXFHJR9R8UCVpt82VX1VhR28mCyxUFL4r6KFrf'),
  account('eth', "m/44'/60'/0'", 'xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt'),
].join(',\n')}
  ],
  "createdAt": "2026-11-21T10:00:00.000Z"
}
`;

async function expectWalletError(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'should have failed').not.toBeNull();
  expect(e).not.toBeInstanceOf(TypeError);
  expect(e).toMatchObject({ name: 'WalletError', code });
  expect((e as Error).message).toMatch(message);
}

describe('the backup document', () => {
  it('has the documented JSON layout, key order and indentation, byte for byte', async () => {
    expect(text(serializeVaultDocument(await aboutDocument()))).toBe(ABOUT_JSON);
  });
  it('carries the BIP39 passphrase only when asked; the fingerprint is the wallet’s with its passphrase', async () => {
    const without = await aboutDocument({ passphrase: 'TREZOR' });
    expect(without).toMatchObject({ passphraseSet: true, fingerprint: expect.not.stringMatching('73c5da0a') });
    expect('passphrase' in without).toBe(false);
    expect(text(serializeVaultDocument(without))).not.toContain('TREZOR');
    const withIt = await aboutDocument({ passphrase: 'TREZOR', include: true });
    expect(withIt.passphrase).toBe('TREZOR');
    // The passphrase sits right after passphraseSet.
    expect(text(serializeVaultDocument(withIt))).toContain('"passphraseSet": true,\n  "passphrase": "TREZOR",\n  "fingerprint"');
  });
  it('refuses to include a passphrase the wallet does not have, and accounts of another wallet', async () => {
    const wallet = await openWallet(ABOUT);
    expect(() => buildVaultDocument({ wallet, includePassphrase: 'x', accounts: [], createdAt: new Date() })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const other = await openWallet(ABOUT, 'TREZOR');
    expect(() => buildVaultDocument({ wallet, includePassphrase: null, accounts: [deriveAccount(other.master, { kind: 'bip84', network: 'mainnet', account: 0 })], createdAt: new Date() })).toThrow(/belongs to wallet/);
  });
  it('parses strictly: wrong format, later version, unknown field, wrong type, bad words → BAD_BACKUP_FILE naming the field', () => {
    const good = JSON.parse(ABOUT_JSON) as Record<string, unknown>;
    const bytes = (o: unknown) => utf8(JSON.stringify(o));
    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, format: 'other' }, /"format" is not "permafrost-backup"/],
      [{ ...good, version: 2 }, /format version 2; this Permafrost reads version 1/],
      [{ ...good, version: '1' }, /"version" is missing/],
      [{ ...good, extra: 1 }, /field this version does not know: "extra"/],
      [{ ...good, passphraseSet: 'no' }, /"passphraseSet" must be true or false/],
      [{ ...good, language: 'klingon' }, /"language" must be a BIP39 word-list name/],
      [{ ...good, mnemonic: ABOUT.replace('about', 'abandon') }, /not a valid english BIP39 phrase \(the checksum does not match\)/],
      [{ ...good, fingerprint: 'XYZ' }, /"fingerprint" must be 8 lower-case hexadecimal digits/],
      [{ ...good, createdAt: 'yesterday' }, /"createdAt" must be an ISO 8601/],
      [{ ...good, passphrase: 'x' }, /holds a passphrase but says the wallet has none/],
      [{ ...good, accounts: [{ ...(good.accounts as object[])[0], path: "m/84'/0'/0'" }] }, /not the bip44 path/],
      [{ ...good, accounts: [{ ...(good.accounts as object[])[0], xpub: 'xpub123' }] }, /"xpub" is not a valid extended public key/],
      [[1, 2], /not a JSON object/],
    ];
    for (const [doc, message] of cases) {
      expect(() => parseVaultDocument(bytes(doc))).toThrow(expect.objectContaining({ code: 'BAD_BACKUP_FILE', message: expect.stringMatching(message) }));
    }
    expect(() => parseVaultDocument(Uint8Array.of(0xff, 0xfe))).toThrow(/not UTF-8 JSON/);
    // The words never appear in an error message.
    expect(() => parseVaultDocument(bytes({ ...good, mnemonic: 'abandon zzzz' }))).toThrow(expect.objectContaining({ message: expect.not.stringContaining('zzzz') }));
  });
});

describe('encryptVault / decryptVault', { timeout: 120_000 }, () => {
  it('round trip: a binary age v1 file with exactly one scrypt stanza at the chosen work factor', async () => {
    const doc = await aboutDocument();
    const file = await encryptVault(doc, PASS, FAST);
    const header = text(file.subarray(0, 200)).split('\n');
    expect(header[0]).toBe('age-encryption.org/v1');
    expect(header[1]).toMatch(/^-> scrypt [A-Za-z0-9+/]{22} 10$/);
    expect(header[3]).toMatch(/^--- /);
    expect(header.filter((l) => l.startsWith('->'))).toHaveLength(1);
    expect(await decryptVault(file, PASS)).toEqual(doc);
    // Another tool's reader (typage's own scrypt identity) opens it too.
    const d = new Decrypter();
    d.addPassphrase(PASS);
    expect(await d.decrypt(file, 'text')).toBe(ABOUT_JSON);
  });
  it(`uses VAULT_WORK_FACTOR (${VAULT_WORK_FACTOR}) by default and opens it; a wrong passphrase is WRONG_PASSPHRASE`, async () => {
    const doc = await aboutDocument({ passphrase: 'TREZOR', include: true });
    const file = await encryptVault(doc, PASS);
    expect(text(file.subarray(0, 100))).toMatch(new RegExp(`^age-encryption.org/v1\n-> scrypt \\S+ ${VAULT_WORK_FACTOR}\n`));
    expect(await decryptVault(file, PASS)).toEqual(doc);
    await expectWalletError(decryptVault(file, `${PASS}!`), 'WRONG_PASSPHRASE', /^This passphrase does not open the file: it is mistyped .*or the file’s header is damaged/);
  });
  it('the file is encrypted with the bytes typed (as age uses them); an NFD-typed passphrase still opens it here; a decomposed passphrase is refused for new files', async () => {
    const typed = 'crème brûlée tous les jours';
    const file = await encryptVault(await aboutDocument(), typed, FAST);
    expect((await decryptVault(file, typed)).fingerprint).toBe('73c5da0a');
    expect((await decryptVault(file, typed.normalize('NFD'))).fingerprint).toBe('73c5da0a');
    await expectWalletError(encryptVault(await aboutDocument(), typed.normalize('NFD'), FAST), 'INVALID_ARGUMENT', /accented letters typed as a letter plus a separate accent mark/);
  });
  it('a truncated file: header cut → header damaged; payload cut → contents damaged', async () => {
    const file = await encryptVault(await aboutDocument(), PASS, FAST);
    await expectWalletError(decryptVault(file.subarray(0, 40), PASS), 'BAD_BACKUP_FILE', /age header is damaged or cut short/);
    await expectWalletError(decryptVault(file.subarray(0, file.length - 20), PASS), 'BAD_BACKUP_FILE', /passphrase is right, but the encrypted contents are damaged or cut short/);
    const headerEnd = text(file).indexOf('\n', text(file).indexOf('--- ')) + 1;
    await expectWalletError(decryptVault(file.subarray(0, headerEnd + 5), PASS), 'BAD_BACKUP_FILE', /damaged or cut short/);
  });
  it('one flipped byte in the payload, or in the header MAC → BAD_BACKUP_FILE (never a wrong-passphrase claim)', async () => {
    const file = await encryptVault(await aboutDocument(), PASS, FAST);
    for (const at of [file.length - 1, file.length - 100, file.length - 1500]) {
      const bad = file.slice();
      bad[at] = (bad[at] as number) ^ 0x01;
      await expectWalletError(decryptVault(bad, PASS), 'BAD_BACKUP_FILE', /encrypted contents are damaged/);
    }
    const macAt = text(file).indexOf('--- ') + 6;
    const badMac = file.slice();
    badMac[macAt] = badMac[macAt] === 0x41 ? 0x42 : 0x41;
    await expectWalletError(decryptVault(badMac, PASS), 'BAD_BACKUP_FILE', /header was changed after it was written/);
  });
  it('files of other kinds say what they are', async () => {
    await expectWalletError(decryptVault(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), PASS), 'BAD_BACKUP_FILE', /not an age-encrypted file: it is a PDF document/);
    await expectWalletError(decryptVault(utf8('Dear heirs,\nthe words are in the safe.\n'), PASS), 'BAD_BACKUP_FILE', /not an age-encrypted file: it is plain text/);
    await expectWalletError(decryptVault(serializeVaultDocument(await aboutDocument()), PASS), 'BAD_BACKUP_FILE', /plain text \(an unencrypted backup document\?\)/);
    await expectWalletError(decryptVault(new Uint8Array(0), PASS), 'BAD_BACKUP_FILE', /the file is empty/);
    await expectWalletError(decryptVault(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3), PASS), 'BAD_BACKUP_FILE', /binary data of another kind/);
    await expectWalletError(decryptVault(utf8('age-encryption.org/v2\n'), PASS), 'BAD_BACKUP_FILE', /version this Permafrost does not read/);
  });
  it('an age file for an X25519 public key → BAD_BACKUP_FILE saying so', async () => {
    const e = new Encrypter();
    e.addRecipient(await identityToRecipient(await generateIdentity()));
    await expectWalletError(decryptVault(await e.encrypt('hello'), PASS), 'BAD_BACKUP_FILE', /encrypted to a public key \(an “age1…” X25519 recipient\)/);
  });
  it('a valid passphrase age file that is not our document → "decrypted, but it is not a Permafrost backup"', async () => {
    const e = new Encrypter();
    e.setPassphrase(PASS);
    e.setScryptWorkFactor(10);
    await expectWalletError(decryptVault(await e.encrypt('just some notes'), PASS), 'BAD_BACKUP_FILE', /^The file decrypted, but it is not a Permafrost backup: .*not UTF-8 JSON/);
    const e2 = new Encrypter();
    e2.setPassphrase(PASS);
    e2.setScryptWorkFactor(10);
    await expectWalletError(decryptVault(await e2.encrypt(ABOUT_JSON.replace('"73c5da0a"', '"00000000"').replace(/"fingerprint": "73c5da0a"/g, '"fingerprint": "00000000"')), PASS), 'BAD_BACKUP_FILE', /fingerprint does not match its recovery words/);
  });
  it('an absurd work factor is refused before any scrypt work', async () => {
    const file = await encryptVault(await aboutDocument(), PASS, FAST);
    const absurd = utf8(text(file).replace(/^(-> scrypt \S+) 10$/m, '$1 40'));
    const t = performance.now();
    await expectWalletError(decryptVault(absurd, PASS), 'BAD_BACKUP_FILE', /work factor of 2\^40; Permafrost computes at most 2\^20/);
    expect(performance.now() - t).toBeLessThan(500);
    await expect(encryptVault(await aboutDocument(), PASS, { workFactor: 21 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
  it('refuses a file over 1 MiB before decrypting', async () => {
    const big = new Uint8Array(MAX_VAULT_FILE_BYTES + 1);
    big.set(utf8('age-encryption.org/v1\n'));
    await expectWalletError(decryptVault(big, PASS), 'BAD_BACKUP_FILE', /larger than 1 MiB; a Permafrost backup is a few kilobytes/);
  });
  it('reads the armored form (age -a)', async () => {
    const doc = await aboutDocument();
    const armored = armor.encode(await encryptVault(doc, PASS, FAST));
    expect(await decryptVault(utf8(armored), PASS)).toEqual(doc);
    await expectWalletError(decryptVault(utf8(armored.slice(0, 80)), PASS), 'BAD_BACKUP_FILE', /armored age file .* is damaged/);
  });
  it('never throws a TypeError for junk arguments', async () => {
    await expectWalletError(decryptVault('not bytes' as unknown as Uint8Array, PASS), 'INVALID_ARGUMENT', /bytes/);
    await expectWalletError(decryptVault(new Uint8Array(10), undefined as unknown as string), 'INVALID_ARGUMENT', /passphrase/);
  });
  it('property: any valid mnemonic (every language and length), with or without a passphrase, round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(16, 20, 24, 28, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.constantFrom(...LANGUAGES),
        fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
        fc.boolean(),
        fc.subarray([...VAULT_ACCOUNT_SPECS]),
        async (entropy, language, passphrase, include, specs) => {
          const wallet = await openWallet(entropyToMnemonic(entropy, language), passphrase ?? '', language);
          const doc = buildVaultDocument({ wallet, includePassphrase: include && passphrase ? passphrase : null, accounts: specs.map((s) => deriveAccount(wallet.master, s)), createdAt: new Date(1_800_000_000_000) });
          const back = await decryptVault(await encryptVault(doc, PASS, FAST), PASS);
          expect(back).toEqual(doc);
          expect(parseVaultDocument(serializeVaultDocument(doc))).toEqual(doc);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe.skipIf(AGE_SKIP_REASON !== null)(`interop with the reference age command${AGE_SKIP_REASON ? ` — skipped: ${AGE_SKIP_REASON}` : ''}`, { timeout: 120_000 }, () => {
  it('age is the Go reference, version 1.1 or later', () => {
    expect(ageVersion()).toMatch(/^v?1\.(1|[2-9])\./);
  });
  it('`age --decrypt` opens a file we wrote at VAULT_WORK_FACTOR and prints exactly our JSON', async () => {
    const file = await encryptVault(await aboutDocument(), PASS);
    const r = ageDecrypt(file, PASS);
    expect(r.code, r.terminal).toBe(0);
    expect(text(r.output as Uint8Array)).toBe(ABOUT_JSON);
  });
  it('`age --decrypt` opens a file whose passphrase has accented letters, typed the same way (review finding: NFC vs typed bytes)', async () => {
    const typed = 'café glacier trombone orbit pancake';
    const r = ageDecrypt(await encryptVault(await aboutDocument(), typed, FAST), typed);
    expect(r.code, r.terminal).toBe(0);
    expect(text(r.output as Uint8Array)).toBe(ABOUT_JSON);
  });
  it('`age --decrypt` refuses our file with a wrong passphrase', async () => {
    const r = ageDecrypt(await encryptVault(await aboutDocument(), PASS, FAST), 'not the passphrase');
    expect(r.code).not.toBe(0);
    expect(r.terminal).toMatch(/incorrect passphrase/);
  });
  it('a file `age --passphrase --encrypt` made is read by decryptVault (binary and armored)', async () => {
    const doc = await aboutDocument({ passphrase: 'TREZOR', include: true });
    for (const armored of [false, true]) {
      const r = ageEncrypt(serializeVaultDocument(doc), PASS, { armor: armored });
      expect(r.code, r.terminal).toBe(0);
      expect(await decryptVault(r.output as Uint8Array, PASS)).toEqual(doc);
      await expectWalletError(decryptVault(r.output as Uint8Array, 'wrong'), 'WRONG_PASSPHRASE', /does not open the file/);
    }
  });
  it('a file age encrypted to an X25519 key → BAD_BACKUP_FILE', async () => {
    await expectWalletError(decryptVault(ageEncryptToKey(utf8(ABOUT_JSON)), PASS), 'BAD_BACKUP_FILE', /X25519/);
  });
  it('Go age refuses work factors above 22 (so ours, 18, is well inside what it accepts)', async () => {
    expect(VAULT_WORK_FACTOR).toBeLessThanOrEqual(22);
    const file = await encryptVault(await aboutDocument(), PASS, FAST);
    const r = ageDecrypt(utf8(text(file).replace(/^(-> scrypt \S+) 10$/m, '$1 23')), PASS);
    expect(r.code).not.toBe(0);
    expect(r.terminal).toMatch(/scrypt work factor too large: 23/);
  });
});
