/**
 * Sign Ethereum as MetaMask's QR-based hardware wallet (EIP-4527), end to end: the pairing QR read off the screen by
 * Keystone's own registry (what MetaMask's QR keyring uses); requests built with Keystone's EthSignRequest — an
 * EIP-1559 transaction shown to the fake camera, a personal_sign message and EIP-712 typed data pasted, an unlimited
 * ERC-20 approval that must be acknowledged — reviewed, signed, and the eth-signature read back off the screen as
 * MetaMask's camera would, then checked with ethers: the signer recovered is the wallet's address.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { URDecoder } from '@ngraveio/bc-ur';
import { CryptoHDKey, DataType, ETHSignature, EthSignRequest, generateAddressFromXpub } from '@keystonehq/bc-ur-registry-eth';
import { Signature, Transaction, getAddress, verifyMessage, verifyTypedData, type TypedDataField } from 'ethers';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { textQr } from '../electron/core';
import { ABANDON } from '../test/helpers/psbt-build';
import { matrixToRgba } from '../test/helpers/qr-image';
import { ARTIFACTS, closeBrowser, launchApp, type AppUnderTest } from './harness/app';
import { writeQrVideo } from './harness/camera';
import { restoreWallet } from './harness/flows';
import { readQrFromScreen } from './harness/screen-qr';

afterAll(closeBrowser);

/** m/44'/60'/0'/0/0 of "abandon … about" (Keystone's ur-registry-eth utils test; ../shared/vectors/ethereum-vectors.json). */
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const FINGERPRINT = '73c5da0a';
const PATH = "m/44'/60'/0'/0/0";

/** A request as MetaMask's QR keyring makes it: Keystone's EthSignRequest, our fingerprint and path. */
function signRequest(signData: Uint8Array, dataType: DataType, uuid: string, chainId?: number): EthSignRequest {
  return EthSignRequest.constructETHRequest(Buffer.from(signData), dataType, PATH, FINGERPRINT, uuid, chainId, ADDRESS, 'metamask');
}

/** The request's UR parts (one when it fits a fragment), upper case as shown in an alphanumeric QR. */
function urParts(request: EthSignRequest, fragment: number): string[] {
  const encoder = request.toUREncoder(fragment);
  return Array.from({ length: encoder.fragmentsLength }, () => encoder.nextPart().toUpperCase());
}

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

