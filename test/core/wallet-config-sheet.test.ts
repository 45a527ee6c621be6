/**
 * The multisig wallet configuration sheet, checked on the real PDF as a person (and a coordinator) would: poppler's
 * pdftotext for every key, M-of-N and the descriptor; each QR code cropped from the rasterised page and decoded —
 * the UR crypto-output by Keystone's registry, the descriptor text by @bitcoinerlab/descriptors, whose first address
 * must be the one printed. The inheritance letter says how many keys are needed and that this sheet is.
 */
import { DescriptorsFactory, networks } from '@bitcoinerlab/descriptors';
import { CryptoOutput, type CryptoHDKey } from '@keystonehq/bc-ur-registry';
import { describe, expect, it } from 'vitest';
import type { KitInput, WalletConfigInput } from '../../electron/core/backup/paper';
import { decodeBbqr } from '../../electron/core/codecs/bbqr';
import { decodeSinglePartUr, UrDecoder } from '../../electron/core/codecs/ur/ur';
import { addChecksum } from '../../electron/core/keys/descriptor';
import { cosignerKey, type CosignerScript } from '../../electron/core/keys/export';
import { masterFromSeed } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';
import { kitFor } from '../helpers/kit';
import { pdfText, readQrAt } from '../helpers/pdf';

