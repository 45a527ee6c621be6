/**
 * Sign Bitcoin as a holder does it, through the real bridge, handlers and file service: the coordinator's PSBT
 * (built by bitcoinjs-lib: a payment, a change output back to us, one input of another wallet) opened from the
 * "USB drive", reviewed, signed, saved — and the saved file read back by bitcoinjs-lib, which validates our
 * signature. "abandon … about" is the public test wallet.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABANDON, abandonMaster, buildPsbt, finalizeWithBitcoinjs, leafKey, validateWithBitcoinjs } from '../test/helpers/psbt-build';
import * as bitcoin from 'bitcoinjs-lib';
import { ARTIFACTS, closeBrowser, launchApp, type AppUnderTest } from './harness/app';
import { restoreWallet } from './harness/flows';
import { readAnimatedPsbtFromScreen, readQrFromScreen } from './harness/screen-qr';
import { expectInWindow, SMALL_WINDOW, windowScreenshot } from './harness/window';

afterAll(closeBrowser);
const WORDS = ABANDON.split(' ');
const EXPORTS = path.join(ARTIFACTS, 'exports');

/** 2 inputs (ours m/84'/0'/0'/0/0, a foreign one), 140,000 sats paid out, 50,000 back to our change m/84'/0'/0'/1/0, 10,000 fee. */
function coordinatorPsbt(): Uint8Array {
  const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2wpkh', index: 1, foreign: true, nonWitnessUtxo: true }], fee: 60_000n });
  const master = abandonMaster();
  const change = leafKey(master, 'p2wpkh', 'mainnet', 0, 1, 0);
  const pubkey = change.publicKey as Uint8Array;
  const fingerprint = new Uint8Array(4);
  new DataView(fingerprint.buffer).setUint32(0, master.fingerprint);
  built.psbt.addOutput({
    script: bitcoin.payments.p2wpkh({ pubkey }).output as Uint8Array,
    value: 50_000n,
    bip32Derivation: [{ masterFingerprint: fingerprint, path: "m/84'/0'/0'/1/0", pubkey }],
  });
  return built.psbt.toBuffer();
}

