/**
 * The backup kit as a document model: pages of simple blocks (text, fields, word grids, QR codes, plate grids,
 * address rows). Pure data: pdf.ts draws it with pdfkit; the renderer can show the same model as a preview.
 */
import { textQr, type QrMatrix } from '../codecs/qr';
import { encodeUr } from '../codecs/ur/ur';
import { ACCOUNT_LABELS, deriveAccount, deriveAddresses, type Account, type AccountKind } from '../keys/accounts';
import { accountUr } from '../keys/export';
import { derive, fingerprintHex, parseExtendedKey, parsePath, type HDKey } from '../keys/hd';
import type { Network } from '../keys/networks';
import { utf8 } from '@scure/base';
import { splitBbqr } from '../codecs/bbqr';
import { cryptoOutputMultiUr } from '../codecs/ur/registry';
import { UrEncoder } from '../codecs/ur/ur';
import { seedQrMatrix } from './seedqr';
import { WalletError } from '../errors';
import type { Language } from '../keys/wordlists';

export const SHEETS = ['seed', 'metal', 'watch', 'receive', 'instructions', 'inheritance'] as const;
export type Sheet = (typeof SHEETS)[number];
export type PaperSize = 'a4' | 'letter';

export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly emphasis?: 'warning' | 'muted' }
  | { readonly kind: 'fields'; readonly rows: ReadonlyArray<readonly [string, string]> }
  | { readonly kind: 'words'; readonly words: readonly string[]; readonly abbreviations: readonly string[] }
  | { readonly kind: 'qrs'; readonly codes: ReadonlyArray<{ readonly matrix: QrMatrix; readonly caption: string; readonly payload: string }>; readonly size?: number }
  | { readonly kind: 'plate'; readonly rows: ReadonlyArray<string | null> }
  | { readonly kind: 'write-line'; readonly label: string }
  | { readonly kind: 'addresses'; readonly rows: ReadonlyArray<{ readonly path: string; readonly address: string; readonly matrix: QrMatrix }> }
  | { readonly kind: 'mono'; readonly lines: readonly string[]; readonly size?: number };

export interface Page {
  readonly sheet: Sheet | 'share' | 'wallet-config';
  readonly title: string;
  /** True when the page holds secrets (words, abbreviations, SeedQR): printed with a warning in the footer. */
  readonly secret: boolean;
  readonly blocks: readonly Block[];
}

export interface PaperDocument {
  readonly paper: PaperSize;
  readonly fingerprint: string;
  readonly pages: readonly Page[];
}

export interface InheritanceText {
  readonly holdings: string;
  readonly locations: string;
  readonly contacts: string;
  readonly notes: string;
}

export interface KitInput {
  readonly paper: PaperSize;
  readonly sheets: readonly Sheet[];
  /** The recovery words in the wordlist's spelling (needed by the seed and metal sheets only). */
  readonly words: readonly string[];
  readonly language: Language;
  readonly hasPassphrase: boolean;
  /** The wallet's master key (with the passphrase applied): public data only is printed from it. */
  readonly master: HDKey;
  readonly fingerprint: string;
  readonly network: Network;
  readonly receive: { readonly kind: Exclude<AccountKind, 'bip48'>; readonly from: number; readonly count: number };
  readonly inheritance: InheritanceText | null;
  /** YYYY-MM-DD, printed on the seed card. */
  readonly date: string;
  /** A registered multisig wallet this key belongs to: its configuration sheet is added, and the letter says so. */
  readonly multisig?: WalletConfigInput | null;
  /** Where accounts come from: the app passes its per-wallet cache; by default they are derived here. */
  readonly account?: (spec: { kind: AccountKind; network: Network; account: number }) => Account;
}

/** A multisig wallet's configuration: public, but needed to recover (which keys, how many signatures, which script). */
export interface WalletConfigInput {
  readonly name: string;
  readonly m: number;
  readonly n: number;
  readonly scriptType: 'p2wsh' | 'p2sh-p2wsh' | 'p2sh';
  /** sortedmulti (BIP67) or multi (keys in the order listed). */
  readonly sorted: boolean;
  readonly network: Network;
  readonly cosigners: ReadonlyArray<{ readonly fingerprint: string; readonly path: string; readonly xpub: string }>;
  /** The wallet's descriptor with its checksum (multipath /<0;1>/* as the registration gives it). */
  readonly descriptor: string;
  /** Receive address 0, to compare after recovery. */
  readonly firstAddress: string;
}

