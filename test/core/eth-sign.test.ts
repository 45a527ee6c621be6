/**
 * Ethereum signing: the EIP-155 and EIP-712 ("Mail") examples of test/vectors/ethereum-vectors.json (one test
 * each), and every data type MetaMask sends — legacy, EIP-2930 and EIP-1559 transactions, personal_sign, EIP-712 v4
 * — signed with the "abandon … about" wallet and the signer recovered by ethers, an independent implementation.
 */
import { readFileSync } from 'node:fs';
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { Signature, Transaction, TypedDataEncoder, verifyMessage, verifyTypedData, type TransactionLike } from 'ethers';
import { describe, expect, it, vi } from 'vitest';
import { HDKey } from '@scure/bip32';
import {
  deriveAccount,
  encodeType,
  hashTypedData,
  masterFromSeed,
  mnemonicToSeed,
  parseLegacyTransaction,
  parseTypedData,
  prepareEthRequest,
  readEthRequestText,
  signEthRequest,
  signPrepared,
  type PreparedEthRequest,
} from '../../electron/core';
import { ABANDON, ABANDON_ADDRESS_0, ethRequest, permitTypedData, requestUr, txRequest, utf8 } from '../helpers/eth-requests';

const vectors = JSON.parse(readFileSync('test/vectors/ethereum-vectors.json', 'utf8'));
const master = masterFromSeed(await mnemonicToSeed(ABANDON, ''));
const account = deriveAccount(master, { kind: 'eth', network: 'mainnet', account: 0 });
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/^0x/, ''), 'hex'));

const prepare = (r: Parameters<typeof requestUr>[0]) => prepareEthRequest(readEthRequestText(requestUr(r)), account);

/** r, s and v of our answer, as ethers reads a signature. */
function split(sig: Uint8Array) {
  return { r: hex(sig.subarray(0, 32)), s: hex(sig.subarray(32, 64)), v: BigInt(hex(sig.subarray(64))) };
}

describe('ethereum-vectors.json', () => {
  it('EIP-155 example: signing data parsed, hash, and signature (v = 37) as published; ethers serializes the same signed transaction', () => {
    const v = vectors.eip155_example;
    const tx = parseLegacyTransaction(bytes(v.signing_data));
    expect(hex(tx.hash)).toBe(v.signing_hash);
    expect(tx).toMatchObject({ type: 'legacy', chainId: 1n, nonce: 9n, gasPrice: 20n * 10n ** 9n, gasLimit: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n });
    const prepared = { request: { requestId: null }, hash: tx.hash, vStyle: { kind: 'eip155', chainId: 1n }, review: { signer: { address: '0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F' } } } as unknown as PreparedEthRequest;
    const { r, s, v: vv } = split(signPrepared(prepared, bytes(v.private_key)).signature);
    expect([BigInt(r).toString(), BigInt(s).toString(), Number(vv)]).toEqual([v.r, v.s, v.v]);
    const theirs = Transaction.from({ type: 0, chainId: 1, nonce: 9, gasPrice: 20n * 10n ** 9n, gasLimit: 21000, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n, data: '0x', signature: Signature.from({ r, s, v: vv }) });
    expect(theirs.serialized).toBe(v.signed_tx);
  });

  it('EIP-712 "Mail" example: encodeType, domain separator, struct hash, sign hash and signature (v = 28) as published', () => {
    const v = vectors.eip712_mail_example;
    const e = v.expected_from_Example_js;
    const data = parseTypedData(JSON.stringify(v.typedData));
    expect(encodeType(data.types, 'Mail')).toBe(e["encodeType('Mail')"]);
    const h = hashTypedData(data);
    expect(hex(h.domainSeparator)).toBe(e["ethUtil.bufferToHex(structHash('EIP712Domain', typedData.domain))"]);
    expect(hex(h.structHash)).toBe(e['ethUtil.bufferToHex(structHash(typedData.primaryType, typedData.message))']);
    expect(hex(h.hash)).toBe(e['ethUtil.bufferToHex(signHash())']);
    const prepared = { request: { requestId: null }, hash: h.hash, vStyle: { kind: 'legacy27' }, review: { signer: { address: v.signer_address } } } as unknown as PreparedEthRequest;
    expect(hex(signPrepared(prepared, bytes(v['derived_private_key_hex (computed by us, not printed in the EIP)'])).signature)).toBe(v.eth_signTypedData_result);
  });

  it('"abandon … about": m/44\'/60\'/0\'/0/0 and /0/1 sign as the published addresses', () => {
    for (const [i, a] of vectors.bip44_eth_abandon_about.addresses.entries()) {
      const p = prepare(ethRequest(utf8('hello'), DataType.personalMessage, { path: a.path }));
      expect(p.review.signer).toEqual({ address: a.address, path: a.path });
      expect(verifyMessage('hello', hex(signEthRequest(p, master).signature))).toBe(a.address);
      expect(i).toBeLessThan(2);
    }
  });
});

