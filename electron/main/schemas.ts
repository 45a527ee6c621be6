/**
 * Runtime schemas of every request, one per contract method. A request that does not match never reaches a
 * handler. Sizes are bounded so a hostile page cannot make the main process do unbounded work.
 */
import { z } from 'zod';
import { ACCOUNT_KINDS, ETH_WARNING_CODES, MAX_ETH_REQUEST_TEXT, LANGUAGES, MAX_ADDRESS_COUNT, MAX_CONFIG_CHARS, MAX_MULTISIG_ADDRESSES, MAX_RECEIVE, MAX_PSBT_BYTES, NETWORKS, PSBT_WARNING_CODES, SHEETS, WORD_COUNTS } from '../core';
import type { RequestSchemas } from './ipc';

const none = z.undefined();
const id = z.string().regex(/^[0-9a-f]{32}$/, 'must be a wallet id');
const language = z.enum(LANGUAGES);
const wordCount = z.union(WORD_COUNTS.map((n) => z.literal(n)) as [z.ZodLiteral<12>, z.ZodLiteral<15>, z.ZodLiteral<18>, z.ZodLiteral<21>, z.ZodLiteral<24>]);
/** Typed words: 24 of the longest BIP39 words with generous white space stay far below this. */
const typedWords = z.string().max(1000);
const index = z.number().int().min(0).max(0x7fffffff);
/** Account numbers the app offers (Coldcard's limit too); the CLI allows any BIP32 index. */
const accountNumber = z.number().int().min(0).max(9999);

const account = z.object({
  walletId: id,
  kind: z.enum(ACCOUNT_KINDS),
  network: z.enum(NETWORKS),
  account: accountNumber,
}).strict();

const userText = z.string().max(4000);
/** A registered multisig wallet's id: 16 hex digits (a hash of its policy). */
const multisigId = z.string().regex(/^[0-9a-f]{16}$/, 'must be a multisig wallet id');
const multisigName = z.string().min(1).max(40).nullable();
const backupOptions = z
  .object({
    walletId: id,
    paper: z.enum(['a4', 'letter']),
    sheets: z.array(z.enum(SHEETS)).min(1).max(SHEETS.length),
    network: z.enum(NETWORKS),
    receive: z.object({ kind: z.enum(['bip44', 'bip49', 'bip84', 'bip86', 'eth']), count: z.number().int().min(1).max(MAX_RECEIVE) }).strict(),
    inheritance: z.object({ holdings: userText, locations: userText, contacts: userText, notes: userText }).strict().nullable(),
    multisigId: multisigId.nullable().optional(),
  })
  .strict();

const filePassphrase = z.string().min(1).max(1024);
const shareText = z.string().min(1).max(1000);
const scheme = z
  .object({
    groupThreshold: z.number().int().min(1).max(16),
    groups: z.array(z.object({ threshold: z.number().int().min(1).max(16), count: z.number().int().min(1).max(16) }).strict()).min(1).max(16),
  })
  .strict();

