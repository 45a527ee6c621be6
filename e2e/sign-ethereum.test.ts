/**
 * Sign Ethereum as MetaMask's QR-based hardware wallet (EIP-4527), end to end: the pairing QR read off the screen by
 * Keystone's own registry (what MetaMask's QR keyring uses), and the addresses listed beside it derived from it.
 */
import { URDecoder } from '@ngraveio/bc-ur';
import { CryptoHDKey, generateAddressFromXpub } from '@keystonehq/bc-ur-registry-eth';
import { getAddress } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { ABANDON } from '../test/helpers/psbt-build';
import { closeBrowser, launchApp, type AppUnderTest } from './harness/app';
import { restoreWallet } from './harness/flows';
import { readQrFromScreen } from './harness/screen-qr';

afterAll(closeBrowser);

/** m/44'/60'/0'/0/0 of "abandon … about" (Keystone's ur-registry-eth utils test; ../shared/vectors/ethereum-vectors.json). */
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const FINGERPRINT = '73c5da0a';

async function openSignEthereum(app: AppUnderTest): Promise<void> {
  await restoreWallet(app, ABANDON.split(' '));
  await app.page.getByTestId('task-sign-eth').click();
  await expect.poll(() => app.page.getByTestId('step-indicator').textContent()).toBe('Sign Ethereum · 1 of 4');
}

describe('Sign Ethereum (MetaMask QR-based hardware wallet)', () => {
  it('pairing: the crypto-hdkey QR Keystone’s registry reads, MetaMask’s steps, and the same first 5 addresses', async () => {
    const app = await launchApp();
    try {
      const { page } = app;
      await openSignEthereum(app);
      await expect.poll(() => page.getByTestId('pair-addresses').locator('tbody tr').count()).toBe(5);
      expect(await page.getByTestId('pair-steps').textContent()).toContain('QR-based');
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
});
