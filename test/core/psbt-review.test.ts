/**
 * reviewPsbt on PSBTs built by an independent implementation (bitcoinjs-lib + tiny-secp256k1, test/helpers/psbt-fixtures.ts).
 * Every fixture is the public wallet "abandon … about" (fingerprint 73c5da0a, mainnet) unless it says otherwise; each
 * reads as a story: what it spends (path, type, amount), where it pays, what is change, the fee.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprintHex, masterFromSeed } from '../../electron/core/keys/hd';
import { mnemonicToSeed } from '../../electron/core/keys/mnemonic';
import { parsePsbt } from '../../electron/core/psbt/parse';
import { HIGH_ACCOUNT, HIGH_FEE_RATE, MAX_ACCOUNTS_PROVED, PSBT_WARNING_CODES, reviewPsbt, type PsbtReview, type PsbtWallet, type PsbtWarningCode } from '../../electron/core/psbt/review';
import { ABANDON, ABANDON_FINGERPRINT, bipGroups, buildFixture, expectBadPsbt, pathFor, signWithBitcoinjs, type FixtureInput, type FixtureOutput, type FixtureType } from '../helpers/psbt-fixtures';

let wallet: PsbtWallet;
beforeAll(async () => {
  const master = masterFromSeed(await mnemonicToSeed(ABANDON));
  wallet = { master, fingerprint: fingerprintHex(master), network: 'mainnet' };
  expect(wallet.fingerprint).toBe(ABANDON_FINGERPRINT);
});

function review(inputs: readonly FixtureInput[], outputs: readonly FixtureOutput[], options: { locktime?: number; noWallet?: boolean } = {}): PsbtReview {
  const f = buildFixture(inputs, outputs, options);
  return reviewPsbt(parsePsbt(f.base64), options.noWallet ? null : wallet);
}
const codes = (r: PsbtReview) => r.warnings.map((w) => w.code);
const ourInput = (type: FixtureType, value: number, index = 0, extra: Partial<FixtureInput> = {}): FixtureInput => ({ type, path: pathFor(type, 0, index), value, ...extra });
const change = (type: FixtureType, value: number, index = 0): FixtureOutput => ({ to: 'ours', type, path: pathFor(type, 1, index), value });

describe('a payment with change, each script type of ours', () => {
  for (const type of ['p2wpkh', 'p2sh-p2wpkh', 'p2pkh', 'p2tr'] as const) {
    it(`${type}: spends 100,000 sats at ${pathFor(type, 0, 0)}, pays 60,000 to a stranger, 39,000 change to ${pathFor(type, 1, 0)}, fee 1,000`, () => {
      const inputs = [ourInput(type, 100_000)];
      const outputs: FixtureOutput[] = [{ to: 'stranger', value: 60_000 }, change(type, 39_000)];
      const f = buildFixture(inputs, outputs);
      const r = reviewPsbt(parsePsbt(f.base64), wallet);
      expect(r.network).toBe('mainnet');
      expect(r.inputs[0]).toMatchObject({ index: 0, txid: f.txids[0], vout: 0, value: 100_000, scriptType: type });
      expect(r.inputs[0]?.ours).toEqual({ fingerprint: '73c5da0a', path: pathFor(type, 0, 0).replace(/'/g, "'"), account: { kind: { p2wpkh: 'bip84', 'p2sh-p2wpkh': 'bip49', p2pkh: 'bip44', p2tr: 'bip86' }[type], network: 'mainnet', account: 0 }, change: false, index: 0 });
      expect(r.outputs.map((o) => o.kind)).toEqual(['payment', 'change']);
      expect(r.outputs[1]?.path).toBe(pathFor(type, 1, 0));
      expect(r.outputs[0]?.address).toBe('bc1q' + r.outputs[0]?.address?.slice(4)); // a mainnet address
      expect(r).toMatchObject({ fee: 1_000, totalIn: 100_000, totalOut: 99_000, sentOut: 60_000 });
      expect(r.warnings).toEqual([]);
      // The estimate is an upper bound of the signed size: at most 1 vbyte per ECDSA signature above it.
      const signed = signWithBitcoinjs(f, inputs);
      expect(r.vsize).toBeGreaterThanOrEqual(signed.tx.virtualSize());
      expect(r.vsize).toBeLessThanOrEqual(signed.tx.virtualSize() + 1);
      // Signed and finalized: the exact virtual size bitcoinjs-lib computes, and the fee rate from it.
      const final = reviewPsbt(parsePsbt(signed.base64), wallet);
      expect(final.vsizeExact).toBe(true);
      expect(final.vsize).toBe(signed.tx.virtualSize());
      expect(final.feeRate).toBe(Math.round((1_000 / signed.tx.virtualSize()) * 100) / 100);
    });
  }

  it('three inputs of mixed types (p2wpkh, p2tr, p2pkh): fee and vsize match the signed transaction', () => {
    const inputs = [ourInput('p2wpkh', 50_000, 3), ourInput('p2tr', 70_000, 1), ourInput('p2pkh', 30_000, 2)];
    const f = buildFixture(inputs, [{ to: 'stranger', value: 120_000 }, change('p2wpkh', 27_000, 4)]);
    const unsigned = reviewPsbt(parsePsbt(f.base64), wallet);
    expect(unsigned.outputs[1]?.kind).toBe('change');
    expect(unsigned.inputs.map((x) => x.ours?.path)).toEqual(["m/84'/0'/0'/0/3", "m/86'/0'/0'/0/1", "m/44'/0'/0'/0/2"]);
    const signed = signWithBitcoinjs(f, inputs);
    expect(unsigned.vsize - signed.tx.virtualSize()).toBeGreaterThanOrEqual(0);
    expect(unsigned.vsize - signed.tx.virtualSize()).toBeLessThanOrEqual(2);
    // Finalized (bitcoinjs drops the derivations, so nothing is proven ours): the exact size and fee.
    const r = reviewPsbt(parsePsbt(signed.base64), wallet);
    expect(r.fee).toBe(3_000);
    expect(r.vsize).toBe(signed.tx.virtualSize());
  });
});

describe('change only when proven', () => {
  it('no wallet open: nothing is ours, every output is a payment', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 60_000 }, change('p2wpkh', 39_000)], { noWallet: true });
    expect(r.inputs[0]?.ours).toBeNull();
    expect(r.outputs.map((o) => o.kind)).toEqual(['payment', 'payment']);
    expect(r.sentOut).toBe(99_000);
  });
  it('our address without derivation data is a payment (nothing proves it)', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0), value: 99_000, withDerivation: false }]);
    expect(r.outputs[0]?.kind).toBe('payment');
  });
  it('to a receive address of ours (m/84h/0h/0h/0/5): consolidation, not counted as sent', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 0, 5), value: 99_000 }]);
    expect(r.outputs[0]).toMatchObject({ kind: 'consolidation', path: "m/84'/0'/0'/0/5" });
    expect(r.sentOut).toBe(0);
  });
  it('change branch of another account (m/84h/0h/1h/1/0) than the inputs: ours, shown as consolidation', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'ours', type: 'p2wpkh', path: "m/84'/0'/1'/1/0", value: 99_000 }]);
    expect(r.outputs[0]).toMatchObject({ kind: 'consolidation', path: "m/84'/0'/1'/1/0" });
  });
  it('change of another script type than the inputs (P2TR change for P2WPKH inputs): consolidation, not change', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [change('p2tr', 99_000)]);
    expect(r.outputs[0]?.kind).toBe('consolidation');
  });
});

/** One story per warning code. */
const CASES: Record<PsbtWarningCode, { story: string; inputs: FixtureInput[]; outputs: FixtureOutput[]; needsAck: boolean; words: RegExp; options?: { locktime?: number } }> = {
  HIGH_FEE: {
    story: 'pays 10,000 sats and burns 2,000 in fee (20% of what is sent)',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 10_000 }, change('p2wpkh', 88_000)],
    needsAck: false,
    words: /more than 10% of what leaves the wallet/,
  },
  MISSING_NON_WITNESS_UTXO: {
    story: 'a P2WPKH input with only witness_utxo (the amount is the coordinator’s word)',
    inputs: [ourInput('p2wpkh', 100_000, 0, { nonWitnessUtxo: false })],
    outputs: [{ to: 'stranger', value: 99_000 }],
    needsAck: true,
    words: /Input 0 carries only the amount the coordinator states/,
  },
  MISSING_UTXO: {
    story: 'an input with neither witness_utxo nor non_witness_utxo',
    inputs: [ourInput('p2wpkh', 100_000, 0, { nonWitnessUtxo: false, witnessUtxo: false })],
    outputs: [{ to: 'stranger', value: 99_000 }],
    needsAck: true,
    words: /amount and the fee are unknown/,
  },
  AMOUNTS_DONT_ADD_UP: {
    story: 'outputs of 120,000 from an input of 100,000',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 120_000 }],
    needsAck: true,
    words: /more than the inputs/,
  },
  SIGHASH_NOT_ALL: {
    story: 'an input asking for SIGHASH_NONE',
    inputs: [ourInput('p2wpkh', 100_000, 0, { sighashType: 2 })],
    outputs: [{ to: 'stranger', value: 99_000 }],
    needsAck: true,
    words: /NONE: the outputs are not signed, so anyone who sees this signature can send the money anywhere/,
  },
  NETWORK_MISMATCH: {
    story: 'a testnet PSBT (coin type 1h) for the mainnet wallet',
    inputs: [{ type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0, 1), value: 100_000 }],
    outputs: [{ to: 'stranger', value: 99_000 }],
    needsAck: true,
    words: /derivation paths are for a test network; the open wallet is on mainnet/,
  },
  FOREIGN_INPUTS: {
    story: 'one input of ours and one of a stranger (a coinjoin or a payjoin)',
    inputs: [ourInput('p2wpkh', 100_000), { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 50_000, foreign: true }],
    outputs: [{ to: 'stranger', value: 149_000 }],
    needsAck: false,
    words: /Input 1 is not ours: someone else must sign it/,
  },
  NOTHING_OURS: {
    story: 'every input is a stranger’s',
    inputs: [{ type: 'p2wpkh', path: pathFor('p2wpkh', 0, 0), value: 50_000, foreign: true }],
    outputs: [{ to: 'stranger', value: 49_000 }],
    needsAck: false,
    words: /nothing to sign/,
  },
  OP_RETURN: {
    story: 'an OP_RETURN output carrying the text "hello permafrost"',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 99_000 }, { to: 'script', script: Uint8Array.from([0x6a, 16, ...new TextEncoder().encode('hello permafrost')]), value: 0 }],
    needsAck: false,
    words: /Output 1 writes data on the chain: "hello permafrost"/,
  },
  ZERO_VALUE_OUTPUT: {
    story: 'an output of 0 sats to a stranger',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 99_000 }, { to: 'stranger', value: 0, index: 1 }],
    needsAck: false,
    words: /Output 1 pays 0 sats/,
  },
  DUST_OUTPUT: {
    story: 'a P2WPKH output of 293 sats (dust threshold 294)',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 98_707 }, { to: 'stranger', value: 293, index: 1 }],
    needsAck: false,
    words: /Output 1 pays 293 sats, below the dust threshold of 294/,
  },
  DUPLICATE_ADDRESS: {
    story: 'two outputs to the same stranger address',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 49_000 }, { to: 'stranger', value: 50_000 }],
    needsAck: false,
    words: /Outputs 0 and 1 pay the same address bc1q/,
  },
  CHANGE_NOT_OURS: {
    story: 'a stranger’s address dressed as our change (our fingerprint, path m/84h/0h/0h/1/0)',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 60_000 }, { to: 'fake-change', path: pathFor('p2wpkh', 1, 0), value: 39_000 }],
    needsAck: true,
    words: /Output 1 claims to be ours at m\/84'\/0'\/0'\/1\/0, but that key does not derive to its script/,
  },
  HIGH_INDEX: {
    story: 'change at index 1001 (beyond 1000)',
    inputs: [ourInput('p2wpkh', 100_000)],
    outputs: [{ to: 'stranger', value: 60_000 }, change('p2wpkh', 39_000, 1001)],
    needsAck: true,
    words: /index 1001 is beyond 1000/,
  },
};

