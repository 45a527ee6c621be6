/** The key commands, in process, with secrets on standard input. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli';
import { decodeSinglePartUr, verifyChecksum } from '../../electron/core';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

const cli = (argv: string[], stdin = '') => runInProcess(argv, { stdin });

describe('permafrost new', () => {
  it.each([12, 15, 18, 21, 24])('--words %i --json', async (n) => {
    const r = await cli(['new', '--words', String(n), '--json']);
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.mnemonic.split(' ')).toHaveLength(n);
    expect(out).toMatchObject({ fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/), entropyBits: (n / 3) * 32, method: 'csprng' });
  });
  it('--dice reads the rolls from stdin and gives SeedSigner’s words', async () => {
    const rolls = '65515223131652132161133154444123616466443112153441';
    const out = (await cli(['new', '--words', '12', '--dice', '--json'], `${rolls}\n`)).json();
    expect(out).toMatchObject({ mnemonic: 'hole luggage safe present express tragic orbit shed switch metal identify path', method: 'dice-sha256', entropyBits: 128, warnings: [] });
    expect(out.verifyCommand).toContain('read -rs');
    expect(out.verifyCommand).not.toContain(rolls);
  });
  it('--coins --mix', async () => {
    const out = (await cli(['new', '--words', '12', '--coins', '--mix', '--json'], 'HT'.repeat(64))).json();
    expect(out.method).toBe('coins-sha256+csprng');
    expect(out.verifyCommand).toBeUndefined();
  });
  it('--language japanese joins with the ideographic space', async () => {
    expect((await cli(['new', '--words', '12', '--language', 'japanese', '--json'])).json().mnemonic).toContain('\u3000');
  });
  it.each([
    [['new', '--words', '13'], /--words must be 12, 15, 18, 21 or 24/],
    [['new', '--language', 'klingon'], /--language must be one of/],
    [['new', '--dice', '--coins'], /not both/],
    [['new', '--mix'], /add --dice or --coins/],
    [['new', 'abandon'], /rolls go on standard input/],
  ])('%j is a usage error', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
  it('too few rolls: exit 1, how many more', async () => {
    const r = await cli(['new', '--words', '24', '--dice'], '123456');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('24 words need at least 99 rolls (256 bits); you have 6: 93 more.');
  });
});

describe('permafrost export', () => {
  it('bip84 --json: path, fingerprint, xpub, zpub, descriptor with checksum, crypto-account UR', async () => {
    const out = (await cli(['export', '--account', 'bip84', '--json'], `${ABOUT}\n`)).json();
    expect(out).toMatchObject({
      path: "m/84'/0'/0'",
      fingerprint: '73c5da0a',
      slip132: 'zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs',
    });
    expect(verifyChecksum(out.descriptor)).toBe(true);
    expect(decodeSinglePartUr(out.ur).type).toBe('crypto-account');
  });
  it('eth: address of index 0 and a crypto-hdkey UR', async () => {
    const out = (await cli(['export', '--account', 'eth', '--json'], ABOUT)).json();
    expect(out.address).toBe('0x9858EfFD232B4033E47d90003D41EC34EcaEda94');
    expect(decodeSinglePartUr(out.ur).type).toBe('crypto-hdkey');
  });
  it('the passphrase (line 2) changes the wallet', async () => {
    const plain = (await cli(['export', '--account', 'bip84', '--json'], ABOUT)).json();
    const withPass = (await cli(['export', '--account', 'bip84', '--passphrase', '--json'], `${ABOUT}\nTREZOR\n`)).json();
    expect(withPass.fingerprint).not.toBe(plain.fingerprint);
  });
  it('testnet BIP49 gives upub (BIP49 vector)', async () => {
    const out = (await cli(['export', '--account', 'bip49', '--network', 'testnet', '--json'], ABOUT)).json();
    expect(out.slip132).toBe('upub5EFU65HtV5TeiSHmZZm7FUffBGy8UKeqp7vw43jYbvZPpoVsgU93oac7Wk3u6moKegAEWtGNF8DehrnHtv21XXEMYRUocHqguyjknFHYfgY');
  });
  it.each([
    [['export'], ABOUT, 2, /--account is required/],
    [['export', '--account', 'bip99'], ABOUT, 2, /--account must be one of/],
    [['export', '--account', 'bip84', '--network', 'moon'], ABOUT, 2, /--network must be one of/],
    [['export', '--account', 'bip84', '--account-index', '-1'], ABOUT, 2, /whole number/],
    [['export', '--account', 'bip84'], '', 2, /first line of standard input/],
    [['export', '--account', 'bip84', '--passphrase'], ABOUT, 2, /second line/],
    [['export', '--account', 'bip84'], ABOUT.replace('about', 'abandon'), 1, /checksum does not match/],
    [['export', '--account', 'bip84'], ABOUT.replace('about', 'abuot'), 1, /Word 12 \('abuot'\) is not in the word list — did you mean 'about'/],
  ])('%j with bad input: exit %i, says what is wrong', async (argv, stdin, code, message) => {
    const r = await cli(argv as string[], stdin as string);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stdout).toBe('');
  });
  it('a secret never appears in an error', async () => {
    const r = await cli(['export', '--account', 'bip84'], ABOUT.replace('about', 'abandon'));
    expect(r.stderr).not.toContain('abandon abandon');
  });
});

describe('permafrost export --format (one file, exactly as the app saves it)', () => {
  const KEY = /^\[73c5da0a\/48h\/0h\/0h\/2h\]xpub[1-9A-HJ-NP-Za-km-z]{100,112}\n$/;
  it('bip48 --format key: the cosigner key expression alone (what BlueWallet and Sparrow import as a cosigner)', async () => {
    const r = await cli(['export', '--account', 'bip48', '--format', 'key'], ABOUT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(KEY);
  });
  it('bip48 --format key --script p2sh-p2wsh / p2sh: BIP48 script 1\' and BIP45 paths', async () => {
    expect((await cli(['export', '--account', 'bip48', '--format', 'key', '--script', 'p2sh-p2wsh'], ABOUT)).stdout).toMatch(/^\[73c5da0a\/48h\/0h\/0h\/1h\]xpub/);
    expect((await cli(['export', '--account', 'bip48', '--format', 'key', '--script', 'p2sh'], ABOUT)).stdout).toMatch(/^\[73c5da0a\/45h\]xpub/);
  });
  it('bip48 --format ur: a crypto-account whose one output is wsh(hdkey), tags 401 then 303', async () => {
    const out = (await cli(['export', '--account', 'bip48', '--format', 'ur'], ABOUT)).stdout.trim();
    const ur = decodeSinglePartUr(out);
    expect(ur.type).toBe('crypto-account');
    expect(Buffer.from(ur.cbor).toString('hex')).toMatch(/d90191d9012f/);
  });
  it('bip84 --format descriptor: multipath, receive, change, each with a valid checksum', async () => {
    const lines = (await cli(['export', '--account', 'bip84', '--format', 'descriptor'], ABOUT)).stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^wpkh\(\[73c5da0a\/84h\/0h\/0h\]xpub.*\/<0;1>\/\*\)#/);
    for (const l of lines) expect(verifyChecksum(l)).toBe(true);
  });
  it('--format coldcard-json needs no --account: every section, bip48_1 and bip45 included', async () => {
    const json = JSON.parse((await cli(['export', '--format', 'coldcard-json'], ABOUT)).stdout);
    expect(json).toMatchObject({ chain: 'BTC', xfp: '73C5DA0A', bip48_1: { name: 'p2sh-p2wsh', deriv: 'm/48h/0h/0h/1h' }, bip45: { name: 'p2sh', deriv: 'm/45h' } });
  });
  it('--format multisig-json --network testnet --account-index 1: Coldcard\'s cosigner file (no BIP45 past account 0)', async () => {
    const json = JSON.parse((await cli(['export', '--format', 'multisig-json', '--network', 'testnet', '--account-index', '1'], ABOUT)).stdout);
    expect(json).toMatchObject({ p2wsh_deriv: 'm/48h/1h/1h/2h', p2sh_p2wsh_deriv: 'm/48h/1h/1h/1h', account: '1', xfp: '73C5DA0A' });
    expect(json.p2wsh.startsWith('Vpub')).toBe(true);
    expect(json.p2sh_deriv).toBeUndefined();
  });
  it('bip48 without --format: the key, no descriptor', async () => {
    const out = (await cli(['export', '--account', 'bip48', '--json'], ABOUT)).json();
    expect(`${out.key}\n`).toMatch(KEY);
    expect(out.descriptor).toBeUndefined();
    expect(out.descriptors).toBeUndefined();
  });
  it.each([
    [['export', '--account', 'bip48', '--format', 'descriptor'], /a cosigner key is not a wallet descriptor: use --format key/],
    [['export', '--format', 'key'], /--format key needs --account/],
    [['export', '--account', 'bip84', '--format', 'xml'], /--format must be one of descriptor, key, ur, coldcard-json, multisig-json/],
    [['export', '--account', 'bip84', '--format', 'key', '--json'], /leave out --json/],
    [['export', '--account', 'bip84', '--format', 'key', '--script', 'p2wsh'], /--script chooses the multisig script of --account bip48/],
    [['export', '--account', 'bip48', '--format', 'key', '--script', 'p2tr'], /--script must be one of p2wsh, p2sh-p2wsh, p2sh/],
    [['export', '--account', 'bip48', '--script', 'p2sh'], /--script goes with --format key or ur/],
    [['export', '--account', 'eth', '--format', 'descriptor'], /Ethereum exports --format ur/],
  ])('%j is a usage error that says what to do', async (argv, message) => {
    const r = await cli(argv as string[], ABOUT);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stdout).toBe('');
  });
  it('BIP45 has no account number: exit 1, says so', async () => {
    const r = await cli(['export', '--account', 'bip48', '--format', 'key', '--script', 'p2sh', '--account-index', '2'], ABOUT);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no account number/);
  });
});

describe('permafrost addresses', () => {
  it('BIP84 receive 0-1 and change 0 (BIP84 vectors)', async () => {
    const receive = (await cli(['addresses', '--account', 'bip84', '--count', '2', '--json'], ABOUT)).json();
    expect(receive).toEqual([
      { index: 0, address: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu', path: "m/84'/0'/0'/0/0" },
      { index: 1, address: 'bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g', path: "m/84'/0'/0'/0/1" },
    ]);
    const change = (await cli(['addresses', '--account', 'bip84', '--change', '--count', '1', '--json'], ABOUT)).json();
    expect(change[0].address).toBe('bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el');
  });
  it('--from and human output', async () => {
    const r = await cli(['addresses', '--account', 'bip86', '--from', '1', '--count', '1'], ABOUT);
    expect(r.stdout).toBe("m/86'/0'/0'/0/1  bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh\n");
  });
  it('--count above the limit is a usage error', async () => {
    expect((await cli(['addresses', '--account', 'bip84', '--count', '10001'], ABOUT)).code).toBe(2);
  });
});

describe('permafrost seedqr', () => {
  const v = JSON.parse(readFileSync('test/vectors/seedqr-vectors.json', 'utf8')).vectors[0];
  it('encode: Standard digits and Compact hex', async () => {
    expect((await cli(['seedqr', 'encode'], v.mnemonic)).stdout).toBe(`${v.standard_digit_stream}\n`);
    expect((await cli(['seedqr', 'encode', '--compact', '--json'], v.mnemonic)).json()).toEqual({ format: 'compact', payload: v.compact_bytes_hex });
  });
  it('decode: digits, or hex with --compact', async () => {
    expect((await cli(['seedqr', 'decode'], v.standard_digit_stream)).stdout).toBe(`${v.mnemonic}\n`);
    expect((await cli(['seedqr', 'decode', '--compact', '--json'], v.compact_bytes_hex)).json()).toEqual({ mnemonic: v.mnemonic, format: 'compact' });
  });
  it('bad payloads say what is wrong', async () => {
    expect((await cli(['seedqr', 'decode'], '123')).stderr).toMatch(/4 digits per word/);
    expect((await cli(['seedqr', 'decode', '--compact'], 'zz')).stderr).toMatch(/hexadecimal/);
    expect((await cli(['seedqr', 'frobnicate'])).code).toBe(2);
  });
});

describe('permafrost backup', () => {
  const WORDS24 = JSON.parse(readFileSync('test/vectors/seedqr-vectors.json', 'utf8')).vectors[0].mnemonic as string;
  it('writes the whole kit as a PDF, with the inheritance text from a JSON file', async () => {
    const r = await runInProcess(['backup', '--out', 'kit.pdf', '--paper', 'letter', '--inheritance-file', 'heirs.json', '--json'], {
      stdin: WORDS24,
      textFiles: { 'heirs.json': JSON.stringify({ holdings: 'One wallet.', locations: 'Safe deposit box 7.', contacts: 'Carol.', notes: '' }) },
    });
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ out: 'kit.pdf', fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/), pages: 7 });
    const { pdfInfo, pdfText, writeTemp } = await import('../helpers/pdf');
    const file = writeTemp(r.files.get('kit.pdf')!);
    expect(pdfInfo(file)['Page size']).toMatch(/letter/i);
    const text = pdfText(file);
    expect(text).toContain('Safe deposit box 7.');
    expect(text).toContain('attack');
  });
  it('warns that a file with words is secret (human output)', async () => {
    const r = await runInProcess(['backup', '--out', 'k.pdf', '--sheets', 'seed'], { stdin: WORDS24 });
    expect(r.stderr).toContain('holds your recovery words');
  });
  it.each([
    [['backup'], /--out FILE.pdf is required/],
    [['backup', '--out', 'k.pdf', '--paper', 'a5'], /a4 or letter/],
    [['backup', '--out', 'k.pdf', '--sheets', 'seed,poster'], /--sheets: poster; choose from/],
    [['backup', '--out', 'k.pdf', '--receive-count', '99'], /from 1 to 60/],
    [['backup', '--out', 'k.pdf', '--inheritance-file', 'missing.json'], /no such file/],
  ])('%j is a usage error that says what is wrong', async (argv, message) => {
    const r = await runInProcess(argv as string[], { stdin: WORDS24 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.files.size).toBe(0);
  });
  it('a bad inheritance file is refused before anything is written', async () => {
    const r = await runInProcess(['backup', '--out', 'k.pdf', '--inheritance-file', 'h.json'], { stdin: WORDS24, textFiles: { 'h.json': '{"money": 1}' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holdings, locations, contacts, notes/);
    expect(r.files.size).toBe(0);
  });
});
