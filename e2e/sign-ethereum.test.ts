/**
 * Sign Ethereum as MetaMask's QR-based hardware wallet (EIP-4527), end to end: the pairing QR read off the screen by
 * Keystone's own registry (what MetaMask's QR keyring uses); requests built with Keystone's EthSignRequest — an
 * EIP-1559 transaction shown to the fake camera, a personal_sign message and EIP-712 typed data pasted, an unlimited
 * ERC-20 approval that must be acknowledged — reviewed, signed, and the eth-signature read back off the screen as
 * MetaMask's camera would, then checked with ethers: the signer recovered is the wallet's address.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { URDecoder } from '@ngraveio/bc-ur';
import { CryptoHDKey, DataType, ETHSignature, generateAddressFromXpub } from '@keystonehq/bc-ur-registry-eth';
import { Signature, Transaction, getAddress, verifyMessage, verifyTypedData, type TransactionLike, type TypedDataField } from 'ethers';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { textQr } from '../electron/core';
import { ABANDON, ABANDON_ADDRESS_0 as ADDRESS, ABANDON_FP as FINGERPRINT, ethRequest, permitTypedData, qrParts, txRequest, utf8 } from '../test/helpers/eth-requests';
import { ARTIFACTS, closeBrowser, launchApp, type AppUnderTest, type LaunchOptions } from './harness/app';
import { qrImageFiles, writeQrVideo } from './harness/camera';
import { pasteEthRequest, restoreWallet } from './harness/flows';
import { readQrFromScreen } from './harness/screen-qr';
import { expectInWindow, SMALL_WINDOW, windowScreenshot } from './harness/window';

afterAll(closeBrowser);

type TypedData = { types: Record<string, TypedDataField[]>; primaryType: string; domain: Record<string, unknown>; message: Record<string, unknown> };

/** EIP-712's own "Mail" example (test/vectors/ethereum-vectors.json, from ethereum/EIPs eip-712.md). */
const MAIL = (JSON.parse(readFileSync('test/vectors/ethereum-vectors.json', 'utf8')) as { eip712_mail_example: { typedData: TypedData } }).eip712_mail_example.typedData;

/**
 * A request as MetaMask's QR keyring makes it (Keystone's EthSignRequest for m/44'/60'/0'/0/0 of "abandon … about",
 * its address named): a transaction, or a message of `dataType`.
 */
const txSignRequest = (tx: TransactionLike, uuid: string) => txRequest(tx, { uuid, address: ADDRESS });
const signRequest = (signData: Uint8Array, dataType: DataType, uuid: string, chainId?: number) => ethRequest(signData, dataType, { uuid, address: ADDRESS, ...(chainId === undefined ? {} : { chainId }) });
const typedSignRequest = (typed: TypedData, uuid: string) => signRequest(utf8(JSON.stringify(typed)), DataType.typedData, uuid, 1);

/** MetaMask's camera: frames read off the screen into Keystone's UR decoder until the eth-signature is whole. */
async function readSignatureFromScreen(page: Page): Promise<ETHSignature> {
  const decoder = new URDecoder();
  for (let i = 0; i < 120 && !decoder.isComplete(); i++) {
    const text = await readQrFromScreen(page.getByTestId('qr').first()).catch(() => null);
    if (text) decoder.receivePart(text.toLowerCase());
    else await page.waitForTimeout(100);
  }
  expect(decoder.isSuccess()).toBe(true);
  const ur = decoder.resultUR();
  expect(ur.type).toBe('eth-signature');
  return ETHSignature.fromCBOR(ur.cbor);
}

/** r || s || v as ethers' Signature (v: 0/1 recovery id, 27/28, or EIP-155's chainId × 2 + 35/36). */
function ethersSignature(sig: Buffer) {
  expect(sig.length).toBe(65);
  const v = sig[64] ?? -1;
  const yParity = v <= 1 ? v : v <= 28 ? v - 27 : (v - 35) % 2;
  return Signature.from({ r: `0x${sig.subarray(0, 32).toString('hex')}`, s: `0x${sig.subarray(32, 64).toString('hex')}`, yParity: yParity as 0 | 1 });
}

