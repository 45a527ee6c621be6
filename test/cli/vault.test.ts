/**
 * permafrost vault export|import (issue 8), in process: the real core at the real work factor, in-memory files
 * with the real io's no-overwrite contract (test/cli/node-io.test.ts proves the real io on a temp folder).
 */
import { describe, expect, it } from 'vitest';
import { decryptVault } from '../../electron/core';
import { runInProcess } from '../helpers/cli';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const FILE_PASS = 'glacier lantern mosaic thimble';
const OUT = '/backup/wallet.age';

const exportTo = (files: Map<string, Uint8Array>, stdin: string, extra: string[] = []) => runInProcess(['vault', 'export', '--out', OUT, ...extra], { stdin, files });

// Each export and import runs scrypt at the real work factor (~1.3 s each): generous time on a busy 2-core CI.
describe('permafrost vault export → import', { timeout: 120_000 }, () => {
  it('round trip: the file opens with the passphrase; import shows fingerprint, language, passphrase state and accounts, never the words', async () => {
    const files = new Map<string, Uint8Array>();
    const saved = await exportTo(files, `${ABOUT}\n${FILE_PASS}\n`, ['--json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.json()).toMatchObject({ out: OUT, fingerprint: '73c5da0a', language: 'english', passphraseSet: false, passphraseIncluded: false, createdAt: '2026-11-21T10:00:00.000Z' });
    expect(saved.stdout).not.toContain('abandon');
    // At a terminal the file's passphrase is asked twice.
    expect(saved.prompts[0]).toEqual([{ label: 'Recovery words' }, { label: 'Passphrase for the file', confirm: true }]);
    const file = files.get(OUT) as Uint8Array;
    expect((await decryptVault(file, FILE_PASS)).mnemonic).toBe(ABOUT);

    const opened = await runInProcess(['vault', 'import', OUT, '--json'], { stdin: `${FILE_PASS}\n`, files });
    expect(opened.code, opened.stderr).toBe(0);
    const json = opened.json();
    expect(Object.keys(json)).toEqual(['fingerprint', 'language', 'passphraseSet', 'accounts']);
    expect(json).toMatchObject({ fingerprint: '73c5da0a', language: 'english', passphraseSet: false });
    expect(json.accounts.map((a: { kind: string; path: string }) => `${a.kind} ${a.path}`)).toEqual([
      "bip44 m/44'/0'/0'",
      "bip49 m/49'/0'/0'",
      "bip84 m/84'/0'/0'",
      "bip86 m/86'/0'/0'",
      "bip48 m/48'/0'/0'/2'",
      "eth m/44'/60'/0'",
    ]);
    expect(json.accounts[2].xpub).toBe('xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZXYVUhLv1VMrjPC7PW6V');
    expect(opened.stdout).not.toContain('abandon');

    const human = await runInProcess(['vault', 'import', OUT], { stdin: `${FILE_PASS}\n`, files });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Backup of wallet 73c5da0a (english words');
    expect(human.stdout).toContain('BIP39 passphrase: none');
    expect(human.stdout).toContain("bip84 m/84'/0'/0'");
    expect(human.stdout + human.stderr).not.toContain('abandon');
  });

  it('a wrong passphrase: exit 1 with the message; a damaged or foreign file: exit 1 saying so', async () => {
    const files = new Map<string, Uint8Array>();
    expect((await exportTo(files, `${ABOUT}\n${FILE_PASS}\n`)).code).toBe(0);
    const wrong = await runInProcess(['vault', 'import', OUT], { stdin: 'glacier lantern mosaic\n', files });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/^permafrost: This passphrase does not open the file/);
    const wrongJson = await runInProcess(['vault', 'import', OUT, '--json'], { stdin: 'nope\n', files });
    expect(JSON.parse(wrongJson.stderr)).toMatchObject({ error: { code: 'WRONG_PASSPHRASE' } });

    const damaged = (files.get(OUT) as Uint8Array).slice();
    damaged[damaged.length - 3] = (damaged[damaged.length - 3] as number) ^ 0xff;
    files.set('/damaged.age', damaged);
    files.set('/notes.txt', new TextEncoder().encode('not a backup\n'));
    const bad = await runInProcess(['vault', 'import', '/damaged.age'], { stdin: `${FILE_PASS}\n`, files });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/encrypted contents are damaged/);
    const text = await runInProcess(['vault', 'import', '/notes.txt', '--json'], { stdin: `${FILE_PASS}\n`, files });
    expect(JSON.parse(text.stderr)).toMatchObject({ error: { code: 'BAD_BACKUP_FILE', message: expect.stringMatching(/not an age-encrypted file: it is plain text/) } });
    expect(await runInProcess(['vault', 'import', '/missing.age'], { stdin: `${FILE_PASS}\n`, files })).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file: /missing.age') });
  });

  it('--include-passphrase: needs --passphrase, warns on stderr, and the file holds the BIP39 passphrase', async () => {
    expect(await runInProcess(['vault', 'export', '--out', OUT, '--include-passphrase'], { stdin: `${ABOUT}\n${FILE_PASS}\n` })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--include-passphrase needs --passphrase'),
    });
    const files = new Map<string, Uint8Array>();
    const saved = await exportTo(files, `${ABOUT}\nTREZOR\n${FILE_PASS}\n`, ['--passphrase', '--include-passphrase']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toMatch(/^Warning: the file will hold your BIP39 passphrase next to the words/);
    const doc = await decryptVault(files.get(OUT) as Uint8Array, FILE_PASS);
    expect(doc).toMatchObject({ passphraseSet: true, passphrase: 'TREZOR' });
    expect(doc.fingerprint).not.toBe('73c5da0a');

    const without = new Map<string, Uint8Array>();
    const plain = await exportTo(without, `${ABOUT}\nTREZOR\n${FILE_PASS}\n`, ['--passphrase']);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toContain('BIP39 passphrase is not in the file');
    expect('passphrase' in (await decryptVault(without.get(OUT) as Uint8Array, FILE_PASS))).toBe(false);
    const opened = await runInProcess(['vault', 'import', OUT, '--json'], { stdin: `${FILE_PASS}\n`, files: without });
    expect(opened.json()).toMatchObject({ fingerprint: doc.fingerprint, passphraseSet: true });
  });

  it('never overwrites an existing file without --force; with --force it does', async () => {
    const files = new Map<string, Uint8Array>([[OUT, new TextEncoder().encode('precious')]]);
    const refused = await exportTo(files, `${ABOUT}\n${FILE_PASS}\n`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${OUT} already exists: choose another name, or add --force to replace it.`);
    expect(new TextDecoder().decode(files.get(OUT))).toBe('precious');
    const forced = await exportTo(files, `${ABOUT}\n${FILE_PASS}\n`, ['--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^Saved \/backup\/wallet\.age \(\d+ bytes, checked by opening it again\)/);
  });

  it('backup --out obeys the same rule', async () => {
    const files = new Map<string, Uint8Array>([['/kit.pdf', new Uint8Array([1])]]);
    const refused = await runInProcess(['backup', '--out', '/kit.pdf', '--sheets', 'seed'], { stdin: `${ABOUT}\n`, files });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('/kit.pdf already exists') });
    expect(files.get('/kit.pdf')).toEqual(new Uint8Array([1]));
    expect((await runInProcess(['backup', '--out', '/kit.pdf', '--sheets', 'seed', '--force'], { stdin: `${ABOUT}\n`, files })).code).toBe(0);
  });

  it('refuses a weak file passphrase with the strength verdict, before writing anything', async () => {
    const files = new Map<string, Uint8Array>();
    for (const [pass, reason] of [
      ['password1234', /too easy to guess: someone with the file could find it in less than a second/],
      ['short', /it has 5 characters; at least 12 are needed/],
      [ABOUT, /built from your recovery words/],
    ] as const) {
      const r = await exportTo(files, `${ABOUT}\n${pass}\n`, ['--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'WEAK_PASSPHRASE', message: expect.stringMatching(reason) } });
    }
    expect(files.size).toBe(0);
  });

  it('usage errors: no --out, no file passphrase line, unknown subcommand', async () => {
    expect(await runInProcess(['vault', 'export'], { stdin: `${ABOUT}\n${FILE_PASS}\n` })).toMatchObject({ code: 2, stderr: expect.stringContaining('--out FILE.age is required') });
    expect(await runInProcess(['vault', 'export', '--out', OUT], { stdin: `${ABOUT}\n` })).toMatchObject({ code: 2, stderr: expect.stringContaining("put the file's passphrase on line 2") });
    expect(await runInProcess(['vault', 'export', '--out', OUT, '--passphrase'], { stdin: `${ABOUT}\nTREZOR\n` })).toMatchObject({ code: 2, stderr: expect.stringContaining('line 3') });
    expect(await runInProcess(['vault', 'frob'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown vault subcommand "frob"') });
    expect(await runInProcess(['vault', 'import'])).toMatchObject({ code: 2, stderr: expect.stringContaining('takes one file') });
  });

  it('the help text lists vault export and import', async () => {
    const { stdout } = await runInProcess(['--help']);
    expect(stdout).toContain('vault export');
    expect(stdout).toContain('age -d FILE.age');
    expect(stdout).toMatch(/--out never replaces an existing file unless --force/);
  });
});
