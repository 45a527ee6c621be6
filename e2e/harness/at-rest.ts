/**
 * What "a secret at rest" means to the scan, and the scan itself: every file under the given folders read as bytes
 * and searched for each secret — text in UTF-8 and UTF-16LE (how Chromium keeps strings), keys as raw bytes and as
 * hex. Words are looked for in every BIP39 language's spelling (NFC and NFD) and as 4-letter forms.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { entropyToMnemonic, HDKey, LANGUAGES, masterFromSeed, mnemonicToSeed, parseMnemonic, wordSeparator, type Language } from '../../electron/core';

export interface Needle {
  /** What the secret is (never the secret itself: reports name it, they do not repeat it). */
  readonly name: string;
  readonly forms: readonly Buffer[];
}

const base58check = createBase58check(sha256);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function textNeedle(name: string, text: string): Needle {
  const variants = new Set([text, text.normalize('NFC'), text.normalize('NFD')]);
  return { name, forms: [...variants].flatMap((t) => [Buffer.from(t, 'utf8'), Buffer.from(t, 'utf16le')]) };
}

export function bytesNeedle(name: string, bytes: Uint8Array): Needle {
  const h = hex(bytes);
  return { name, forms: [Buffer.from(bytes), ...textNeedle(name, h).forms, ...textNeedle(name, h.toUpperCase()).forms] };
}

/** WIF of a mainnet private key, compressed (what a wallet would export). */
export function wif(privateKey: Uint8Array, network: 'mainnet' | 'testnet' = 'mainnet'): string {
  return base58check.encode(Uint8Array.from([network === 'mainnet' ? 0x80 : 0xef, ...privateKey, 0x01]));
}

/**
 * Every form a wallet's secrets take: the words in every language (whole phrase, and 4-letter forms), the seed,
 * the master xprv/tprv, and for each path the user signed with, the private key (raw, hex, WIF) and the account
 * xprv above it. `passphrase` is the BIP39 passphrase, when there is one.
 */
export async function walletNeedles(label: string, mnemonic: string, language: Language, passphrase: string, keyPaths: readonly string[]): Promise<Needle[]> {
  const parsed = parseMnemonic(mnemonic, language);
  const needles: Needle[] = [];
  for (const lang of LANGUAGES) {
    const words = entropyToMnemonic(parsed.entropy, lang);
    needles.push(textNeedle(`${label}: the words (${lang})`, words));
    const list = words.split(wordSeparator(lang));
    // Only alphabetic lists have a 4-letter form (the first four letters identify a word in the English list).
    if (lang === 'english') needles.push(textNeedle(`${label}: the words, 4 letters each`, list.map((w) => w.slice(0, 4)).join(' ')));
  }
  const seed = await mnemonicToSeed(mnemonic, passphrase);
  needles.push(bytesNeedle(`${label}: the seed`, seed));
  const master = masterFromSeed(seed);
  needles.push(textNeedle(`${label}: the master xprv`, master.privateExtendedKey));
  const tMaster = HDKey.fromMasterSeed(seed, { private: 0x04358394, public: 0x043587cf });
  needles.push(textNeedle(`${label}: the master tprv`, tMaster.privateExtendedKey));
  needles.push(bytesNeedle(`${label}: the master private key`, master.privateKey!));
  for (const p of keyPaths) {
    const key = master.derive(p);
    needles.push(bytesNeedle(`${label}: the private key at ${p}`, key.privateKey!));
    needles.push(textNeedle(`${label}: the WIF at ${p}`, wif(key.privateKey!)));
    const account = p.split('/').filter((s) => s.endsWith("'")).length;
    const accountPath = p.split('/').slice(0, account + 1).join('/');
    needles.push(textNeedle(`${label}: the account xprv ${accountPath}`, master.derive(accountPath).privateExtendedKey));
  }
  if (passphrase) needles.push(textNeedle(`${label}: the BIP39 passphrase`, passphrase));
  return needles;
}

/** Any extended private key at all, whatever wallet (xprv, tprv, yprv, zprv, uprv, vprv, Yprv, Zprv…). */
export const ANY_EXTENDED_PRIVATE_KEY = /\b[xtyzuvYZUV]prv[1-9A-HJ-NP-Za-km-z]{100,112}\b/;

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface Finding {
  readonly file: string;
  readonly secret: string;
}

/** Each (file, secret) where a form of the secret occurs in the file's bytes. */
export function scanFiles(files: readonly string[], needles: readonly Needle[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const n of needles) if (n.forms.some((f) => bytes.includes(f))) findings.push({ file, secret: n.name });
    if (ANY_EXTENDED_PRIVATE_KEY.test(bytes.toString('latin1'))) findings.push({ file, secret: 'an extended private key' });
  }
  return findings;
}
