/**
 * Writing the signatures: one new Transaction for the whole PSBT, each signed input's fields added to one copy of
 * the inputs. @scure/btc-signer's clone() serializes and re-parses the PSBT (≈ 0.8 ms per input here) and each
 * updateInput() copies the input array and re-resolves the lock time (O(inputs) per call, O(n²) for a PSBT), so
 * neither is used on the fast path: the model's maps (global, inputs, outputs: plain data) are deep-copied with the
 * library's own cloneDeep and the new fields set on the copies. The fields are the ones updateInput would set,
 * already validated by us (verified signatures, derived keys); the PSBT is checked again by the library's coder when
 * it is serialized.
 *
 * That reads the model's own (TypeScript-private) fields, so the shape is checked first and any other shape falls
 * back to the library's public path (clone + updateInput), which the tests compare byte for byte.
 */
import { Transaction } from '@scure/btc-signer';
import { cloneDeep } from '@scure/btc-signer/transaction.js';

type Input = ReturnType<Transaction['getInput']>;
/** The fields the signer adds to an input. */
export type InputUpdate = Pick<Input, 'partialSig' | 'tapKeySig' | 'redeemScript' | 'witnessScript'>;

/** The data of @scure/btc-signer 2.x's Transaction (global map, input and output maps, options). */
interface Model {
  global: Record<string, unknown>;
  inputs: Input[];
  outputs: unknown[];
  opts: Record<string, unknown>;
}

function modelOf(tx: Transaction): Model | null {
  const m = tx as unknown as Partial<Model>;
  const plain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!plain(m.global) || !plain(m.opts) || !Array.isArray(m.inputs) || !Array.isArray(m.outputs)) return null;
  if (m.inputs.length !== tx.inputsLength || m.outputs.length !== tx.outputsLength || !m.inputs.every(plain)) return null;
  return m as Model;
}

/** A new Transaction equal to `tx` with `updates` merged into its inputs; `tx` is not changed. */
export function withInputUpdates(tx: Transaction, updates: ReadonlyMap<number, InputUpdate>, fastPath = true): Transaction {
  const model = fastPath ? modelOf(tx) : null;
  if (!model) {
    const signed = tx.clone();
    for (const [i, update] of updates) signed.updateInput(i, update, true);
    return signed;
  }
  const copy = new Transaction(model.opts);
  const target = copy as unknown as Model;
  target.global = cloneDeep(model.global);
  target.outputs = cloneDeep(model.outputs);
  target.inputs = model.inputs.map((input, i) => {
    const c = cloneDeep(input);
    const u = updates.get(i);
    if (!u) return c;
    if (u.partialSig) c.partialSig = [...(c.partialSig ?? []).filter(([pub]) => !u.partialSig?.some(([p]) => equal(p, pub))), ...cloneDeep(u.partialSig)];
    if (u.tapKeySig) c.tapKeySig = Uint8Array.from(u.tapKeySig);
    if (u.redeemScript) c.redeemScript = Uint8Array.from(u.redeemScript);
    if (u.witnessScript) c.witnessScript = Uint8Array.from(u.witnessScript);
    return c;
  });
  return copy;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