export const requestSchemas: RequestSchemas = {
  getAppInfo: none,
  getAirGapStatus: none,
  getAutoLock: none,
  setAutoLock: z.object({ idleSeconds: z.number().int().min(1).max(24 * 60 * 60) }).strict(),
  noteActivity: none,
  getWordlist: z.object({ language }).strict(),
  getShareWordlist: none,
  previewEntropy: z.object({ kind: z.enum(['dice', 'coins']), input: z.string().max(4000), words: wordCount }).strict(),
  createDraft: z
    .object({
      words: wordCount,
      language,
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('csprng') }).strict(),
        z.object({ kind: z.enum(['dice', 'coins']), input: z.string().max(4000), mix: z.boolean() }).strict(),
      ]),
    })
    .strict(),
  checkQuiz: z
    .object({ draftId: id, answers: z.array(z.object({ position: z.number().int().min(1).max(24), word: z.string().max(32) }).strict()).max(24) })
    .strict(),
  checkWords: z.object({ words: typedWords, language: language.nullable() }).strict(),
  // Any QR the camera reads (at most 2953 bytes) reaches the core, which says what it is if not a SeedQR.
  scanSeedQr: z
    .object({ text: z.string().max(8000).nullable(), bytes: z.instanceof(Uint8Array).refine((b) => b.length <= 3000, 'too long').nullable() })
    .strict(),
  openWallet: z
    .object({
      source: z.union([z.object({ draftId: id }).strict(), z.object({ words: typedWords, language: language.nullable() }).strict()]),
      passphrase: z.string().max(1024),
    })
    .strict(),
  closeWallet: z.object({ walletId: id }).strict(),
  getAccount: account,
  getAddresses: account.extend({ change: z.boolean(), from: index, count: z.number().int().min(1).max(MAX_ADDRESS_COUNT) }).strict(),
  findAddress: account.extend({ address: z.string().min(1).max(120), gapLimit: z.number().int().min(1).max(1000) }).strict(),
  makeQr: z.object({ text: z.string().min(1).max(2000) }).strict(),
  saveExport: account.extend({ format: z.enum(['descriptor', 'xpub', 'ur', 'coldcard-json', 'multisig-json']) }).strict(),
  previewBackup: backupOptions,
  printBackup: z.object({ paper: z.enum(['a4', 'letter']) }).strict(),
  saveBackupPdf: backupOptions,
  splitShares: z
    .object({ walletId: id.nullable(), mode: z.enum(['bip39', 'wallet']), scheme, exponent: z.number().int().min(0).max(5), passphrase: z.string().max(256) })
    .strict(),
  previewShareCards: z.object({ splitId: id, paper: z.enum(['a4', 'letter']) }).strict(),
  saveShareCardsPdf: z
    .object({ splitId: id, paper: z.enum(['a4', 'letter']), share: z.object({ group: z.number().int().min(0).max(15), member: z.number().int().min(0).max(15) }).strict().nullable() })
    .strict(),
  verifyShare: z.object({ splitId: id, text: shareText }).strict(),
  addRecoveryShare: z.object({ recoveryId: id.nullable(), text: shareText }).strict(),
  finishRecovery: z.object({ recoveryId: id, mode: z.enum(['bip39', 'wallet']), passphrase: z.string().max(256) }).strict(),
  getRecoveryUnlockProgress: z.object({ recoveryId: id }).strict(),
  cancelRecoveryUnlock: z.object({ recoveryId: id }).strict(),
  verifyBackup: z
    .object({
      walletId: id,
      text: z.string().max(8000).nullable(),
      bytes: z.instanceof(Uint8Array).refine((b) => b.length <= 3000, 'too long').nullable(),
      words: typedWords.nullable(),
    })
    .strict()
    .refine((r) => (r.words !== null) !== (r.text !== null || r.bytes !== null), 'give either scanned data or words'),

  // Encrypted backup file: a file passphrase of up to 1024 characters (long passphrases are the point).
  // The meter runs on every keystroke: 256 characters is far past strong, and keeps zxcvbn quick.
  assessBackupPassphrase: z.object({ walletId: id, passphrase: z.string().max(256) }).strict(),
  saveEncryptedBackup: z.object({ walletId: id, encryptionPassphrase: filePassphrase, bip39Passphrase: z.string().max(1024).nullable() }).strict(),
  chooseEncryptedBackup: none,
  openEncryptedBackup: z.object({ fileId: id, encryptionPassphrase: filePassphrase, bip39Passphrase: z.string().max(1024).nullable() }).strict(),

  // Sign Bitcoin: pasted text up to the PSBT size limit as base64 (4/3) or hex (2×); the core says what is wrong.
  loadPsbt: z
    .object({
      walletId: id,
      network: z.enum(NETWORKS),
      source: z.discriminatedUnion('kind', [z.object({ kind: z.literal('file') }).strict(), z.object({ kind: z.literal('text'), text: z.string().min(1).max(MAX_PSBT_BYTES * 2) }).strict()]),
      multisigId: multisigId.optional(),
    })
    .strict(),
  signPsbt: z.object({ psbtId: id, walletId: id, accept: z.array(z.enum(PSBT_WARNING_CODES)).max(PSBT_WARNING_CODES.length) }).strict(),
  getSignProgress: z.object({ psbtId: id }).strict(),
  saveSignedPsbt: z.object({ psbtId: id, what: z.enum(['psbt', 'transaction']) }).strict(),
  closePsbt: z.object({ psbtId: id }).strict(),
  // A QR holds at most 4296 alphanumeric characters: the handler says so of a longer (pasted) line, up to the size
  // of a pasted PSBT; beyond that the request itself is refused.
  scanPsbtFrame: z.object({ walletId: id, network: z.enum(NETWORKS), text: z.string().min(1).max(MAX_PSBT_BYTES * 2), multisigId: multisigId.optional() }).strict(),
  resetPsbtScan: none,
  getSignedFrames: z
    .object({ psbtId: id, format: z.enum(['ur2', 'ur1', 'bbqr']), fragmentLength: z.number().int().min(50).max(2000), maxVersion: z.number().int().min(5).max(40).optional() })
    .strict(),
  // Sign Ethereum: one QR frame (at most 4296 alphanumeric characters), or pasted parts within the request size limit.
  getEthPairing: z.object({ walletId: id }).strict(),
  scanEthRequestFrame: z.object({ walletId: id, text: z.string().min(1).max(4296) }).strict(),
  resetEthScan: none,
  loadEthRequest: z.object({ walletId: id, text: z.string().min(1).max(MAX_ETH_REQUEST_TEXT) }).strict(),
  signEthRequest: z.object({ ethRequestId: id, walletId: id, accept: z.array(z.enum(ETH_WARNING_CODES)).max(ETH_WARNING_CODES.length) }).strict(),
  closeEthRequest: z.object({ ethRequestId: id }).strict(),

  // Multisig wallets: a configuration is text of at most MAX_CONFIG_CHARS (an animated UR: its parts one per line).
  readMultisigConfig: z
    .object({
      walletId: id,
      network: z.enum(NETWORKS),
      source: z.discriminatedUnion('kind', [z.object({ kind: z.literal('file') }).strict(), z.object({ kind: z.literal('text'), text: z.string().min(1).max(MAX_CONFIG_CHARS) }).strict()]),
      name: multisigName,
    })
    .strict(),
  registerMultisig: z.object({ walletId: id, draftId: id, name: multisigName }).strict(),
  listMultisig: z.object({ walletId: id }).strict(),
  getMultisig: z.object({ walletId: id, multisigId }).strict(),
  deleteMultisig: z.object({ walletId: id, multisigId }).strict(),
  getMultisigAddresses: z.object({ walletId: id, multisigId, change: z.boolean(), from: index, count: z.number().int().min(1).max(MAX_MULTISIG_ADDRESSES) }).strict(),
  findMultisigAddress: z.object({ walletId: id, multisigId, address: z.string().min(1).max(100), gapLimit: z.number().int().min(1).max(MAX_MULTISIG_ADDRESSES) }).strict(),
};
