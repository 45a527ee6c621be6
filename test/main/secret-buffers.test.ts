/**
 * Issue 13, "Memory", observed: every flow runs through the real registered handlers while the test keeps a
 * reference to every secret byte array the flows create — the BIP39 entropy, every seed, every BIP32 private key
 * (the library's own array of each node made, and every copy its `privateKey` getter hands out: the signing keys of
 * Bitcoin, multisig and Ethereum), the SLIP-39 master secrets, the split's encrypted secret, the backup file's
 * plaintext bytes and the PDFs saved (the paper kit with its Compact SeedQR, share cards) — and then observes each
 * one zeroed once the flow ended and the wallet closed (as quit does: Vault.closeAll). What is a JavaScript string (words, passphrases, shares) cannot be zeroed: SECURITY.md, "Memory".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HDKey } from '../../electron/core';
import { handlerHarness } from '../helpers/ipc';
import { buildPsbt } from '../helpers/psbt-build';
import { buildMultisigPsbt } from '../helpers/multisig-psbt';
import { ABOUT, descriptorFor, keysFor } from '../helpers/multisig';
import { addChecksum } from '../../electron/core/keys/descriptor';
import { CHANNELS, type Method, type RequestOf, type ResponseOf, type Result } from '../../electron/ipc';
import { startApp } from '../../electron/main/app';
import { Vault } from '../../electron/main/vault';
import { createFakeElectron } from './fake-electron';
import type * as Mnemonic from '../../electron/core/keys/mnemonic';
import type * as Entropy from '../../electron/core/keys/entropy';
import type * as Share from '../../electron/core/backup/slip39/share';
import type * as Modes from '../../electron/core/backup/slip39/modes';
import type * as VaultDocument from '../../electron/core/vault/document';
import type * as Pdf from '../../electron/core/backup/pdf';

/** Each secret array the flows made, by what it is (hoisted: the mocks below record into it). */
const { held, keep } = vi.hoisted(() => {
  const held = new Map<string, Uint8Array[]>();
  const keep = (kind: string, bytes: Uint8Array | null | undefined): void => {
    if (!bytes || bytes.length === 0) return;
    held.set(kind, [...(held.get(kind) ?? []), bytes]);
  };
  return { held, keep };
});

vi.mock('../../electron/core/keys/mnemonic', async (importOriginal) => {
  const real = await importOriginal<typeof Mnemonic>();
  return {
    ...real,
    generateMnemonic: (...args: Parameters<typeof real.generateMnemonic>) => {
      const r = real.generateMnemonic(...args);
      keep('BIP39 entropy', r.entropy);
      return r;
    },
    parseMnemonic: (...args: Parameters<typeof real.parseMnemonic>) => {
      const r = real.parseMnemonic(...args);
      keep('BIP39 entropy', r.entropy);
      return r;
    },
    mnemonicToSeed: async (...args: Parameters<typeof real.mnemonicToSeed>) => {
      const seed = await real.mnemonicToSeed(...args);
      keep('BIP39 seed', seed);
      return seed;
    },
  };
});

vi.mock('../../electron/core/keys/entropy', async (importOriginal) => {
  const real = await importOriginal<typeof Entropy>();
  return {
    ...real,
    userEntropy: (...args: Parameters<typeof real.userEntropy>) => {
      const e = real.userEntropy(...args);
      keep('dice entropy', e.entropy);
      return e;
    },
  };
});

vi.mock('../../electron/core/backup/slip39/share', async (importOriginal) => {
  const real = await importOriginal<typeof Share>();
  return {
    ...real,
    decodeShare: (...args: Parameters<typeof real.decodeShare>) => {
      const share = real.decodeShare(...args);
      keep('SLIP-39 share value (decoded)', share.value);
      return share;
    },
  };
});

vi.mock('../../electron/core/backup/slip39/modes', async (importOriginal) => {
  const real = await importOriginal<typeof Modes>();
  return {
    ...real,
    splitIntoShares: async (...args: Parameters<typeof real.splitIntoShares>) => {
      const secret = args[0].secret;
      if ('masterSecret' in secret) keep('SLIP-39 master secret (new Shamir wallet)', secret.masterSecret);
      const outcome = await real.splitIntoShares(...args);
      keep('SLIP-39 encrypted master secret (the split)', outcome.split.encryptedSecret);
      return outcome;
    },
    combineIntoWallet: async (...args: Parameters<typeof real.combineIntoWallet>) => {
      const outcome = await real.combineIntoWallet(...args);
      keep('SLIP-39 master secret (recovered)', outcome.masterSecret);
      return outcome;
    },
  };
});