describe('every warning code, each with its story', () => {
  it('the list of codes is the list of stories', () => expect(Object.keys(CASES).sort()).toEqual([...PSBT_WARNING_CODES].sort()));
  for (const code of PSBT_WARNING_CODES) {
    const c = CASES[code];
    it(`${code}: ${c.story}`, () => {
      const r = review(c.inputs, c.outputs, c.options);
      const w = r.warnings.find((x) => x.code === code);
      expect(w, `warnings were ${codes(r).join(', ')}`).toBeDefined();
      expect(w?.message).toMatch(c.words);
      expect(w?.needsAck).toBe(c.needsAck);
    });
  }
});

describe('warning details', () => {
  it('HIGH_FEE above the fee-rate ceiling even when the share is small', () => {
    const r = review([ourInput('p2wpkh', 10_300_000)], [{ to: 'stranger', value: 10_000_000 }, change('p2wpkh', 100_000)]);
    const w = r.warnings.find((x) => x.code === 'HIGH_FEE');
    expect(r.feeRate).toBeGreaterThan(HIGH_FEE_RATE);
    expect(w?.message).toMatch(/sat\/vB: far above/);
  });
  it('a consolidation weighs the fee against what it moves, not against 0 sent', () => {
    expect(codes(review([ourInput('p2wpkh', 100_000)], [{ to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 0, 5), value: 99_000 }]))).toEqual([]);
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 0, 5), value: 80_000 }]);
    expect(r.warnings.find((w) => w.code === 'HIGH_FEE')?.message).toMatch(/what this transfer to yourself moves \(0.00080000 BTC\)/);
  });
  it('a normal fee raises nothing', () => {
    expect(codes(review([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 98_000 }, change('p2wpkh', 1_000)]))).toEqual([]);
  });
  it('non_witness_utxo that is not the transaction spent: refused, naming the input (an amount that cannot be trusted is not acknowledged)', () => {
    const f = buildFixture([ourInput('p2wpkh', 100_000), ourInput('p2wpkh', 5_000, 1, { wrongPrevTx: true })], [{ to: 'stranger', value: 104_000 }]);
    expect(expectBadPsbt(() => parsePsbt(f.base64))).toMatch(/^PSBT input 1: non_witness_utxo is transaction [0-9a-f]{16}…, not [0-9a-f]{16}… which this input spends/);
  });
  it('witness_utxo lying about the amount (non_witness_utxo says otherwise): refused, naming the input', () => {
    const f = buildFixture([ourInput('p2wpkh', 100_000, 0, { witnessUtxoValue: 10_000 })], [{ to: 'stranger', value: 99_000 }]);
    expect(expectBadPsbt(() => parsePsbt(f.base64))).toMatch(/^PSBT input 0: witness_utxo \(amount or script\) differs/);
  });
  it('SIGHASH SINGLE|ANYONECANPAY is named for what it allows', () => {
    const r = review([ourInput('p2wpkh', 100_000, 0, { sighashType: 0x83 })], [{ to: 'stranger', value: 99_000 }]);
    expect(r.warnings.find((w) => w.code === 'SIGHASH_NOT_ALL')?.message).toMatch(/SINGLE: only the output with the same number as this input is signed.*ANYONECANPAY: other inputs can be added/);
  });
  it('SIGHASH ALL|ANYONECANPAY is named for what it allows', () => {
    const r = review([ourInput('p2wpkh', 100_000, 0, { sighashType: 0x81 })], [{ to: 'stranger', value: 99_000 }]);
    expect(r.warnings.find((w) => w.code === 'SIGHASH_NOT_ALL')?.message).toMatch(/ANYONECANPAY/);
  });
  it('a sighash Bitcoin does not define (0x41: ALL with Bitcoin Cash\'s FORKID bit) is named as such, not as ALL', () => {
    const r = review([ourInput('p2wpkh', 100_000, 0, { sighashType: 0x41 })], [{ to: 'stranger', value: 99_000 }]);
    const w = r.warnings.find((x) => x.code === 'SIGHASH_NOT_ALL');
    expect(w?.message).toBe("Input 0 asks to be signed with SIGHASH 0x41, a type Bitcoin does not define (0x40 is Bitcoin Cash's FORKID flag: a signature for another chain's rules); this wallet will not sign it.");
    expect(w?.needsAck).toBe(true);
  });
  it('SIGHASH DEFAULT (0x00) on a non-Taproot input is named as Taproot-only', () => {
    const p = parsePsbt(buildFixture([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 99_000 }]).base64);
    p.tx.updateInput(0, { sighashType: 0 }, true);
    expect(reviewPsbt(p, wallet).warnings.find((x) => x.code === 'SIGHASH_NOT_ALL')?.message).toMatch(/DEFAULT \(0x00\), which only Taproot inputs may use; this input is not Taproot, so it will not be signed/);
  });
  it('SIGHASH ALL and taproot DEFAULT raise nothing', () => {
    expect(codes(review([ourInput('p2wpkh', 100_000, 0, { sighashType: 1 })], [{ to: 'stranger', value: 99_000 }]))).toEqual([]);
    const p = parsePsbt(buildFixture([ourInput('p2tr', 100_000)], [{ to: 'stranger', value: 99_000 }]).base64);
    p.tx.updateInput(0, { sighashType: 0 }, true);
    expect(p.tx.getInput(0).sighashType).toBe(0);
    expect(codes(reviewPsbt(p, wallet))).toEqual([]);
  });
  it('an input claiming our fingerprint with a stranger’s key is foreign, and says so', () => {
    const r = review([ourInput('p2wpkh', 100_000), { type: 'p2wpkh', path: pathFor('p2wpkh', 0, 7), value: 1_000, foreign: true, claimOurs: true }], [{ to: 'stranger', value: 100_000 }]);
    expect(r.inputs[1]?.ours).toBeNull();
    expect(r.warnings.some((w) => w.code === 'FOREIGN_INPUTS' && /Input 1 claims our fingerprint at m\/84'\/0'\/0'\/0\/7/.test(w.message))).toBe(true);
  });
  it('OP_RETURN with binary data shows no text, its hex', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 99_000 }, { to: 'script', script: Uint8Array.from([0x6a, 4, 0x00, 0xff, 0x10, 0x80]), value: 0 }]);
    expect(r.outputs[1]).toMatchObject({ scriptType: 'op_return', address: null, opReturnHex: '00ff1080' });
    expect(r.outputs[1]?.opReturnText).toBeUndefined();
  });
  it('294 sats to P2WPKH is not dust', () => {
    expect(codes(review([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 98_706 }, { to: 'stranger', value: 294, index: 1 }]))).toEqual([]);
  });
});

