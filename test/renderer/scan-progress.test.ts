/**
 * The one scan-progress display Sign Bitcoin and Sign Ethereum share (renderer/components/ScanProgress.tsx, its words in scan-progress.ts): the
 * progress line and the refused-frame line, each flow giving only its own words.
 */
import { describe, expect, it } from 'vitest';
import type { ScanStatus } from '../../electron/ipc';
import { problemLine, scanLine, type ScanWords } from '../../renderer/components/scan-progress';

const WORDS: ScanWords = {
  thing: 'a request',
  name: (s) => (s.progress.estimated > 1 ? 'Animated request' : 'Request'),
  foreign: 'Scanning goes on with the first request.',
  invalid: 'Show the QR code MetaMask displays.',
};
const status = (over: Partial<ScanStatus>): ScanStatus => ({ kind: 'added', format: 'ur2', progress: { received: 2, estimated: 5 }, ...over });

describe('scanLine', () => {
  it('before any part: nothing read yet, named by the flow', () => {
    expect(scanLine(null, WORDS)).toBe('No part of a request read yet.');
    expect(scanLine(status({ kind: 'invalid', format: null, progress: { received: 0, estimated: 0 } }), WORDS)).toBe('No part of a request read yet.');
  });
  it('during a stream: its name, parts received of those estimated', () => {
    expect(scanLine(status({}), WORDS)).toBe('Animated request: 2 of ~5 parts');
    expect(scanLine(status({}), { ...WORDS, name: () => 'UR (psbt)' })).toBe('UR (psbt): 2 of ~5 parts');
  });
  it('a BBQr: its header gives the exact number of parts, so no "~"', () => {
    expect(scanLine(status({ format: 'bbqr', progress: { received: 1, estimated: 3 } }), { ...WORDS, name: () => 'BBQr' })).toBe('BBQr: 1 of 3 parts');
    expect(scanLine(status({ format: 'ur1', progress: { received: 1, estimated: 3 } }), { ...WORDS, name: () => 'UR v1 (crypto-psbt)' })).toBe('UR v1 (crypto-psbt): 1 of ~3 parts');
  });
});

describe('problemLine', () => {
  it('no problem: nothing shown', () => {
    expect(problemLine(null, WORDS)).toBeNull();
    expect(problemLine(status({ kind: 'invalid' }), WORDS)).toBeNull();
  });
  it('a frame that is not what is scanned: an alert with the flow’s advice', () => {
    expect(problemLine(status({ kind: 'invalid', why: 'this QR code is an extended public key' }), WORDS)).toEqual({
      text: 'This QR code is an extended public key. Show the QR code MetaMask displays.',
      alert: true,
    });
  });
  it('a part of another stream: skipped, said so, with what happens to it', () => {
    expect(problemLine(status({ kind: 'foreign', why: 'a part of another request' }), WORDS)).toEqual({
      text: 'Skipped a QR code: a part of another request. Scanning goes on with the first request.',
      alert: true,
    });
  });
  it('the scan went on with another stream: a quiet status, no alert', () => {
    expect(problemLine(status({ why: 'went on with another transaction', restarted: true }), WORDS)).toEqual({ text: 'Went on with another transaction.', alert: false });
  });
  it('two BBQr codes of the same size in view: an alert that says to show one and choose Start over', () => {
    expect(problemLine(status({ kind: 'invalid', format: 'bbqr', why: 'two different BBQr codes of the same size are in view — show only one', mixed: true }), WORDS)).toEqual({
      text: 'Two different BBQr codes of the same size are in view — show only one, then choose Start over.',
      alert: true,
    });
  });
});
