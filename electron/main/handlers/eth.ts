/**
 * Sign Ethereum (MetaMask's QR hardware-wallet protocol, EIP-4527): show the pairing QR, take an eth-sign-request
 * (scanned frame by frame or pasted), review it against the open wallet, sign it once every dire warning is
 * acknowledged, and answer with an eth-signature QR. The request is public data; the keys stay in the vault.
 */
import {
  deriveAddresses,
  encodeUr,
  EthRequestScan,
  metamaskUr,
  prepareEthRequest,
  readEthRequestText,
  signEthRequest,
  textQr,
  WalletError,
  type EthSignRequest,
  type PreparedEthRequest,
} from '../../core';
import type { LoadedEthRequest } from '../../ipc';
import { toQr, type HandlerSection, type HandlerServices } from './services';

type Methods = 'getEthPairing' | 'scanEthRequestFrame' | 'resetEthScan' | 'loadEthRequest' | 'signEthRequest' | 'closeEthRequest';

interface Held {
  readonly id: string;
  readonly walletId: string;
  readonly prepared: PreparedEthRequest;
}

/** The account MetaMask pairs with: m/44'/60'/0' (addresses m/44'/60'/0'/0/i). */
const ETH_ACCOUNT = { kind: 'eth', network: 'mainnet', account: 0 } as const;

export function ethHandlers(services: HandlerServices): HandlerSection<Methods> {
  const { vault } = services;
  /** One request at a time: loading another lets go of the last. */
  let held: Held | null = null;
  /** The QR frames being collected (public data: MetaMask's request). */
  let scan = new EthRequestScan();
  // A lock (closeAll) drops the request and the parts scanned so far.
  vault.onCloseAll(() => {
    held = null;
    scan = new EthRequestScan();
  });

  const hold = (walletId: string, request: EthSignRequest): LoadedEthRequest => {
    const prepared = prepareEthRequest(request, vault.account(walletId, ETH_ACCOUNT));
    held = { id: vault.newFileId(), walletId, prepared };
    return { ethRequestId: held.id, review: prepared.review };
  };
  const get = (ethRequestId: string): Held => {
    if (!held || held.id !== ethRequestId) throw new WalletError('NO_SUCH_WALLET', 'That request is no longer loaded: scan it again.');
    return held;
  };

  return {
    getEthPairing: ({ walletId }) => {
      const account = vault.account(walletId, ETH_ACCOUNT);
      const ur = encodeUr(metamaskUr(account)).toUpperCase();
      return {
        ur,
        qr: toQr(ur, textQr(ur, 'L')),
        fingerprint: account.fingerprint,
        accountPath: account.path,
        addresses: deriveAddresses(account, { count: 5 }),
      };
    },

    scanEthRequestFrame: ({ walletId, text }) => {
      vault.wallet(walletId);
      const status = scan.add(text);
      if (status.kind !== 'complete') return { status, loaded: null };
      const request = scan.result();
      scan = new EthRequestScan();
      return { status, loaded: hold(walletId, request) };
    },

    resetEthScan: () => {
      scan = new EthRequestScan();
      return { reset: true };
    },

    loadEthRequest: ({ walletId, text }) => {
      vault.wallet(walletId);
      return hold(walletId, readEthRequestText(text));
    },

    signEthRequest: ({ ethRequestId, walletId, accept }) => {
      const h = get(ethRequestId);
      if (h.walletId !== walletId) throw new WalletError('INVALID_ARGUMENT', 'This request was reviewed against another wallet: scan it again.');
      const missing = h.prepared.review.warnings.filter((w) => w.needsAck && !accept.includes(w.code));
      if (missing.length > 0) throw new WalletError('INVALID_ARGUMENT', `Read and acknowledge first: ${missing.map((w) => w.message).join(' ')}`);
      const answer = signEthRequest(h.prepared, vault.wallet(walletId).master);
      return {
        signature: `0x${Buffer.from(answer.signature).toString('hex')}`,
        ur: answer.urText,
        frames: [answer.urText],
      };
    },

    closeEthRequest: ({ ethRequestId }) => {
      const closed = held?.id === ethRequestId;
      if (closed) held = null;
      return { closed };
    },
  };
}