describe('every data type, recovered by ethers', () => {
  const to = '0x3535353535353535353535353535353535353535';
  const cases: Array<[string, TransactionLike, bigint | 'parity']> = [
    ['legacy (EIP-155, Ethereum)', { type: 0, chainId: 1, nonce: 0, gasPrice: 2n * 10n ** 10n, gasLimit: 21000, to, value: 10n ** 18n, data: '0x' }, 37n],
    ['legacy on Sepolia (v above 255: EIP-155 v in 4 bytes)', { type: 0, chainId: 11155111, nonce: 3, gasPrice: 10n ** 9n, gasLimit: 21000, to, value: 1n, data: '0x' }, 11155111n * 2n + 35n],
    ['EIP-2930 with an access list', { type: 1, chainId: 137, nonce: 5, gasPrice: 3n * 10n ** 10n, gasLimit: 60000, to, value: 0n, data: '0xa9059cbb', accessList: [{ address: to, storageKeys: [`0x${'00'.repeat(31)}01`] }] }, 'parity'],
    ['EIP-1559', { type: 2, chainId: 8453, nonce: 12, maxPriorityFeePerGas: 10n ** 8n, maxFeePerGas: 2n * 10n ** 9n, gasLimit: 50000, to, value: 123456789n, data: '0x' }, 'parity'],
  ];
  for (const [name, tx, vBase] of cases) {
    it(name, () => {
      const p = prepare(txRequest(tx));
      const { signature } = signEthRequest(p, master);
      const { r, s, v } = split(signature);
      const theirs = Transaction.from(tx);
      if (vBase === 'parity') {
        expect([0n, 1n]).toContain(v);
        theirs.signature = Signature.from({ r, s, yParity: Number(v) as 0 | 1 });
      } else {
        expect(v === vBase || v === vBase + 1n).toBe(true);
        theirs.signature = Signature.from({ r, s, v });
      }
      expect(theirs.from).toBe(ABANDON_ADDRESS_0);
      expect(hex(p.hash)).toBe(theirs.unsignedHash);
      // Low S (EIP-2): s ≤ n/2.
      expect(BigInt(s) <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n).toBe(true);
    });
  }

  it('personal_sign: text and binary messages', () => {
    for (const message of [utf8('Sign in to example.org\nNonce: 42'), Uint8Array.of(0, 1, 2, 255)]) {
      const p = prepare(ethRequest(message, DataType.personalMessage));
      expect(verifyMessage(message, hex(signEthRequest(p, master).signature))).toBe(ABANDON_ADDRESS_0);
    }
  });

  it('EIP-712 v4: the Mail example and a Permit; our hash is ethers’ TypedDataEncoder hash', () => {
    for (const typed of [vectors.eip712_mail_example.typedData, permitTypedData(1000000n)]) {
      const p = prepare(ethRequest(utf8(JSON.stringify(typed)), DataType.typedData, { chainId: 1 }));
      const { EIP712Domain: _, ...types } = typed.types;
      expect(p.review.typedData?.hash).toBe(TypedDataEncoder.hash(typed.domain, types, typed.message));
      expect(verifyTypedData(typed.domain, types, typed.message, hex(signEthRequest(p, master).signature))).toBe(ABANDON_ADDRESS_0);
    }
  });

  it('EIP-712 with arrays, nested structs, bytes, int and bool: same hash as ethers', () => {
    const typed = {
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'salt', type: 'bytes32' }],
        Order: [{ name: 'items', type: 'Item[]' }, { name: 'tags', type: 'string[2]' }, { name: 'blob', type: 'bytes' }, { name: 'delta', type: 'int64' }, { name: 'ok', type: 'bool' }, { name: 'owners', type: 'address[]' }],
        Item: [{ name: 'id', type: 'uint96' }, { name: 'code', type: 'bytes4' }],
      },
      primaryType: 'Order',
      domain: { name: 'Shop', chainId: 10, salt: `0x${'ab'.repeat(32)}` },
      message: {
        items: [{ id: '79228162514264337593543950335', code: '0xdeadbeef' }, { id: 7, code: '0x00000001' }],
        tags: ['a', 'b'],
        blob: '0x0102',
        delta: '-42',
        ok: true,
        owners: [ABANDON_ADDRESS_0, '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0'],
      },
    };
    const p = prepare(ethRequest(utf8(JSON.stringify(typed)), DataType.typedData, { chainId: 10 }));
    const { EIP712Domain: _, ...types } = typed.types;
    expect(p.review.typedData?.hash).toBe(TypedDataEncoder.hash(typed.domain, types, typed.message));
    expect(p.review.typedData?.message.slice(0, 4)).toEqual([
      { name: 'items', type: 'Item[]', depth: 0, value: null },
      { name: '[0]', type: 'Item', depth: 1, value: null },
      { name: 'id', type: 'uint96', depth: 2, value: '79228162514264337593543950335' },
      { name: 'code', type: 'bytes4', depth: 2, value: '0xdeadbeef' },
    ]);
    expect(verifyTypedData(typed.domain, types, typed.message, hex(signEthRequest(p, master).signature))).toBe(ABANDON_ADDRESS_0);
  });
});

describe('the key', () => {
  it('the private key derived for signing (depth 5) is wiped afterwards; the master is not', () => {
    const wiped: number[] = [];
    const spy = vi.spyOn(HDKey.prototype, 'wipePrivateData').mockImplementation(function (this: HDKey) {
      wiped.push(this.depth);
      return this;
    });
    try {
      signEthRequest(prepare(ethRequest(utf8('wipe'), DataType.personalMessage)), master);
    } finally {
      spy.mockRestore();
    }
    expect(wiped).toContain(5);
    expect(wiped).not.toContain(0);
    expect(master.privateKey).not.toBeNull();
  });
});
