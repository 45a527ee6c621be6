/** The Shamir channels through the real registered listeners: split, cards, verify, recover. */
import { describe, expect, it } from 'vitest';
import { encodeShare } from '../../electron/core/backup/slip39/share';
import { handlerHarness } from '../helpers/ipc';
import { pdfText, writeTemp } from '../helpers/pdf';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

function setup() {
  return handlerHarness();
}


describe('Shamir channels', () => {
  it('bip39 mode: split the open phrase 2-of-3, every quorum checked; cards as a PDF; verify; recover from another quorum', async () => {
    const { ok, call, vault, written } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const s = await ok('splitShares', { walletId, mode: 'bip39', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    expect(s).toMatchObject({ mode: 'bip39', fingerprint: '73c5da0a', quorums: { checked: 3, total: 3, exhaustive: true }, wordsPerShare: 20, wallet: null });

    const doc = await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' });
    expect(doc.pages.map((p) => p.title)).toEqual(['Share 1 of 3', 'Share 2 of 3', 'Share 3 of 3']);
    const shares = doc.pages.map((p) => (p.blocks.find((b) => b.kind === 'words') as { words: readonly string[] }).words.join(' '));

    await ok('saveShareCardsPdf', { splitId: s.splitId, paper: 'a4', share: null });
    expect(written[0]![0]).toBe('/media/usb/permafrost-73c5da0a-shares.pdf');
    expect(pdfText(writeTemp(written[0]![1] as Uint8Array))).toContain(shares[2]!.split(' ')[7]);

    expect(await ok('verifyShare', { splitId: s.splitId, text: shares[1]! })).toMatchObject({ match: true, message: 'Share 2 matches (1 of 3 verified).' });
    const typo = shares[1]!.split(' ');
    [typo[8], typo[9]] = [typo[9]!, typo[8]!];
    expect(await call('verifyShare', { splitId: s.splitId, text: typo.join(' ') })).toMatchObject({ ok: false, error: { code: 'BAD_CHECKSUM' } });

    const first = await ok('addRecoveryShare', { recoveryId: null, text: shares[2]! });
    expect(first.progress.message).toBe('group 1: 1 of 2 shares; 1 more share needed');
    const second = await ok('addRecoveryShare', { recoveryId: first.recoveryId, text: shares[0]!.toUpperCase() });
    expect(second.progress.complete).toBe(true);
    const restored = await ok('finishRecovery', { recoveryId: first.recoveryId, mode: 'bip39', passphrase: '' });
    expect(restored).toMatchObject({ fingerprint: '73c5da0a', wordCount: 12 });
    expect(vault.size.recoveries).toBe(0);
  });

  it('wallet mode: a new Shamir wallet (groups), opened; recovered with its passphrase', async () => {
    const { ok } = setup();
    const s = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 2, groups: [{ threshold: 2, count: 3 }, { threshold: 1, count: 1 }] }, exponent: 0, passphrase: 'pp' });
    expect(s.quorums).toEqual({ checked: 3, total: 3, exhaustive: true });
    expect(s.wallet).toMatchObject({ fingerprint: s.fingerprint, wordCount: 0, hasPassphrase: true });
    const doc = await ok('previewShareCards', { splitId: s.splitId, paper: 'letter' });
    expect(doc.pages.map((p) => p.title)).toEqual(['Share 1 of 3 · group 1 of 2', 'Share 2 of 3 · group 1 of 2', 'Share 3 of 3 · group 1 of 2', 'Share 1 of 1 · group 2 of 2']);
    const shares = doc.pages.map((p) => (p.blocks.find((b) => b.kind === 'words') as { words: readonly string[] }).words.join(' '));
    let r = await ok('addRecoveryShare', { recoveryId: null, text: shares[3]! });
    r = await ok('addRecoveryShare', { recoveryId: r.recoveryId, text: shares[0]! });
    expect(r.progress.message).toBe('group 1: 1 of 2 shares; group 2: 1 of 1 share; 1 more group needed');
    r = await ok('addRecoveryShare', { recoveryId: r.recoveryId, text: shares[2]! });
    expect((await ok('finishRecovery', { recoveryId: r.recoveryId, mode: 'wallet', passphrase: 'pp' })).fingerprint).toBe(s.fingerprint);
  });

  it('refuses: bip39 mode without a wallet, a share from another set, a bad scheme', async () => {
    const { ok, call } = setup();
    expect(await call('splitShares', { walletId: null, mode: 'bip39', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' })).toMatchObject({
      ok: false,
      error: { message: 'Open the wallet whose recovery phrase you want to split.' },
    });
    expect(await call('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 1, count: 3 }] }, exponent: 0, passphrase: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/3 copies of the same share/) },
    });
    // One split is held at a time (a new one wipes the last): take a share of each while it is held.
    const shareOf = async (id: string) => ((await ok('previewShareCards', { splitId: id, paper: 'a4' })).pages[0]!.blocks.find((x) => x.kind === 'words') as { words: readonly string[] }).words.join(' ');
    const a = await shareOf((await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 2 }] }, exponent: 0, passphrase: '' })).splitId);
    const b = await shareOf((await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 2 }] }, exponent: 0, passphrase: '' })).splitId);
    const r = await ok('addRecoveryShare', { recoveryId: null, text: a });
    expect(await call('addRecoveryShare', { recoveryId: r.recoveryId, text: b })).toMatchObject({ ok: false, error: { message: 'Share 2 belongs to another set of shares (its first two words differ from the other shares’).' } });
  });
});

