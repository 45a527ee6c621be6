/** The Sign Bitcoin flow's state machine, driven by scripted events as the screens send them. */
import { describe, expect, it } from 'vitest';
import type { LoadedPsbt, SignedPsbt } from '../../electron/ipc';
import { acksNeeded, canSign, initialSignState, nextSignState, type SignEvent, type SignState } from '../../renderer/flows/sign/machine';

type Review = LoadedPsbt['review'];
const input = (ours: boolean): Review['inputs'][number] => ({
  index: 0,
  txid: '00'.repeat(32),
  vout: 0,
  value: 100_000,
  scriptType: 'p2wpkh',
  multisig: null,
  sighash: null,
  sequence: 0xfffffffd,
  ours: ours ? { fingerprint: '73c5da0a', path: "m/84'/0'/0'/0/0", account: { kind: 'bip84', network: 'mainnet', account: 0 }, change: false, index: 0 } : null,
});
const loaded = (opts: { ours?: boolean; warnings?: Review['warnings'] } = {}): LoadedPsbt => ({
  psbtId: 'a'.repeat(32),
  name: 'pay.psbt',
  scannedAs: null,
  answerAs: 'ur1',
  version: 0,
  review: {
    network: 'mainnet',
    inputs: [input(opts.ours ?? true)],
    outputs: [],
    fee: 1000,
    feeRate: 10,
    vsize: 110,
    vsizeExact: false,
    totalIn: 100_000,
    totalOut: 99_000,
    sentOut: 50_000,
    locktime: { value: 0, words: 'none' },
    rbf: { replaceable: true, words: 'replaceable' },
    warnings: opts.warnings ?? [],
  },
});
const signed: SignedPsbt = { signedInputs: 1, totalInputs: 1, complete: true, base64: 'cHNidP8=', qr: null };
const run = (...events: SignEvent[]): SignState => events.reduce(nextSignState, initialSignState);

describe('Sign Bitcoin flow', () => {
  it('load → review → signing → signed, and Back starts over', () => {
    const s = run({ type: 'LOADED', loaded: loaded() });
    expect(s.step).toBe('review');
    expect(canSign(s)).toBe(true);
    const signing = nextSignState(s, { type: 'SIGN' });
    expect(signing.step).toBe('signing');
    const done = nextSignState(signing, { type: 'SIGNED', signed });
    expect(done).toMatchObject({ step: 'signed', signed });
    expect(nextSignState(done, { type: 'BACK' })).toEqual(initialSignState);
  });
  it('a warning that needs acknowledging blocks Sign until it is ticked; unticking blocks again', () => {
    const warnings: Review['warnings'] = [
      { code: 'SIGHASH_NOT_ALL', message: 'Input 0 signs with SIGHASH_NONE…', needsAck: true, input: 0 },
      { code: 'HIGH_FEE', message: 'The fee is high.', needsAck: false },
    ];
    let s = run({ type: 'LOADED', loaded: loaded({ warnings }) });
    expect(acksNeeded(s)).toEqual(['SIGHASH_NOT_ALL']);
    expect(canSign(s)).toBe(false);
    expect(nextSignState(s, { type: 'SIGN' }).step).toBe('review');
    s = nextSignState(s, { type: 'ACK', code: 'SIGHASH_NOT_ALL', on: true });
    expect(canSign(s)).toBe(true);
    s = nextSignState(s, { type: 'ACK', code: 'SIGHASH_NOT_ALL', on: false });
    expect(canSign(s)).toBe(false);
  });
  it('nothing of ours: nothing to sign', () => {
    expect(canSign(run({ type: 'LOADED', loaded: loaded({ ours: false }) }))).toBe(false);
  });
  it('a failure while signing returns to the review with the message; loading anew clears it', () => {
    const s = run({ type: 'LOADED', loaded: loaded() }, { type: 'SIGN' }, { type: 'FAILED', message: 'no' });
    expect(s).toMatchObject({ step: 'review', error: 'no' });
    expect(nextSignState(s, { type: 'LOADED', loaded: loaded() }).error).toBeNull();
  });
  it('events out of place change nothing', () => {
    expect(run({ type: 'SIGN' })).toEqual(initialSignState);
    expect(run({ type: 'SIGNED', signed })).toEqual(initialSignState);
    expect(run({ type: 'ACK', code: 'HIGH_FEE', on: true })).toEqual(initialSignState);
  });
});
