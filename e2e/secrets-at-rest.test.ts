/**
 * Issue 8 as a user meets it, through the real bridge, handlers and file service (real files, scripted dialogs):
 * the encrypted backup file saved to the "USB drive" and opened with the reference `age` tool and in the app;
 * a secret file with no drive; each share in its own file; the online gate on every screen that takes words;
 * and the vault holding nothing of a flow after Cancel.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_SKIP_REASON, ageDecrypt } from '../test/helpers/age-cli';
import { ethRequest, qrParts, utf8 } from '../test/helpers/eth-requests';
import { pdfInfo, pdfText } from '../test/helpers/pdf';
import { descriptorFor, keysFor } from '../test/helpers/multisig';
import { buildMultisigPsbt } from '../test/helpers/multisig-psbt';
import { buildPsbt } from '../test/helpers/psbt-build';
import { addChecksum } from '../electron/core/keys/descriptor';
import { entropyToMnemonic, LANGUAGES, masterFromSeed, mnemonicToSeed, parseMnemonic, wordSeparator } from '../electron/core';
import { hasFourLetterPrefixes } from '../electron/core/keys/wordlists';
import { chromiumDataDirs } from '../electron/main/app';
import { createPrivateTempDir, TEMP_ENV_VARS, type PrivateTempDir } from '../electron/main/temp-dir';
import { closeBrowser, launchApp, WIFI_UP, type AppUnderTest } from './harness/app';
import { base64Run, filesUnder, scanFiles, secretsIn, textNeedle, walletNeedles, wordsNeedle } from '../test/helpers/at-rest';
import { pasteEthRequest, restoreWallet } from './harness/flows';

afterAll(closeBrowser);
const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' ');
const STRONG = 'glacier tundra lantern 47 orchard quiet';
const MS_KEYS = keysFor('p2wsh');
const ETH_PATH = "m/44'/60'/0'/0/0";

const restore = (app: AppUnderTest) => restoreWallet(app, ABOUT);

/** Clicks `testId` and waits for one more file written through the (scripted) save dialog; returns its path. */
async function saveOne(app: AppUnderTest, testId: string): Promise<string> {
  const before = app.saved.length;
  await app.page.getByTestId(testId).click();
  await expect.poll(() => app.saved.length, { timeout: 30_000 }).toBe(before + 1);
  return app.saved.at(-1)!;
}

/** From the first step of Split: 2 of 3 shares made and checked; their words, share by share. */
async function splitTwoOfThree(page: Page): Promise<string[]> {
  await page.getByTestId('next').click();
  await page.getByTestId('count').selectOption('3');
  await page.getByTestId('threshold').selectOption('2');
  await page.getByTestId('next').click();
  await expect.poll(() => page.getByTestId('quorum-result').textContent(), { timeout: 20_000 }).toContain('All 3 quorums');
  return page.locator('.paper-words').evaluateAll((lists) => lists.map((ol) => [...ol.querySelectorAll('b')].map((b) => b.textContent).join(' ')));
}

/** From the saved encrypted backup file's last step: the wallet closed, then `file` chosen to open and `passphrase` typed. */
async function openBackupFile(app: AppUnderTest, file: string, passphrase: string): Promise<void> {
  const { page } = app;
  await page.getByTestId('done').click();
  await page.getByTestId('close-wallet').click();
  await page.getByTestId('task-open-file').click();
  app.files.script.openPath = file;
  await page.getByTestId('choose-file').click();
  await page.getByTestId('file-passphrase').fill(passphrase);
  await page.getByTestId('open-file').click();
}