describe('locktime and RBF in words', () => {
  it('no locktime, RBF signalled (sequence 0xfffffffd)', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 99_000 }]);
    expect(r.locktime).toEqual({ value: 0, words: 'None: the transaction can be mined at once.' });
    expect(r.rbf.replaceable).toBe(true);
    expect(r.rbf.words).toMatch(/^Replaceable \(BIP125\)/);
  });
  it('a block-height locktime (anti fee sniping), final sequences: not replaceable, locktime not in force', () => {
    const r = review([ourInput('p2wpkh', 100_000, 0, { sequence: 0xffffffff })], [{ to: 'stranger', value: 99_000 }], { locktime: 850_000 });
    expect(r.locktime.words).toBe("Set to block 850,000, but not in force: every input's sequence is final.");
    expect(r.rbf.replaceable).toBe(false);
  });
  it('a block-height locktime in force', () => {
    const r = review([ourInput('p2wpkh', 100_000, 0, { sequence: 0xfffffffe })], [{ to: 'stranger', value: 99_000 }], { locktime: 850_000 });
    expect(r.locktime.words).toBe('Cannot be mined before block 850,000.');
    expect(r.rbf.replaceable).toBe(false);
  });
  it('a time locktime', () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 99_000 }], { locktime: 1_700_000_000 });
    expect(r.locktime.words).toBe('Cannot be mined before 2023-11-14 22:13 UTC (median time past).');
  });
});