/**
 * A fresh app with "abandon … about" restored and Sign Ethereum open at its first step (pairing); `steps` run there,
 * and no console error is left behind.
 */
async function inSignEthereum(options: LaunchOptions, steps: (app: AppUnderTest) => Promise<void>): Promise<void> {
  const app = await launchApp(options);
  try {
    await restoreWallet(app, ABANDON.split(' '));
    await app.page.getByTestId('task-sign-eth').click();
    await expect.poll(() => app.page.getByTestId('step-indicator').textContent()).toBe('Sign Ethereum · 1 of 4');
    await steps(app);
    expect(app.consoleErrors).toEqual([]);
  } finally {
    await app.close();
  }
}

/** Once signed: the eth-signature read off the screen, which must answer the request `uuid`; its r || s || v. */
async function answerOf(page: Page, uuid: string): Promise<Buffer> {
  await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
  const answer = await readSignatureFromScreen(page);
  expect(answer.getRequestId()?.toString('hex')).toBe(uuid.replace(/-/g, ''));
  return answer.getSignature();
}

/** Ticks "I understand the risk" on the dire warning on screen and accepts it. */
async function acknowledgeDireWarning(page: Page): Promise<void> {
  await page.getByTestId('dire-warning').getByRole('checkbox').check();
  await page.getByTestId('dire-warning').getByRole('button').click();
}

/** The address that signed the transaction, as ethers recovers it. */
const txSigner = (tx: TransactionLike, signature: Buffer) => Transaction.from({ ...tx, signature: ethersSignature(signature) }).from;

/** EIP-712 typed data's signer, as ethers recovers it (ethers takes the types without EIP712Domain). */
function typedSigner({ types, domain, message }: TypedData, signature: Buffer): string {
  const { EIP712Domain: _domain, ...rest } = types;
  return verifyTypedData(domain, rest, message, ethersSignature(signature));
}

/** Pastes the request's parts and waits for its review. */
async function pasteRequest(app: AppUnderTest, parts: readonly string[]): Promise<void> {
  await pasteEthRequest(app, parts);
  await expect.poll(() => app.page.getByTestId('eth-review').isVisible(), { timeout: 20_000 }).toBe(true);
}