describe('Shamir hygiene', () => {
  it('a mistyped first share takes no slot in the vault (40 in a row, then a good one still works)', async () => {
    const { ok, call, vault } = setup();
    for (let i = 0; i < 40; i++) expect(await call('addRecoveryShare', { recoveryId: null, text: 'academic acid acrobat' })).toMatchObject({ ok: false });
    expect(vault.size.recoveries).toBe(0);
    const s = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 1, count: 1 }] }, exponent: 0, passphrase: '' });
    const card = (await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' })).pages[0]!;
    const share = (card.blocks.find((b) => b.kind === 'words') as { words: readonly string[] }).words.join(' ');
    expect((await ok('addRecoveryShare', { recoveryId: null, text: share })).progress.complete).toBe(true);
  });
  it('bip39 mode on a wallet with a BIP39 passphrase: the cards carry that wallet’s fingerprint and say a passphrase is needed', async () => {
    const { ok } = setup();
    const w = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: 'TREZOR' });
    const s = await ok('splitShares', { walletId: w.walletId, mode: 'bip39', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 2 }] }, exponent: 0, passphrase: '' });
    expect(s.fingerprint).toBe(w.fingerprint);
    const doc = await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' });
    expect(JSON.stringify(doc.pages[0])).toContain('YES — the wallet also needs its BIP39 passphrase');
    const shares = doc.pages.map((p) => (p.blocks.find((b) => b.kind === 'words') as { words: readonly string[] }).words.join(' '));
    let r = await ok('addRecoveryShare', { recoveryId: null, text: shares[0]! });
    r = await ok('addRecoveryShare', { recoveryId: r.recoveryId, text: shares[1]! });
    expect((await ok('finishRecovery', { recoveryId: r.recoveryId, mode: 'bip39', passphrase: 'TREZOR' })).fingerprint).toBe(w.fingerprint);
  });
  it('recovering a 128-bit Shamir wallet as a phrase opens another wallet: the card’s fingerprint is what tells them apart', async () => {
    const { ok } = setup();
    const s = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 1, count: 1 }] }, exponent: 0, passphrase: '' });
    const share = ((await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' })).pages[0]!.blocks.find((b) => b.kind === 'words') as { words: readonly string[] }).words.join(' ');
    const r = await ok('addRecoveryShare', { recoveryId: null, text: share });
    // A 16-byte Shamir wallet secret is also valid BIP39 entropy: it opens, but as another wallet — the card's fingerprint tells.
    expect((await ok('finishRecovery', { recoveryId: r.recoveryId, mode: 'bip39', passphrase: '' })).fingerprint).not.toBe(s.fingerprint);
  });

  it('share cards save one file per share by default: one page each, named for the share, secret (owner-only, removable-drive rules)', async () => {
    const { ok, call, written, dialogs, modes } = setup();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const s = await ok('splitShares', { walletId, mode: 'bip39', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    const doc = await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' });
    const words = doc.pages.map((p) => (p.blocks.find((b) => b.kind === 'words') as { words: readonly string[] }).words.join(' '));
    expect(await ok('saveShareCardsPdf', { splitId: s.splitId, paper: 'a4', share: { group: 0, member: 1 } })).toEqual({ path: '/media/usb/permafrost-73c5da0a-share2of3.pdf' });
    const file = writeTemp(written[0]![1] as Uint8Array);
    const text = pdfText(file).replace(/\s+/g, ' ');
    expect(text).toContain('Share 2 of 3');
    expect(text).not.toContain('Share 1 of 3');
    expect(text).not.toContain('Share 3 of 3');
    // Share 2's card holds its own words only (the other shares' last words differ).
    expect(text).toContain(words[1]!.split(' ').at(-1)!);
    expect(dialogs[0]).toEqual({ title: 'Save share 2 of 3 — one share card (secret)', secret: true });
    expect(modes.get('/media/usb/permafrost-73c5da0a-share2of3.pdf')).toBe(0o600);
    expect(await call('saveShareCardsPdf', { splitId: s.splitId, paper: 'a4', share: { group: 0, member: 3 } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'There is no share 4 in group 1.' } });
    // All in one file stays possible, and its dialog says what that means.
    await ok('saveShareCardsPdf', { splitId: s.splitId, paper: 'a4', share: null });
    expect(dialogs[1]).toEqual({ title: 'Save ALL share cards in one file — anyone with this file holds every share', secret: true });
  });

  it('grouped shares are named by group and member', async () => {
    const { ok, written } = setup();
    const s = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 2, groups: [{ threshold: 1, count: 1 }, { threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    const r = await ok('saveShareCardsPdf', { splitId: s.splitId, paper: 'a4', share: { group: 1, member: 2 } });
    expect(r?.path).toBe(`/media/usb/permafrost-${s.fingerprint}-g2-share3.pdf`);
    expect(pdfText(writeTemp(written[0]![1] as Uint8Array))).toContain("Share 3 of 3 · group 2 of 2");
  });

  it('making the shares again wipes the first split, and in wallet mode the Shamir wallet it opened (finding 9)', async () => {
    const { ok, call, vault } = setup();
    const first = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    const firstSecret = vault.split(first.splitId).outcome.split.encryptedSecret;
    expect(vault.size).toMatchObject({ splits: 1, wallets: 1 });
    const second = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    expect(vault.size).toMatchObject({ splits: 1, wallets: 1 });
    expect(firstSecret.every((b) => b === 0)).toBe(true);
    expect(await call('previewShareCards', { splitId: first.splitId, paper: 'a4' })).toMatchObject({ ok: false, error: { code: 'NO_SUCH_WALLET' } });
    expect(await call('closeWallet', { walletId: first.wallet!.walletId })).toMatchObject({ ok: true, value: { closed: false } });
    // Done: the split is closed, the new wallet stays open.
    await ok('closeWallet', { walletId: second.splitId });
    expect(vault.size).toMatchObject({ splits: 0, wallets: 1 });
  });
});

describe('slow shares and oversized secrets (issue 13)', () => {
  const share = (value: Uint8Array, iterationExponent: number) =>
    encodeShare({ identifier: 99, extendable: true, iterationExponent, groupIndex: 0, groupThreshold: 1, groupCount: 1, memberIndex: 0, memberThreshold: 1, value });

  it('decrypting reports its rounds while it runs, can be stopped, and the shares stay for another try', async () => {
    const { ok, call } = setup();
    const { recoveryId } = await ok('addRecoveryShare', { recoveryId: null, text: share(new Uint8Array(16).fill(5), 8) });
    expect(await ok('getRecoveryUnlockProgress', { recoveryId })).toEqual({ done: 0, total: 4, running: false });
    const running = call('finishRecovery', { recoveryId, mode: 'wallet', passphrase: '' });
    let seen = await ok('getRecoveryUnlockProgress', { recoveryId });
    expect(seen.running).toBe(true);
    while (seen.done < 1) {
      await new Promise((r) => setTimeout(r, 5));
      seen = await ok('getRecoveryUnlockProgress', { recoveryId });
    }
    expect(seen).toMatchObject({ total: 4, running: true });
    expect(await ok('cancelRecoveryUnlock', { recoveryId })).toEqual({ stopping: true });
    expect(await running).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('stopped before the shares were decrypted') } });
    expect((await ok('getRecoveryUnlockProgress', { recoveryId })).running).toBe(false);
    expect(await ok('cancelRecoveryUnlock', { recoveryId })).toEqual({ stopping: false });
    // Not stopped this time: all four rounds, and the wallet opens.
    const opened = await ok('finishRecovery', { recoveryId, mode: 'wallet', passphrase: '' });
    expect(opened.fingerprint).toMatch(/^[0-9a-f]{8}$/);
  });

  it('a well-formed share of a 66-byte secret is a precise error in wallet mode, not an internal one', async () => {
    const { ok, call } = setup();
    const { recoveryId } = await ok('addRecoveryShare', { recoveryId: null, text: share(new Uint8Array(66).fill(9), 0) });
    expect(await call('finishRecovery', { recoveryId, mode: 'wallet', passphrase: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('16 to 64 bytes') },
    });
  });
});