describe('foreign script types are recognised (multisig slots in later)', () => {
  it('BIP174 valid vector 6: a P2WSH 2-of-2 input, no wallet', () => {
    const v = bipGroups('bip174-psbt-vectors.json').find((g) => g.text.startsWith('The following are valid'))?.cases?.[5];
    const r = reviewPsbt(parsePsbt(v?.base64 as string), null);
    expect(r.inputs[0]).toMatchObject({ scriptType: 'p2wsh', multisig: { m: 2, n: 2 }, ours: null });
    expect(r.inputs[0]?.value).toBe(500_000_000); // its witness_utxo: 5 BTC
  });
  it('BIP174 valid vector 5: a P2SH-P2WSH 2-of-2 input, no wallet', () => {
    const v = bipGroups('bip174-psbt-vectors.json').find((g) => g.text.startsWith('The following are valid'))?.cases?.[4];
    const r = reviewPsbt(parsePsbt(v?.base64 as string), null);
    expect(r.inputs[0]).toMatchObject({ scriptType: 'p2sh-p2wsh', multisig: { m: 2, n: 2 }, ours: null });
  });
});

describe('speed', () => {
  // 250, not 1,000: building the fixture with bitcoinjs-lib grows quadratically (its duplicate-input check).
  it('250 inputs of ours with change: reviewed (every input and the change proven by derivation), without hanging', () => {
    const inputs = Array.from({ length: 250 }, (_, i) => ourInput('p2wpkh', 10_000, i, { nonWitnessUtxo: false }));
    const f = buildFixture(inputs, [{ to: 'stranger', value: 2_000_000 }, change('p2wpkh', 490_000, 7)]);
    const p = parsePsbt(f.base64);
    const t = performance.now();
    const r = reviewPsbt(p, wallet);
    // A hang guard, not a benchmark (bench/ measures speed): generous for a loaded CI machine.
    expect(performance.now() - t).toBeLessThan(10_000);
    expect(r.inputs.every((x) => x.ours !== null)).toBe(true);
    expect(r.outputs[1]?.kind).toBe('change');
  }, 60_000);
});