/** The 4-letter abbreviation stamped on metal plates: the first four letters, upper case (English words are unique by them). */
export function abbreviation(word: string): string {
  return word.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').slice(0, 4).toUpperCase();
}

export const MAX_RECEIVE = 60;
const WATCH_KINDS = ['bip84', 'bip86', 'bip49', 'bip44'] as const;

function seedPage(input: KitInput): Page {
  const english = input.language === 'english';
  const qrOk = english && (input.words.length === 12 || input.words.length === 24);
  const mnemonic = input.words.join(' ');
  const blocks: Block[] = [
    { kind: 'paragraph', emphasis: 'warning', text: 'SECRET. Anyone who reads this card can take the funds. Keep it out of sight, never photograph or scan it into an online device.' },
    {
      kind: 'fields',
      rows: [
        ['Master fingerprint', input.fingerprint],
        ['Words', `${input.words.length} (${input.language.replace('_', ' ')})`],
        ['Passphrase', input.hasPassphrase ? 'YES — also needed, and not written here' : 'no'],
        ['Date', input.date],
      ],
    },
    { kind: 'write-line', label: 'Label' },
    { kind: 'words', words: input.words, abbreviations: input.words.map(abbreviation) },
  ];
  if (qrOk) {
    blocks.push({
      kind: 'qrs',
      codes: [
        { matrix: seedQrMatrix(mnemonic, 'compact'), caption: 'CompactSeedQR', payload: 'seedqr:compact' },
        { matrix: seedQrMatrix(mnemonic, 'standard'), caption: 'SeedQR (Standard)', payload: 'seedqr:standard' },
      ],
    });
    blocks.push({ kind: 'paragraph', emphasis: 'muted', text: 'SeedQR: scan with Permafrost (Restore → Scan) or a SeedSigner to restore these words.' });
  } else {
    blocks.push({ kind: 'paragraph', emphasis: 'muted', text: 'SeedQR exists for 12 or 24 English words only: none is printed for this wallet.' });
  }
  return { sheet: 'seed', title: 'Recovery words', secret: true, blocks };
}

function metalPages(input: KitInput): Page[] {
  const rows = input.words.map(abbreviation);
  const blankCount = Math.max(24, rows.length);
  return [
    {
      sheet: 'metal',
      title: 'Metal plate template',
      secret: true,
      blocks: [
        { kind: 'paragraph', emphasis: 'warning', text: 'SECRET. The four letters of each word, as to stamp or punch them on a 24 × 4 metal plate. Check every row twice.' },
        { kind: 'fields', rows: [['Master fingerprint', input.fingerprint]] },
        { kind: 'plate', rows },
      ],
    },
    {
      sheet: 'metal',
      title: 'Blank plate grid',
      secret: false,
      blocks: [
        { kind: 'paragraph', text: 'Copy the four letters of each word by hand, one letter per box.' },
        { kind: 'plate', rows: Array<null>(blankCount).fill(null) },
      ],
    },
  ];
}

function watchPage(input: KitInput): Page {
  const get = input.account ?? ((spec) => deriveAccount(input.master, spec));
  const accounts: Account[] = WATCH_KINDS.map((kind) => get({ kind, network: input.network, account: 0 }));
  const ur = encodeUr(accountUr(accounts)).toUpperCase();
  const blocks: Block[] = [
    { kind: 'paragraph', text: 'No secrets on this page. With it, a wallet app on an online computer can watch the balance and prepare payments, but never spend.' },
    { kind: 'fields', rows: [['Master fingerprint', input.fingerprint], ['Network', input.network]] },
    { kind: 'qrs', codes: [{ matrix: textQr(ur, 'L'), caption: 'UR crypto-account: Sparrow, BlueWallet, Nunchuk, Keystone', payload: ur }] },
  ];
  for (const a of accounts) {
    blocks.push({ kind: 'heading', text: `${ACCOUNT_LABELS[a.spec.kind]} — ${a.path}` });
    const lines = [a.slip132 !== a.xpub ? a.slip132 : a.xpub, a.descriptors?.multipath ?? ''];
    blocks.push({ kind: 'mono', lines });
  }
  return { sheet: 'watch', title: 'Watch-only wallet', secret: false, blocks };
}

