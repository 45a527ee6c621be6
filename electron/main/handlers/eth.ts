/**
 * Sign Ethereum (MetaMask's QR hardware-wallet protocol, EIP-4527): show the pairing QR, take an eth-sign-request
 * (scanned frame by frame or pasted), review it against the open wallet, sign it once every dire warning is
 * acknowledged, and answer with an eth-signature QR. The request is public data; the keys stay in the vault.
 */
import { deriveAddresses, encodeUr, metamaskUr, textQr, WalletError } from '../../core';
import { toQr, type HandlerSection, type HandlerServices } from './services';

type Methods = 'getEthPairing' | 'scanEthRequestFrame' | 'resetEthScan' | 'loadEthRequest' | 'signEthRequest' | 'closeEthRequest';

const notYet = (): never => {
  throw new WalletError('UNSUPPORTED', 'Ethereum signing is not in this build yet.');
};

export function ethHandlers(services: HandlerServices): HandlerSection<Methods> {
  const { vault } = services;
  return {
    getEthPairing: ({ walletId }) => {
      const account = vault.account(walletId, { kind: 'eth', network: 'mainnet', account: 0 });
      const ur = encodeUr(metamaskUr(account)).toUpperCase();
      return {
        ur,
        qr: toQr(ur, textQr(ur, 'L')),
        fingerprint: account.fingerprint,
        accountPath: account.path,
        addresses: deriveAddresses(account, { count: 5 }),
      };
    },
    scanEthRequestFrame: notYet,
    resetEthScan: () => ({ reset: true }),
    loadEthRequest: notYet,
    signEthRequest: notYet,
    closeEthRequest: () => ({ closed: false }),
  };
}