describe('Sign Bitcoin: a PSBT file from the drive → review → sign → the signed file', () => {
  let app: AppUnderTest;
  const unsigned = path.join(EXPORTS, 'payment.psbt');
  beforeAll(async () => {
    mkdirSync(EXPORTS, { recursive: true });
    writeFileSync(unsigned, coordinatorPsbt());
    rmSync(path.join(EXPORTS, 'payment-signed.psbt'), { force: true });
    app = await launchApp();
  });
  afterAll(() => app.close());

  it('opens the wallet and loads the PSBT from the drive', async () => {
    const { page } = app;
    expect(await restoreWallet(app, WORDS)).toBe('73c5da0a');
    await page.getByTestId('task-sign-btc').click();
    await app.screenshot('sign-01-load');
    app.files.script.openPath = unsigned;
    await page.getByTestId('load-file').click();
    await expect.poll(() => page.getByTestId('psbt-review').isVisible()).toBe(true);
  });

  it('the review: what is sent, the fee, the change proven by its path, the foreign input, the warnings', async () => {
    const { page } = app;
    const summary = (await page.getByTestId('tx-summary').textContent()) ?? '';
    expect(summary).toContain('0.00140000 BTC');
    expect(summary).toContain('(10,000 sats)');
    // This wallet puts in 100,000 and gets 50,000 back: 50,000 leave it; the other signer's 100,000 are shown apart.
    expect(await page.getByTestId('leaving').textContent()).toContain('(50,000 sats)');
    expect(summary).toMatch(/Others put in\s*0\.00100000 BTC/);
    const outputs = (await page.getByTestId('psbt-outputs').textContent()) ?? '';
    expect(outputs).toContain("Change (back to you) · proven by m/84'/0'/0'/1/0");
    expect(outputs).toContain('Payment');
    const inputs = (await page.getByTestId('psbt-inputs').textContent()) ?? '';
    expect(inputs).toContain("Yours · m/84'/0'/0'/0/0");
    expect(inputs).toContain('Not this wallet’s: it will not be signed here');
    expect(await page.locator('[data-testid="psbt-warnings"] li[data-code="FOREIGN_INPUTS"]').count()).toBe(1);
    await app.screenshot('sign-02-review');
  });

  it('signs our input, saves the signed PSBT beside the original, and bitcoinjs-lib validates the signature', async () => {
    const { page } = app;
    await page.getByTestId('sign').click();
    await expect.poll(() => page.getByTestId('signed-result').textContent(), { timeout: 20_000 }).toBe('Signed 1 of 2 inputs: the other inputs need their own signers.');
    await app.screenshot('sign-03-signed');
    await page.getByTestId('save-signed').click();
    await expect.poll(() => page.getByTestId('saved-path').count()).toBe(1);
    const file = path.join(EXPORTS, 'payment-signed.psbt');
    expect(app.files.saved.at(-1)).toBe(file);
    validateWithBitcoinjs(new Uint8Array(readFileSync(file)), [0]);
    // Opened from a file, it is answered as UR crypto-psbt — the UR type Sparrow, BlueWallet, Nunchuk and Keystone all
    // read (test/core/answer-importers.test.ts) — and the QR under "QR format" is just that: the same signed PSBT.
    expect(await page.getByTestId('answer-format').inputValue()).toBe('ur1');
    const answer = await readAnimatedPsbtFromScreen(page.getByTestId('qr').first());
    expect(answer).toMatchObject({ kind: 'psbt', format: 'ur1' });
    expect(Buffer.from((answer as { bytes: Uint8Array }).bytes).toString('base64')).toBe(readFileSync(file).toString('base64'));
    await app.screenshot('sign-04b-answer-crypto-psbt');
    // Or one still QR of plain base64, said so: what a phone camera reads is the same signed PSBT.
    await page.getByTestId('answer-format').selectOption('base64');
    await expect.poll(() => page.getByTestId('qr').getAttribute('aria-label')).toBe('Signed PSBT (plain base64)');
    expect(await page.getByTestId('qr-frame-counter').count()).toBe(0);
    expect(await readQrFromScreen(page.getByTestId('qr').first())).toBe(readFileSync(file).toString('base64'));
    // Saving again never overwrites the file just written.
    await page.getByTestId('save-signed').click();
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('already there');
    // Said beside the code, next to Save: the code stays where it was, in sight.
    await expectInWindow(page.getByTestId('error'), 'the error');
    await expectInWindow(page.getByTestId('qr'), 'the QR code');
    await app.screenshot('sign-04-saved');
  });

  it('pasted base64 with a warning that changes what is signed: Sign waits for the tick; the finished transaction is bitcoinjs-lib’s', async () => {
    const { page } = app;
    await page.getByTestId('sign-another').click();
    const built = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 3, nonWitnessUtxo: true, sighashType: 2 }, { type: 'p2tr', index: 4 }] });
    await page.locator('details summary', { hasText: 'Or paste it' }).click();
    await page.getByTestId('psbt-text').fill(Buffer.from(built.bytes).toString('base64'));
    await page.getByTestId('load-text').click();
    await expect.poll(() => page.getByTestId('ack-SIGHASH_NOT_ALL').isVisible()).toBe(true);
    expect(await page.getByTestId('sign').isDisabled()).toBe(true);
    await app.screenshot('sign-05-needs-ack');
    await page.getByTestId('ack-SIGHASH_NOT_ALL').locator('input').check();
    await page.getByTestId('sign').click();
    await expect.poll(() => page.getByTestId('signed-result').textContent(), { timeout: 20_000 }).toBe('Signed 2 of 2 inputs: the transaction is complete.');
    for (const f of ['pasted-final.txn', 'pasted-signed.psbt']) rmSync(path.join(EXPORTS, f), { force: true });
    await page.getByTestId('save-final').click();
    await page.getByTestId('save-signed').click();
    await expect.poll(() => page.getByTestId('saved-path').count()).toBe(2);
    const hex = readFileSync(path.join(EXPORTS, 'pasted-final.txn'), 'utf8').trim();
    const signedBytes = new Uint8Array(readFileSync(path.join(EXPORTS, 'pasted-signed.psbt')));
    expect(hex).toBe(finalizeWithBitcoinjs(validateWithBitcoinjs(signedBytes, [0, 1])).hex);
    await app.screenshot('sign-06-final');
  });
});

