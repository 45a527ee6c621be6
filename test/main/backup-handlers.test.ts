/** The backup channels through the real registered listeners: preview, print, save (a real PDF), verify. */
import { describe, expect, it } from 'vitest';
import { encodeCompactSeedQr, encodeStandardSeedQr } from '../../electron/core';
import { handlerHarness } from '../helpers/ipc';
import { pdfInfo, pdfText, writeTemp } from '../helpers/pdf';

const WORDS = 'attack pizza motion avocado network gather crop fresh patrol unusual wild holiday candy pony ranch winter theme error hybrid van cereal salon goddess expire';

function setup() {
  return handlerHarness({ now: () => new Date('2026-11-21T10:00:00Z') });
}

const options = (walletId: string) => ({
  walletId,
  paper: 'a4' as const,
  sheets: ['seed', 'metal', 'watch', 'receive', 'instructions', 'inheritance'] as const,
  network: 'mainnet' as const,
  receive: { kind: 'bip84' as const, count: 4 },
  inheritance: { holdings: 'Savings.', locations: 'Safe.', contacts: 'Bob.', notes: '' },
});

describe('backup channels', () => {
  it('preview: the document model of the six sheets, dated', async () => {
    const { ok } = setup();
    const { walletId, fingerprint } = await ok('openWallet', { source: { words: WORDS, language: null }, passphrase: '' });
    const doc = await ok('previewBackup', { ...options(walletId), sheets: [...options(walletId).sheets] });
    expect(doc.fingerprint).toBe(fingerprint);
    expect(doc.pages.map((p) => p.sheet)).toEqual(['seed', 'metal', 'metal', 'watch', 'receive', 'instructions', 'inheritance']);
    expect(JSON.stringify(doc.pages[0])).toContain('2026-11-21');
  });
  it('print: the asking window, with the chosen paper size', async () => {
    const { ok, prints } = setup();
    expect(await ok('printBackup', { paper: 'letter' })).toEqual({ printed: true });
    expect(prints).toEqual(['Letter']);
  });
  it('save: a real PDF through the save dialog, named as a secret backup', async () => {
    const { ok, written, dialogs, modes } = setup();
    const { walletId, fingerprint } = await ok('openWallet', { source: { words: WORDS, language: null }, passphrase: '' });
    expect(await ok('saveBackupPdf', { ...options(walletId), sheets: ['seed'] })).toEqual({ path: `/media/usb/permafrost-${fingerprint}-backup.pdf` });
    const file = writeTemp(written[0]![1] as Uint8Array);
    expect(pdfInfo(file)['Page size']).toMatch(/A4/);
    expect(pdfText(file)).toContain('attack');
    await ok('saveBackupPdf', { ...options(walletId), sheets: ['watch'] });
    expect(written[1]![0]).toBe(`/media/usb/permafrost-${fingerprint}-watch-only.pdf`);
    // The dialog says what the file holds, and only the words make it secret (removable drive, 0600).
    expect(dialogs).toEqual([
      { title: 'Save the backup kit — it holds the recovery words', secret: true },
      { title: 'Save the watch-only sheets (no recovery words)', secret: false },
    ]);
    expect(modes.get(written[0]![0])).toBe(0o600);
    expect(modes.get(written[1]![0])).toBe(0o644);
  });
  it('verify: the right SeedQR (Standard or Compact) or words match; another does not, and says which word', async () => {
    const { ok, call } = setup();
    const { walletId } = await ok('openWallet', { source: { words: WORDS, language: null }, passphrase: '' });
    expect((await ok('verifyBackup', { walletId, text: encodeStandardSeedQr(WORDS), bytes: null, words: null })).match).toBe(true);
    expect(await ok('verifyBackup', { walletId, text: null, bytes: encodeCompactSeedQr(WORDS), words: null })).toMatchObject({ match: true, message: expect.stringContaining('matches this wallet') });
    expect((await ok('verifyBackup', { walletId, text: null, bytes: null, words: WORDS })).match).toBe(true);
    const other = WORDS.replace('goddess expire', 'goddess expand');
    const wrongWords = await ok('verifyBackup', { walletId, text: null, bytes: null, words: other });
    expect(wrongWords.match).toBe(false);
    const otherSeed = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art';
    expect(await ok('verifyBackup', { walletId, text: null, bytes: encodeCompactSeedQr(otherSeed), words: null })).toMatchObject({ match: false, message: expect.stringContaining('word 1 differs') });
    expect(await call('verifyBackup', { walletId, text: 'hello', bytes: null, words: null })).toMatchObject({ ok: false, error: { code: 'BAD_QR' } });
    expect(await call('verifyBackup', { walletId, text: 'x', bytes: null, words: 'y' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
  it('bad options are refused', async () => {
    const { call } = setup();
    const walletId = '0'.repeat(32);
    expect(await call('previewBackup', { ...options(walletId), sheets: [] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call('previewBackup', { ...options(walletId), receive: { kind: 'bip84', count: 61 } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call('previewBackup', options(walletId))).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
  });
});

describe('no secret touches a temp file', () => {
  it('preview, print and verify write nothing to the temp directory', async () => {
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    // A private, empty temp directory for this test alone (os.tmpdir() follows TMPDIR), so other tests running
    // in parallel cannot disturb the count.
    const privateTmp = mkdtempSync(path.join(tmpdir(), 'permafrost-notemp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      expect(tmpdir()).toBe(privateTmp);
      const { ok } = setup();
      const { walletId } = await ok('openWallet', { source: { words: WORDS, language: null }, passphrase: '' });
      await ok('previewBackup', { ...options(walletId), sheets: [...options(walletId).sheets] });
      await ok('printBackup', { paper: 'a4' });
      await ok('verifyBackup', { walletId, text: null, bytes: null, words: WORDS });
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe('backup with a registered multisig wallet', () => {
  it('adds the configuration sheet after the seed card, in the preview and the saved PDF; an unknown wallet is refused', async () => {
    const { ok, call, written } = setup();
    const { ABOUT, descriptorFor, keysFor } = await import('../helpers/multisig');
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const read = (await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: descriptorFor('p2wsh', keysFor('p2wsh')) }, name: 'Family vault' }))!;
    const registered = await ok('registerMultisig', { walletId, draftId: read.draftId, name: null });
    const chosen = { ...options(walletId), sheets: ['seed' as const, 'inheritance' as const], multisigId: registered.multisigId };
    const doc = await ok('previewBackup', chosen);
    expect(doc.pages.map((p) => p.sheet)).toEqual(['seed', 'wallet-config', 'inheritance']);
    await ok('saveBackupPdf', chosen);
    const text = pdfText(writeTemp(written[0]![1] as Uint8Array));
    expect(text).toContain('Multisig wallet configuration');
    expect(text).toContain('Family vault');
    expect(text).toContain('any 2 of these 3 keys');
    expect(await call('previewBackup', { ...chosen, multisigId: '0123456789abcdef' })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
    expect(await call('previewBackup', { ...chosen, multisigId: 'not-an-id' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