/** A dire warning accepted: "I understand the risk" ticked, then its button. */
async function goOnAnyway(page: Page, button: string): Promise<void> {
  await page.getByRole('checkbox', { name: 'I understand the risk' }).check();
  await page.getByRole('button', { name: button }).click();
}

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
    file = await saveOne(app, 'save-file');
    await expect.poll(() => page.getByTestId('saved').textContent(), { timeout: 30_000 }).toContain(fingerprint);
    await app.screenshot('backup-file-03-saved');
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
    await openBackupFile(app, file, 'glacier tundra lantern 48 orchard quiet');
    expect(await page.getByTestId('file-name').textContent()).toBe(path.basename(file));
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
    shares = await splitTwoOfThree(page);
    expect(await page.getByTestId('share-files').getAttribute('open')).not.toBeNull(); // one file per share is the default
    await app.screenshot('share-files-01-list');

    app.files.script.drives = [];
    app.files.script.messageBoxes = ['Cancel'];
    await page.getByTestId('save-share-1-2').click();
    await expect.poll(() => app.files.shown.filter((d) => d.kind === 'message').length).toBe(1);
    expect(app.files.shown.at(-1)).toMatchObject({ kind: 'message', title: 'No removable drive', detail: expect.stringContaining('Anyone who can read this file can take the funds') });
    expect(app.files.saved).toHaveLength(0);

    app.files.script.messageBoxes = ['Save on this computer’s disk anyway'];
    const onDisk = await saveOne(app, 'save-share-1-2');
    expect(path.basename(onDisk)).toBe('permafrost-73c5da0a-share2of3.pdf');
    expect(statSync(onDisk).mode & 0o777).toBe(0o600);
    const text = pdfText(onDisk);
    expect(text).toContain('Share 2 of 3');
    expect(text).not.toContain('Share 1 of 3');

    // With the drive back, share 3 goes straight to it, in a file of its own.
    app.files.script.drives = [path.dirname(onDisk).replace(/\/home$/, '')];
    expect(pdfText(await saveOne(app, 'save-share-1-3'))).toContain('Share 3 of 3');
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
    await goOnAnyway(page, 'Continue anyway');
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
    await goOnAnyway(page, 'Continue anyway');
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
    await goOnAnyway(page, 'Show the backup anyway');
    await page.getByTestId('to-verify').click();
    await page.getByTestId('verify-type').check();
    expect(await page.getByTestId('offline-gate').isVisible()).toBe(true);
    expect(await page.getByTestId('verify-words').count()).toBe(0);
    await app.screenshot('offline-gate-04-paper-type-back');
  });
});

/**
 * Issue 13, "No secrets at rest, observed": every flow in one session with a fresh user-data directory (registered
 * multisig wallets go to <userData>/multisig, as in the app), a private temp directory announced in TMPDIR/TMP/TEMP
 * before Chromium starts (electron/main/temp-dir.ts), the page in a Chromium of its own whose profile (Local Storage,
 * IndexedDB, caches) is <temp>/session, where the app puts Electron's sessionData (electron/main/app.ts), and a fresh
 * "USB drive"; then every file in all of them is searched for every secret the session handled.
 */
