/**
 * The key channels end to end in Node: requests go through the real registered listeners (sender check, schema,
 * Result), into the real handlers and vault.
 */
import { describe, expect, it } from 'vitest';
import { decodeSinglePartUr } from '../../electron/core';
import { handlerHarness } from '../helpers/ipc';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ROLLS_12 = '65515223131652132161133154444123616466443112153441';

function setup() {
  return handlerHarness();
}

describe('create: draft → quiz → open', () => {
  it('dice draft gives SeedSigner’s words, a 3-word quiz, and opens only after the quiz passes', async () => {
    const { ok, call, vault } = setup();
    const draft = await ok('createDraft', { words: 12, language: 'english', source: { kind: 'dice', input: ROLLS_12, mix: false } });
    expect(draft.words.join(' ')).toBe('hole luggage safe present express tragic orbit shed switch metal identify path');
    expect(draft.quizPositions).toHaveLength(3);
    expect(draft).toMatchObject({ method: 'dice-sha256', entropyBits: 128, verifyCommand: expect.stringContaining('read -rs') });
    expect(draft.verifyCommand).not.toContain(ROLLS_12);

    const early = await call('openWallet', { source: { draftId: draft.draftId }, passphrase: '' });
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Type the asked words back/) } });

    const wrong = await ok('checkQuiz', { draftId: draft.draftId, answers: draft.quizPositions.map((p) => ({ position: p, word: 'zoo' })) });
    expect(wrong).toEqual({ passed: false, wrongPositions: draft.quizPositions });
    const right = await ok('checkQuiz', { draftId: draft.draftId, answers: draft.quizPositions.map((p) => ({ position: p, word: draft.words[p - 1]!.toUpperCase() })) });
    expect(right).toEqual({ passed: true, wrongPositions: [] });

    const opened = await ok('openWallet', { source: { draftId: draft.draftId }, passphrase: '' });
    expect(opened).toMatchObject({ fingerprint: '8d9cced8', wordCount: 12, hasPassphrase: false });
    expect(vault.size).toMatchObject({ wallets: 1, drafts: 0 });
  });

  it('CSPRNG drafts differ', async () => {
    const { ok } = setup();
    const a = await ok('createDraft', { words: 24, language: 'english', source: { kind: 'csprng' } });
    const b = await ok('createDraft', { words: 24, language: 'english', source: { kind: 'csprng' } });
    expect(a.words).toHaveLength(24);
    expect(a.words.join(' ')).not.toBe(b.words.join(' '));
  });

  it('too few rolls: BAD_ENTROPY_INPUT saying how many more', async () => {
    const { call } = setup();
    expect(await call('createDraft', { words: 24, language: 'english', source: { kind: 'dice', input: '1234', mix: false } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ENTROPY_INPUT', message: expect.stringContaining('95 more') },
    });
  });

  it('previewEntropy counts as the user types and explains a bad character', async () => {
    const { ok } = setup();
    expect(await ok('previewEntropy', { kind: 'dice', input: '1 2 3', words: 12 })).toMatchObject({ count: 3, needed: 50, bitsCollected: 7, error: null });
    expect((await ok('previewEntropy', { kind: 'dice', input: '129', words: 12 })).error).toMatch(/Roll 3 is "9"/);
  });
});

