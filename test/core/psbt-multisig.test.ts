/**
 * Multisig review and signing against a registered wallet, interop with bitcoinjs-lib: bitcoinjs-lib builds a 2-of-3
 * sortedmulti PSBT (P2WSH, P2SH-P2WSH, P2SH); Permafrost proves the inputs and the change from the registered
 * wallet, signs as one cosigner (partial_sig, never finalized); a second cosigner signs with bitcoinjs-lib, which
 * validates every signature, finalizes and extracts. Attack: change swapped to a wallet with a foreign key set.
 */
import * as bitcoin from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { fingerprintHex } from '../../electron/core/keys/hd';
import { parsePsbt, serializePsbt } from '../../electron/core/psbt/parse';
import { reviewPsbt } from '../../electron/core/psbt/review';
import { finalizeTransaction, signPsbt } from '../../electron/core/psbt/sign';
import { multisigFromDescriptor } from '../../electron/core/wallets/multisig';
import { derive } from '../../electron/core/keys/hd';
import { descriptorFor, keysFor, masters, type ScriptKind } from '../helpers/multisig';
import { buildMultisigPsbt, cosignerSigner, validator } from '../helpers/multisig-psbt';

const fingerprint = fingerprintHex(masters.ours);
const kinds: ScriptKind[] = ['p2wsh', 'p2sh-p2wsh', 'p2sh'];