describe('deriving many claims', () => {
  it('40 inputs on one branch (derived ahead in one batch) and scattered ones (one by one) are proven alike, change too', () => {
    const inputs = [...Array.from({ length: 40 }, (_, i) => ourInput('p2wpkh', 10_000, i)), ourInput('p2wpkh', 10_000, 900), ourInput('p2tr', 10_000, 7)];
    const r = review(inputs, [{ to: 'stranger', value: 300_000 }, change('p2wpkh', 100_000, 20)]);
    expect(r.inputs.map((i) => i.ours?.path)).toEqual([...Array.from({ length: 40 }, (_, i) => pathFor('p2wpkh', 0, i)), pathFor('p2wpkh', 0, 900), pathFor('p2tr', 0, 7)]);
    expect(r.outputs[1]).toMatchObject({ kind: 'change', path: pathFor('p2wpkh', 1, 20) });
  });
  it(`a PSBT claiming our fingerprint at more than MAX_ACCOUNTS_PROVED (${MAX_ACCOUNTS_PROVED}) accounts: the first are proven, the rest are not ours, and it stays quick`, () => {
    const inputs = Array.from({ length: MAX_ACCOUNTS_PROVED + 5 }, (_, a) => ({ type: 'p2wpkh' as const, path: pathFor('p2wpkh', 0, 0, 0, a), value: 1_000 }));
    const started = Date.now();
    const r = review(inputs, [{ to: 'stranger', value: 50_000 }]);
    expect(r.inputs.filter((i) => i.ours).length).toBe(MAX_ACCOUNTS_PROVED);
    expect(r.inputs.at(-1)?.ours).toBeNull();
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('money sent where a restored wallet will not look (review finding)', () => {
  it(`our change on account ${HIGH_ACCOUNT + 1}: HIGH_INDEX, to be acknowledged, and shown as to our own address, not as change`, () => {
    const r = review([ourInput('p2wpkh', 100_000)], [{ to: 'stranger', value: 20_000 }, { to: 'ours', type: 'p2wpkh', path: pathFor('p2wpkh', 1, 0, 0, HIGH_ACCOUNT + 1), value: 79_000 }]);
    expect(r.outputs[1]?.kind).toBe('consolidation');
    expect(r.warnings.find((w) => w.code === 'HIGH_INDEX')).toMatchObject({ needsAck: true, output: 1, message: expect.stringContaining(`account ${HIGH_ACCOUNT + 1} is one no wallet opens by itself`) });
  });
});
