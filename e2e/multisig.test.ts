/**
 * Multisig as a cosigner does it, through the real bridge, handlers and file service: the coordinator's descriptor
 * of a 2-of-3 P2WSH wallet registered from a file on the "USB drive" (M of N, every key, ours marked, the first
 * address compared with bitcoinjs-lib's), its addresses and "is this address ours?"; a PSBT built by bitcoinjs-lib
 * reviewed against it (change proven by the same wallet), signed, saved, and the saved file validated by
 * bitcoinjs-lib — which adds the second cosigner's signature and finalizes. Then the configuration sheet in the
 * paper kit's preview, and the registration deleted.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as bitcoin from 'bitcoinjs-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textQr } from '../electron/core/codecs/qr';
import { cryptoOutputMultiUr } from '../electron/core/codecs/ur/registry';
import { encodeUr, UrEncoder } from '../electron/core/codecs/ur/ur';
import { addChecksum } from '../electron/core/keys/descriptor';
import { parseExtendedKey } from '../electron/core/keys/hd';
import { ABOUT, descriptorFor, keysFor, type TestKey } from '../test/helpers/multisig';
import { matrixToRgba } from '../test/helpers/qr-image';
import { buildMultisigPsbt, cosignerSigner, scriptsAt, validator } from '../test/helpers/multisig-psbt';
import { ARTIFACTS, closeBrowser, launchApp, type AppUnderTest } from './harness/app';
import { restoreWallet } from './harness/flows';

afterAll(closeBrowser);
const EXPORTS = path.join(ARTIFACTS, 'exports');
const KEYS = keysFor('p2wsh');
const DESCRIPTOR = addChecksum(descriptorFor('p2wsh', KEYS));
const NET = bitcoin.networks.bitcoin;
const grouped = (a: string) => a.replace(/(.{4})/g, '$1 ').trim();

/** The coordinator's QR of a wallet: UR crypto-output of sh(wsh(sortedmulti(2, …))), as a PNG "photo"; or its animated parts. */
function configQrPng(file: string, keys: readonly TestKey[], fragment?: number): string[] {
  const hdkeys = keys.map((k) => {
    const { key } = parseExtendedKey(k.xpub);
    return {
      key: key.publicKey!,
      chainCode: key.chainCode!,
      origin: { path: k.path, sourceFingerprint: parseInt(k.fingerprint, 16), depth: k.path.length },
      children: { path: [0, { wildcard: true as const, hardened: false }] },
      parentFingerprint: key.parentFingerprint,
    };
  });
  const ur = cryptoOutputMultiUr(['sh', 'wsh'], 2, true, hdkeys);
  const encoder = fragment ? new UrEncoder(ur, fragment) : null;
  const texts = encoder ? Array.from({ length: encoder.seqLen }, () => encoder.nextPart().toUpperCase()) : [encodeUr(ur).toUpperCase()];
  return texts.map((text, i) => {
    const img = matrixToRgba(textQr(text), 5);
    const png = new PNG({ width: img.width, height: img.height });
    png.data = Buffer.from(img.data);
    const out = texts.length === 1 ? file : file.replace(/\.png$/, `-${i + 1}.png`);
    writeFileSync(out, PNG.sync.write(png));
    return out;
  });
}

