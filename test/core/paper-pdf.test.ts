/**
 * The backup kit checked as a user would: pdfinfo (page size, metadata), pdftotext (every word in place, the
 * abbreviations), and every QR code cropped out of the rasterised page and decoded (test/helpers/pdf.ts).
 */
import { readFileSync } from 'node:fs';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeSinglePartUr, deriveAddresses, deriveAccount, encodeCompactSeedQr, encodeStandardSeedQr } from '../../electron/core';
import { abbreviation } from '../../electron/core/backup/paper';
import { renderPdf, PDF_TITLE } from '../../electron/core/backup/pdf';
import { kitFor, PDF_FONTS as fonts } from '../helpers/kit';
import { pdfInfo, pdfText, readQrAt, writeTemp } from '../helpers/pdf';

const SEEDQR_24 = JSON.parse(readFileSync('test/vectors/seedqr-vectors.json', 'utf8')).vectors[0].mnemonic as string;

describe('backup kit PDF (24 words, all six sheets, A4)', async () => {
  const { input, bytes, qrs, file } = await kitFor(SEEDQR_24);
  const words = input.words;

  it('is A4, and its metadata holds no secret and no tool string', () => {
    const info = pdfInfo(file);
    expect(info['Page size']).toMatch(/\(A4\)/);
    expect(info.Title).toBe(PDF_TITLE);
    expect(info.Producer).toBe('Permafrost');
    expect(info.Creator).toBe('Permafrost');
    expect(info.Subject ?? '').toBe('');
    expect(info.Keywords ?? '').toBe('');
    // pdfkit also records when the file was made (SECURITY.md says so): a date, no secret.
    expect(info.CreationDate).toMatch(/\d{4}/);
    const meta = Object.values(info).join('\n');
    expect(meta).not.toContain(input.fingerprint);
    for (const w of words) expect(meta).not.toContain(w);
  });

  it('shows every word at its number, with its 4-letter abbreviation', () => {
    const text = pdfText(file);
    const found = new Map<number, string>();
    for (const m of text.matchAll(/(\d+)\.\s+([a-z]+)\s+([A-Z]{3,4})/g)) if (!found.has(Number(m[1]))) found.set(Number(m[1]), `${m[2]} ${m[3]}`);
    expect(words.map((_, i) => found.get(i + 1))).toEqual(words.map((w) => `${w} ${abbreviation(w)}`));
    expect(text).toContain(input.fingerprint);
    expect(text).toContain('Passphrase');
    expect(text).toContain('bank box 12');
  });

  it('the metal template has the four letters of each word at its number', () => {
    const text = pdfText(file);
    const plate = text.slice(text.indexOf('Metal plate template'), text.indexOf('Blank plate grid'));
    const rows = new Map<number, string>();
    for (const m of plate.matchAll(/(?:^|\s)(\d{1,2})\s+((?:[A-Z] ?){3,4})(?=\s|$)/gm)) rows.set(Number(m[1]), m[2]!.replace(/ /g, ''));
    expect(words.map((_, i) => rows.get(i + 1))).toEqual(words.map(abbreviation));
  });

  it('every QR code on paper decodes to what it should hold', () => {
    const account = deriveAccount(input.master, { kind: 'bip84', network: 'mainnet', account: 0 });
    const addresses = deriveAddresses(account, { count: 6 }).map((a) => a.address.toUpperCase());
    expect(qrs.length).toBe(2 + 1 + 6);
    for (const q of qrs) {
      const read = readQrAt(file, q.page, q);
      if (q.payload === 'seedqr:compact') expect(bytesToHex(read.bytes)).toBe(bytesToHex(encodeCompactSeedQr(SEEDQR_24)));
      else if (q.payload === 'seedqr:standard') expect(read.text).toBe(encodeStandardSeedQr(SEEDQR_24));
      else if (q.payload.startsWith('UR:')) expect(decodeSinglePartUr(read.text).type).toBe('crypto-account');
      else expect(addresses).toContain(read.text);
    }
  });

  it('is small (vector QR codes)', () => {
    expect(bytes.length).toBeLessThan(250_000);
  });
});

describe('backup kit options', () => {
  it('US Letter', async () => {
    const { file } = await kitFor(SEEDQR_24, { paper: 'letter', sheets: ['seed'] });
    expect(pdfInfo(file)['Page size']).toMatch(/\(letter\)/i);
  });
  it('only the chosen sheets; the watch-only sheet holds no secret', async () => {
    const { file, qrs } = await kitFor(SEEDQR_24, { sheets: ['watch'] });
    const text = pdfText(file);
    expect(text).toContain('Watch-only wallet');
    expect(text).not.toContain('Recovery words');
    for (const w of SEEDQR_24.split(' ')) expect(text.split(/\s+/)).not.toContain(w);
    expect(qrs).toHaveLength(1);
  });
  it('a passphrase wallet says so on the card, never the passphrase', async () => {
    const { file } = await kitFor(SEEDQR_24, { sheets: ['seed'], hasPassphrase: true });
    expect(pdfText(file)).toContain('YES — also needed, and not written here');
  });
  it('15 words: no SeedQR, and it says why', async () => {
    const words15 = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon address';
    const { file, qrs } = await kitFor(words15, { sheets: ['seed'] });
    expect(qrs).toHaveLength(0);
    expect(pdfText(file, false)).toContain('SeedQR exists for 12 or 24 English words only');
  });
  it('a receive sheet of 60 addresses flows over pages marked as continued', async () => {
    const { file, qrs } = await kitFor(SEEDQR_24, { sheets: ['receive'], receive: { kind: 'bip86', from: 10, count: 60 } });
    expect(qrs).toHaveLength(60);
    expect(Number(pdfInfo(file).Pages)).toBeGreaterThan(1);
    expect(pdfText(file, false)).toContain('(continued)');
    const last = qrs[59]!;
    expect(readQrAt(file, last.page, last).text.toLowerCase()).toMatch(/^bc1p/);
  });
  it('refuses no sheets and too many addresses', async () => {
    await expect(kitFor(SEEDQR_24, { sheets: [] })).rejects.toThrow('Choose at least one sheet');
    await expect(kitFor(SEEDQR_24, { sheets: ['receive'], receive: { kind: 'bip84', from: 0, count: 61 } })).rejects.toThrow(/1 to 60 addresses/);
  });
});