describe('restore: typed words or SeedQR', () => {
  it('checkWords reports problems in words; a valid phrase opens with the known fingerprint', async () => {
    const { ok } = setup();
    expect(await ok('checkWords', { words: ABOUT.replace('about', 'abuot'), language: null })).toMatchObject({
      ok: false,
      messages: [expect.stringMatching(/^Word 12 \('abuot'\)/)],
    });
    expect(await ok('checkWords', { words: ABOUT, language: null })).toEqual({ ok: true, wordCount: 12, language: 'english' });
    expect((await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' })).fingerprint).toBe('73c5da0a');
  });
  it('a passphrase gives another fingerprint', async () => {
    const { ok } = setup();
    const w = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: 'TREZOR' });
    expect(w).toMatchObject({ hasPassphrase: true });
    expect(w.fingerprint).not.toBe('73c5da0a');
  });
  it('SeedQR (Compact bytes) becomes a draft that opens without a quiz', async () => {
    const { ok } = setup();
    const scanned = await ok('scanSeedQr', { text: null, bytes: new Uint8Array(16) });
    expect(scanned).toMatchObject({ wordCount: 12, format: 'compact' });
    expect((await ok('openWallet', { source: { draftId: scanned.draftId }, passphrase: '' })).fingerprint).toBe('73c5da0a');
  });
  it('a bad SeedQR says what it is', async () => {
    const { call } = setup();
    expect(await call('scanSeedQr', { text: 'hello', bytes: null })).toMatchObject({ ok: false, error: { code: 'BAD_QR' } });
  });
  it('wrong words: a precise error, and the phrase is in no message or log', async () => {
    const { call, log } = setup();
    const r = await call('openWallet', { source: { words: ABOUT.replace('about', 'abandon'), language: null }, passphrase: '' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_CHECKSUM' } });
    expect(JSON.stringify(r) + log.join('\n')).not.toMatch(/abandon|about/);
  });
});

describe('accounts, addresses, exports', () => {
  it('getAccount: zpub, descriptors, a scannable crypto-account frame, first address', async () => {
    const { ok } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const a = await ok('getAccount', { walletId, kind: 'bip84', network: 'mainnet', account: 0 });
    expect(a.slip132.startsWith('zpub6rFR7y4Q2Aij')).toBe(true);
    expect(a.firstAddress).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu');
    expect(a.urFrames).toHaveLength(1);
    expect(decodeSinglePartUr(a.urFrames[0]!).type).toBe('crypto-account');
    expect(a.urFrames[0]).toBe(a.urFrames[0]!.toUpperCase()); // alphanumeric mode when the renderer draws it
  });
  it('getAddresses and findAddress', async () => {
    const { ok } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const spec = { walletId, kind: 'eth' as const, network: 'mainnet' as const, account: 0 };
    expect((await ok('getAddresses', { ...spec, change: false, from: 0, count: 2 }))[1]?.address).toBe('0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0');
    expect(await ok('findAddress', { ...spec, address: '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0', gapLimit: 20 })).toMatchObject({ index: 1, change: false });
  });
  it('saveExport writes only public data through the save service', async () => {
    const { ok, written } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    for (const format of ['descriptor', 'xpub', 'ur', 'coldcard-json'] as const) {
      await ok('saveExport', { walletId, kind: 'bip84', network: 'mainnet', account: 0, format });
    }
    expect(written.map(([p]) => p)).toEqual([
      '/media/usb/permafrost-73c5da0a-bip84-mainnet-0-descriptor.txt',
      '/media/usb/permafrost-73c5da0a-bip84-mainnet-0-xpub.txt',
      '/media/usb/permafrost-73c5da0a-bip84-mainnet-0-ur.txt',
      '/media/usb/permafrost-73c5da0a-bip84-mainnet-0-coldcard-json.json',
    ]);
    const all = written.map(([, c]) => (typeof c === 'string' ? c : '')).join('\n');
    expect(all).not.toMatch(/xprv|zprv|abandon/);
    expect(JSON.parse(written[3]![1] as string).xfp).toBe('73C5DA0A');
  });
  it('BIP48: the cosigner key file holds the key expression alone; the Coldcard multisig file; no crypto-output QR', async () => {
    const { ok, written } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const spec = { walletId, kind: 'bip48' as const, network: 'mainnet' as const, account: 0 };
    const a = await ok('getAccount', spec);
    expect(a.descriptors).toBeNull();
    expect(a.outputFrames).toBeNull();
    await ok('saveExport', { ...spec, format: 'descriptor' });
    await ok('saveExport', { ...spec, format: 'multisig-json' });
    expect(written.map(([p]) => p)).toEqual(['/media/usb/permafrost-73c5da0a-bip48-mainnet-0-cosigner-key.txt', '/media/usb/permafrost-73c5da0a-bip48-mainnet-0-multisig-json.json']);
    expect(written[0]![1]).toBe(`${a.keyExpression}\n`);
    expect(a.keyExpression).toMatch(/^\[73c5da0a\/48h\/0h\/0h\/2h\]xpub[1-9A-HJ-NP-Za-km-z]+$/);
    expect(JSON.parse(written[1]![1] as string)).toMatchObject({ p2wsh_deriv: 'm/48h/0h/0h/2h', p2wsh: a.slip132, xfp: '73C5DA0A' });
  });
  it('closing wipes: the id stops working', async () => {
    const { ok, call } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    expect(await ok('closeWallet', { walletId })).toEqual({ closed: true });
    expect(await call('getAccount', { walletId, kind: 'bip84', network: 'mainnet', account: 0 })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
  });
});

describe('vault hygiene', () => {
  it('one draft at a time: a new draft wipes the previous one', async () => {
    const { ok, call, vault } = setup();
    const first = await ok('createDraft', { words: 12, language: 'english', source: { kind: 'csprng' } });
    await ok('createDraft', { words: 12, language: 'english', source: { kind: 'csprng' } });
    expect(vault.size.drafts).toBe(1);
    expect(await call('checkQuiz', { draftId: first.draftId, answers: [] })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
  });
  it('the quiz accepts what Restore accepts: Spanish words without accents, and 4-letter prefixes', async () => {
    const { ok } = setup();
    const draft = await ok('createDraft', { words: 24, language: 'spanish', source: { kind: 'csprng' } });
    const plain = (w: string) => w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    const answers = draft.quizPositions.map((p, i) => ({ position: p, word: i === 0 ? plain(draft.words[p - 1]!) : plain(draft.words[p - 1]!).slice(0, 4) }));
    expect(await ok('checkQuiz', { draftId: draft.draftId, answers })).toEqual({ passed: true, wrongPositions: [] });
  });
  it('is-this-mine: upper-case bech32 (as in QR codes) is found; another network or type is explained', async () => {
    const { ok, call } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const spec = { walletId, kind: 'bip84' as const, network: 'mainnet' as const, account: 0, gapLimit: 20 };
    expect(await ok('findAddress', { ...spec, address: 'BC1QCR8TE4KR609GCAWUTMRZA0J4XV80JY8Z306FYU' })).toMatchObject({ index: 0, change: false });
    expect(await call('findAddress', { ...spec, address: 'tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl' })).toMatchObject({ ok: false, error: { message: 'This is a test network address; this account is on mainnet.' } });
    expect(await call('findAddress', { ...spec, address: 'bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Taproot .* native SegWit/) } });
    expect(await call('findAddress', { ...spec, address: 'hello' })).toMatchObject({ ok: false, error: { message: 'That does not look like a Bitcoin address.' } });
    expect(await call('findAddress', { ...spec, kind: 'eth', address: '0x123' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('findAddress', { ...spec, gapLimit: 10_000, address: 'bc1q' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
  it('a large non-SeedQR reaches the core and is named, not refused as a malformed request', async () => {
    const { call } = setup();
    expect(await call('scanSeedQr', { text: `ur:crypto-psbt/${'a'.repeat(1000)}`, bytes: new Uint8Array(1015) })).toMatchObject({
      ok: false,
      error: { code: 'BAD_QR', message: 'This is a UR code (for exports and transactions), not a SeedQR.' },
    });
  });
});

describe('schemas refuse malformed requests', () => {
  it.each([
    ['createDraft', { words: 13, language: 'english', source: { kind: 'csprng' } }],
    ['createDraft', { words: 12, language: 'klingon', source: { kind: 'csprng' } }],
    ['createDraft', { words: 12, language: 'english', source: { kind: 'dice', input: 'x'.repeat(5000), mix: false } }],
    ['openWallet', { source: { words: 'a'.repeat(2000), language: null }, passphrase: '' }],
    ['openWallet', { source: { draftId: 'not-an-id' }, passphrase: '' }],
    ['getAccount', { walletId: '0'.repeat(32), kind: 'bip99', network: 'mainnet', account: 0 }],
    ['getAddresses', { walletId: '0'.repeat(32), kind: 'bip84', network: 'mainnet', account: 0, change: false, from: 0, count: 100_000 }],
    ['scanSeedQr', { text: null, bytes: [1, 2, 3] }],
    ['getAccount', { walletId: '0'.repeat(32), kind: 'bip84', network: 'mainnet', account: 10_000 }],
    ['makeQr', { text: '' }],
  ] as const)('%s %j', async (method, request) => {
    const { call } = setup();
    expect(await call(method, request)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('what closing really wipes (SECURITY.md, "Memory")', () => {
  it('closing a wallet zeroes the master private key; cached accounts never held a private key; the wallet is gone', async () => {
    const { ok, vault } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    await ok('getAccount', { walletId, kind: 'bip84', network: 'mainnet', account: 0 });
    const master = vault.wallet(walletId).master;
    // The library's own array (its `privateKey` getter hands out copies).
    const masterKey = (master as unknown as { _privateKey: Uint8Array })._privateKey;
    expect(masterKey.some((b) => b !== 0)).toBe(true);
    expect(vault.account(walletId, { kind: 'bip84', network: 'mainnet', account: 0 }).node.privateKey).toBeNull();
    await ok('closeWallet', { walletId });
    expect(master.privateKey).toBeNull();
    expect(masterKey.every((b) => b === 0)).toBe(true);
    expect(vault.size).toEqual({ wallets: 0, drafts: 0, splits: 0, recoveries: 0 });
  });
  it('closing a split zeroes its encrypted master secret; closing a recovery zeroes the collected share values', async () => {
    const { ok, vault } = setup();
    const s = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    const secret = vault.split(s.splitId).outcome.split.encryptedSecret;
    const share = (await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' })).pages[0]!.blocks.find((b) => b.kind === 'words') as { words: readonly string[] };
    const r = await ok('addRecoveryShare', { recoveryId: null, text: share.words.join(' ') });
    const collector = vault.recovery(r.recoveryId) as unknown as { wipe(): void };
    let wiped = false;
    const original = collector.wipe.bind(collector);
    collector.wipe = () => {
      wiped = true;
      original();
    };
    await ok('closeWallet', { walletId: s.splitId });
    expect(secret.every((b) => b === 0)).toBe(true);
    await ok('closeWallet', { walletId: r.recoveryId });
    expect(wiped).toBe(true);
  });
});
