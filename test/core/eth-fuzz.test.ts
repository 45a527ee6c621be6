/**
 * Hostile input never escapes as anything but a WalletError (property tests): random and mutated eth-sign-request
 * CBOR, RLP transactions and typed-data JSON. A good request with one byte changed is either refused with a
 * WalletError or still decodes — never a TypeError or RangeError.
 */
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEthSignRequest,
  decodeRlp,
  decodeSinglePartUr,
  deriveAccount,
  hashTypedData,
  isWalletError,
  masterFromSeed,
  mnemonicToSeed,
  parseLegacyTransaction,
  parseTypedData,
  parseTypedTransaction,
  prepareEthRequest,
} from '../../electron/core';
import { ABANDON, ethRequest, permitTypedData, requestUr, txRequest, utf8, unsignedTx } from '../helpers/eth-requests';

const master = masterFromSeed(await mnemonicToSeed(ABANDON, ''));
const account = deriveAccount(master, { kind: 'eth', network: 'mainnet', account: 0 });

function onlyWalletErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!isWalletError(e)) throw new Error(`escaped as ${String(e)}`);
  }
}

const mutate = (bytes: Uint8Array) =>
  fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
    const out = bytes.slice();
    out[i] = (out[i] as number) ^ x;
    return out;
  });

describe('fuzz', () => {
  it('random bytes as RLP, as legacy and typed transactions, as a request', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        onlyWalletErrors(() => decodeRlp(b));
        onlyWalletErrors(() => parseLegacyTransaction(b));
        if (b.length > 0) onlyWalletErrors(() => parseTypedTransaction(b));
        onlyWalletErrors(() => decodeEthSignRequest(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('one byte changed in a good request (CBOR) and in its transaction (RLP)', () => {
    const tx = { type: 2, chainId: 1, nonce: 1, maxPriorityFeePerGas: 1n, maxFeePerGas: 2n, gasLimit: 21000, to: '0x3535353535353535353535353535353535353535', value: 5n, data: '0xa9059cbb', accessList: [{ address: '0x3535353535353535353535353535353535353535', storageKeys: [`0x${'11'.repeat(32)}`] }] };
    const cbor = decodeSinglePartUr(requestUr(txRequest(tx))).cbor;
    fc.assert(fc.property(mutate(cbor), (m) => onlyWalletErrors(() => prepareEthRequest(decodeEthSignRequest(m), account))), { numRuns: 1000 });
    const legacy = unsignedTx({ type: 0, chainId: 1, nonce: 1, gasPrice: 3n, gasLimit: 21000, to: tx.to, value: 5n, data: '0xa9059cbb' });
    fc.assert(fc.property(mutate(unsignedTx(tx)), mutate(legacy), (a, b) => {
      onlyWalletErrors(() => parseTypedTransaction(a));
      onlyWalletErrors(() => parseLegacyTransaction(b));
    }), { numRuns: 1000 });
  });

  it('typed data: random JSON values in every place, and one character changed in a Permit', () => {
    const permit = JSON.stringify(permitTypedData(1n));
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(permit.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (v, i, ch) => {
        const base = permitTypedData(1n);
        for (const candidate of [v, { ...base, message: v }, { ...base, domain: v }, { ...base, types: v }, { ...base, message: { ...base.message, value: v } }]) {
          onlyWalletErrors(() => hashTypedData(parseTypedData(JSON.stringify(candidate) ?? 'null')));
        }
        onlyWalletErrors(() => hashTypedData(parseTypedData(permit.slice(0, i) + ch + permit.slice(i + 1))));
      }),
      { numRuns: 1000 },
    );
  });

  it('recursive and deeply nested typed data are refused, not overflowed', () => {
    const types = { EIP712Domain: [], Node: [{ name: 'next', type: 'Node' }] };
    let message: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) message = { next: message };
    expect(() => hashTypedData(parseTypedData(JSON.stringify({ types, primaryType: 'Node', domain: {}, message })))).toThrow(/nested too deeply|missing/);
    const r = ethRequest(utf8(JSON.stringify({ types, primaryType: 'Node', domain: {}, message })), DataType.typedData);
    onlyWalletErrors(() => prepareEthRequest(decodeEthSignRequest(decodeSinglePartUr(requestUr(r)).cbor), account));
  });
});