/** Bech32 in upper case fits QR's compact alphanumeric mode (bip-0173); other addresses exactly as they are. */
const qrText = (address: string): string => (/^(bc|tb|bcrt)1/.test(address) ? address.toUpperCase() : address);

function receivePage(input: KitInput): Page {
  const { kind, from, count } = input.receive;
  if (!Number.isInteger(count) || count < 1 || count > MAX_RECEIVE) throw new WalletError('INVALID_ARGUMENT', `The receive sheet holds 1 to ${MAX_RECEIVE} addresses.`);
  const spec = { kind, network: kind === 'eth' ? ('mainnet' as const) : input.network, account: 0 };
  const account = input.account ? input.account(spec) : deriveAccount(input.master, spec);
  const rows = deriveAddresses(account, { from, count }).map((a) => ({ path: a.path, address: a.address, matrix: textQr(qrText(a.address), 'M') }));
  return {
    sheet: 'receive',
    title: 'Receive addresses',
    secret: false,
    blocks: [
      { kind: 'paragraph', text: `No secrets on this page. Give each payer a fresh address, then cross it out. ${ACCOUNT_LABELS[kind]}, ${account.path}.` },
      { kind: 'addresses', rows },
    ],
  };
}

function instructionsPage(input: KitInput): Page {
  const n = input.words.length;
  return {
    sheet: 'instructions',
    title: 'How to recover',
    secret: false,
    blocks: [
      { kind: 'fields', rows: [['Master fingerprint', input.fingerprint], ['Words', `${n}, BIP39, ${input.language.replace('_', ' ')}`], ['Passphrase', input.hasPassphrase ? 'yes' : 'no']] },
      { kind: 'heading', text: 'In Permafrost' },
      { kind: 'paragraph', text: 'On an offline computer: Restore wallet → type the words (or scan the SeedQR) → passphrase if there is one → check that the fingerprint above appears.' },
      { kind: 'heading', text: 'In another wallet' },
      {
        kind: 'paragraph',
        text: 'Any BIP39 wallet (Sparrow, Electrum, BlueWallet, Nunchuk, Keystone, SeedSigner, Trezor, MetaMask for Ethereum) can restore these words. Choose "BIP39 / recovery phrase" and the account types below; the fingerprint shown must match.',
      },
      {
        kind: 'mono',
        lines: [
          "Native SegWit  bc1q…   BIP84  m/84'/0'/0'",
          "Taproot        bc1p…   BIP86  m/86'/0'/0'",
          "Nested SegWit  3…      BIP49  m/49'/0'/0'",
          "Legacy         1…      BIP44  m/44'/0'/0'",
          "Ethereum       0x…     BIP44  m/44'/60'/0'/0/i",
        ],
      },
      { kind: 'heading', text: 'The passphrase' },
      {
        kind: 'paragraph',
        text: input.hasPassphrase
          ? 'This wallet uses a passphrase: the words alone open a different, empty wallet. The passphrase must be typed exactly (capitals, spaces). It is not written on these pages.'
          : 'This wallet uses no passphrase. If a wallet asks for one, leave it empty.',
      },
    ],
  };
}

const SCRIPT_WORDS: Readonly<Record<WalletConfigInput['scriptType'], { label: string; wrap: ReadonlyArray<'sh' | 'wsh'> }>> = {
  p2wsh: { label: 'Native SegWit multisig (P2WSH)', wrap: ['wsh'] },
  'p2sh-p2wsh': { label: 'Nested SegWit multisig (P2SH-P2WSH)', wrap: ['sh', 'wsh'] },
  p2sh: { label: 'Legacy multisig (P2SH)', wrap: ['sh'] },
};

/** Above these lengths one printed QR gets too dense to scan reliably: the payload is split over several codes. */
const MAX_UR_CHARS_PER_QR = 900;
const MAX_TEXT_BYTES_PER_QR = 700;