describe('Sign Bitcoin: an answer too long for a QR code says so and offers the file', () => {
  it('a 340-input PSBT: animated at Normal and at Medium (over 500 parts); at Low (over 1,000 parts) no QR, the count, and Save instead', async () => {
    const n = 340;
    const big = buildPsbt({ inputs: Array.from({ length: n }, (_, i) => ({ type: 'p2wpkh' as const, index: i, nonWitnessUtxo: true })) }).bytes;
    const file = path.join(EXPORTS, 'big.psbt');
    writeFileSync(file, big);
    rmSync(path.join(EXPORTS, 'big-signed.psbt'), { force: true });
    const app = await launchApp();
    try {
      const { page } = app;
      await page.setViewportSize(SMALL_WINDOW);
      await restoreWallet(app, WORDS);
      await page.getByTestId('task-sign-btc').click();
      app.files.script.openPath = file;
      await page.getByTestId('load-file').click();
      await expect.poll(() => page.getByTestId('psbt-review').isVisible(), { timeout: 30_000 }).toBe(true);
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('signed-result').textContent(), { timeout: 90_000 }).toBe(`Signed ${n} of ${n} inputs: the transaction is complete.`);
      // Normal (400-byte parts): a few hundred parts, drawn by the page as they come up; counted in parts.
      const partsOf = async () => Number(/(\d+)(?: parts)?$/.exec((await page.getByTestId('qr-frame-counter').textContent()) ?? '')?.[1]);
      await expect.poll(() => page.getByTestId('qr-frame-counter').textContent(), { timeout: 20_000 }).toMatch(/^(Part \d+ of \d{3}|Extra part \d+ · \d{3} parts)$/);
      const normal = await partsOf();
      // A 1280×720 screen: the whole code and its counter in sight, the page at its top after the long review.
      await windowScreenshot(page, 'sign-07-big-answer-720');
      await expectInWindow(page.getByTestId('qr'), 'the answer’s QR code');
      await expectInWindow(page.getByTestId('qr-frame-counter'), 'the part counter');
      await expectInWindow(page.getByTestId('qr-density'), 'the density choice');
      await app.screenshot('sign-07-big-answer');
      // Medium (200-byte parts): twice as many parts, over 500 — shown (the loop is twice that in frames).
      await page.getByTestId('qr-density').selectOption('200');
      await expect.poll(partsOf, { timeout: 20_000 }).toBeGreaterThan(500);
      expect(await partsOf()).toBeLessThanOrEqual(1000);
      expect(await partsOf()).toBeGreaterThanOrEqual(2 * normal - 2);
      await page.getByTestId('qr-density').selectOption('100');
      await expect.poll(() => page.getByTestId('answer-too-long').isVisible(), { timeout: 20_000 }).toBe(true);
      const said = (await page.getByTestId('answer-too-long').textContent()) ?? '';
      const parts = Number(/takes ([\d,]+) parts/.exec(said)?.[1]?.replace(/,/g, ''));
      expect(parts).toBeGreaterThan(1000);
      expect(parts).toBeLessThan(1200); // parts, not the twice as many frames of the loop
      expect(said).toContain('save the signed PSBT');
      expect(await page.getByTestId('qr').count()).toBe(0);
      await app.screenshot('sign-08-answer-too-long');
      await page.getByTestId('answer-save-instead').click();
      await expect.poll(() => page.getByTestId('saved-path').count()).toBe(1);
      validateWithBitcoinjs(new Uint8Array(readFileSync(path.join(EXPORTS, 'big-signed.psbt'))), Array.from({ length: n }, (_, i) => i));
      // Back to Normal: the animated QR again.
      await page.getByTestId('qr-density').selectOption('400');
      await expect.poll(() => page.getByTestId('qr').count(), { timeout: 20_000 }).toBe(1);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 240_000);
});
