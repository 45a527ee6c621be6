/**
 * Long URs are shown as animated QR frames that a scanner reassembles; short ones as one still frame. Main gives
 * the texts; the renderer draws them (renderer/components/qr-frame.ts): each drawing is read back with jsQR.
 */
import { describe, expect, it } from 'vitest';
import { accountUr, deriveAccount, encodeUr, masterFromSeed, mnemonicToSeed, UrDecoder } from '../../electron/core';
import { urFrames } from '../../electron/main/handlers';
import { frameMatrix } from '../../renderer/components/qr-frame';
import { decodeMatrix } from '../helpers/qr-image';

const master = masterFromSeed(await mnemonicToSeed('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'));

describe('urFrames', () => {
  it('one account: a single upper-case frame that scans back to the UR', () => {
    const ur = encodeUr(accountUr([deriveAccount(master, { kind: 'bip84', network: 'mainnet', account: 0 })]));
    const frames = urFrames(ur);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toBe(ur.toUpperCase());
    expect(decodeMatrix(frameMatrix(frames[0]!)).text).toBe(ur.toUpperCase());
  });
  it('many accounts: animated frames, each a real QR, reassembled by a UR decoder', () => {
    const accounts = ['bip44', 'bip49', 'bip84', 'bip86'].flatMap((kind) => [0, 1].map((account) => deriveAccount(master, { kind: kind as 'bip84', network: 'mainnet', account })));
    const ur = encodeUr(accountUr(accounts));
    const frames = urFrames(ur);
    expect(frames.length).toBeGreaterThan(2);
    const decoder = new UrDecoder();
    let status = decoder.receive(decodeMatrix(frameMatrix(frames[0]!)).text);
    for (const f of frames.slice(1)) if (status.kind !== 'complete') status = decoder.receive(decodeMatrix(frameMatrix(f)).text);
    expect(status.kind).toBe('complete');
    if (status.kind === 'complete') expect(encodeUr(status.ur)).toBe(ur);
  });
});
