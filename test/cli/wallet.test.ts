/**
 * permafrost wallet register|list|show|delete, review/sign --wallet, addresses --wallet (issue 11), in process with
 * an in-memory registration store; the registration folder's location (PERMAFROST_HOME, XDG) and the real folder
 * store on a temp directory. Signatures checked by bitcoinjs-lib.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { cliRegistrationDir, directoryStore, memoryStore } from '../../electron/node/multisig-store';
import { runInProcess } from '../helpers/cli';
import { ABOUT, descriptorFor, keysFor } from '../helpers/multisig';
import { buildMultisigPsbt, validator } from '../helpers/multisig-psbt';

const keys = keysFor('p2wsh');
const enc = (t: string) => new TextEncoder().encode(t);

function setup() {
  const registrations = memoryStore();
  const files = new Map<string, Uint8Array>([
    ['vault.txt', enc(`${descriptorFor('p2wsh', keys)}\n`)],
    ['coldcard.txt', new Uint8Array(readFileSync('test/fixtures/coldcard-multisig-2of3-p2wsh.txt'))],
    ['foreign.txt', enc(descriptorFor('p2wsh', keysFor('p2wsh', 'mainnet', ['b', 'c', 'd'])))],
    ['one-of-three.txt', enc(descriptorFor('p2wsh', keys, 1))],
  ]);
  const run = (argv: string[], stdin = `${ABOUT}\n`) => runInProcess(argv, { stdin, files, registrations });
  return { run, files, registrations };
}

describe('permafrost wallet', () => {
  it('register FILE --name N --json prints the wallet (ours marked, first address, descriptor); list, show, delete', async () => {
    const { run, registrations } = setup();
    const r = await run(['wallet', 'register', 'vault.txt', '--name', 'Family', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['name', 'm', 'n', 'scriptType', 'cosigners', 'firstAddress', 'descriptor']));
    expect(j).toMatchObject({ name: 'Family', m: 2, n: 3, scriptType: 'p2wsh', format: 'descriptor' });
    expect(j.cosigners).toEqual(keys.map((k, i) => ({ fingerprint: k.fingerprint, path: "m/48'/0'/0'/2'", xpub: k.xpub, ours: i === 0 })));
    expect(j.descriptor).toMatch(/^wsh\(sortedmulti\(2,\[73c5da0a\/48h\/0h\/0h\/2h\]xpub.*\/<0;1>\/\*\)\)#[a-z0-9]{8}$/);
    expect(registrations.files.size).toBe(1);

    const list = await run(['wallet', 'list', '--json']);
    expect(list.json()).toEqual({ wallets: [{ id: j.id, name: 'Family', m: 2, n: 3, scriptType: 'p2wsh', network: 'mainnet', firstAddress: j.firstAddress }], problems: [] });
    const { format: _format, ...shown } = j;
    expect((await run(['wallet', 'show', 'family', '--json'])).json()).toEqual(shown);
    const human = await run(['wallet', 'show', 'Family']);
    expect(human.stdout).toContain('← ours');
    expect(human.stdout).toContain(`First receive address: ${j.firstAddress}`);

    const addrs = await run(['addresses', '--wallet', 'Family', '--count', '2', '--json']);
    expect(addrs.json().map((a: { address: string }) => a.address)[0]).toBe(j.firstAddress);
    expect((await run(['addresses', '--wallet', 'Family', '--change', '--from', '5', '--count', '1'])).stdout).toMatch(/^1\/5 {2}bc1q/);

    expect((await run(['wallet', 'delete', 'Family', '--json'])).json()).toEqual({ deleted: true, id: j.id });
    expect((await run(['wallet', 'list', '--json'])).json()).toEqual({ wallets: [], problems: [] });
  });

  it('registers a Coldcard file; refuses a wallet without our key (naming its fingerprints) and a name taken by another wallet', async () => {
    const { run } = setup();
    expect((await run(['wallet', 'register', 'coldcard.txt', '--json'])).json()).toMatchObject({ name: 'CC-2-of-3', format: 'coldcard' });
    const foreign = await run(['wallet', 'register', 'foreign.txt']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/does not include a key of the open wallet \(fingerprint 73c5da0a\); its keys are 3f635a63, b8688df1, [0-9a-f]{8}/);
    // The same policy again (another name) replaces its registration; a different policy may not take a used name.
    expect((await run(['wallet', 'register', 'vault.txt', '--name', 'Renamed'])).code).toBe(0);
    expect((await run(['wallet', 'list', '--json'])).json().wallets.map((w: { name: string }) => w.name)).toEqual(['Renamed']);
    const clash = await run(['wallet', 'register', 'one-of-three.txt', '--name', 'renamed']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/a different wallet is already registered as "renamed"/);
  });

  it('a registration changed on disk is refused as tampered (list exits 1 and says so; show, review --wallet refuse)', async () => {
    const { run, registrations } = setup();
    await run(['wallet', 'register', 'vault.txt', '--name', 'Vault']);
    const [file, bytes] = [...registrations.files.entries()][0]!;
    registrations.files.set(file, enc(new TextDecoder().decode(bytes).replace('"m":2', '"m":1')));
    const list = await run(['wallet', 'list']);
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/Not used: Vault: This multisig registration was changed after it was made/);
    const show = await run(['wallet', 'show', 'Vault']);
    expect(show.code).toBe(1);
    expect(show.stderr).toMatch(/changed after it was made/);
    // It can still be deleted.
    expect((await run(['wallet', 'delete', 'Vault'])).code).toBe(0);
  });

  it('review/sign FILE --wallet NAME: change proven, signed as one cosigner (1 of 2), bitcoinjs-lib validates', async () => {
    const { run, files } = setup();
    await run(['wallet', 'register', 'vault.txt', '--name', 'Vault']);
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }, { change: true, index: 3 }], change: { index: 4 } });
    files.set('pay.psbt', built.bytes);
    const review = await run(['review', 'pay.psbt', '--wallet', 'Vault', '--json']);
    expect(review.code, review.stderr).toBe(0);
    const rj = review.json();
    expect(rj.outputs.map((o: { kind: string }) => o.kind)).toEqual(['payment', 'change']);
    expect(rj.inputs.map((i: { signatures: number; required: number }) => [i.signatures, i.required])).toEqual([[0, 2], [0, 2]]);
    expect(rj.wallet).toEqual({ name: 'Vault', m: 2, n: 3, scriptType: 'p2wsh' });
    const plain = await run(['review', 'pay.psbt']);
    expect(plain.stdout).not.toContain('Multisig wallet');

    const signed = await run(['sign', 'pay.psbt', '--wallet', 'Vault', '--out', 'signed.psbt', '--json']);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.json()).toEqual({ signedInputs: 2, totalInputs: 2, complete: false, multisig: [{ input: 0, signatures: 1, required: 2 }, { input: 1, signatures: 1, required: 2 }] });
    const psbt = bitcoin.Psbt.fromBuffer(Buffer.from(files.get('signed.psbt')!));
    expect(psbt.validateSignaturesOfAllInputs(validator)).toBe(true);
    // --finalize on a partial multisig: saved, not finalized, exit 1.
    const fin = await run(['sign', 'pay.psbt', '--wallet', 'Vault', '--out', 'again.psbt', '--finalize']);
    expect(fin.code).toBe(1);
    expect(files.has('again.psbt')).toBe(true);
    // Without --wallet the multisig inputs are not ours.
    expect((await run(['sign', 'pay.psbt', '--out', 'none.psbt'])).stderr).toMatch(/Nothing in this PSBT is ours/);
    // An unknown wallet name.
    expect((await run(['review', 'pay.psbt', '--wallet', 'Nope'])).stderr).toMatch(/No multisig wallet "Nope" is registered/);
  });
});

describe('where the CLI keeps registrations', () => {
  it('PERMAFROST_HOME/multisig, else XDG_CONFIG_HOME/permafrost/multisig, else ~/.config/permafrost/multisig', () => {
    expect(cliRegistrationDir({ PERMAFROST_HOME: '/data/pf' }, '/home/u', 'linux')).toBe('/data/pf/multisig');
    expect(cliRegistrationDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u', 'linux')).toBe('/cfg/permafrost/multisig');
    expect(cliRegistrationDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u', 'linux')).toBe('/home/u/.config/permafrost/multisig');
    expect(cliRegistrationDir({}, '/home/u', 'linux')).toBe('/home/u/.config/permafrost/multisig');
  });

  it('the folder store writes owner-only files atomically, lists this fingerprint’s only, deletes', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'pf-ms-')), 'multisig');
    const store = directoryStore(dir, 'linux');
    expect(await store.list('73c5da0a')).toEqual([]);
    await store.write('73c5da0a', '0123456789abcdef', enc('{"x":1}'));
    writeFileSync(path.join(dir, 'ffffffff-0123456789abcdef.json'), '{}');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a registration');
    expect((await store.list('73c5da0a')).map((f) => [f.file, new TextDecoder().decode(f.bytes)])).toEqual([['73c5da0a-0123456789abcdef.json', '{"x":1}']]);
    expect(statSync(path.join(dir, '73c5da0a-0123456789abcdef.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(await store.remove('73c5da0a', '0123456789abcdef')).toBe(true);
    expect(await store.remove('73c5da0a', '0123456789abcdef')).toBe(false);
    await expect(store.write('73c5da0a', '../../etc/passwd', enc('x'))).rejects.toThrow(/not a multisig wallet id/);
  });
});

describe('permafrost backup --wallet NAME', () => {
  it('adds the registered wallet\'s configuration sheet; the letter says how many keys and this sheet', async () => {
    const { run } = setup();
    expect((await run(['wallet', 'register', 'vault.txt', '--name', 'Family'])).code).toBe(0);
    const r = await run(['backup', '--out', 'kit.pdf', '--sheets', 'seed,inheritance', '--wallet', 'family', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ pages: 3, sheets: ['seed', 'inheritance', 'wallet-config'] });
    const { pdfText, writeTemp } = await import('../helpers/pdf');
    const text = pdfText(writeTemp(r.files.get('kit.pdf')!));
    expect(text).toContain('Multisig wallet configuration');
    expect(text).toContain('any 2 of these 3 keys');
    for (const k of keys) expect(text).toContain(k.xpub);
    expect(text.replace(/\s+/g, ' ')).toContain('To spend, you need 2 of these 3 keys and the "Multisig wallet configuration" sheet');
  });
  it('an unknown wallet name: exit 1, says which are registered', async () => {
    const { run } = setup();
    await run(['wallet', 'register', 'vault.txt', '--name', 'Family']);
    const r = await run(['backup', '--out', 'kit.pdf', '--sheets', 'seed', '--wallet', 'Holiday']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No multisig wallet "Holiday" is registered .*registered: Family/);
    expect(r.files.has('kit.pdf')).toBe(false);
  });
});
