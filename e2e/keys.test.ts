/**
 * Create (dice, with the quiz) and Restore (typed words) through the real bridge and handlers, then Accounts.
 * The dice rolls are SeedSigner's published vector, so the words shown in screenshots are public test words.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSinglePartUr } from '../electron/core';
import { closeBrowser, launchApp, WIFI_UP, type AppUnderTest } from './harness/app';
import { readQrFromScreen } from './harness/screen-qr';

afterAll(closeBrowser);

const ROLLS = '65515223131652132161133154444123616466443112153441';
const WORDS = 'hole luggage safe present express tragic orbit shed switch metal identify path'.split(' ');
const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'.split(' ');

describe('Create wallet from dice, with the quiz', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('walks every step to the fingerprint', async () => {
    const { page } = app;
    await page.getByTestId('task-create').click();
    await expect.poll(() => page.getByTestId('step-indicator').textContent()).toBe('Create wallet · 1 of 6');
    await page.getByTestId('length-12').check();
    await app.screenshot('create-01-length');
    await page.getByTestId('next').click();
    await page.getByTestId('source-dice').check();
    await app.screenshot('create-02-source');
    await page.getByTestId('next').click();

    expect(await page.getByTestId('step-indicator').textContent()).toBe('Create wallet · 3 of 7');
    await page.getByTestId('rolls').fill(ROLLS.slice(0, 20));
    await expect.poll(() => page.getByTestId('entropy-progress').textContent()).toContain('20 of 50 rolls');
    expect(await page.getByTestId('next').isDisabled()).toBe(true);
    await page.getByTestId('rolls').fill(ROLLS);
    await expect.poll(() => page.getByTestId('entropy-progress').textContent()).toContain('50 of 50 rolls · 129 of 128 bits — enough.');
    await app.screenshot('create-03-rolls');
    await page.getByTestId('next').click();

    await expect.poll(() => page.getByTestId('mnemonic-grid').textContent()).toContain('1.hole');
    const shown = await page.locator('.mnemonic-word .mono').allTextContents();
    expect(shown).toEqual(WORDS);
    expect(await page.getByTestId('method').textContent()).toContain('dice-sha256');
    await app.screenshot('create-04-words');
    expect(await page.getByTestId('next').isDisabled()).toBe(true);
    await page.getByTestId('written').check();
    await page.getByTestId('next').click();

    // The quiz: read which positions are asked, answer one wrongly first.
    const asked = await page.locator('.quiz input').evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-label')?.replace('Word ', ''))));
    expect(asked).toHaveLength(3);
    for (const [i, p] of asked.entries()) await page.getByTestId(`word-${p}`).fill(i === 0 ? 'zoo' : WORDS[p - 1]!);
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('quiz-wrong').textContent()).toContain(`Word ${asked[0]} does not match`);
    await app.screenshot('create-05-quiz-wrong');
    // Typing four letters completes the word.
    await page.getByTestId(`word-${asked[0]}`).fill('');
    await page.getByTestId(`word-${asked[0]}`).pressSequentially(WORDS[asked[0]! - 1]!.slice(0, 4));
    expect(await page.getByTestId(`word-${asked[0]}`).inputValue()).toBe(WORDS[asked[0]! - 1]);
    await page.getByTestId('next').click();

    await expect.poll(() => page.getByTestId('step-indicator').textContent()).toBe('Create wallet · 6 of 7');
    await app.screenshot('create-06-passphrase');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('fingerprint').textContent()).toBe('8d9cced8');
    expect(await page.getByTestId('wallet-badge').textContent()).toContain('8d9cced8');
    await app.screenshot('create-07-fingerprint');
    // The words are gone from the page once the quiz passed.
    expect(await page.content()).not.toContain('luggage');
    await page.getByTestId('done').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Watch-only export' }).isVisible()).toBe(true);
  });

  it('the words appear in no console message, IPC log, or file the app saved', async () => {
    // Save every kind of export of the new wallet, so there are real files to look into.
    const { page } = app;
    for (const id of ['save-descriptor', 'save-xpub', 'save-ur', 'save-json']) await page.getByTestId(id).click();
    await expect.poll(() => app.saved.length).toBe(4);
    // The phrase, and each of its words that no log or export would contain by chance.
    const secrets = [WORDS.join(' '), 'luggage', 'tragic', 'orbit', 'identify'];
    const logs = [...app.consoleErrors, ...app.ipcLog].join('\n');
    for (const w of secrets) expect(logs).not.toContain(w);
    for (const file of app.saved) {
      const text = readFileSync(file, 'utf8');
      expect(text.length, file).toBeGreaterThan(50);
      for (const w of secrets) expect(text, path.basename(file)).not.toContain(w);
    }
    expect(app.consoleErrors).toEqual([]);
  });
});

describe('Leaving a flow wipes what it held', () => {
  it('new words are wiped in main when the user goes home through the header mid-flow', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await page.getByTestId('task-create').click();
      await page.getByTestId('next').click();
      await page.getByTestId('next').click(); // CSPRNG: the draft now exists in main
      await expect.poll(() => page.getByTestId('mnemonic-grid').isVisible()).toBe(true);
      expect(app.vault.size).toMatchObject({ wallets: 0, drafts: 1 });
      await page.getByRole('button', { name: 'Permafrost — home' }).click();
      await expect.poll(() => app.vault.size.drafts).toBe(0);
    } finally {
      await app.close();
    }
  });
});

describe('Create wallet while online', () => {
  it('hides the words behind a dire warning until the user overrides', async () => {
    const app = await launchApp({ interfaces: WIFI_UP });
    try {
      const { page } = app;
      await expect.poll(() => page.getByTestId('airgap-badge').textContent()).toBe('Online');
      await page.getByTestId('task-create').click();
      await page.getByTestId('next').click();
      await page.getByTestId('next').click(); // CSPRNG
      await expect.poll(() => page.getByTestId('dire-warning').isVisible()).toBe(true);
      expect(await page.getByTestId('mnemonic-grid').count()).toBe(0);
      await app.screenshot('create-online-warning');
      await page.getByTestId('cancel').click();
      await page.getByTestId('confirm-cancel').click();
      await expect.poll(() => page.getByRole('heading', { name: 'What would you like to do?' }).isVisible()).toBe(true);
      expect(app.vault.size).toMatchObject({ wallets: 0, drafts: 0 });
    } finally {
      await app.close();
    }
  });
});

describe('Restore from typed words, then Accounts', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('names a mistyped word, then restores "abandon … about" (fingerprint 73c5da0a)', async () => {
    const { page } = app;
    await page.getByTestId('task-restore').click();
    await page.getByTestId('method-type').click();
    await app.screenshot('restore-01-empty');
    for (const [i, w] of ABOUT.entries()) await page.getByTestId(`word-${i + 1}`).fill(w);
    await page.getByTestId('word-12').fill('abuot');
    await page.getByTestId('next').click();
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain("Word 12 ('abuot') is not in the word list — did you mean 'about'");
    await app.screenshot('restore-02-typo');
    await page.getByTestId('word-12').fill('abou');
    expect(await page.getByTestId('word-12').inputValue()).toBe('about');
    await page.getByTestId('next').click();
    await page.getByTestId('next').click(); // no passphrase
    await expect.poll(() => page.getByTestId('fingerprint').textContent()).toBe('73c5da0a');
    await app.screenshot('restore-03-fingerprint');
    await page.getByTestId('done').click();
  });

  it('Accounts: BIP84 zpub, descriptor, a scannable crypto-account QR, the BIP84 addresses', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('slip132').textContent()).toMatch(/^zpub6rFR7y4Q2Aij/);
    expect(await page.getByTestId('descriptor').textContent()).toMatch(/^wpkh\(\[73c5da0a\/84h\/0h\/0h\]xpub.*\/<0;1>\/\*\)#[a-z0-9]{8}$/);
    // The QR on screen, read as a phone would, is the crypto-account of this account.
    const scanned = decodeSinglePartUr(await readQrFromScreen(page.getByTestId('qr').first()));
    expect(scanned.type).toBe('crypto-account');
    await page.getByTestId('qr-format').selectOption('output');
    await expect.poll(async () => decodeSinglePartUr(await readQrFromScreen(page.getByTestId('qr').first())).type).toBe('crypto-output');
    await page.getByTestId('qr-format').selectOption('account');
    // The same AnimatedQr as the signed PSBT: full screen it still reads as the crypto-account; Escape leaves full
    // screen only, not the Accounts screen (which Escape leaves otherwise).
    await page.getByTestId('qr-fullscreen').click();
    expect(decodeSinglePartUr(await readQrFromScreen(page.getByTestId('qr-fullscreen-view').getByTestId('qr'))).type).toBe('crypto-account');
    await app.screenshot('accounts-01a-fullscreen');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('qr-fullscreen-view').count()).toBe(0);
    expect(await page.getByTestId('account-kind').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('addresses').textContent()).toContain('bc1q cr8t e4kr 609g cawu tmrz a0j4 xv80 jy8z 306f yu');
    await app.screenshot('accounts-01-bip84');
    await page.getByTestId('account-kind').selectOption('eth');
    await expect.poll(() => page.getByTestId('addresses').textContent()).toContain('0x98 58Ef FD23 2B40 33E4 7d90 003D 41EC 34Ec aEda 94');
    await app.screenshot('accounts-02-eth');
    await page.getByTestId('account-kind').selectOption('bip84');
    await page.getByTestId('search-address').fill('bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g');
    await page.getByTestId('search').click();
    await expect.poll(() => page.getByTestId('search-result').textContent()).toContain('Yes: receive address 1');
    // The next page of addresses, and one of them as a QR code that reads as the address shown in its row.
    await page.getByTestId('more-addresses').click();
    await expect.poll(() => page.getByTestId('addresses').locator('tbody tr td:first-child').first().textContent()).toBe('10');
    await page.getByRole('button', { name: 'Show QR of address 10' }).click();
    const shown = await page.getByTestId('addresses').locator('tbody tr td:nth-child(2)').first().textContent();
    expect((await readQrFromScreen(page.getByTestId('address-qr').getByTestId('qr'))).toLowerCase()).toBe(shown!.replaceAll(' ', ''));
    await app.screenshot('accounts-01b-address-qr');
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => page.getByTestId('addresses').locator('tbody tr td:first-child').first().textContent()).toBe('0');
  });

  it('saves the watch-only exports (public data only)', async () => {
    const { page } = app;
    await page.getByTestId('save-descriptor').click();
    await expect.poll(() => page.getByTestId('saved').textContent()).toMatch(/Saved to .*descriptor\.txt/);
    await page.getByTestId('save-ur').click();
    await expect.poll(() => app.saved.length).toBe(2);
    const ur = readFileSync(app.saved[1]!, 'utf8').trim();
    expect(decodeSinglePartUr(ur).type).toBe('crypto-account');
    expect(app.saved.map((f) => readFileSync(f, 'utf8')).join('')).not.toMatch(/prv|abandon/);
  });

  it('BIP48 cosigner: the key expression, its QR (wsh(hdkey)), "Save cosigner key" and the Coldcard multisig file; BIP86 says what BlueWallet reads', async () => {
    const { page } = app;
    await page.getByTestId('account-kind').selectOption('bip48');
    await expect.poll(() => page.getByTestId('account-facts').textContent()).toMatch(/\[73c5da0a\/48h\/0h\/0h\/2h\]xpub/);
    expect(await page.getByTestId('save-descriptor').textContent()).toBe('Save cosigner key');
    const scanned = decodeSinglePartUr(await readQrFromScreen(page.getByTestId('qr').first()));
    expect(scanned.type).toBe('crypto-account');
    expect(Buffer.from(scanned.cbor).toString('hex')).toMatch(/d90191d9012f/); // 401(303(…)): Nunchuk, Sparrow, BlueWallet
    await app.screenshot('accounts-03-bip48-cosigner');
    const before = app.saved.length;
    await page.getByTestId('save-descriptor').click();
    await expect.poll(() => app.saved.length).toBe(before + 1);
    expect(app.saved[before]).toMatch(/cosigner-key\.txt$/);
    expect(readFileSync(app.saved[before]!, 'utf8')).toMatch(/^\[73c5da0a\/48h\/0h\/0h\/2h\]xpub[1-9A-HJ-NP-Za-km-z]+\n$/);
    await page.getByTestId('save-multisig-json').click();
    await expect.poll(() => app.saved.length).toBe(before + 2);
    expect(JSON.parse(readFileSync(app.saved[before + 1]!, 'utf8'))).toMatchObject({ p2wsh_deriv: 'm/48h/0h/0h/2h', xfp: '73C5DA0A' });
    await page.getByTestId('account-kind').selectOption('bip86');
    await expect.poll(() => page.getByTestId('bluewallet-taproot').textContent()).toContain('Save wallet file');
    await app.screenshot('accounts-04-bip86-bluewallet');
    await page.getByTestId('account-kind').selectOption('bip84');
  });

  it('closing the wallet wipes it in main and disables Accounts', async () => {
    const { page } = app;
    await page.getByTestId('close-wallet').click();
    await expect.poll(() => page.getByTestId('task-accounts').isDisabled()).toBe(true);
    expect(app.vault.size).toMatchObject({ wallets: 0, drafts: 0 });
    expect(app.consoleErrors).toEqual([]);
  });
});