describe('Every flow, then no secret in any file the app or Chromium left behind', () => {
  const MESSAGE = 'Sign in to example.org\nNonce: 41c7\nThis request will not trigger a transaction.';
  const PASSPHRASE = 'orchard 47 tundra quiet';
  let app: AppUnderTest;
  let temp: PrivateTempDir;
  let userData: string;
  let drive: string;
  let created: string[] = [];
  let shares: string[] = [];
  let ageFile = '';
  let profile = '';
  /** Not a secret: what the page stores in Local Storage and IndexedDB, to show the scan sees the profile. */
  const MARKER = `permafrost-profile-marker-${Date.now().toString(36)}`;
  const savedEnv = Object.fromEntries(TEMP_ENV_VARS.map((k) => [k, process.env[k]]));
  const secretSaves: string[] = [];

  /** Sign Bitcoin with a PSBT from the drive: loaded, reviewed (`review` shown), signed, and the signed PSBT saved. */
  async function signPsbtFromDrive(name: string, review: 'psbt-review' | 'review-multisig'): Promise<void> {
    app.files.script.openPath = path.join(drive, name);
    await app.page.getByTestId('load-file').click();
    await expect.poll(() => app.page.getByTestId(review).isVisible()).toBe(true);
    await app.page.getByTestId('sign').click();
    await saveOne(app, 'save-signed');
  }

  beforeAll(async () => {
    // Chromium takes its temp directory from the environment at launch: start it again under the private one.
    await closeBrowser();
    temp = createPrivateTempDir({ platform: 'linux', osTempDir: tmpdir(), env: process.env });
    userData = mkdtempSync(path.join(tmpdir(), 'user-data-'));
    drive = mkdtempSync(path.join(tmpdir(), 'usb-drive-'));
    writeFileSync(path.join(drive, 'payment.psbt'), buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }] }).bytes);
    writeFileSync(path.join(drive, 'family-vault-descriptor.txt'), `${addChecksum(descriptorFor('p2wsh', MS_KEYS))}\n`);
    writeFileSync(path.join(drive, 'multisig-payment.psbt'), buildMultisigPsbt({ kind: 'p2wsh', keys: MS_KEYS, m: 2, inputs: [{ index: 0 }], change: { index: 0 } }).bytes);
    profile = chromiumDataDirs(temp.path).find(([name]) => name === 'sessionData')![1];
    app = await launchApp({ userDataDir: userData, exportsDir: drive, profileDir: profile });
    // The app keeps nothing in browser storage; a page that did would write it to the profile, which is scanned.
    await app.page.evaluate(
      (marker) =>
        new Promise<void>((resolve, reject) => {
          localStorage.setItem('marker', marker);
          const open = indexedDB.open('marker', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('marker');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('marker', 'readwrite');
            tx.objectStore('marker').put(marker, 'marker');
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
      MARKER,
    );
  });
  afterAll(async () => {
    await app.close();
    await closeBrowser();
    temp.remove();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(userData, { recursive: true, force: true });
    rmSync(drive, { recursive: true, force: true });
  });

  it('create: new words (CSPRNG), the quiz, the fingerprint, then the watch-only exports (accounts)', async () => {
    const { page } = app;
    await page.getByTestId('task-create').click();
    await page.getByTestId('next').click();
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('mnemonic-grid').isVisible()).toBe(true);
    created = await page.locator('.mnemonic-word .mono').allTextContents();
    expect(created).toHaveLength(24);
    await app.screenshot('at-rest-01-create-words');
    await page.getByTestId('written').check();
    await page.getByTestId('next').click();
    const asked = await page.locator('.quiz input').evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-label')?.replace('Word ', ''))));
    for (const p of asked) await page.getByTestId(`word-${p}`).fill(created[p - 1]!);
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('step-indicator').textContent()).toBe('Create wallet · 5 of 6');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('fingerprint').textContent()).toMatch(/^[0-9a-f]{8}$/);
    await page.getByTestId('done').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Watch-only export' }).isVisible()).toBe(true);
    for (const id of ['save-descriptor', 'save-xpub', 'save-ur', 'save-json']) await page.getByTestId(id).click();
    await expect.poll(() => app.saved.length).toBe(4);
    await app.screenshot('at-rest-02-accounts');
  });

  it('restore the new words with a BIP39 passphrase; paper backup saved as PDF to the drive', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await restoreWallet(app, created, PASSPHRASE);
    await page.getByTestId('task-paper').click();
    await page.getByTestId('next').click();
    await expect.poll(() => page.locator('.paper-page').count()).toBeGreaterThan(0);
    await page.getByTestId('save-pdf').click();
    await goOnAnyway(page, 'Save it');
    await expect.poll(() => page.getByTestId('print-status').textContent()).toMatch(/Saved to .*backup\.pdf/);
    secretSaves.push(app.saved.at(-1)!);
    await app.screenshot('at-rest-03-paper-saved');
  });

  it('split 2-of-3 with a share saved as its own PDF; recover from two shares', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-split').click();
    shares = await splitTwoOfThree(page);
    secretSaves.push(await saveOne(app, 'save-share-1-1'));
    await app.screenshot('at-rest-04-split');
    await page.getByTestId('cancel').click();
    await page.getByTestId('task-recover').click();
    for (const s of [shares[2]!, shares[0]!]) {
      await page.getByTestId('share-words').fill(s);
      await page.getByTestId('add-share').click();
    }
    await expect.poll(() => page.getByTestId('recovery-progress').textContent()).toContain('Enough shares.');
    await page.getByTestId('next').click();
    await app.screenshot('at-rest-05-recovered');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 30_000 }).toMatch(/^[0-9a-f]{8}$/);
    await page.getByTestId('done').click();
  });

  it('encrypted backup file (vault): saved with a file passphrase, then opened', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-backup-file').click();
    await page.getByTestId('file-passphrase').fill(STRONG);
    await page.getByTestId('file-passphrase-again').fill(STRONG);
    ageFile = await saveOne(app, 'save-file');
    await expect.poll(() => page.getByTestId('saved').isVisible(), { timeout: 30_000 }).toBe(true);
    await openBackupFile(app, ageFile, STRONG);
    await expect.poll(() => page.getByTestId('fingerprint').textContent(), { timeout: 30_000 }).toMatch(/^[0-9a-f]{8}$/);
    await app.screenshot('at-rest-06-vault-opened');
  });

  it('sign Bitcoin (single-sig) with "abandon … about": a PSBT from the drive, signed, saved', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await restore(app);
    await page.getByTestId('task-sign-btc').click();
    await signPsbtFromDrive('payment.psbt', 'psbt-review');
    expect(await page.getByTestId('signed-result').isVisible()).toBe(true);
    await app.screenshot('at-rest-07-signed-btc');
  });

  it('multisig: register the 2-of-3 from a file (kept in <userData>/multisig), sign a PSBT against it, save it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-multisig').click();
    await page.getByTestId('register-new').click();
    app.files.script.openPath = path.join(drive, 'family-vault-descriptor.txt');
    await page.getByTestId('multisig-file').click();
    await expect.poll(() => page.getByTestId('multisig-policy').textContent()).toBe('Any 2 of these 3 keys');
    await page.getByTestId('multisig-name').fill('Family vault');
    await page.getByTestId('register').click();
    await expect.poll(() => page.getByTestId('multisig-registered').isVisible()).toBe(true);
    expect(readdirSync(path.join(userData, 'multisig'))).toEqual([expect.stringMatching(/^73c5da0a-[0-9a-f]{16}\.json$/)]);
    await page.getByTestId('done').click();
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-sign-btc').click();
    await page.getByTestId('sign-multisig').selectOption({ label: 'Multisig “Family vault” — 2 of 3' });
    await signPsbtFromDrive('multisig-payment.psbt', 'review-multisig');
    expect(await page.getByTestId('multisig-signatures').textContent()).toContain('signatures 1 of 2');
    await app.screenshot('at-rest-08-signed-multisig');
  });

  it('sign Ethereum: a personal_sign request pasted, signed', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-sign-eth').click();
    await page.getByTestId('next').click();
    await pasteEthRequest(app, qrParts(ethRequest(utf8(MESSAGE), DataType.personalMessage, { path: ETH_PATH }), 400));
    await expect.poll(() => page.getByTestId('eth-review').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('sign').click();
    await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
    await app.screenshot('at-rest-09-signed-eth');
  });

  it('This computer: the auto-lock set to 15 minutes, kept in <userData>/settings.json (scanned below with the rest)', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-computer').click();
    await page.getByTestId('auto-lock-minutes').selectOption('15');
    await expect.poll(() => readdirSync(userData)).toContain('settings.json');
    expect(readFileSync(path.join(userData, 'settings.json'), 'utf8')).toBe('{"version":1,"autoLockSeconds":900}\n');
    await app.screenshot('at-rest-10-auto-lock');
  });

  it('quit, then no secret in the user-data directory, the temp directory (the Chromium profile in it) or any non-secret file saved', async () => {
    await app.close();
    const shareNeedles = shares.map((s, i) => wordsNeedle(`share ${i + 1}`, s.split(' '), true));
    const needles = [
      ...(await walletNeedles('the created wallet', created.join(' '), 'english', '', [])),
      ...(await walletNeedles('the created wallet with its passphrase', created.join(' '), 'english', PASSPHRASE, [])),
      ...(await walletNeedles('abandon … about', ABOUT.join(' '), 'english', '', ["m/84'/0'/0'/0/0", "m/48'/0'/0'/2'/0/0", ETH_PATH])),
      textNeedle('the encrypted file’s passphrase', STRONG),
      ...shareNeedles,
    ];
    // Not vacuous: every place holds files, the multisig registration and the settings among them; the profile is
    // in temp, and what the page stored (Local Storage, IndexedDB) is on disk there and found by the scan.
    const userFiles = filesUnder(userData);
    // (userData and the drive were made under TMPDIR, so inside temp: the two secret saves are left out here too.)
    const tempFiles = filesUnder(temp.path).filter((f) => !secretSaves.includes(f));
    const profileFiles = filesUnder(profile);
    expect(userFiles.sort()).toEqual([expect.stringMatching(/multisig\/73c5da0a-[0-9a-f]{16}\.json$/), path.join(userData, 'settings.json')]);
    expect(profile.startsWith(`${temp.path}${path.sep}`)).toBe(true);
    expect(profileFiles.length).toBeGreaterThan(10);
    for (const f of profileFiles) expect(tempFiles).toContain(f);
    const markerFiles = scanFiles(profileFiles, [textNeedle('marker', MARKER)]).map((f) => path.relative(profile, f.file));
    expect(markerFiles.some((f) => f.startsWith(path.join('Default', 'Local Storage')))).toBe(true);
    expect(markerFiles.some((f) => f.startsWith(path.join('Default', 'IndexedDB')))).toBe(true);
    const savedFiles = filesUnder(drive).filter((f) => !secretSaves.includes(f));
    expect(savedFiles.length).toBeGreaterThanOrEqual(10);
    expect(savedFiles).toContain(ageFile);
    const findings = scanFiles([...userFiles, ...tempFiles, ...savedFiles], needles);
    expect(findings).toEqual([]);
    // The scan would see a secret where one is: the files the user saved as secret hold the words (pdftotext).
    const paper = pdfText(secretSaves[0]!, false);
    for (const w of created) expect(paper).toContain(w);
    const share = pdfText(secretSaves[1]!, false);
    for (const w of shares[0]!.split(' ')) expect(share).toContain(w);

    // …and so would the scan: one canary in the temp directory per form a secret may take, each reported.
    const entropy = parseMnemonic(created.join(' '), 'english').entropy;
    const seed = await mnemonicToSeed(created.join(' '), '');
    const master = masterFromSeed(await mnemonicToSeed(ABOUT.join(' '), ''));
    const key = master.derive("m/84'/0'/0'/0/0").privateKey!;
    const words = (lang: (typeof LANGUAGES)[number]) => entropyToMnemonic(entropy, lang).split(wordSeparator(lang));
    const canaries: Array<readonly [string, Buffer, string]> = [
      ['the words, UTF-16 (as Chromium keeps strings)', Buffer.from(`x${created.join(' ')}x`, 'utf16le'), 'the created wallet: the words (english)'],
      ['the words as a JSON array', Buffer.from(JSON.stringify(created)), 'the created wallet: the words (english)'],
      ['the words one per line, upper case, UTF-16 at an odd offset', Buffer.concat([Buffer.from([1]), Buffer.from(created.join('\n').toUpperCase(), 'utf16le')]), 'the created wallet: the words (english)'],
      ...LANGUAGES.filter(hasFourLetterPrefixes).map((lang) => [`4-letter forms (${lang}), accents removed`, Buffer.from(words(lang).map((w) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '').slice(0, 4)).join(',')), `the created wallet: the words (${lang})`] as const),
      ['French words in NFD, tab-separated', Buffer.from(words('french').join('\t').normalize('NFD')), 'the created wallet: the words (french)'],
      ['Japanese words, one per line', Buffer.from(words('japanese').join('\n')), 'the created wallet: the words (japanese)'],
      ['Chinese (simplified) words with nothing between, UTF-16', Buffer.from(words('chinese_simplified').join(''), 'utf16le'), 'the created wallet: the words (chinese_simplified)'],
      ['Korean words in a JSON array', Buffer.from(JSON.stringify(words('korean'))), 'the created wallet: the words (korean)'],
      ['"abandon" five times and "about", one per line', Buffer.from([...ABOUT.slice(6)].join('\n')), 'abandon … about: the words (english)'],
      ['a share, 4 letters a word, JSON', Buffer.from(JSON.stringify(shares[0]!.split(' ').map((w) => w.slice(0, 4)))), 'share 1'],
      ['the seed in base64 (at offset 1 of a longer base64 text)', Buffer.from(Buffer.concat([Buffer.from([7]), seed, Buffer.from([9, 9])]).toString('base64')), 'the created wallet: the seed'],
      ['the seed in base64url', Buffer.from(Buffer.from(seed).toString('base64url')), 'the created wallet: the seed'],
      ['the entropy in base64 (at offset 2), UTF-16', Buffer.from(Buffer.concat([Buffer.from([1, 2]), entropy]).toString('base64'), 'utf16le'), 'the created wallet: the entropy'],
      ['the entropy in hex', Buffer.from(Buffer.from(entropy).toString('hex')), 'the created wallet: the entropy'],
      ['a private key in base64url (at offset 1)', Buffer.from(`key=${base64Run(key, 1, 'base64url')};`), "abandon … about: the private key at m/84'/0'/0'/0/0"],
      ['the master private key in base64', Buffer.from(Buffer.from(master.privateKey!).toString('base64')), 'abandon … about: the master private key'],
    ];
    for (const [i, [what, bytes, secret]] of canaries.entries()) {
      expect(secretsIn(bytes, needles), what).toContain(secret);
      writeFileSync(path.join(temp.path, `canary-${i}`), bytes);
    }
    const caught = scanFiles(filesUnder(temp.path).filter((f) => !secretSaves.includes(f)), needles);
    for (const [i, [what, , secret]] of canaries.entries()) expect(caught, what).toContainEqual({ file: path.join(temp.path, `canary-${i}`), secret });
    expect(new Set(caught.map((f) => path.basename(f.file)))).toEqual(new Set(canaries.map((_, i) => `canary-${i}`)));
  });

  it('the files saved as secret are on the removable drive, owner-only, and their PDF metadata holds no secret', async () => {
    expect(secretSaves).toHaveLength(2);
    for (const f of secretSaves) {
      expect(f.startsWith(`${drive}${path.sep}`)).toBe(true);
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    const needles = [
      ...(await walletNeedles('the created wallet', created.join(' '), 'english', PASSPHRASE, [])),
      ...shares.map((s, i) => wordsNeedle(`share ${i + 1}`, s.split(' '), true)),
    ];
    // Not even one word: any recovery or share word that is a whole word of the metadata, but for the app's own title
    // "Permafrost backup kit" ("kit" is a BIP39 word).
    const single = new Set([...created, ...shares.flatMap((s) => s.split(' '))]);
    for (const own of ['permafrost', 'backup', 'kit']) single.delete(own);
    for (const f of filesUnder(drive).filter((x) => x.endsWith('.pdf'))) {
      const info = Object.entries(pdfInfo(f)).map(([k, v]) => `${k}: ${v}`).join('\n');
      expect(info.length).toBeGreaterThan(20);
      const words = (Object.values(pdfInfo(f)).join(' ').toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => single.has(w));
      const hits = [...secretsIn(Buffer.from(info), needles), ...words];
      expect(hits, path.basename(f)).toEqual([]);
    }
  });
});