/** The parts as PNG files, as a phone's photos or screenshots of MetaMask's QR. */
function qrImages(name: string, parts: readonly string[]): string[] {
  const dir = path.join(ARTIFACTS, 'qr-images');
  mkdirSync(dir, { recursive: true });
  return parts.map((part, i) => {
    const file = path.join(dir, `eth-${name}-${i + 1}.png`);
    const img = matrixToRgba(textQr(part), 6);
    const png = new PNG({ width: img.width, height: img.height });
    png.data = Buffer.from(img.data);
    writeFileSync(file, PNG.sync.write(png));
    return file;
  });
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

async function openSignEthereum(app: AppUnderTest): Promise<void> {
  await restoreWallet(app, ABANDON.split(' '));
  await app.page.getByTestId('task-sign-eth').click();
  await expect.poll(() => app.page.getByTestId('step-indicator').textContent()).toBe('Sign Ethereum · 1 of 4');
}

/** Pastes the request's parts (the paste box opened if it is not yet). */
async function paste(app: AppUnderTest, parts: readonly string[]): Promise<void> {
  const { page } = app;
  const summary = page.locator('details summary', { hasText: 'Or paste it' });
  if (!(await page.getByTestId('eth-request-text').isVisible())) await summary.click();
  await page.getByTestId('eth-request-text').fill(parts.join('\n'));
  await page.getByTestId('load-text').click();
}

async function pasteRequest(app: AppUnderTest, parts: readonly string[]): Promise<void> {
  await paste(app, parts);
  await expect.poll(() => app.page.getByTestId('eth-review').isVisible(), { timeout: 20_000 }).toBe(true);
}

describe('Sign Ethereum (MetaMask QR-based hardware wallet)', () => {
  it('pairing: the crypto-hdkey QR Keystone’s registry reads, MetaMask’s steps, and the same first 5 addresses', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignEthereum(app);
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
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('an EIP-1559 transaction from the camera (animated UR): review, sign, and the answer recovers to the wallet’s address', async () => {
    const tx = Transaction.from({
      type: 2,
      chainId: 1,
      nonce: 7,
      maxPriorityFeePerGas: 2_000_000_000n,
      maxFeePerGas: 30_000_000_000n,
      gasLimit: 21_000n,
      to: '0x3535353535353535353535353535353535353535',
      value: 1_500_000_000_000_000_000n,
    });
    const uuid = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const request = signRequest(Buffer.from(tx.unsignedSerialized.slice(2), 'hex'), DataType.typedTransaction, uuid, 1);
    // Small fragments, as MetaMask animates a long request: several QR frames.
    const parts = urParts(request, 40);
    expect(parts.length).toBeGreaterThan(1);
    const video = path.join(ARTIFACTS, 'camera', 'eth-sign-request.y4m');
    writeQrVideo(video, parts.map((p) => textQr(p)), 4);
    const app = await launchApp({ cameraVideo: video });
    try {
      const { page } = app;
      await openSignEthereum(app);
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
      const answer = await readSignatureFromScreen(page);
      expect(answer.getRequestId()?.toString('hex')).toBe(uuidBytes(uuid).toString('hex'));
      const signed = tx.clone();
      signed.signature = ethersSignature(answer.getSignature());
      expect(signed.from).toBe(ADDRESS);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('personal_sign pasted: the message shown as text, signed, and verifyMessage recovers the wallet’s address', async () => {
    const message = 'Sign in to example.org\nNonce: 8f2e…\nThis request will not trigger a transaction.';
    const uuid = '1f0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignEthereum(app);
      await page.getByTestId('next').click();
      // A request for another wallet (MetaMask paired with a different seed): refused, saying so, nothing to review.
      const foreign = EthSignRequest.constructETHRequest(Buffer.from(message), DataType.personalMessage, PATH, 'deadbeef', uuid, undefined, undefined, 'metamask');
      await paste(app, urParts(foreign, 400));
      await expect.poll(() => page.getByTestId('error').textContent(), { timeout: 20_000 }).toContain('This request is for another wallet');
      expect(await page.getByTestId('error').textContent()).toContain('73c5da0a');
      expect(await page.getByTestId('step-indicator').textContent()).toBe('Sign Ethereum · 2 of 4');
      await app.screenshot('sign-eth-05a-another-wallet');
      await pasteRequest(app, urParts(signRequest(new TextEncoder().encode(message), DataType.personalMessage, uuid), 400));
      expect(await page.getByTestId('eth-message').textContent()).toBe(message);
      await app.screenshot('sign-eth-05-review-message');
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
      const answer = await readSignatureFromScreen(page);
      expect(answer.getRequestId()?.toString('hex')).toBe(uuidBytes(uuid).toString('hex'));
      expect(verifyMessage(message, ethersSignature(answer.getSignature()))).toBe(ADDRESS);

      // EIP-712 "Mail" (the EIP's own example), pasted as the parts of an animated request in reverse order.
      await page.getByTestId('sign-another').click();
      const typed = {
        types: {
          EIP712Domain: [
            { name: 'name', type: 'string' },
            { name: 'version', type: 'string' },
            { name: 'chainId', type: 'uint256' },
            { name: 'verifyingContract', type: 'address' },
          ],
          Person: [
            { name: 'name', type: 'string' },
            { name: 'wallet', type: 'address' },
          ],
          Mail: [
            { name: 'from', type: 'Person' },
            { name: 'to', type: 'Person' },
            { name: 'contents', type: 'string' },
          ],
        },
        primaryType: 'Mail',
        domain: { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
        message: {
          from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
          to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
          contents: 'Hello, Bob!',
        },
      };
      const typedUuid = '2c0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
      const typedParts = urParts(signRequest(new TextEncoder().encode(JSON.stringify(typed)), DataType.typedData, typedUuid, 1), 150);
      expect(typedParts.length).toBeGreaterThan(1);
      await pasteRequest(app, [...typedParts].reverse());
      const tree = (await page.getByTestId('eth-typed-message').textContent()) ?? '';
      for (const shown of ['Cow', 'Bob', 'Hello, Bob!']) expect(tree).toContain(shown);
      expect(await page.getByTestId('eth-typed-domain').textContent()).toContain('Ether Mail');
      await app.screenshot('sign-eth-06-review-typed-data');
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
      const typedAnswer = await readSignatureFromScreen(page);
      expect(typedAnswer.getRequestId()?.toString('hex')).toBe(uuidBytes(typedUuid).toString('hex'));
      const { EIP712Domain: _domain, ...types } = typed.types;
      expect(verifyTypedData(typed.domain, types as Record<string, TypedDataField[]>, typed.message, ethersSignature(typedAnswer.getSignature()))).toBe(ADDRESS);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('an unlimited ERC-20 approval (legacy EIP-155 transaction) from an image file: Sign stays disabled until the dire warning is acknowledged', async () => {
    const spender = '0x1111111254EEB25477B68fb85Ed929f73A960582';
    const token = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
    const data = `0x095ea7b3${spender.slice(2).toLowerCase().padStart(64, '0')}${'f'.repeat(64)}`;
    const tx = Transaction.from({ type: 0, chainId: 1, nonce: 3, gasPrice: 20_000_000_000n, gasLimit: 60_000n, to: token, value: 0n, data });
    const uuid = '3d0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignEthereum(app);
      await page.getByTestId('next').click();
      // Read from image files (a photo or screenshot of MetaMask's QR).
      const images = qrImages('approval', urParts(signRequest(Buffer.from(tx.unsignedSerialized.slice(2), 'hex'), DataType.transaction, uuid, 1), 400));
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
      await page.getByTestId('dire-warning').getByRole('checkbox').check();
      await page.getByTestId('dire-warning').getByRole('button').click();
      await expect.poll(() => page.getByTestId('sign').isEnabled()).toBe(true);
      expect(await page.getByTestId('acked-UNLIMITED_APPROVAL').isVisible()).toBe(true);
      await app.screenshot('sign-eth-08-acknowledged');
      // Keyboard first: the Sign button has the focus once the warning is acknowledged, so Enter signs.
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
      const answer = await readSignatureFromScreen(page);
      const signed = tx.clone();
      signed.signature = ethersSignature(answer.getSignature());
      expect(signed.from).toBe(ADDRESS);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
  it('an EIP-2612 Permit for every token, from image files of its animated QR: two dire warnings, one at a time, then the signature verifies', async () => {
    const usdc = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
    const spender = '0x000000000022D473030F116dDEE9F6B43aC78BA3';
    const types = {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    };
    const domain = { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: usdc };
    const message = { owner: ADDRESS, spender, value: (2n ** 256n - 1n).toString(), nonce: '0', deadline: '1893456000' };
    const uuid = '4e0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const parts = urParts(signRequest(new TextEncoder().encode(JSON.stringify({ types, primaryType: 'Permit', domain, message })), DataType.typedData, uuid, 1), 250);
    expect(parts.length).toBeGreaterThan(1);
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignEthereum(app);
      await page.getByTestId('next').click();
      // Photos of the animated QR's frames, picked in reverse order.
      await page.getByTestId('qr-image-file').setInputFiles(qrImages('permit', parts).reverse());
      await expect.poll(() => page.getByTestId('eth-review').isVisible(), { timeout: 30_000 }).toBe(true);
      expect((await page.getByTestId('eth-typed-message').textContent())?.replace(/\u200b/g, '')).toContain((2n ** 256n - 1n).toLocaleString('en-US'));
      // Never two dire warnings on screen: the first, then (once acknowledged) the next.
      expect(await page.getByTestId('dire-warning').count()).toBe(1);
      const first = await page.getByTestId('dire-warning').locator('[data-code]').getAttribute('data-code');
      expect(['PERMIT', 'UNLIMITED_APPROVAL']).toContain(first);
      expect(await page.getByTestId('dire-warning').textContent()).toContain('One more serious warning follows.');
      expect(await page.getByTestId('sign').isDisabled()).toBe(true);
      await app.screenshot('sign-eth-09-permit-first-warning');
      await page.getByTestId('dire-warning').getByRole('checkbox').check();
      await page.getByTestId('dire-warning').getByRole('button').click();
      await expect.poll(() => page.getByTestId('dire-warning').locator('[data-code]').getAttribute('data-code')).not.toBe(first);
      expect(await page.getByTestId('dire-warning').count()).toBe(1);
      expect(await page.getByTestId('sign').isDisabled()).toBe(true);
      await app.screenshot('sign-eth-10-permit-second-warning');
      await page.getByTestId('dire-warning').getByRole('checkbox').check();
      await page.getByTestId('dire-warning').getByRole('button').click();
      await expect.poll(() => page.getByTestId('sign').isEnabled()).toBe(true);
      expect(await page.getByTestId('dire-warning').count()).toBe(0);
      await page.getByTestId('sign').click();
      await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
      const answer = await readSignatureFromScreen(page);
      expect(answer.getRequestId()?.toString('hex')).toBe(uuidBytes(uuid).toString('hex'));
      const { EIP712Domain: _domain, ...permitTypes } = types;
      expect(verifyTypedData(domain, permitTypes, message, ethersSignature(answer.getSignature()))).toBe(ADDRESS);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
  it('a contract creation on a chain Permafrost does not know: both amber warnings above Sign, which needs no acknowledgement', async () => {
    const tx = Transaction.from({ type: 2, chainId: 999_999, nonce: 0, maxPriorityFeePerGas: 1_000_000_000n, maxFeePerGas: 2_000_000_000n, gasLimit: 500_000n, to: null, value: 0n, data: '0x6080604052348015600f57600080fd5b50' });
    const uuid = '5f0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d';
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignEthereum(app);
      await page.getByTestId('next').click();
      await pasteRequest(app, urParts(signRequest(Buffer.from(tx.unsignedSerialized.slice(2), 'hex'), DataType.typedTransaction, uuid, 999_999), 400));
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
      await expect.poll(() => page.getByTestId('signed-result').isVisible(), { timeout: 20_000 }).toBe(true);
      const signed = tx.clone();
      signed.signature = ethersSignature((await readSignatureFromScreen(page)).getSignature());
      expect(signed.from).toBe(ADDRESS);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