describe('Multisig: register by file → review a multisig PSBT (change proven) → sign → the saved file', () => {
  let app: AppUnderTest;
  const config = path.join(EXPORTS, 'family-vault-descriptor.txt');
  const unsigned = path.join(EXPORTS, 'multisig-payment.psbt');
  const built = buildMultisigPsbt({ kind: 'p2wsh', keys: KEYS, m: 2, inputs: [{ index: 0 }, { index: 3 }], change: { index: 0 } });

  beforeAll(async () => {
    mkdirSync(EXPORTS, { recursive: true });
    writeFileSync(config, `${DESCRIPTOR}\n`);
    writeFileSync(unsigned, built.bytes);
    rmSync(path.join(EXPORTS, 'multisig-payment-signed.psbt'), { force: true });
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('opens the wallet and the Multisig wallets screen (none registered yet)', async () => {
    const { page } = app;
    expect(await restoreWallet(app, ABOUT.split(' '))).toBe('73c5da0a');
    await page.getByTestId('task-multisig').click();
    await expect.poll(() => page.getByTestId('no-multisig').isVisible()).toBe(true);
    await app.screenshot('multisig-01-none');
  });

  it('reads the descriptor file and shows M of N, every key with ours marked, and the first address to compare', async () => {
    const { page } = app;
    await page.getByTestId('register-new').click();
    expect(await page.getByTestId('scanner').count()).toBe(0); // no camera until the user opens "Or scan its QR code"
    await app.screenshot('multisig-02-read');
    app.files.script.openPath = config;
    await page.getByTestId('multisig-file').click();
    await expect.poll(() => page.getByTestId('multisig-policy').textContent()).toBe('Any 2 of these 3 keys');
    const cosigners = (await page.getByTestId('multisig-cosigners').textContent()) ?? '';
    for (const k of KEYS) expect(cosigners).toContain(k.fingerprint);
    expect(cosigners).toContain("m/48'/0'/0'/2'");
    expect(await page.getByTestId('cosigner-yours').count()).toBe(1);
    // The address bitcoinjs-lib derives for receive 0 of these keys is the one shown to compare.
    const first = scriptsAt('p2wsh', KEYS, 2, false, 0, NET).address;
    expect(await page.getByTestId('multisig-first-address').textContent()).toBe(grouped(first));
    await app.screenshot('multisig-03-check');
  });

  it('registers it under a name; its addresses and "is this address ours?"', async () => {
    const { page } = app;
    await page.getByTestId('multisig-name').fill('Family vault');
    await page.getByTestId('register').click();
    await expect.poll(() => page.getByTestId('multisig-registered').isVisible()).toBe(true);
    const receive1 = scriptsAt('p2wsh', KEYS, 2, false, 1, NET).address;
    await expect.poll(() => page.getByTestId('multisig-addresses').textContent()).toContain(grouped(receive1));
    await app.screenshot('multisig-04-registered');
    await page.getByTestId('multisig-search-address').fill(built.changeAddress!);
    await page.getByTestId('multisig-search').click();
    await expect.poll(() => page.getByTestId('multisig-search-result').textContent()).toContain('Yes: change address 0');
    await page.getByTestId('multisig-change').check();
    await expect.poll(() => page.getByTestId('multisig-addresses').textContent()).toContain(grouped(built.changeAddress!));
    await app.screenshot('multisig-05-addresses');
    await page.getByTestId('multisig-more-addresses').click();
    await expect.poll(() => page.getByTestId('multisig-addresses').textContent()).toContain(grouped(scriptsAt('p2wsh', KEYS, 2, true, 10, NET).address));
    await page.getByTestId('done').click();
    await expect.poll(() => page.getByTestId('multisig-list').textContent()).toContain('Family vault');
    await app.screenshot('multisig-06-list');
  });

  it('Sign Bitcoin against the registered wallet: inputs with signatures 0 of 2, change proven by the same wallet', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-sign-btc').click();
    await page.getByTestId('sign-multisig').selectOption({ label: 'Multisig “Family vault” — 2 of 3' });
    await app.screenshot('multisig-07-sign-load');
    app.files.script.openPath = unsigned;
    await page.getByTestId('load-file').click();
    await expect.poll(() => page.getByTestId('review-multisig').textContent()).toContain('“Family vault”: 2 of 3 signatures needed');
    const inputs = (await page.getByTestId('psbt-inputs').textContent()) ?? '';
    expect(inputs.match(/signatures: 0 of 2/g)).toHaveLength(2);
    const outputs = (await page.getByTestId('psbt-outputs').textContent()) ?? '';
    expect(outputs).toContain("Change (back to you) · proven by the same multisig wallet “Family vault” (2 of 3), m/48'/0'/0'/2'/1/0");
    expect(await page.locator('[data-testid="psbt-warnings"] li[data-code="CHANGE_NOT_OURS"]').count()).toBe(0);
    await app.screenshot('multisig-08-review');
  });

  it('signs as one cosigner (1 of 2 each, never finalized); the saved file validates in bitcoinjs-lib, which completes it', async () => {
    const { page } = app;
    await page.getByTestId('sign').click();
    await expect.poll(() => page.getByTestId('multisig-signatures').textContent(), { timeout: 20_000 }).toContain('Input 0: signatures 1 of 2 — 1 more from other cosigners');
    expect(await page.getByTestId('multisig-signatures').textContent()).toContain('Input 1: signatures 1 of 2');
    await app.screenshot('multisig-09-signed');
    const before = app.saved.length;
    await page.getByTestId('save-signed').click();
    await expect.poll(() => app.saved.length).toBe(before + 1);
    const psbt = bitcoin.Psbt.fromBuffer(readFileSync(app.saved[before]!), { network: NET });
    const ours = [cosignerSigner(KEYS[0]!, false, 0), cosignerSigner(KEYS[0]!, false, 3)];
    ours.forEach((signer, i) => {
      expect(psbt.data.inputs[i]!.partialSig?.map((s) => Buffer.from(s.pubkey).toString('hex'))).toEqual([Buffer.from(signer.publicKey).toString('hex')]);
      expect(psbt.data.inputs[i]!.finalScriptWitness).toBeUndefined();
      expect(psbt.validateSignaturesOfInput(i, validator, signer.publicKey)).toBe(true);
    });
    // The second cosigner (zoo … wrong) signs with bitcoinjs-lib; 2 of 2 needed, and the transaction is whole.
    psbt.signInput(0, cosignerSigner(KEYS[1]!, false, 0));
    psbt.signInput(1, cosignerSigner(KEYS[1]!, false, 3));
    psbt.finalizeAllInputs();
    const tx = psbt.extractTransaction();
    expect(tx.outs[1]!.value).toBe(30_000n);
    expect(bitcoin.address.fromOutputScript(tx.outs[1]!.script, NET)).toBe(built.changeAddress);
  });

  it('a coordinator that swaps the change to a wallet with a foreign key: "Unknown output", a payment, Sign held until acknowledged', async () => {
    const { page } = app;
    const attack = path.join(EXPORTS, 'multisig-swapped-change.psbt');
    const thief = keysFor('p2wsh', 'mainnet', ['ours', 'b', 'd']);
    writeFileSync(attack, buildMultisigPsbt({ kind: 'p2wsh', keys: KEYS, m: 2, inputs: [{ index: 0 }], change: { index: 0, keys: thief } }).bytes);
    await page.getByTestId('sign-another').click();
    app.files.script.openPath = attack;
    await page.getByTestId('load-file').click();
    await expect.poll(() => page.locator('[data-testid="psbt-warnings"] li[data-code="CHANGE_NOT_OURS"]').textContent()).toContain('Unknown output');
    // Its message is a line of its own under the heading, not one opening with a dash.
    expect(await page.locator('[data-testid="psbt-warnings"] li[data-code="CHANGE_NOT_OURS"] > span').textContent()).toMatch(/^Unknown output: output 1/);
    const outputs = (await page.getByTestId('psbt-outputs').textContent()) ?? '';
    expect(outputs).not.toContain('Change (back to you)');
    expect(await page.getByTestId('sign').isDisabled()).toBe(true);
    await app.screenshot('multisig-10-swapped-change');
    await page.getByTestId('back').click();
  });

  it('the paper kit adds the wallet’s configuration sheet when the wallet is chosen', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-paper').click();
    for (const id of ['seed', 'metal', 'watch', 'instructions']) await page.getByTestId(`sheet-${id}`).uncheck();
    await page.getByTestId('sheet-inheritance').check();
    await page.getByTestId('paper-multisig').selectOption({ label: 'Family vault (2 of 3) — adds its configuration sheet' });
    await app.screenshot('multisig-11-paper-choose');
    await page.getByTestId('next').click();
    await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('Multisig wallet configuration');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('any 2 of these 3 keys');
    expect(text).toContain('To spend, you need 2 of these 3 keys and the "Multisig wallet configuration" sheet');
    await app.screenshot('multisig-12-paper-preview');
  });

  it('deletes the registration', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Permafrost — home' }).click();
    await page.getByTestId('task-multisig').click();
    await page.locator('[data-testid^="open-"]').first().click();
    await page.getByTestId('multisig-delete').click();
    await app.screenshot('multisig-13-delete');
    await page.getByTestId('multisig-delete-confirm').click();
    await expect.poll(() => page.getByTestId('no-multisig').isVisible()).toBe(true);
  });

  it('registers by pasting a descriptor (a P2SH wallet), and by the coordinator\'s QR in an image (P2SH-P2WSH)', async () => {
    const { page } = app;
    await page.getByTestId('register-new').click();
    await page.locator('details summary', { hasText: 'Or paste it' }).click();
    await page.getByTestId('multisig-text').fill(addChecksum(descriptorFor('p2sh', keysFor('p2sh'))));
    await page.getByTestId('multisig-read-text').click();
    await expect.poll(() => page.getByTestId('multisig-facts').textContent()).toContain('Legacy multisig (P2SH)');
    expect(await page.getByTestId('multisig-cosigners').textContent()).toContain("m/45'");
    await app.screenshot('multisig-14-pasted');
    await page.getByTestId('register').click();
    await page.getByTestId('done').click();

    const png = path.join(EXPORTS, 'multisig-config-qr.png');
    const nested = keysFor('p2sh-p2wsh');
    configQrPng(png, nested);
    await page.getByTestId('register-new').click();
    await page.locator('details summary', { hasText: 'Or scan its QR code' }).click();
    await expect.poll(() => page.getByTestId('scanner').count()).toBe(1); // opened: now the camera starts
    await page.getByTestId('qr-image-file').setInputFiles(png);
    await expect.poll(() => page.getByTestId('multisig-facts').textContent(), { timeout: 30_000 }).toContain('Nested SegWit multisig (P2SH-P2WSH)');
    expect(await page.getByTestId('multisig-first-address').textContent()).toBe(grouped(scriptsAt('p2sh-p2wsh', nested, 2, false, 0, NET).address));
    await app.screenshot('multisig-15-from-qr');
    await page.getByTestId('register').click();
    await page.getByTestId('done').click();
    const list = (await page.getByTestId('multisig-list').textContent()) ?? '';
    expect(list).toContain('Legacy multisig (P2SH)');
    expect(list).toContain('Nested SegWit multisig (P2SH-P2WSH)');
    await app.screenshot('multisig-16-two-wallets');
  });

  it('registers from the parts of an animated UR (a 2-of-4 wallet, one image per part, in any order)', async () => {
    const { page } = app;
    const four = keysFor('p2sh-p2wsh', 'mainnet', ['ours', 'b', 'c', 'd']);
    const files = configQrPng(path.join(EXPORTS, 'multisig-config-part.png'), four, 120);
    expect(files.length).toBeGreaterThan(2);
    await page.getByTestId('register-new').click();
    await page.locator('details summary', { hasText: 'Or scan its QR code' }).click();
    await page.getByTestId('qr-image-file').setInputFiles([...files].reverse());
    await expect.poll(() => page.getByTestId('multisig-policy').textContent(), { timeout: 30_000 }).toBe('Any 2 of these 4 keys');
    expect(await page.getByTestId('multisig-first-address').textContent()).toBe(grouped(scriptsAt('p2sh-p2wsh', four, 2, false, 0, NET).address));
    await app.screenshot('multisig-17-from-animated-ur');
    await page.getByTestId('back').click();
    expect(app.consoleErrors).toEqual([]);
  });
});