/** The cosigners this wallet's seed derives (its fingerprint and, at that path, the same public key). */
function ourCosigners(config: WalletConfigInput, master: HDKey): boolean[] {
  const fp = fingerprintHex(master);
  return config.cosigners.map((c) => {
    if (c.fingerprint.toLowerCase() !== fp) return false;
    const node = derive(master, parsePath(c.path));
    const same = node.publicKey !== null && bytesEqual(node.publicKey, parseExtendedKey(c.xpub).key.publicKey);
    if (node !== master) node.wipePrivateData();
    return same;
  });
}

function bytesEqual(a: Uint8Array, b: Uint8Array | null): boolean {
  return b !== null && a.length === b.length && a.every((v, i) => v === b[i]);
}

/** UR crypto-output of the wallet (receive keys /0/*): one code, or its fragments 1..k (a fountain's first k parts). */
function configUrCodes(config: WalletConfigInput): Array<{ text: string; caption: string }> {
  const keys = config.cosigners.map((c) => {
    const { key } = parseExtendedKey(c.xpub);
    const path = parsePath(c.path);
    return {
      key: key.publicKey as Uint8Array,
      chainCode: key.chainCode as Uint8Array,
      useInfo: { type: 0, network: config.network === 'mainnet' ? 0 : 1 },
      origin: { path, sourceFingerprint: parseInt(c.fingerprint, 16) >>> 0, depth: path.length },
      children: { path: [0, { wildcard: true as const, hardened: false }] },
      parentFingerprint: key.parentFingerprint,
    };
  });
  const ur = cryptoOutputMultiUr(SCRIPT_WORDS[config.scriptType].wrap, config.m, config.sorted, keys);
  const single = encodeUr(ur).toUpperCase();
  if (single.length <= MAX_UR_CHARS_PER_QR) return [{ text: single, caption: 'UR crypto-output (Sparrow, Keystone, Nunchuk)' }];
  const parts = new UrEncoder(ur, 300);
  return Array.from({ length: parts.seqLen }, (_, i) => ({ text: parts.nextPart().toUpperCase(), caption: `UR crypto-output, part ${i + 1} of ${parts.seqLen}` }));
}

/** The descriptor as plain text in one QR, or as BBQr parts (Unicode text) when it is too long for one. */
function configTextCodes(config: WalletConfigInput): Array<{ text: string; caption: string }> {
  const bytes = utf8.decode(config.descriptor);
  if (bytes.length <= MAX_TEXT_BYTES_PER_QR) return [{ text: config.descriptor, caption: 'Descriptor as text' }];
  const { parts } = splitBbqr(bytes, 'U', { encoding: '2', maxVersion: 20 });
  return parts.map((text, i) => ({ text, caption: `Descriptor, BBQr part ${i + 1} of ${parts.length}` }));
}

function walletConfigPage(input: KitInput, config: WalletConfigInput): Page {
  const ours = ourCosigners(config, input.master);
  const codes = [...configUrCodes(config), ...configTextCodes(config)].map((c, i) => ({ matrix: textQr(c.text, 'L'), caption: c.caption, payload: `config:${i}:${c.text}` }));
  const rows: Block[] = [];
  // Two codes a row: big enough to scan from paper.
  for (let i = 0; i < codes.length; i += 2) rows.push({ kind: 'qrs', codes: codes.slice(i, i + 2), size: 230 });
  return {
    sheet: 'wallet-config',
    title: 'Multisig wallet configuration',
    secret: false,
    blocks: [
      {
        kind: 'paragraph',
        text: `No secrets on this page, but it is needed to recover: the recovery words of ${config.m} keys can spend only with it, because it says which ${config.n} keys make the wallet and how. Keep a copy with every key's backup.`,
      },
      {
        kind: 'fields',
        rows: [
          ['Wallet', config.name],
          ['Signatures needed', `any ${config.m} of these ${config.n} keys`],
          ['Script', `${SCRIPT_WORDS[config.scriptType].label}${config.sorted ? ', sorted keys (BIP67)' : ', keys in this order'}`],
          ['Network', config.network],
          ['This key', `${input.fingerprint} (marked below)`],
          // Groups of 4, as on screen: compared group by group, and never cut mid-group at the line end.
          ['First receive address', config.firstAddress.replace(/(.{4})/g, '$1 ').trim()],
        ],
      },
      { kind: 'heading', text: `The ${config.n} keys` },
      // 7.5 pt: a 111-character xpub stays on one line on A4 and Letter, so it can be read and typed back whole.
      { kind: 'mono', size: 7.5, lines: config.cosigners.flatMap((c, i) => [`${i + 1}. ${c.fingerprint}  ${c.path}${ours[i] ? '  <- this wallet' : ''}`, c.xpub]) },
      { kind: 'heading', text: 'Descriptor (with checksum)' },
      { kind: 'mono', lines: [config.descriptor] },
      ...rows,
      {
        kind: 'paragraph',
        emphasis: 'muted',
        text: 'To recover: in Sparrow, File → New Wallet → Import (descriptor, or scan the QR); in Nunchuk or BlueWallet, import the wallet configuration; then restore any ' + `${config.m} of the keys to sign. Check that the first receive address matches the one above.`,
      },
    ],
  };
}