vi.mock('../../electron/core/vault/document', async (importOriginal) => {
  const real = await importOriginal<typeof VaultDocument>();
  return {
    ...real,
    serializeVaultDocument: (...args: Parameters<typeof real.serializeVaultDocument>) => {
      const bytes = real.serializeVaultDocument(...args);
      keep('backup file plaintext (written)', bytes);
      return bytes;
    },
    parseVaultDocument: (...args: Parameters<typeof real.parseVaultDocument>) => {
      keep('backup file plaintext (read)', args[0]);
      return real.parseVaultDocument(...args);
    },
  };
});

vi.mock('../../electron/core/backup/pdf', async (importOriginal) => {
  const real = await importOriginal<typeof Pdf>();
  return {
    ...real,
    renderPdf: async (...args: Parameters<typeof real.renderPdf>) => {
      const r = await real.renderPdf(...args);
      keep(args[0].pages.some((p) => p.sheet === 'share') ? 'share card PDF (words)' : 'paper kit PDF (words + Compact SeedQR)', r.bytes);
      return r;
    },
  };
});

type Node = { _privateKey?: Uint8Array };
const proto = HDKey.prototype as unknown as Record<string, unknown>;
const privateKeyGetter = Object.getOwnPropertyDescriptor(HDKey.prototype, 'privateKey')!;
const originals = { derive: proto.derive as (this: HDKey, p: string) => HDKey, deriveChild: proto.deriveChild as (this: HDKey, i: number) => HDKey, fromMasterSeed: HDKey.fromMasterSeed };

beforeAll(() => {
  // Every node the BIP32 library makes, and every copy of a private key it hands out.
  const node = (n: HDKey) => (keep('BIP32 private key (the library’s array)', (n as unknown as Node)._privateKey), n);
  proto.derive = function (this: HDKey, p: string) {
    return node(originals.derive.call(this, p));
  };
  proto.deriveChild = function (this: HDKey, i: number) {
    return node(originals.deriveChild.call(this, i));
  };
  (HDKey as unknown as { fromMasterSeed: typeof HDKey.fromMasterSeed }).fromMasterSeed = (seed, versions) => node(originals.fromMasterSeed.call(HDKey, seed, versions));
  Object.defineProperty(HDKey.prototype, 'privateKey', {
    configurable: true,
    get(this: HDKey) {
      const copy = privateKeyGetter.get!.call(this) as Uint8Array | null;
      keep('BIP32 private key (a copy handed out: signing keys)', copy);
      return copy;
    },
  });
});
afterAll(() => {
  Object.assign(proto, { derive: originals.derive, deriveChild: originals.deriveChild });
  (HDKey as unknown as { fromMasterSeed: typeof HDKey.fromMasterSeed }).fromMasterSeed = originals.fromMasterSeed;
  Object.defineProperty(HDKey.prototype, 'privateKey', privateKeyGetter);
});

const STRONG = 'glacier tundra lantern 47 orchard quiet';
/** The kinds of secret issue 13 names (entropy, seed, private keys, SLIP-39 master secret, age plaintext), as held here. */
const ISSUE_KINDS = [
  'BIP39 entropy',
  'BIP39 seed',
  'BIP32 private key (the library’s array)',
  'BIP32 private key (a copy handed out: signing keys)',
  'SLIP-39 master secret (new Shamir wallet)',
  'SLIP-39 master secret (recovered)',
  'backup file plaintext (written)',
  'backup file plaintext (read)',
];
const heldKinds = () => ISSUE_KINDS.filter((k) => (held.get(k)?.length ?? 0) > 0);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const notZeroed = () =>
  [...held].flatMap(([kind, arrays]) => {
    const left = arrays.filter((a) => a.some((b) => b !== 0)).length;
    return left ? [`${kind}: ${left} of ${arrays.length} not zeroed`] : [];
  });