describe('Sign Ethereum (MetaMask QR-based hardware wallet)', () => {
  it('pairing: the crypto-hdkey QR Keystone’s registry reads, MetaMask’s steps, and the same first 5 addresses', async () => {
    await inSignEthereum({}, async (app) => {
      const { page } = app;
      await expect.poll(() => page.getByTestId('pair-addresses').locator('tbody tr').count()).toBe(5);
      expect(await page.getByTestId('pair-steps').textContent()).toContain('QR-based');
      // getEthPairing: one still code (no animation MetaMask's camera would have to follow), path and fingerprint beside it.
      expect(await page.getByTestId('qr').count()).toBe(1);
      expect(await page.locator('.eth-pairing').textContent()).toContain(`m/44'/60'/0' · wallet ${FINGERPRINT}`);
      await app.screenshot('sign-eth-01-pairing');
      // What MetaMask's camera reads: a crypto-hdkey whose children 0/i are the addresses listed beside it.
      const decoder = new URDecoder();
      decoder.receivePart((await readQrFromScreen(page.getByTestId('qr').first())).toLowerCase());
      expect(decoder.isSuccess()).toBe(true);
      expect(decoder.resultUR().type).toBe('crypto-hdkey');
      const hdkey = CryptoHDKey.fromCBOR(decoder.resultUR().cbor);
      expect(hdkey.getOrigin().getPath()).toBe("44'/60'/0'");
      expect(hdkey.getOrigin().getSourceFingerprint()?.toString('hex')).toBe(FINGERPRINT);
      const rows = await page.getByTestId('pair-addresses').locator('tbody tr td:nth-child(2)').allTextContents();
      for (const [i, row] of rows.entries()) {
        expect(row.replace(/\s/g, '')).toBe(getAddress(generateAddressFromXpub(hdkey.getBip32Key(), `m/0/${i}`) as string));
      }
      expect(rows[0]?.replace(/\s/g, '')).toBe(ADDRESS);
    });
  });

  it('an EIP-1559 transaction from the camera (animated UR): review, sign, and the answer recovers to the wallet’s address', async () => {
    const tx: TransactionLike = {
      type: 2,
      chainId: 1,
      nonce: 7,
      maxPriorityFeePerGas: 2_000_000_000n,
      maxFeePerGas: 30_000_000_000n,
      gasLimit: 21_000n,
      to: '0x3535353535353535353535353535353535353535',
      value: 1_500_000_000_000_000_000n,
    };
    const uuid = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    // Small fragments, as MetaMask animates a long request: several QR frames.
    const parts = qrParts(txSignRequest(tx, uuid), 40);
    expect(parts.length).toBeGreaterThan(1);
    const video = path.join(ARTIFACTS, 'camera', 'eth-sign-request.y4m');
    writeQrVideo(video, parts.map((p) => textQr(p)), 4);
    await inSignEthereum({ cameraVideo: video }, async (app) => {
      const { page } = app;
      await page.getByTestId('next').click();
      await expect.poll(() => page.getByTestId('step-indicator').textContent()).toBe('Sign Ethereum · 2 of 4');
      await expect.poll(() => page.getByTestId('scan-status').textContent(), { timeout: 30_000 }).toMatch(/^Animated request: \d+ of ~\d+ parts/);
      await app.screenshot('sign-eth-02-scanning');
      await expect.poll(() => page.getByTestId('eth-review').isVisible(), { timeout: 60_000 }).toBe(true);
      const summary = (await page.getByTestId('eth-tx-summary').textContent()) ?? '';
      expect(summary).toContain('1.5 ETH');
      expect(summary).toContain('0x35 3535');
      expect(await page.getByTestId('eth-chain').textContent()).toContain('Ethereum');
      expect(await page.getByTestId('eth-tx-details').textContent()).toMatch(/Nonce7/);
      await app.screenshot('sign-eth-03-review-eip1559');
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
      await app.screenshot('sign-eth-04-answer');
      // A 1280×720 screen: the code, its full-screen button and Done in sight without scrolling.
      await page.setViewportSize(SMALL_WINDOW);
      await windowScreenshot(page, 'sign-eth-04-answer-720');
      await expectInWindow(page.getByTestId('qr'), 'the signature’s QR code');
      await expectInWindow(page.getByRole('button', { name: 'Full screen' }), 'the full-screen button');
      await expectInWindow(page.getByTestId('done'), 'Done');
      expect(txSigner(tx, await answerOf(page, uuid))).toBe(ADDRESS);
    });
  });

  it('personal_sign pasted: the message shown as text, signed, and verifyMessage recovers the wallet’s address', async () => {
    const message = 'Sign in to example.org\nNonce: 8f2e…\nThis request will not trigger a transaction.';
    const uuid = '1f0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    await inSignEthereum({}, async (app) => {
      const { page } = app;
      await page.getByTestId('next').click();
      // A request for another wallet (MetaMask paired with a different seed): refused, saying so, nothing to review.
      const foreign = ethRequest(utf8(message), DataType.personalMessage, { xfp: 'deadbeef', uuid });
      await pasteEthRequest(app, qrParts(foreign, 400));
      await expect.poll(() => page.getByTestId('error').textContent(), { timeout: 20_000 }).toContain('This request is for another wallet');
      expect(await page.getByTestId('error').textContent()).toContain('73c5da0a');
      expect(await page.getByTestId('step-indicator').textContent()).toBe('Sign Ethereum · 2 of 4');
      await app.screenshot('sign-eth-05a-another-wallet');
      await pasteRequest(app, qrParts(signRequest(utf8(message), DataType.personalMessage, uuid), 400));
      expect(await page.getByTestId('eth-message').textContent()).toBe(message);
      await app.screenshot('sign-eth-05-review-message');
      await page.getByTestId('sign').click();
      expect(verifyMessage(message, ethersSignature(await answerOf(page, uuid)))).toBe(ADDRESS);

      // EIP-712 "Mail" (the EIP's own example), pasted as the parts of an animated request in reverse order.
      await page.getByTestId('sign-another').click();
      const typedUuid = '2c0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
      const typedParts = qrParts(typedSignRequest(MAIL, typedUuid), 150);
      expect(typedParts.length).toBeGreaterThan(1);
      await pasteRequest(app, [...typedParts].reverse());
      const tree = (await page.getByTestId('eth-typed-message').textContent()) ?? '';
      for (const shown of ['Cow', 'Bob', 'Hello, Bob!']) expect(tree).toContain(shown);
      expect(await page.getByTestId('eth-typed-domain').textContent()).toContain('Ether Mail');
      await app.screenshot('sign-eth-06-review-typed-data');
      await page.getByTestId('sign').click();
      expect(typedSigner(MAIL, await answerOf(page, typedUuid))).toBe(ADDRESS);
    });
  });

  it('an unlimited ERC-20 approval (legacy EIP-155 transaction) from an image file: Sign stays disabled until the dire warning is acknowledged', async () => {
    const spender = '0x1111111254EEB25477B68fb85Ed929f73A960582';
    const token = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
    const data = `0x095ea7b3${spender.slice(2).toLowerCase().padStart(64, '0')}${'f'.repeat(64)}`;
    const tx: TransactionLike = { type: 0, chainId: 1, nonce: 3, gasPrice: 20_000_000_000n, gasLimit: 60_000n, to: token, value: 0n, data };
    const uuid = '3d0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    await inSignEthereum({}, async (app) => {
      const { page } = app;
      await page.getByTestId('next').click();
      // Read from image files (a photo or screenshot of MetaMask's QR).
      const images = qrImageFiles('eth-approval', qrParts(txSignRequest(tx, uuid), 400));
      await page.getByTestId('qr-image-file').setInputFiles(images);
      await expect.poll(() => page.getByTestId('eth-review').isVisible(), { timeout: 20_000 }).toBe(true);
      // Keyboard: Esc is Back (to the scan), and the same images give the same review again.
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('step-indicator').textContent()).toBe('Sign Ethereum · 2 of 4');
      await page.getByTestId('qr-image-file').setInputFiles(images);
      await expect.poll(() => page.getByTestId('eth-review').isVisible(), { timeout: 20_000 }).toBe(true);
      const erc20 = (await page.getByTestId('eth-erc20').textContent()) ?? '';
      expect(erc20).toContain('ERC-20 approve');
      expect(erc20).toContain('Unlimited');
      expect(await page.getByTestId('dire-UNLIMITED_APPROVAL').isVisible()).toBe(true);
      expect(await page.getByTestId('sign').isDisabled()).toBe(true);
      await app.screenshot('sign-eth-07-dire-unlimited-approval');
      await acknowledgeDireWarning(page);
      await expect.poll(() => page.getByTestId('sign').isEnabled()).toBe(true);
      expect(await page.getByTestId('acked-UNLIMITED_APPROVAL').isVisible()).toBe(true);
      await app.screenshot('sign-eth-08-acknowledged');
      // Keyboard first: the Sign button has the focus once the warning is acknowledged, so Enter signs.
      await page.keyboard.press('Enter');
      expect(txSigner(tx, await answerOf(page, uuid))).toBe(ADDRESS);
    });
  });

  it('an EIP-2612 Permit for every token, from image files of its animated QR: two dire warnings, one at a time, then the signature verifies', async () => {
    const permit = permitTypedData(2n ** 256n - 1n);
    const uuid = '4e0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const parts = qrParts(typedSignRequest(permit, uuid), 250);
    expect(parts.length).toBeGreaterThan(1);
    await inSignEthereum({}, async (app) => {
      const { page } = app;
      await page.getByTestId('next').click();
      // Photos of the animated QR's frames, picked in reverse order.
      await page.getByTestId('qr-image-file').setInputFiles(qrImageFiles('eth-permit', parts).reverse());
      await expect.poll(() => page.getByTestId('eth-review').isVisible(), { timeout: 30_000 }).toBe(true);
      expect((await page.getByTestId('eth-typed-message').textContent())?.replace(/\u200b/g, '')).toContain((2n ** 256n - 1n).toLocaleString('en-US'));
      // Never two dire warnings on screen: the first, then (once acknowledged) the next.
      expect(await page.getByTestId('dire-warning').count()).toBe(1);
      const first = await page.getByTestId('dire-warning').locator('[data-code]').getAttribute('data-code');
      expect(['PERMIT', 'UNLIMITED_APPROVAL']).toContain(first);
      expect(await page.getByTestId('dire-warning').textContent()).toContain('One more serious warning follows.');
      expect(await page.getByTestId('sign').isDisabled()).toBe(true);
      await app.screenshot('sign-eth-09-permit-first-warning');
      await acknowledgeDireWarning(page);
      await expect.poll(() => page.getByTestId('dire-warning').locator('[data-code]').getAttribute('data-code')).not.toBe(first);
      expect(await page.getByTestId('dire-warning').count()).toBe(1);
      expect(await page.getByTestId('sign').isDisabled()).toBe(true);
      await app.screenshot('sign-eth-10-permit-second-warning');
      await acknowledgeDireWarning(page);
      await expect.poll(() => page.getByTestId('sign').isEnabled()).toBe(true);
      expect(await page.getByTestId('dire-warning').count()).toBe(0);
      await page.getByTestId('sign').click();
      expect(typedSigner(permit, await answerOf(page, uuid))).toBe(ADDRESS);
    });
  });

  it('a contract creation on a chain Permafrost does not know: both amber warnings above Sign, which needs no acknowledgement', async () => {
    const tx: TransactionLike = { type: 2, chainId: 999_999, nonce: 0, maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: 2_000_000_000n, gasLimit: 500_000n, to: null, value: 0n, data: '0x6080604052348015600f57600080fd5b50' };
    const uuid = '5f0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    await inSignEthereum({}, async (app) => {
      const { page } = app;
      await page.getByTestId('next').click();
      await pasteRequest(app, qrParts(txSignRequest(tx, uuid), 400));
      expect(await page.getByTestId('eth-chain').textContent()).toBe('Unknown chain 999999');
      expect(await page.getByTestId('eth-tx-summary').textContent()).toContain('No recipient: this creates a new contract');
      // Init code, not a call: no "function" read into its first bytes.
      expect(await page.getByTestId('eth-data').textContent()).toMatch(/^17 bytesShow the data/);
      const codes = await page.getByTestId('eth-warnings').locator('.warning [data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
      expect(codes.sort()).toEqual(['CONTRACT_CREATION', 'UNKNOWN_CHAIN']);
      expect(await page.getByTestId('dire-warning').count()).toBe(0);
      expect(await page.getByTestId('sign').isEnabled()).toBe(true);
      await app.screenshot('sign-eth-11-amber-warnings');
      await page.getByTestId('sign').click();
      expect(txSigner(tx, await answerOf(page, uuid))).toBe(ADDRESS);
    });
  });
});