const ABOUT = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const OTHERS = ['legal winner thank year wave sausage worth useful legal winner thank yellow', 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above'];
const { Output } = DescriptorsFactory();

const masterOf = async (words: string) => masterFromSeed(await mnemonicToSeed(words));
const compact = (s: string) => s.replace(/\s+/g, '');

/** A wallet of our key and the others' (public keys only), as a registration would hold it. */
async function walletOf(m: number, script: CosignerScript, otherWords: readonly string[], name = 'Family vault'): Promise<WalletConfigInput> {
  const keys = [cosignerKey(await masterOf(ABOUT), 'mainnet', script), ...(await Promise.all(otherWords.map(async (w) => cosignerKey(await masterOf(w), 'mainnet', script))))];
  const inner = `sortedmulti(${m},${keys.map((k) => `${k.keyExpression}/<0;1>/*`).join(',')})`;
  const descriptor = addChecksum(script === 'p2wsh' ? `wsh(${inner})` : script === 'p2sh-p2wsh' ? `sh(wsh(${inner}))` : `sh(${inner})`);
  const receive = descriptor.split('#')[0]!.replace(/<0;1>/g, '0');
  const firstAddress = new Output({ descriptor: receive, index: 0, network: networks.bitcoin }).getAddress();
  return { name, m, n: keys.length, scriptType: script, sorted: true, network: 'mainnet', cosigners: keys.map((k) => ({ fingerprint: k.fingerprint, path: k.path, xpub: k.xpub })), descriptor, firstAddress };
}

async function kit(config: WalletConfigInput, sheets: KitInput['sheets'] = ['seed', 'inheritance']) {
  const { kit: doc, qrs, file } = await kitFor(ABOUT, {
    sheets,
    receive: { kind: 'bip84', from: 0, count: 1 },
    inheritance: { holdings: 'Bitcoin in a 2-of-3 wallet.', locations: 'Key 1: bank box. Key 2: Alice. Key 3: lawyer.', contacts: '', notes: '' },
    date: '2026-11-30',
    multisig: config,
  });
  return { doc, qrs, file };
}

describe('2-of-3 P2WSH wallet: the configuration sheet in the backup kit', async () => {
  const config = await walletOf(2, 'p2wsh', OTHERS);
  const { doc, qrs, file } = await kit(config);
  const text = pdfText(file);
  const sheet = text.slice(text.indexOf('Multisig wallet configuration'), text.indexOf('Letter to my heirs'));

  it('comes right after the seed card, holds no secret, and says what it is for', () => {
    expect(doc.pages.map((p) => p.sheet)).toEqual(['seed', 'wallet-config', 'inheritance']);
    expect(doc.pages[1]!.secret).toBe(false);
    for (const w of ABOUT.split(' ')) expect(sheet.split(/\s+/)).not.toContain(w);
    expect(compact(sheet)).toContain(compact('the recovery words of 2 keys can spend only with it'));
  });

  it('shows M of N, the script, every key with its fingerprint, path and whole xpub, ours marked', () => {
    expect(sheet).toContain('any 2 of these 3 keys');
    expect(sheet).toContain('Native SegWit multisig (P2WSH), sorted keys (BIP67)');
    config.cosigners.forEach((c, i) => {
      expect(sheet).toMatch(new RegExp(`${i + 1}\\. ${c.fingerprint}\\s+${c.path.replace(/[/']/g, '\\$&')}`));
      expect(sheet.split(/\s+/)).toContain(c.xpub); // on one line: it can be typed back whole
    });
    expect(sheet).toMatch(/1\. 73c5da0a\s+m\/48'\/0'\/0'\/2'\s+<- this wallet/);
    expect(sheet.match(/<- this wallet/g)).toHaveLength(1);
    expect(compact(sheet)).toContain(config.firstAddress);
  });

  it('prints the descriptor with its checksum', () => {
    expect(compact(sheet)).toContain(config.descriptor);
  });

  it('its UR QR is a crypto-output Keystone\'s registry reads as this 2-of-3 sortedmulti, key for key', () => {
    const ur = qrs.filter((q) => q.payload.startsWith('config:') && q.payload.includes('UR:'));
    expect(ur).toHaveLength(1);
    const read = readQrAt(file, ur[0]!.page, ur[0]!);
    const decoded = decodeSinglePartUr(read.text);
    expect(decoded.type).toBe('crypto-output');
    const output = CryptoOutput.fromCBOR(Buffer.from(decoded.cbor));
    expect(output.getScriptExpressions().map((e) => e.getExpression())).toEqual(['wsh', 'sortedmulti']);
    const multi = output.getMultiKey()!;
    expect(multi.getThreshold()).toBe(2);
    expect((multi.getKeys() as CryptoHDKey[]).map((k) => k.getBip32Key())).toEqual(config.cosigners.map((c) => c.xpub));
    expect((multi.getKeys() as CryptoHDKey[]).map((k) => `m/${k.getOrigin().getPath()}`)).toEqual(config.cosigners.map((c) => c.path));
    expect(output.toString()).toMatch(/^wsh\(sortedmulti\(2,73c5da0a\/48'\/0'\/0'\/2'/);
  });

  it('its text QR is the descriptor, which @bitcoinerlab/descriptors turns into the printed first address', () => {
    const plain = qrs.filter((q) => q.payload.startsWith('config:') && !q.payload.includes('UR:'));
    expect(plain).toHaveLength(1);
    const read = readQrAt(file, plain[0]!.page, plain[0]!).text;
    expect(read).toBe(config.descriptor);
    const receive = read.split('#')[0]!.replace(/<0;1>/g, '0');
    expect(new Output({ descriptor: receive, index: 0, network: networks.bitcoin }).getAddress()).toBe(config.firstAddress);
  });

  it('the inheritance letter says: you need 2 of these 3 keys and this sheet, and lists the keys', () => {
    const letter = text.slice(text.indexOf('Letter to my heirs'));
    expect(compact(letter)).toContain(compact('To spend, you need 2 of these 3 keys and the "Multisig wallet configuration" sheet'));
    for (const c of config.cosigners) expect(letter).toContain(`fingerprint ${c.fingerprint}`);
    expect(compact(letter)).toContain(compact("Gather 2 of the 3 keys' recovery words"));
  });
});

describe('configuration sheet options', () => {
  it('with only the watch sheet chosen it still comes first; without a wallet there is none', async () => {
    const config = await walletOf(2, 'p2sh-p2wsh', OTHERS);
    expect((await kit(config, ['watch'])).doc.pages.map((p) => p.sheet)).toEqual(['wallet-config', 'watch']);
    const text = pdfText((await kit(config, ['watch'])).file);
    expect(text).toContain('Nested SegWit multisig (P2SH-P2WSH)');
    const { doc } = await kit(undefined as unknown as WalletConfigInput, ['seed']);
    expect(doc.pages.map((p) => p.sheet)).toEqual(['seed']);
  });

  it('a 3-of-8 wallet too long for one QR: UR fragments and BBQr parts, every one scanned, put back together', async () => {
    const words = Array.from({ length: 7 }, (_, i) => `${'abandon '.repeat(11)}${['about', 'actor', 'advice', 'aerobic', 'agent', 'alarm', 'almost'][i]}`);
    const valid: string[] = [];
    for (const w of words) {
      try {
        await mnemonicToSeed(w);
        valid.push(w);
      } catch {
        /* not every word is a valid checksum; the seed needs none */
      }
    }
    const config = await walletOf(3, 'p2wsh', valid);
    const { qrs, file } = await kit(config, ['seed']);
    const codes = qrs.filter((q) => q.payload.startsWith('config:')).map((q) => readQrAt(file, q.page, q).text);
    const urParts = codes.filter((c) => c.startsWith('UR:'));
    const bbqrParts = codes.filter((c) => c.startsWith('B$'));
    expect(urParts.length).toBeGreaterThan(1);
    expect(bbqrParts.length).toBeGreaterThan(1);
    const decoder = new UrDecoder();
    let status: ReturnType<UrDecoder['receive']> | undefined;
    for (const p of urParts) status = decoder.receive(p);
    if (status?.kind !== 'complete') throw new Error('the printed UR parts did not complete the message');
    const output = CryptoOutput.fromCBOR(Buffer.from(status.ur.cbor));
    expect(output.getMultiKey()!.getKeys()).toHaveLength(config.n);
    expect(new TextDecoder().decode(decodeBbqr(bbqrParts).data)).toBe(config.descriptor);
  });
});