/** The letter's words for a multisig wallet: which keys, how many, and the sheet that ties them together. */
function multisigLetter(config: WalletConfigInput): Block[] {
  return [
    { kind: 'heading', text: `A ${config.m}-of-${config.n} multisig wallet: "${config.name}"` },
    {
      kind: 'paragraph',
      emphasis: 'warning',
      text: `These recovery words are one of ${config.n} keys. To spend, you need ${config.m} of these ${config.n} keys and the "Multisig wallet configuration" sheet: without that sheet even ${config.m} sets of words cannot find the funds.`,
    },
    { kind: 'mono', lines: config.cosigners.map((c, i) => `Key ${i + 1}: fingerprint ${c.fingerprint}  ${c.path}`) },
  ];
}

function inheritancePage(input: KitInput): Page {
  const t = input.inheritance ?? { holdings: '', locations: '', contacts: '', notes: '' };
  const section = (heading: string, text: string): Block[] => [{ kind: 'heading', text: heading }, text.trim() ? { kind: 'paragraph', text } : { kind: 'write-line', label: '' }];
  return {
    sheet: 'inheritance',
    title: 'Letter to my heirs',
    secret: false,
    blocks: [
      { kind: 'paragraph', text: 'This letter holds no secret. It says what exists, where the backup pieces are, and how to recover them.' },
      { kind: 'fields', rows: [['Wallet fingerprint', input.fingerprint], ['Backup', `${input.words.length} recovery words${input.hasPassphrase ? ' + a passphrase' : ''}`]] },
      ...(input.multisig ? multisigLetter(input.multisig) : []),
      ...section('What I hold', t.holdings),
      ...section('Where the backup pieces are kept', t.locations),
      ...section('Whom to contact', t.contacts),
      ...section('Notes', t.notes),
      { kind: 'heading', text: 'How to recover, step by step' },
      {
        kind: 'paragraph',
        text: input.multisig
          ? `1. Take your time; nobody legitimate will rush you. 2. Gather ${input.multisig.m} of the ${input.multisig.n} keys' recovery words (and passphrases, if any) and the multisig wallet configuration sheet. 3. On a computer that has never been online, import the configuration in a multisig wallet app (Sparrow, Nunchuk) and restore each key. 4. Check that each key's fingerprint and the first receive address match the sheet. 5. Only then move the funds, with help from someone you trust.`
          : '1. Take your time; nobody legitimate will rush you. 2. Gather the recovery words (and the passphrase, if there is one). 3. On a computer that has never been online, restore them in a wallet app as described on the "How to recover" page. 4. Check that the fingerprint above appears. 5. Only then move the funds, with help from someone you trust.',
      },
    ],
  };
}

