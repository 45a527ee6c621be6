/** The paper backup kit as the tests make it: the app's bundled fonts, and a whole kit rendered to a PDF file. */
import { readFileSync } from 'node:fs';
import { fingerprintHex, masterFromSeed, mnemonicToSeed } from '../../electron/core';
import { buildKit, SHEETS, type KitInput } from '../../electron/core/backup/paper';
import { renderPdf } from '../../electron/core/backup/pdf';
import { writeTemp } from './pdf';

export const PDF_FONTS = { regular: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Regular.ttf')), bold: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Bold.ttf')) };

/** What a whole kit of `mnemonic` is made from (every sheet, A4, 6 BIP84 receive addresses, an inheritance letter), with `over` changed. */
export function kitInput(mnemonic: string, master: KitInput['master'], over: Partial<KitInput> = {}): KitInput {
  return {
    paper: 'a4',
    sheets: [...SHEETS],
    words: mnemonic.split(' '),
    language: 'english',
    hasPassphrase: false,
    master,
    fingerprint: fingerprintHex(master),
    network: 'mainnet',
    receive: { kind: 'bip84', from: 0, count: 6 },
    inheritance: { holdings: 'Bitcoin in one wallet.', locations: 'Seed card: bank box 12. Metal plate: home safe.', contacts: 'Alice, 555-0100.', notes: '' },
    date: '2026-11-21',
    ...over,
  };
}

/** The kit of `mnemonic` (kitInput, with `over` changed) built, rendered and written to a temporary PDF file (removed when the test ends). */
export async function kitFor(mnemonic: string, over: Partial<KitInput> = {}) {
  const input = kitInput(mnemonic, masterFromSeed(await mnemonicToSeed(mnemonic)), over);
  const kit = buildKit(input);
  const { bytes, qrs } = await renderPdf(kit, PDF_FONTS);
  return { input, kit, bytes, qrs, file: writeTemp(bytes) };
}
