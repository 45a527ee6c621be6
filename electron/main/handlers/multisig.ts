/**
 * Multisig wallets: read a coordinator's configuration (file, paste or QR text), show it, register it as an
 * authenticated file (public data, HMAC keyed by the seed: core/wallets/registration.ts), list, show, delete, and
 * its addresses. A registration that was changed on disk is listed as a problem and never used.
 */
import {
  checkOurKeys,
  isWalletError,
  MAX_CONFIG_CHARS,
  MULTISIG_SCRIPT_LABELS,
  multisigAddress,
  multisigAddresses,
  multisigDescriptors,
  findMultisigAddress as findInWallet,
  openRegistration,
  parseWalletConfig,
  peekRegistration,
  registrationId,
  requireOurKey,
  sealRegistration,
  validateMultisig,
  WalletError,
  type MultisigWallet,
  type OpenedWallet,
  type WalletConfigFormat,
} from '../../core';
import type { MultisigProblem, MultisigWalletInfo } from '../../ipc';
import { idOfFile, memoryStore, type MultisigStore } from '../../node/multisig-store';
import type { HandlerSection, HandlerServices } from './services';

type Methods = 'readMultisigConfig' | 'registerMultisig' | 'listMultisig' | 'getMultisig' | 'deleteMultisig' | 'getMultisigAddresses' | 'findMultisigAddress';

/** The store the handlers use: the service's, or one in memory (tests without a folder). */
const stores = new WeakMap<HandlerServices, MultisigStore>();
export function multisigStoreOf(services: HandlerServices): MultisigStore {
  let s = services.multisigStore ?? stores.get(services);
  if (!s) stores.set(services, (s = memoryStore()));
  return s;
}

export function multisigInfo(w: MultisigWallet, opened: Pick<OpenedWallet, 'master' | 'fingerprint'>): MultisigWalletInfo {
  const { ours } = checkOurKeys(w, opened.master, opened.fingerprint);
  return {
    multisigId: registrationId(w),
    name: w.name,
    m: w.m,
    n: w.n,
    scriptType: w.scriptType,
    scriptLabel: MULTISIG_SCRIPT_LABELS[w.scriptType],
    sorted: w.sorted,
    network: w.network,
    cosigners: w.cosigners.map((c, i) => ({ fingerprint: c.fingerprint, path: c.path, xpub: c.xpub, ours: ours.includes(i) })),
    firstAddress: multisigAddress(w, false, 0).address,
    descriptors: multisigDescriptors(w),
  };
}

/** A registered wallet of the open wallet, authenticated (TAMPERED if changed on disk; NO_SUCH_WALLET if unknown). */
export async function openRegisteredMultisig(services: HandlerServices, walletId: string, multisigId: string): Promise<MultisigWallet> {
  const opened = services.vault.wallet(walletId);
  const files = await multisigStoreOf(services).list(opened.fingerprint);
  const file = files.find((f) => idOfFile(f.file) === multisigId);
  if (!file) throw new WalletError('NO_SUCH_WALLET', 'That multisig wallet is not registered with the open wallet: register it again.');
  const w = openRegistration(file.bytes, opened.master);
  // The file name is not authenticated: its id must be the id of what it holds.
  if (registrationId(w) !== multisigId) throw new WalletError('TAMPERED', 'This multisig registration’s file was renamed or swapped with another: it is not used. Delete it and register the wallet again.');
  return w;
}

export function multisigHandlers(services: HandlerServices): HandlerSection<Methods> {
  const { vault } = services;
  /** The last configuration read, waiting for the holder's confirmation (public data). */
  let draft: { id: string; walletId: string; wallet: MultisigWallet; format: WalletConfigFormat } | null = null;
  const store = () => multisigStoreOf(services);
  // A lock (closeAll) drops the configuration waiting for confirmation.
  vault.onCloseAll(() => {
    draft = null;
  });

  return {
    readMultisigConfig: async ({ walletId, network, source, name }) => {
      const opened = vault.wallet(walletId);
      let text: string;
      if (source.kind === 'file') {
        const path = await services.files.chooseOpenPath({ title: 'Open the multisig wallet configuration (descriptor, BSMS or Coldcard file)', extensions: ['txt', 'bsms', 'json', 'descriptor'] });
        if (path === null) return null;
        const bytes = await services.files.readFile(path, MAX_CONFIG_CHARS);
        if (bytes.length > MAX_CONFIG_CHARS) throw new WalletError('INVALID_ARGUMENT', `That file is larger than a wallet configuration (${MAX_CONFIG_CHARS.toLocaleString('en-US')} bytes at most).`);
        text = new TextDecoder().decode(bytes);
      } else {
        text = source.text;
      }
      const parsed = parseWalletConfig(text, { network, ...(name ? { name } : {}) });
      requireOurKey(parsed.wallet, opened.master, opened.fingerprint);
      draft = { id: vault.newFileId(), walletId, wallet: parsed.wallet, format: parsed.format };
      return { draftId: draft.id, format: parsed.format, wallet: multisigInfo(parsed.wallet, opened) };
    },

    registerMultisig: async ({ walletId, draftId, name }) => {
      if (!draft || draft.id !== draftId || draft.walletId !== walletId) throw new WalletError('NO_SUCH_WALLET', 'That wallet configuration is no longer loaded: read it again.');
      const opened = vault.wallet(walletId);
      const wallet = validateMultisig(name ? { ...draft.wallet, name } : draft.wallet);
      requireOurKey(wallet, opened.master, opened.fingerprint);
      const id = registrationId(wallet);
      await store().write(opened.fingerprint, id, sealRegistration(wallet, opened.master));
      draft = null;
      return multisigInfo(wallet, opened);
    },

    listMultisig: async ({ walletId }) => {
      const opened = vault.wallet(walletId);
      const wallets: MultisigWalletInfo[] = [];
      const problems: MultisigProblem[] = [];
      for (const f of await store().list(opened.fingerprint)) {
        const id = idOfFile(f.file) ?? f.file;
        try {
          const w = openRegistration(f.bytes, opened.master);
          if (registrationId(w) !== id) throw new WalletError('TAMPERED', 'This multisig registration’s file was renamed or swapped with another: it is not used.');
          wallets.push(multisigInfo(w, opened));
        } catch (e) {
          if (!isWalletError(e)) throw e;
          // Another seed's (or passphrase's) registrations share the fingerprint only by chance: not listed.
          if (e.code === 'NO_SUCH_WALLET') continue;
          problems.push({ multisigId: id, name: peekRegistration(f.bytes)?.name ?? null, code: e.code, message: e.message });
        }
      }
      return { wallets, problems };
    },

    getMultisig: async ({ walletId, multisigId }) => multisigInfo(await openRegisteredMultisig(services, walletId, multisigId), vault.wallet(walletId)),

    deleteMultisig: async ({ walletId, multisigId }) => ({ deleted: await store().remove(vault.wallet(walletId).fingerprint, multisigId) }),

    getMultisigAddresses: async ({ walletId, multisigId, change, from, count }) => multisigAddresses(await openRegisteredMultisig(services, walletId, multisigId), { change, from, count }),

    findMultisigAddress: async ({ walletId, multisigId, address, gapLimit }) => findInWallet(await openRegisteredMultisig(services, walletId, multisigId), address, gapLimit),
  };
}
