/**
 * Issue target: the full backup kit (all six sheets) in ≤ 30 ms, with a same-run comparison against QR codes
 * embedded as PNG images. Measured as the app does it: fonts parsed once per process, accounts from the
 * wallet's cache, the kit built and drawn. Results in docs/BENCHMARKS.md.
 */
import { PNG } from 'pngjs';
import { bench, describe } from 'vitest';
import { buildKit, deriveAccount, masterFromSeed, mnemonicToSeed, renderPdf, type Account } from '../electron/core';
import type { QrDrawer } from '../electron/core/backup/pdf';
import { kitInput, PDF_FONTS as fonts } from '../test/helpers/kit';
import { matrixToRgba } from '../test/helpers/qr-image';

const WORDS = 'attack pizza motion avocado network gather crop fresh patrol unusual wild holiday candy pony ranch winter theme error hybrid van cereal salon goddess expire';
const master = masterFromSeed(await mnemonicToSeed(WORDS));
const cache = new Map<string, Account>();
const input = kitInput(WORDS, master, {
  receive: { kind: 'bip84', from: 0, count: 10 },
  inheritance: { holdings: 'One wallet.', locations: 'Bank box; home safe.', contacts: 'Alice.', notes: '' },
  date: '2026-11-21',
  account: (spec) => {
    const key = `${spec.kind}/${spec.network}/${spec.account}`;
    let a = cache.get(key);
    if (!a) cache.set(key, (a = deriveAccount(master, spec)));
    return a;
  },
});

/** The comparison: each QR code as a PNG image (4 pixels a module) instead of vector rectangles. */
const drawQrPng: QrDrawer = (doc, m, x, y, size) => {
  const { data, width, height } = matrixToRgba(m, 4, 4);
  const png = new PNG({ width, height });
  png.data.set(data);
  doc.image(new Uint8Array(PNG.sync.write(png)), x, y, { width: size, height: size });
};

// Warm up as a running app would be: fonts parsed, accounts cached, base-point table built.
await renderPdf(buildKit(input), fonts);
await renderPdf(buildKit(input), fonts, { drawQr: drawQrPng });

describe('full backup kit (6 sheets, 8 pages, 13 QR codes)', () => {
  bench('build + render, vector QR (what the app does)', async () => {
    await renderPdf(buildKit(input), fonts);
  });
  bench('build + render, PNG-embedded QR (comparison)', async () => {
    await renderPdf(buildKit(input), fonts, { drawQr: drawQrPng });
  });
});