describe('characters the bundled font cannot draw', () => {
  it('a Japanese wallet’s seed card is refused, saying which character and why, rather than printing empty boxes', async () => {
    const { entropyToMnemonic } = await import('../../electron/core');
    const words = entropyToMnemonic(new Uint8Array(16), 'japanese');
    await expect(kitFor(words.replace(/\u3000/g, ' '), { sheets: ['seed'], language: 'japanese', words: words.split('\u3000') })).rejects.toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED', message: expect.stringMatching(/cannot be printed with the bundled font/) }),
    );
  });
  it('letter text in another script is refused the same way; accents, Greek and Cyrillic print', async () => {
    await expect(kitFor(SEEDQR_24, { sheets: ['inheritance'], inheritance: { holdings: '金庫', locations: '', contacts: '', notes: '' } })).rejects.toThrow(/"金"/);
    const { file } = await kitFor(SEEDQR_24, { sheets: ['inheritance'], inheritance: { holdings: 'Café, Ελένη, Анна', locations: '', contacts: '', notes: '' } });
    expect(pdfText(file)).toContain('Café, Ελένη, Анна');
  });
});

describe('text the layout must not lose or misprint', () => {
  it('Spanish words print with each accent on its own letter (composed form)', async () => {
    const { entropyToMnemonic } = await import('../../electron/core');
    // The first all-same-byte entropy whose Spanish words include an accented one.
    let words: string[] = [];
    for (let b = 0; b < 256 && !words.some((w) => /[\u0300-\u036f]/.test(w.normalize('NFD'))); b++) words = entropyToMnemonic(new Uint8Array(16).fill(b), 'spanish').split(' ');
    const accented = words.find((w) => /[\u0300-\u036f]/.test(w.normalize('NFD')))!;
    expect(accented).toBeDefined();
    const { file } = await kitFor(words.join(' '), { sheets: ['seed'], language: 'spanish', words: words.map((w) => w.normalize('NFKD')) });
    expect(pdfText(file).normalize('NFC')).toContain(accented.normalize('NFC'));
  });
  it('a very long letter flows over pages with their header, losing no word', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ');
    const { file } = await kitFor(SEEDQR_24, { sheets: ['inheritance'], paper: 'letter', inheritance: { holdings: long, locations: 'Z'.repeat(3990), contacts: '', notes: '' } });
    const text = pdfText(file, false);
    for (const i of [0, 299, 599]) expect(text).toContain(`word${i}`);
    // One 3990-character token, cut across pages: every character is there.
    expect([...text].filter((c) => c === 'Z').length).toBe(3990);
    const pages = Number(pdfInfo(file).Pages);
    expect(pages).toBeGreaterThan(1);
    expect(text.split('Letter to my heirs').length - 1).toBe(pages);
  });
});

describe('share cards', () => {
  it('a 24-word phrase split 2-of-3: one US Letter page per 33-word card, the QR readable', async () => {
    const { splitIntoShares, buildShareCards } = await import('../../electron/core');
    const outcome = await splitIntoShares({ mode: 'bip39', secret: { mnemonic: SEEDQR_24 }, groupThreshold: 1, groups: [{ threshold: 2, count: 3 }], iterationExponent: 0 });
    const doc = buildShareCards({ paper: 'letter', fingerprint: outcome.fingerprint, hasPassphrase: true, mode: 'bip39', identifier: outcome.split.identifier, groupThreshold: 1, groups: outcome.split.groups, date: '2026-11-21' });
    const { bytes, qrs } = await renderPdf(doc, fonts);
    const file = writeTemp(bytes);
    expect(Number(pdfInfo(file).Pages)).toBe(3);
    expect(pdfText(file)).toContain('YES — the wallet also needs its BIP39 passphrase');
    expect(readQrAt(file, qrs[2]!.page, qrs[2]!).text).toBe(outcome.split.groups[0]!.shares[2]!.toUpperCase());
  });
  it('a 1-of-1 card says it alone restores the wallet', async () => {
    const { buildShareCards } = await import('../../electron/core');
    const doc = buildShareCards({ paper: 'a4', fingerprint: '00000000', hasPassphrase: false, mode: 'wallet', identifier: 1, groupThreshold: 1, groups: [{ threshold: 1, shares: ['academic acid acrobat romp chubby doctor'] }], date: '2026-11-21' });
    expect(JSON.stringify(doc)).toContain('This share alone restores the wallet');
  });
});
