/** Watch-only accounts: keys, addresses, QR codes and export files (public data only). */
import {
  ACCOUNT_LABELS,
  accountUrString,
  decodeSinglePartUr,
  deriveAddresses,
  encodeUr,
  findAddress,
  outputUr,
  PRODUCT_NAME,
  UrEncoder,
  type Account,
} from '../../core';
import type { AccountRequest, ExportFileFormat } from '../../ipc';
import { type HandlerSection, type HandlerServices } from './services';

/**
 * A UR as the texts of its QR frames (upper case: alphanumeric mode): one frame when it fits, else fountain parts
 * (twice the sequence length, then loop). The renderer draws each as it shows it.
 */
export function urFrames(ur: string, maxFragmentLength = 200): string[] {
  const upper = ur.toUpperCase();
  if (upper.length <= 600) return [upper];
  const encoder = new UrEncoder(decodeSinglePartUr(ur), maxFragmentLength);
  return Array.from({ length: encoder.seqLen * 2 }, () => encoder.nextPart().toUpperCase());
}

function exportContents(account: Account, format: Exclude<ExportFileFormat, 'coldcard-json' | 'multisig-json'>): string {
  switch (format) {
    case 'descriptor':
      if (!account.descriptors) return `${account.keyExpression}\n`;
      return [`# ${ACCOUNT_LABELS[account.spec.kind]} — ${PRODUCT_NAME} watch-only export`, account.descriptors.multipath, account.descriptors.receive, account.descriptors.change, ''].join('\n');
    case 'xpub':
      return `${account.slip132}\n${account.slip132 === account.xpub ? '' : `${account.xpub}\n`}`;
    case 'ur':
      return `${accountUrString(account)}\n`;
  }
}

export function accountsHandlers(services: HandlerServices): HandlerSection<'getAccount' | 'getAddresses' | 'findAddress' | 'saveExport'> {
  const { vault } = services;
  const acct = (r: AccountRequest) => vault.account(r.walletId, { kind: r.kind, network: r.network, account: r.account });
  return {
    getAccount: (r) => {
      const a = acct(r);
      const first = a.spec.kind === 'bip48' ? null : (deriveAddresses(a, { count: 1 })[0]?.address ?? null);
      return {
        kind: a.spec.kind,
        label: ACCOUNT_LABELS[a.spec.kind],
        path: a.path,
        fingerprint: a.fingerprint,
        xpub: a.xpub,
        slip132: a.slip132,
        keyExpression: a.keyExpression,
        descriptors: a.descriptors,
        urFrames: urFrames(accountUrString(a)),
        outputFrames: a.spec.kind === 'eth' || a.spec.kind === 'bip48' ? null : urFrames(encodeUr(outputUr(a))),
        firstAddress: first,
      };
    },

    getAddresses: (r) => deriveAddresses(acct(r), { change: r.change, from: r.from, count: r.count }),

    findAddress: (r) => findAddress(acct(r), r.address, r.gapLimit),

    saveExport: async (r) => {
      const a = acct(r);
      const name = `permafrost-${a.fingerprint}-${r.kind}-${r.network}-${r.account}`;
      const contents =
        r.format === 'coldcard-json'
          ? vault.coldcardJson(r.walletId, r.network, r.account)
          : r.format === 'multisig-json'
            ? vault.multisigJson(r.walletId, r.network, r.account)
            : exportContents(a, r.format);
      const extension = r.format === 'coldcard-json' || r.format === 'multisig-json' ? 'json' : 'txt';
      // A BIP48 "descriptor" is the cosigner's key expression: name the file for what it holds.
      const what = r.format === 'descriptor' && a.spec.kind === 'bip48' ? 'cosigner-key' : r.format;
      const path = await services.files.chooseSavePath(`${name}-${what}.${extension}`, {
        title: `Save the watch-only export (${ACCOUNT_LABELS[a.spec.kind]}) — no private keys`,
        secret: false,
      });
      if (path === null) return null;
      await services.files.writeFile(path, contents, { secret: false });
      return { path };
    },
  };
}
