/**
 * Issue 8 as a user meets it, through the real bridge, handlers and file service (real files, scripted dialogs):
 * the encrypted backup file saved to the "USB drive" and opened with the reference `age` tool and in the app;
 * a secret file with no drive; each share in its own file; the online gate on every screen that takes words;
 * and the vault holding nothing of a flow after Cancel.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_SKIP_REASON, ageDecrypt } from '../test/helpers/age-cli';
import { pdfText } from '../test/helpers/pdf';
import { closeBrowser, launchApp, WIFI_UP, type AppUnderTest } from './harness/app';
import { restoreWallet } from './harness/flows';

afterAll(closeBrowser);
const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' ');
const STRONG = 'glacier tundra lantern 47 orchard quiet';

const restore = (app: AppUnderTest) => restoreWallet(app, ABOUT);

describe('Encrypted backup file: save to the drive, open with age and in the app', () => {
  let app: AppUnderTest;
  let fingerprint: string;
  let file: string;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('refuses a weak passphrase, then saves with a strong one typed twice, checked by decrypting it back', async () => {
    const { page } = app;
    fingerprint = await restore(app);
    await page.getByTestId('task-backup-file').click();
    await page.getByTestId('file-passphrase').fill('password1234');
    await page.getByTestId('file-passphrase-again').fill('password1234');
    await expect.poll(() => page.getByTestId('strength').getAttribute('data-score')).toMatch(/^[0-2]$/);
    expect(await page.getByTestId('save-file').isDisabled()).toBe(true);
    await app.screenshot('backup-file-01-weak');
    await page.getByTestId('file-passphrase').fill(STRONG);
    await page.getByTestId('file-passphrase-again').fill(STRONG);
    await expect.poll(() => page.getByTestId('strength').getAttribute('data-score')).toMatch(/^[34]$/);
    await app.screenshot('backup-file-02-strong');
    await page.getByTestId('save-file').click();
    await expect.poll(() => page.getByTestId('saved').textContent(), { timeout: 30_000 }).toContain(fingerprint);
    await app.screenshot('backup-file-03-saved');
    file = app.files.saved.at(-1)!;
    expect(path.basename(file)).toBe(`permafrost-${fingerprint}.age`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(app.files.shown).toContainEqual({ kind: 'save', title: 'Save the encrypted backup file (age) — it opens with your file passphrase' });
    expect(await page.getByTestId('age-command').textContent()).toBe(`age --decrypt permafrost-${fingerprint}.age`);
  });

  it.skipIf(AGE_SKIP_REASON !== null)('the reference age tool decrypts the saved file to the documented JSON with the words', () => {
    const r = ageDecrypt(new Uint8Array(readFileSync(file)), STRONG);
    expect(r.code, r.terminal).toBe(0);
    const doc = JSON.parse(new TextDecoder().decode(r.output!));
    expect(doc).toMatchObject({ format: 'permafrost-backup', version: 1, mnemonic: ABOUT.join(' '), language: 'english', passphraseSet: false, fingerprint });
  });

  it('opens the wallet from the file: a wrong passphrase is named, the right one gives the same fingerprint', async () => {
    const { page } = app;
    await page.getByTestId('done').click();
    await page.getByTestId('close-wallet').click();
    await page.getByTestId('task-open-file').click();
    app.files.script.openPath = file;
    await page.getByTestId('choose-file').click();
    expect(await page.getByTestId('file-name').textContent()).toBe(path.basename(file));
    await page.getByTestId('file-passphrase').fill('glacier tundra lantern 48 orchard quiet');
    await page.getByTestId('open-file').click();
    await expect.poll(() => page.getByTestId('error').textContent(), { timeout: 30_000 }).toBe('The file did not open. This passphrase does not open the file: it is mistyped (check letters, case and spaces), or the file’s header is damaged — then try another copy. It is the passphrase chosen when the file was saved, not the wallet’s BIP39 passphrase.');
    await app.screenshot('open-file-01-wrong');
    await page.getByTestId('file-passphrase').fill(STRONG);
    await page.getByTestId('open-file').click();
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 30_000 }).toBe(fingerprint);
    expect(await page.getByTestId('wallet-badge').textContent()).toContain(fingerprint);
    await app.screenshot('open-file-02-opened');
  });
});

describe('Secret files with no removable drive, and each share in its own file', () => {
  let app: AppUnderTest;
  let shares: string[] = [];
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('no drive: the app asks to plug one in; Cancel saves nothing; "anyway" saves to this computer, owner-only', async () => {
    const { page } = app;
    await restore(app);
    await page.getByTestId('task-split').click();
    await page.getByTestId('next').click();
    await page.getByTestId('count').selectOption('3');
    await page.getByTestId('threshold').selectOption('2');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('quorum-result').textContent(), { timeout: 20_000 }).toContain('All 3 quorums');
    shares = await page.locator('.paper-words').evaluateAll((lists) => lists.map((ol) => [...ol.querySelectorAll('b')].map((b) => b.textContent).join(' ')));
    expect(await page.getByTestId('share-files').getAttribute('open')).not.toBeNull(); // one file per share is the default
    await app.screenshot('share-files-01-list');

    app.files.script.drives = [];
    app.files.script.messageBoxes = ['Cancel'];
    await page.getByTestId('save-share-1-2').click();
    await expect.poll(() => app.files.shown.filter((d) => d.kind === 'message').length).toBe(1);
    expect(app.files.shown.at(-1)).toMatchObject({ kind: 'message', title: 'No removable drive', detail: expect.stringContaining('Anyone who can read this file can take the funds') });
    expect(app.files.saved).toHaveLength(0);

    app.files.script.messageBoxes = ['Save on this computer’s disk anyway'];
    await page.getByTestId('save-share-1-2').click();
    await expect.poll(() => app.files.saved.length).toBe(1);
    const onDisk = app.files.saved[0]!;
    expect(path.basename(onDisk)).toBe('permafrost-73c5da0a-share2of3.pdf');
    expect(statSync(onDisk).mode & 0o777).toBe(0o600);
    const text = pdfText(onDisk);
    expect(text).toContain('Share 2 of 3');
    expect(text).not.toContain('Share 1 of 3');

    // With the drive back, share 3 goes straight to it, in a file of its own.
    app.files.script.drives = [path.dirname(onDisk).replace(/\/home$/, '')];
    await page.getByTestId('save-share-1-3').click();
    await expect.poll(() => app.files.saved.length).toBe(2);
    expect(pdfText(app.files.saved[1]!)).toContain('Share 3 of 3');
    await app.screenshot('share-files-02-saved');
  });

  it('Cancel leaves nothing of the split in the vault', async () => {
    const { page } = app;
    expect(app.vault.size.splits).toBe(1);
    await page.getByTestId('cancel').click();
    await expect.poll(() => app.vault.size.splits).toBe(0);
    expect(app.vault.size).toMatchObject({ drafts: 0, recoveries: 0, wallets: 1 });
  });

  it('a new Shamir wallet abandoned with Cancel is closed too: nothing of the flow is left', async () => {
    const { page } = app;
    await page.getByTestId('task-split').click();
    await page.getByTestId('mode-wallet').check();
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('quorum-result').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(app.vault.size).toMatchObject({ splits: 1, wallets: 2 });
    await page.getByTestId('cancel').click();
    await expect.poll(() => app.vault.size).toMatchObject({ splits: 0, wallets: 1 });
  });

  it('Recover abandoned after a share was added holds nothing', async () => {
    const { page } = app;
    await page.getByTestId('task-recover').click();
    await page.getByTestId('share-words').fill(shares[0]!);
    await page.getByTestId('add-share').click();
    await expect.poll(() => app.vault.size.recoveries).toBe(1);
    await page.getByTestId('cancel').click();
    await expect.poll(() => app.vault.size.recoveries).toBe(0);
    expect(app.vault.size).toMatchObject({ drafts: 0, splits: 0, recoveries: 0, wallets: 1 });
  });
});

describe('The online warning fails closed on every screen that takes words', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp({ interfaces: WIFI_UP });
  });
  afterAll(() => app.close());

  it('Restore (typing and scanning) and Recover from shares hide their inputs behind the warning until the user goes on', async () => {
    const { page } = app;
    await page.getByTestId('task-restore').click();
    await page.getByTestId('method-type').click();
    await expect.poll(() => page.getByTestId('offline-gate').isVisible()).toBe(true);
    expect(await page.getByTestId('word-1').count()).toBe(0);
    await app.screenshot('offline-gate-01-restore');
    await page.getByRole('checkbox', { name: 'I understand the risk' }).check();
    await page.getByRole('button', { name: 'Continue anyway' }).click();
    expect(await page.getByTestId('word-1').count()).toBe(1);
    await page.getByTestId('back').click();
    await page.getByTestId('method-scan').click();
    expect(await page.getByTestId('offline-gate').isVisible()).toBe(true);
    await page.getByTestId('cancel').click();
    await page.getByTestId('task-recover').click();
    expect(await page.getByTestId('offline-gate').isVisible()).toBe(true);
    expect(await page.getByTestId('share-words').count()).toBe(0);
    await app.screenshot('offline-gate-02-recover');
  });

  it('the encrypted backup file and the paper type-back are behind the same warning', async () => {
    const { page } = app;
    await page.getByTestId('cancel').click();
    await page.getByTestId('task-restore').click();
    await page.getByTestId('method-type').click();
    await page.getByRole('checkbox', { name: 'I understand the risk' }).check();
    await page.getByRole('button', { name: 'Continue anyway' }).click();
    for (const [i, w] of ABOUT.entries()) await page.getByTestId(`word-${i + 1}`).fill(w);
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await page.getByTestId('done').click();
    await page.getByRole('button', { name: 'Permafrost — home' }).click();

    await page.getByTestId('task-backup-file').click();
    expect(await page.getByTestId('offline-gate').isVisible()).toBe(true);
    expect(await page.getByTestId('file-passphrase').count()).toBe(0);
    await app.screenshot('offline-gate-03-backup-file');
    await page.getByRole('button', { name: 'Permafrost — home' }).click();

    await page.getByTestId('task-paper').click();
    await page.getByTestId('next').click();
    await page.getByRole('checkbox', { name: 'I understand the risk' }).check();
    await page.getByRole('button', { name: 'Show the backup anyway' }).click();
    await page.getByTestId('to-verify').click();
    await page.getByTestId('verify-type').check();
    expect(await page.getByTestId('offline-gate').isVisible()).toBe(true);
    expect(await page.getByTestId('verify-words').count()).toBe(0);
    await app.screenshot('offline-gate-04-paper-type-back');
  });
});