describe('every secret byte array a flow makes is zeroed once the flow ends and the wallet closes (quit)', () => {
  const h = handlerHarness({ backupFileWorkFactor: 10 });

  it('create (dice, then CSPRNG) → quiz → open → accounts; paper kit (SeedQR) previewed and saved; split (both modes) → recover; encrypted backup file save → open; then close all', async () => {
    const { ok, vault, written, disk, openPath } = h;
    held.clear(); // what the test's own fixtures made is not the app's
    await ok('createDraft', { words: 12, language: 'english', source: { kind: 'dice', input: '65515223131652132161133154444123616466443112153441', mix: false } });
    const draft = await ok('createDraft', { words: 24, language: 'english', source: { kind: 'csprng' } });
    await ok('checkQuiz', { draftId: draft.draftId, answers: draft.quizPositions.map((p) => ({ position: p, word: draft.words[p - 1]! })) });
    const { walletId } = await ok('openWallet', { source: { draftId: draft.draftId }, passphrase: 'a passphrase' });
    await ok('getAccount', { walletId, kind: 'bip84', network: 'mainnet', account: 0 });
    await ok('getAccount', { walletId, kind: 'eth', network: 'mainnet', account: 0 });
    // Paper: the kit with its SeedQR (Compact SeedQR is the entropy itself), previewed and saved as a PDF.
    const paper = { walletId, paper: 'a4' as const, sheets: ['seed', 'metal', 'watch', 'instructions'] as const, network: 'mainnet' as const, receive: { kind: 'bip84' as const, count: 4 }, inheritance: { holdings: '', locations: '', contacts: '', notes: '' } };
    await ok('previewBackup', { ...paper, sheets: [...paper.sheets] });
    await ok('saveBackupPdf', { ...paper, sheets: [...paper.sheets] });

    const split = await ok('splitShares', { walletId, mode: 'bip39', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    const cards = (await ok('previewShareCards', { splitId: split.splitId, paper: 'a4' })).pages.flatMap((p) => p.blocks.filter((b) => b.kind === 'words')) as unknown as Array<{ words: string[] }>;
    await ok('saveShareCardsPdf', { splitId: split.splitId, paper: 'a4', share: { group: 0, member: 0 } });
    await ok('saveShareCardsPdf', { splitId: split.splitId, paper: 'a4', share: null });
    expect(await ok('verifyShare', { splitId: split.splitId, text: cards[2]!.words.join(' ') })).toMatchObject({ match: true });
    let r = await ok('addRecoveryShare', { recoveryId: null, text: cards[0]!.words.join(' ') });
    r = await ok('addRecoveryShare', { recoveryId: r.recoveryId, text: cards[0]!.words.join(' ') }); // a duplicate
    r = await ok('addRecoveryShare', { recoveryId: r.recoveryId, text: cards[1]!.words.join(' ') });
    await ok('finishRecovery', { recoveryId: r.recoveryId, mode: 'bip39', passphrase: '' });
    await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 1, count: 1 }] }, exponent: 0, passphrase: '' });

    const { walletId: again } = await ok('openWallet', { source: { words: draft.words.join(' '), language: null }, passphrase: 'a passphrase' });
    await ok('saveEncryptedBackup', { walletId: again, encryptionPassphrase: STRONG, bip39Passphrase: 'a passphrase' });
    disk.set('/media/usb/w.age', written.at(-1)![1] as Uint8Array);
    openPath.value = '/media/usb/w.age';
    const chosen = await ok('chooseEncryptedBackup', undefined);
    await ok('openEncryptedBackup', { fileId: chosen!.fileId, encryptionPassphrase: STRONG, bip39Passphrase: null });

    expect(notZeroed().length).toBeGreaterThan(0); // open wallets still hold their keys…
    vault.closeAll(); // …until quit (before-quit: Vault.closeAll)
    for (const kind of ['dice entropy', 'SLIP-39 share value (decoded)', 'BIP39 entropy', 'BIP39 seed', 'BIP32 private key (the library’s array)', 'SLIP-39 master secret (new Shamir wallet)', 'SLIP-39 encrypted master secret (the split)', 'SLIP-39 master secret (recovered)', 'backup file plaintext (written)', 'backup file plaintext (read)', 'paper kit PDF (words + Compact SeedQR)', 'share card PDF (words)']) {
      expect(held.get(kind)?.length ?? 0, kind).toBeGreaterThan(0);
    }
    expect(notZeroed()).toEqual([]);
    expect(vault.size).toEqual({ wallets: 0, drafts: 0, splits: 0, recoveries: 0 });
  });

  it('sign Bitcoin (single-sig and multisig) and sign Ethereum: every signing key zeroed once the wallet closes', async () => {
    const { ok } = h;
    // The coordinators' side (bitcoinjs-lib fixtures) first: its keys are not the app's.
    const singlePsbt = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }, { type: 'p2tr', index: 1 }] }).bytes;
    const keys = keysFor('p2wsh');
    const ms = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }], change: { index: 0 } });
    held.clear();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const single = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: b64(singlePsbt) } }))!;
    expect(await ok('signPsbt', { psbtId: single.psbtId, walletId, accept: [] })).toMatchObject({ signedInputs: 2 });

    const read = await ok('readMultisigConfig', { walletId, network: 'mainnet', source: { kind: 'text', text: addChecksum(descriptorFor('p2wsh', keys)) }, name: null });
    const registered = await ok('registerMultisig', { walletId, draftId: read!.draftId, name: 'Family vault' });
    const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', multisigId: registered.multisigId, source: { kind: 'text', text: b64(ms.bytes) } }))!;
    expect(await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] })).toMatchObject({ signedInputs: 1 });

    const request = EthSignRequest.constructETHRequest(Buffer.from('Sign in to example.org'), DataType.personalMessage, "m/44'/60'/0'/0/0", '73c5da0a', '1f0b4e8a-3b7d-4bad-9bdd-2b0d7b3dcb6d', undefined, undefined, 'metamask');
    const eth = await ok('loadEthRequest', { walletId, text: request.toUREncoder(2000).nextPart() });
    await ok('signEthRequest', { ethRequestId: eth.ethRequestId, walletId, accept: [] });

    expect(held.get('BIP32 private key (a copy handed out: signing keys)')?.length ?? 0).toBeGreaterThanOrEqual(4);
    await ok('closeWallet', { walletId });
    expect(notZeroed()).toEqual([]);
  });

  it('auto-lock: an idle session wipes what is open — every kind of secret issue 13 names held at the lock: a wallet that has signed, a draft, a new Shamir wallet and its split, a recovered one, a recovery under way, an encrypted backup saved and opened', async () => {
    const { ok, vault, written, disk, openPath } = handlerHarness({ backupFileWorkFactor: 10 });
    const singlePsbt = buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }] }).bytes;
    held.clear();
    const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: 'a passphrase' });
    const s = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 2, count: 3 }] }, exponent: 0, passphrase: '' });
    const cards = (await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' })).pages.flatMap((p) => p.blocks.filter((b) => b.kind === 'words')) as unknown as Array<{ words: string[] }>;
    let r = await ok('addRecoveryShare', { recoveryId: null, text: cards[0]!.words.join(' ') });
    r = await ok('addRecoveryShare', { recoveryId: r.recoveryId, text: cards[1]!.words.join(' ') });
    await ok('finishRecovery', { recoveryId: r.recoveryId, mode: 'wallet', passphrase: '' });
    await ok('addRecoveryShare', { recoveryId: null, text: cards[2]!.words.join(' ') });
    await ok('createDraft', { words: 12, language: 'english', source: { kind: 'csprng' } });
    await ok('saveEncryptedBackup', { walletId, encryptionPassphrase: STRONG, bip39Passphrase: 'a passphrase' });
    disk.set('/media/usb/w.age', written.at(-1)![1] as Uint8Array);
    openPath.value = '/media/usb/w.age';
    const chosen = await ok('chooseEncryptedBackup', undefined);
    await ok('openEncryptedBackup', { fileId: chosen!.fileId, encryptionPassphrase: STRONG, bip39Passphrase: null });
    const { walletId: signer } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    const loaded = (await ok('loadPsbt', { walletId: signer, network: 'mainnet', source: { kind: 'text', text: b64(singlePsbt) } }))!;
    expect(await ok('signPsbt', { psbtId: loaded.psbtId, walletId: signer, accept: [] })).toMatchObject({ signedInputs: 1 });
    expect(vault.size).toMatchObject({ drafts: 1, splits: 1, recoveries: 1 });
    expect(vault.size.wallets).toBeGreaterThanOrEqual(3);
    expect(heldKinds()).toEqual(ISSUE_KINDS);
    expect(notZeroed().length).toBeGreaterThan(0);
    vi.useFakeTimers();
    try {
      await ok('setAutoLock', { idleSeconds: 1 });
      vi.advanceTimersByTime(1_500);
    } finally {
      vi.useRealTimers();
    }
    expect(vault.size).toEqual({ wallets: 0, drafts: 0, splits: 0, recoveries: 0 });
    expect(notZeroed()).toEqual([]);
  });

  it('quit: before-quit on the app (startApp over the fake electron) empties the vault and zeroes every kind of secret held', async () => {
    // The encrypted backup file the app will open, made by the handlers (in-memory files) first.
    const maker = handlerHarness({ backupFileWorkFactor: 10 });
    const { walletId: w0 } = await maker.ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
    await maker.ok('saveEncryptedBackup', { walletId: w0, encryptionPassphrase: STRONG, bip39Passphrase: null });
    const dir = mkdtempSync(path.join(tmpdir(), 'permafrost-quit-'));
    const file = path.join(dir, 'w.age');
    writeFileSync(file, maker.written.at(-1)![1] as Uint8Array);
    maker.vault.closeAll();

    // The app's own vault, seen when a handler registers with it.
    const vaults: Vault[] = [];
    const onCloseAll = Vault.prototype.onCloseAll;
    const spy = vi.spyOn(Vault.prototype, 'onCloseAll').mockImplementation(function (this: Vault, forget) {
      vaults.push(this);
      return onCloseAll.call(this, forget);
    });
    const fake = createFakeElectron();
    try {
      fake.app.paths.set('userData', dir);
      (fake.api.dialog as unknown as { showOpenDialog: () => Promise<unknown> }).showOpenDialog = async () => ({ canceled: false, filePaths: [file] });
      startApp(fake.api, { mainDir: path.resolve('dist/main'), platform: 'linux', electronVersion: '45.4.1', readInterfaces: () => ({}), log: () => {}, env: {}, osTempDir: dir, ramTempCandidates: [] });
      await fake.app.becomeReady();
    } finally {
      spy.mockRestore();
    }
    const APP_FRAME = { senderFrame: { url: 'permafrost://app/index.html', parent: null }, sender: {} };
    const ok = async <M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> => {
      const r = (await fake.ipcMain.handlers.get(CHANNELS[method])!(APP_FRAME as never, request)) as Result<ResponseOf<M>>;
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    try {
      const psbt = b64(buildPsbt({ inputs: [{ type: 'p2wpkh', index: 0, nonWitnessUtxo: true }] }).bytes); // the coordinator's keys are not the app's
      held.clear();
      const { walletId } = await ok('openWallet', { source: { words: ABOUT, language: null }, passphrase: '' });
      const loaded = (await ok('loadPsbt', { walletId, network: 'mainnet', source: { kind: 'text', text: psbt } }))!;
      await ok('signPsbt', { psbtId: loaded.psbtId, walletId, accept: [] });
      const s = await ok('splitShares', { walletId: null, mode: 'wallet', scheme: { groupThreshold: 1, groups: [{ threshold: 1, count: 1 }] }, exponent: 0, passphrase: '' });
      const card = (await ok('previewShareCards', { splitId: s.splitId, paper: 'a4' })).pages[0]!.blocks.find((b) => b.kind === 'words') as unknown as { words: string[] };
      const r = await ok('addRecoveryShare', { recoveryId: null, text: card.words.join(' ') });
      await ok('finishRecovery', { recoveryId: r.recoveryId, mode: 'wallet', passphrase: '' });
      await ok('createDraft', { words: 12, language: 'english', source: { kind: 'csprng' } });
      const chosen = await ok('chooseEncryptedBackup', undefined);
      await ok('openEncryptedBackup', { fileId: chosen!.fileId, encryptionPassphrase: STRONG, bip39Passphrase: null });
      expect(new Set(vaults).size).toBe(1);
      const vault = vaults[0]!;
      expect(vault.size.wallets).toBeGreaterThanOrEqual(3);
      expect(vault.size).toMatchObject({ drafts: 1, splits: 1 });
      expect(heldKinds()).toEqual(ISSUE_KINDS.filter((k) => k !== 'backup file plaintext (written)')); // written by the maker above
      expect(notZeroed().length).toBeGreaterThan(0);

      fake.app.emit('before-quit');
      expect(vault.size).toEqual({ wallets: 0, drafts: 0, splits: 0, recoveries: 0 });
      expect(notZeroed()).toEqual([]);
    } finally {
      fake.app.emit('will-quit');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