export function buildKit(input: KitInput): PaperDocument {
  const wanted = new Set(input.sheets);
  if (wanted.size === 0) throw new WalletError('INVALID_ARGUMENT', 'Choose at least one sheet to print.');
  const pages: Page[] = [];
  // The configuration sheet of a chosen multisig wallet comes right after the key's own backup (seed, metal).
  let configAdded = !input.multisig;
  const addConfig = () => {
    if (!configAdded && input.multisig) pages.push(walletConfigPage(input, input.multisig));
    configAdded = true;
  };
  for (const sheet of SHEETS) {
    if (sheet !== 'seed' && sheet !== 'metal') addConfig();
    if (!wanted.has(sheet)) continue;
    if (sheet === 'seed') pages.push(seedPage(input));
    if (sheet === 'metal') pages.push(...metalPages(input));

    if (sheet === 'watch') pages.push(watchPage(input));
    if (sheet === 'receive') pages.push(receivePage(input));
    if (sheet === 'instructions') pages.push(instructionsPage(input));
    if (sheet === 'inheritance') pages.push(inheritancePage(input));
  }
  return { paper: input.paper, fingerprint: input.fingerprint, pages };
}

export interface ShareCardsInput {
  readonly paper: PaperSize;
  /** The wallet the shares restore (bip39 mode: with its BIP39 passphrase). */
  readonly fingerprint: string;
  /** bip39 mode: the wallet also needs its BIP39 passphrase; wallet mode: a SLIP-39 passphrase was set. */
  readonly hasPassphrase: boolean;
  readonly mode: 'wallet' | 'bip39';
  readonly identifier: number;
  readonly groupThreshold: number;
  readonly groups: ReadonlyArray<{ readonly threshold: number; readonly shares: readonly string[] }>;
  readonly date: string;
}

/** One card per SLIP-39 share: where it stands in the scheme, its words with their four letters, and its QR. */
export function buildShareCards(input: ShareCardsInput): PaperDocument {
  const G = input.groups.length;
  const pages: Page[] = [];
  input.groups.forEach((group, g) => {
    group.shares.forEach((share, m) => {
      const words = share.split(' ');
      const needs =
        G === 1
          ? `Any ${group.threshold} of these ${group.shares.length} shares restore the wallet.`
          : `Any ${group.threshold} of the ${group.shares.length} shares of group ${g + 1} complete that group; any ${input.groupThreshold} of the ${G} groups restore the wallet.`;
      // A share that completes a group alone, in a scheme where one group suffices, IS the whole backup.
      const alone = group.threshold === 1 && input.groupThreshold === 1 ? 'This share alone restores the wallet: guard it like the recovery words.' : 'Alone it reveals nothing.';
      pages.push({
        sheet: 'share',
        title: `Share ${m + 1} of ${group.shares.length}${G > 1 ? ` · group ${g + 1} of ${G}` : ''}`,
        secret: true,
        blocks: [
          { kind: 'paragraph', emphasis: 'warning', text: `SECRET share. ${alone} ${needs} Keep each share in a different place.` },
          {
            kind: 'fields',
            rows: [
              ['Wallet fingerprint', input.fingerprint],
              ['Kind', input.mode === 'bip39' ? 'SLIP-39 share of a BIP39 phrase (Permafrost)' : 'SLIP-39 Shamir wallet'],
              ['Share set', `#${input.identifier} · ${words.length} words`],
              ['Passphrase', input.hasPassphrase ? (input.mode === 'bip39' ? 'YES — the wallet also needs its BIP39 passphrase, not written here' : 'YES — the SLIP-39 passphrase is needed, not written here') : 'no'],
              ['Date', input.date],
            ],
          },
          { kind: 'write-line', label: 'Kept at' },
          { kind: 'words', words, abbreviations: words.map(abbreviation) },
          // Small enough that a 33-word card (24-word phrases) stays on one US Letter page.
          { kind: 'qrs', size: words.length > 20 ? 150 : 190, codes: [{ matrix: textQr(share.toUpperCase(), 'L'), caption: 'This share as a QR code', payload: `share:${g}:${m}` }] },
          {
            kind: 'paragraph',
            emphasis: 'muted',
            text:
              input.mode === 'bip39'
                ? 'Recover in Permafrost (Recover from shares) to get the original recovery words back. Other SLIP-39 tools recover the phrase’s entropy, not the wallet: turn it back into words first.'
                : 'Recover in Permafrost, Trezor, Keystone, Electrum or Sparrow (SLIP-39).',
          },
        ],
      });
    });
  });
  return { paper: input.paper, fingerprint: input.fingerprint, pages };
}