describe.each(kinds)('%s 2-of-3: bitcoinjs-lib builds, we sign as one cosigner, a second key signs, bitcoinjs-lib finalizes', (kind) => {
  const keys = keysFor(kind);
  const wallet = multisigFromDescriptor(descriptorFor(kind, keys), { name: 'Vault' });
  const built = buildMultisigPsbt({ kind, keys, m: 2, inputs: [{ index: 3 }, { change: true, index: 1, amount: 50_000n }], change: { index: 2 } });

  it('reviews: inputs proven ours (0 of 2 signatures), change proven from the same wallet', () => {
    const review = reviewPsbt(parsePsbt(built.bytes), { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    const base = kind === 'p2sh' ? "m/45'" : `m/48'/0'/0'/${kind === 'p2wsh' ? 2 : 1}'`;
    expect(review.inputs.map((i) => i.ours?.path)).toEqual([`${base}/0/3`, `${base}/1/1`]);
    expect(review.inputs.map((i) => i.ours?.multisig)).toEqual([
      { name: 'Vault', m: 2, n: 3, signatures: 0 },
      { name: 'Vault', m: 2, n: 3, signatures: 0 },
    ]);
    expect(review.inputs[0]?.multisig).toEqual({ m: 2, n: 3 });
    expect(review.outputs.map((o) => o.kind)).toEqual(['payment', 'change']);
    expect(review.outputs[1]?.address).toBe(built.changeAddress);
    expect(review.outputs[1]?.path).toBe(`${base}/1/2`);
    expect(review.multisig).toEqual({ name: 'Vault', m: 2, n: 3, scriptType: kind });
    expect(review.warnings.map((w) => w.code)).not.toContain('FOREIGN_INPUTS');
    expect(review.warnings.map((w) => w.code)).not.toContain('CHANGE_NOT_OURS');
  });

  it('signs: partial signatures only (1 of 2), not complete, not finalizable; the second cosigner completes it in bitcoinjs-lib', () => {
    const parsed = parsePsbt(built.bytes);
    const review = reviewPsbt(parsed, { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    const proven = new Map(review.inputs.flatMap((i) => (i.ours ? [[i.index, i.ours.path] as const] : [])));
    const outcome = signPsbt(parsed, masters.ours, { network: 'mainnet', multisig: wallet, proven });
    expect(outcome).toMatchObject({ signedInputs: 2, totalInputs: 2, complete: false });
    expect(outcome.multisig).toEqual([
      { input: 0, signatures: 1, required: 2 },
      { input: 1, signatures: 1, required: 2 },
    ]);
    expect(() => finalizeTransaction(outcome.psbt)).toThrow(/not complete/);
    const ours = bitcoin.Psbt.fromBuffer(Buffer.from(serializePsbt(outcome.psbt)));
    for (let i = 0; i < 2; i++) {
      expect(ours.data.inputs[i]?.finalScriptWitness ?? ours.data.inputs[i]?.finalScriptSig).toBeUndefined();
      expect(ours.data.inputs[i]?.partialSig).toHaveLength(1);
      expect(ours.validateSignaturesOfInput(i, validator)).toBe(true);
    }
    // The re-review says how many signatures each input now has.
    const again = reviewPsbt(parsePsbt(serializePsbt(outcome.psbt)), { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    expect(again.inputs.map((i) => i.ours?.multisig?.signatures)).toEqual([1, 1]);
    // Cosigner b signs with bitcoinjs-lib; bitcoinjs-lib validates both signatures, finalizes, extracts.
    ours.signInput(0, cosignerSigner(keys[1]!, false, 3));
    ours.signInput(1, cosignerSigner(keys[1]!, true, 1));
    expect(ours.validateSignaturesOfAllInputs(validator)).toBe(true);
    ours.finalizeAllInputs();
    const tx = ours.extractTransaction();
    expect(tx.ins).toHaveLength(2);
    // And our finalizer agrees once the PSBT is complete.
    const complete = parsePsbt(new Uint8Array(bitcoin.Psbt.fromBuffer(Buffer.from(serializePsbt(outcome.psbt))).signInput(0, cosignerSigner(keys[2]!, false, 3)).signInput(1, cosignerSigner(keys[2]!, true, 1)).toBuffer()));
    expect(finalizeTransaction(complete).txid).toBe(
      (() => {
        const p = bitcoin.Psbt.fromBuffer(Buffer.from(serializePsbt(complete)));
        p.finalizeAllInputs();
        return p.extractTransaction().getId();
      })(),
    );
  });
});

describe('attack: a signature that is not one (a coordinator claiming a cosigner already signed)', () => {
  const keys = keysFor('p2wsh');
  const wallet = multisigFromDescriptor(descriptorFor('p2wsh', keys), { name: 'Vault' });

  it('counts only partial signatures that verify for this input: a forged one is 0 of 2, and never makes the input complete', () => {
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }] });
    // Cosigner b's key with a well-formed signature of another message: "b already signed".
    const b = cosignerSigner(keys[1]!, false, 0);
    const forged = Buffer.concat([Buffer.from(bitcoin.script.signature.encode(b.sign(Buffer.alloc(32, 7)), 1))]);
    built.psbt.updateInput(0, { partialSig: [{ pubkey: b.publicKey, signature: forged }] });
    const parsed = parsePsbt(new Uint8Array(built.psbt.toBuffer()));
    const review = reviewPsbt(parsed, { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    expect(review.inputs[0]?.ours?.multisig?.signatures).toBe(0);
    const proven = new Map(review.inputs.flatMap((i) => (i.ours ? [[i.index, i.ours.path] as const] : [])));
    const outcome = signPsbt(parsed, masters.ours, { network: 'mainnet', multisig: wallet, proven });
    expect(outcome.multisig).toEqual([{ input: 0, signatures: 1, required: 2 }]);
    expect(outcome.complete).toBe(false);
    // b's real signature (bitcoinjs-lib) counts.
    const real = bitcoin.Psbt.fromBuffer(Buffer.from(buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }] }).bytes)).signInput(0, b);
    const again = reviewPsbt(parsePsbt(new Uint8Array(real.toBuffer())), { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    expect(again.inputs[0]?.ours?.multisig?.signatures).toBe(1);
  });
});

describe('attack: a witness or redeem script that is not the one the input spends', () => {
  it.each(kinds)('%s: the PSBT carrying another wallet’s script is refused (BIP174: the script must hash to the output), nothing signed', (kind) => {
    const keys = keysFor(kind);
    const wallet = multisigFromDescriptor(descriptorFor(kind, keys), { name: 'Vault' });
    const built = buildMultisigPsbt({ kind, keys, m: 2, inputs: [{ index: 0 }] });
    const foreign = buildMultisigPsbt({ kind, keys: keysFor(kind, 'mainnet', ['ours', 'b', 'd']), m: 1, inputs: [{ index: 0 }] }).psbt.data.inputs[0]!;
    const input = built.psbt.data.inputs[0]!;
    if (kind === 'p2sh') input.redeemScript = foreign.redeemScript!;
    else input.witnessScript = foreign.witnessScript!;
    const parsed = parsePsbt(new Uint8Array(built.psbt.toBuffer()));
    const review = reviewPsbt(parsed, { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    const proven = new Map(review.inputs.flatMap((i) => (i.ours ? [[i.index, i.ours.path] as const] : [])));
    expect(() => signPsbt(parsed, masters.ours, { network: 'mainnet', multisig: wallet, proven })).toThrow(
      new RegExp(`PSBT input 0: its ${kind === 'p2sh' ? 'redeem' : 'witness'}_script is not the script this input spends`),
    );
  });
});

describe('our single-key change next to a multisig spend', () => {
  it('an output at our BIP84 change path is ours (not an "Unknown output" of the multisig wallet: it names our fingerprint, not at a cosigner’s path)', () => {
    const keys = keysFor('p2wsh');
    const wallet = multisigFromDescriptor(descriptorFor('p2wsh', keys), { name: 'Vault' });
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }] });
    const H = 0x80000000;
    const path = [84 + H, H, H, 1, 0];
    const leaf = derive(masters.ours, path);
    const pubkey = Buffer.from(leaf.publicKey as Uint8Array);
    built.psbt.addOutput({ script: bitcoin.payments.p2wpkh({ pubkey }).output!, value: 1_000n });
    built.psbt.updateOutput(1, { bip32Derivation: [{ masterFingerprint: Buffer.from(fingerprint, 'hex'), path: "m/84'/0'/0'/1/0", pubkey }] });
    const review = reviewPsbt(parsePsbt(new Uint8Array(built.psbt.toBuffer())), { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    expect(review.warnings.map((w) => w.code)).not.toContain('CHANGE_NOT_OURS');
    expect(review.outputs[1]?.path).toBe("m/84'/0'/0'/1/0");
    expect(review.outputs[1]?.kind).not.toBe('payment');
  });
});

describe('attack: change swapped to a wallet with a foreign key set', () => {
  const keys = keysFor('p2wsh');
  const wallet = multisigFromDescriptor(descriptorFor('p2wsh', keys), { name: 'Vault' });
  const attacker = keysFor('p2wsh', 'mainnet', ['ours', 'b', 'd']);

  it.each([
    ['another key set (our key and a cosigner kept, one replaced)', { keys: attacker }],
    ['the same keys with M lowered to 1', { m: 1 }],
    ['the same keys in P2SH-P2WSH instead of P2WSH', { kind: 'p2sh-p2wsh' as const }],
  ])('%s: a loud "Unknown output" (CHANGE_NOT_OURS) needing acknowledgement, counted as a payment', (_what, change) => {
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }], change: { index: 0, ...change } });
    const review = reviewPsbt(parsePsbt(built.bytes), { master: masters.ours, fingerprint, network: 'mainnet', multisig: wallet });
    expect(review.outputs.map((o) => o.kind)).toEqual(['payment', 'payment']);
    const w = review.warnings.find((x) => x.code === 'CHANGE_NOT_OURS');
    expect(review.warnings.filter((x) => x.code === 'CHANGE_NOT_OURS')).toHaveLength(1);
    expect(w).toMatchObject({ needsAck: true, output: 1 });
    expect(w?.message).toMatch(/^Unknown output: output 1 says it belongs to the multisig wallet "Vault"/);
    expect(review.sentOut).toBe(review.totalOut);
  });

  it('without a registered wallet the multisig input is not ours (single-sig behaviour unchanged) and signing refuses', () => {
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }] });
    const review = reviewPsbt(parsePsbt(built.bytes), { master: masters.ours, fingerprint, network: 'mainnet' });
    expect(review.inputs[0]?.ours).toBeNull();
    expect(review.warnings.find((w) => w.input === 0)?.message).toMatch(/^Input 0 is a 2-of-3 multisig input naming our key at m\/48'\/0'\/0'\/2'\/0\/0: .* Choose its registered multisig wallet/);
    expect(() => signPsbt(parsePsbt(built.bytes), masters.ours, { network: 'mainnet' })).toThrow(/Nothing in this PSBT is ours/);
  });

  it('a registered wallet that is not the one spent proves nothing and signs nothing', () => {
    const other = multisigFromDescriptor(descriptorFor('p2wsh', attacker), { name: 'Other' });
    const built = buildMultisigPsbt({ kind: 'p2wsh', keys, m: 2, inputs: [{ index: 0 }] });
    const review = reviewPsbt(parsePsbt(built.bytes), { master: masters.ours, fingerprint, network: 'mainnet', multisig: other });
    expect(review.inputs[0]?.ours).toBeNull();
    expect(() => signPsbt(parsePsbt(built.bytes), masters.ours, { network: 'mainnet', multisig: other })).toThrow(/Nothing in this PSBT is ours/);
  });
});
