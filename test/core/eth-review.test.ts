/**
 * What the holder reads before signing an Ethereum request: the transaction summary (chain, amounts in ETH, fees,
 * maximum cost, ERC-20 calls decoded), messages as text or hex, typed data as a tree — and every warning, with its
 * code, its words and whether it must be acknowledged. Transactions are serialized by ethers, requests by Keystone.
 */
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { AbiCoder, id as selectorOf, MaxUint256, TypedDataEncoder, type TransactionLike } from 'ethers';
import { describe, expect, it } from 'vitest';
import { deriveAccount, masterFromSeed, mnemonicToSeed, prepareEthRequest, readEthRequestText } from '../../electron/core';
import { ABANDON, ABANDON_ADDRESS_0, ethRequest, permitTypedData, requestUr, txRequest, utf8 } from '../helpers/eth-requests';
import { refusal } from '../helpers/refusal';

const master = masterFromSeed(await mnemonicToSeed(ABANDON, ''));
const account = deriveAccount(master, { kind: 'eth', network: 'mainnet', account: 0 });
const review = (r: Parameters<typeof requestUr>[0]) => prepareEthRequest(readEthRequestText(requestUr(r)), account).review;
const codes = (r: Parameters<typeof requestUr>[0]) => review(r).warnings.map((w) => [w.code, w.needsAck]);

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const SPENDER = '0x000000000022D473030F116dDEE9F6B43aC78BA3';
const to = '0x3535353535353535353535353535353535353535';
const call = (signature: string, types: string[], values: unknown[]) => selectorOf(signature).slice(0, 10) + AbiCoder.defaultAbiCoder().encode(types, values).slice(2);
const eip1559 = (over: Partial<TransactionLike> = {}): TransactionLike => ({ type: 2, chainId: 1, nonce: 4, maxPriorityFeePerGas: 2n * 10n ** 9n, maxFeePerGas: 3n * 10n ** 10n, gasLimit: 21000, to, value: 15n * 10n ** 17n, data: '0x', ...over });

describe('transaction summary', () => {
  it('EIP-1559 on Ethereum: amounts in ETH, fees in gwei, maximum cost, no warnings', () => {
    const r = review(txRequest(eip1559()));
    expect(r).toMatchObject({ kind: 'transaction', requestUuid: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', origin: 'metamask', chain: { id: '1', name: 'Ethereum', symbol: 'ETH' }, warnings: [] });
    expect(r.signer).toEqual({ address: ABANDON_ADDRESS_0, path: "m/44'/60'/0'/0/0" });
    expect(r.transaction).toEqual({
      type: 'eip1559', from: ABANDON_ADDRESS_0, to, nonce: '4', valueWei: '1500000000000000000', value: '1.5 ETH', gasLimit: '21000',
      gasPrice: null, maxFeePerGas: '30 gwei', maxPriorityFeePerGas: '2 gwei',
      maxCostWei: '1500630000000000000', maxCost: '1.50063 ETH',
      data: { bytes: 0, selector: null, hex: '0x', erc20: null }, accessListAddresses: 0,
    });
  });

  it('legacy on Polygon: gas price, POL', () => {
    const r = review(txRequest({ type: 0, chainId: 137, nonce: 1, gasPrice: 3n * 10n ** 10n + 5n, gasLimit: 21000, to, value: 10n ** 18n, data: '0x' }));
    expect(r.chain).toEqual({ id: '137', name: 'Polygon', symbol: 'POL' });
    expect(r.transaction).toMatchObject({ type: 'legacy', gasPrice: '30.000000005 gwei', maxFeePerGas: null, value: '1 POL' });
  });

  it.each([
    ['transfer', call('transfer(address,uint256)', ['address', 'uint256'], [SPENDER, 2500000n]), { method: 'transfer', from: null, to: SPENDER, amount: '2500000', unlimited: false }],
    ['approve', call('approve(address,uint256)', ['address', 'uint256'], [SPENDER, 10n ** 6n]), { method: 'approve', from: null, to: SPENDER, amount: '1000000', unlimited: false }],
    ['transferFrom', call('transferFrom(address,address,uint256)', ['address', 'address', 'uint256'], [ABANDON_ADDRESS_0, SPENDER, 1n]), { method: 'transferFrom', from: ABANDON_ADDRESS_0, to: SPENDER, amount: '1', unlimited: false }],
  ])('ERC-20 %s decoded (token = the contract called; raw units)', (_, data, expected) => {
    const r = review(txRequest(eip1559({ to: USDC, value: 0n, data, gasLimit: 80000 })));
    expect(r.transaction?.data).toMatchObject({ selector: data.slice(0, 10), hex: data, erc20: { token: USDC, ...expected } });
    expect(r.warnings).toEqual([]);
  });

  it('unknown contract call: selector and hex only', () => {
    const r = review(txRequest(eip1559({ data: '0x12345678aa' })));
    expect(r.transaction?.data).toEqual({ bytes: 5, selector: '0x12345678', hex: '0x12345678aa', erc20: null });
  });
});

describe('warnings', () => {
  it('unknown chain (acknowledgement not needed)', () => {
    expect(codes(txRequest(eip1559({ chainId: 777777 })))).toEqual([['UNKNOWN_CHAIN', false]]);
  });

  it('contract creation', () => {
    expect(codes(txRequest(eip1559({ to: null, data: '0x6080604052' })))).toEqual([['CONTRACT_CREATION', false]]);
  });

  it('chain-id mismatch between request and transaction (dire)', () => {
    const r = review(txRequest(eip1559({ chainId: 1 }), { chainId: 137 }));
    expect(r.warnings).toEqual([{ code: 'CHAIN_MISMATCH', needsAck: true, message: expect.stringContaining('The request says chain 137 (Polygon), but the transaction is for chain 1 (Ethereum)') }]);
  });

  it('unlimited ERC-20 approval (dire)', () => {
    const data = call('approve(address,uint256)', ['address', 'uint256'], [SPENDER, MaxUint256]);
    const r = review(txRequest(eip1559({ to: USDC, value: 0n, data, gasLimit: 60000 })));
    expect(r.transaction?.data.erc20).toMatchObject({ unlimited: true, amount: MaxUint256.toString() });
    expect(r.warnings).toEqual([{ code: 'UNLIMITED_APPROVAL', needsAck: true, message: `This approves ${SPENDER} to spend an unlimited amount of the token ${USDC} from this address — now and at any time later, until revoked. Approve only the amount needed if you can.` }]);
  });

  it('burn address as recipient, and as token receiver (dire)', () => {
    expect(codes(txRequest(eip1559({ to: '0x000000000000000000000000000000000000dEaD' })))).toEqual([['BURN_ADDRESS', true]]);
    const data = call('transfer(address,uint256)', ['address', 'uint256'], ['0x0000000000000000000000000000000000000000', 5n]);
    expect(codes(txRequest(eip1559({ to: USDC, value: 0n, data, gasLimit: 60000 })))).toEqual([['BURN_ADDRESS', true]]);
  });

  it('personal_sign of a 32-byte hash: blind signing (dire), shown as hex', () => {
    const r = review(ethRequest(new Uint8Array(32).fill(7), DataType.personalMessage));
    expect(r.message).toEqual({ text: null, hex: `0x${'07'.repeat(32)}`, bytes: 32 });
    expect(r.warnings.map((w) => [w.code, w.needsAck])).toEqual([['BLIND_SIGNING', true]]);
  });

  it('personal_sign text: shown as text; control characters and bidi overrides make it hex', () => {
    expect(review(ethRequest(utf8('Welcome!\nNonce: 1'), DataType.personalMessage)).message?.text).toBe('Welcome!\nNonce: 1');
    expect(review(ethRequest(utf8('pay \u202Eevil'), DataType.personalMessage)).message?.text).toBeNull();
    expect(review(ethRequest(Uint8Array.of(0xc3, 0x28), DataType.personalMessage)).message?.text).toBeNull();
  });

  it('EIP-712 Permit (dire), and unlimited when the value is 2^256 − 1', () => {
    const limited = review(ethRequest(utf8(JSON.stringify(permitTypedData(1000000n))), DataType.typedData, { chainId: 1 }));
    expect(limited.warnings.map((w) => w.code)).toEqual(['PERMIT']);
    expect(limited.typedData).toMatchObject({ primaryType: 'Permit', verifyingContract: USDC });
    const unlimited = review(ethRequest(utf8(JSON.stringify(permitTypedData(MaxUint256))), DataType.typedData, { chainId: 1 }));
    expect(unlimited.warnings.map((w) => [w.code, w.needsAck])).toEqual([['PERMIT', true], ['UNLIMITED_APPROVAL', true]]);
  });

  it('Permit2 PermitSingle for the largest uint160: PERMIT and UNLIMITED_APPROVAL, the tree shows the nested details', () => {
    const permit2 = {
      types: {
        EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
        PermitSingle: [{ name: 'details', type: 'PermitDetails' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }],
        PermitDetails: [{ name: 'token', type: 'address' }, { name: 'amount', type: 'uint160' }, { name: 'expiration', type: 'uint48' }, { name: 'nonce', type: 'uint48' }],
      },
      primaryType: 'PermitSingle',
      domain: { name: 'Permit2', chainId: 1, verifyingContract: SPENDER },
      message: { details: { token: USDC, amount: ((1n << 160n) - 1n).toString(), expiration: '1924992000', nonce: '0' }, spender: to, sigDeadline: '1924992000' },
    };
    const r = review(ethRequest(utf8(JSON.stringify(permit2)), DataType.typedData, { chainId: 1 }));
    expect(r.warnings.map((w) => [w.code, w.needsAck])).toEqual([['PERMIT', true], ['UNLIMITED_APPROVAL', true]]);
    expect(r.typedData?.message.slice(0, 3)).toEqual([
      { name: 'details', type: 'PermitDetails', depth: 0, value: null },
      { name: 'token', type: 'address', depth: 1, value: USDC },
      { name: 'amount', type: 'uint160', depth: 1, value: ((1n << 160n) - 1n).toString() },
    ]);
  });

  it('EIP-712 whose domain names neither chain nor contract: TYPED_DATA_UNBOUND (amber), the hash still ethers’ own', () => {
    const mail = (domainTypes: Array<{ name: string; type: string }>, domain: Record<string, unknown>) => ({
      types: { EIP712Domain: domainTypes, Mail: [{ name: 'contents', type: 'string' }] },
      primaryType: 'Mail',
      domain,
      message: { contents: 'Hello, Bob!' },
    });
    const typed = (data: unknown) => ethRequest(utf8(JSON.stringify(data)), DataType.typedData, { chainId: 1 });
    const empty = review(typed(mail([], {})));
    expect(empty.warnings.map((w) => [w.code, w.needsAck])).toEqual([['TYPED_DATA_UNBOUND', false]]);
    expect(empty.warnings[0]?.message).toContain('names no chain and no contract');
    expect(empty.typedData?.hash).toBe(TypedDataEncoder.hash({}, { Mail: [{ name: 'contents', type: 'string' }] }, { contents: 'Hello, Bob!' }));
    // A name and version alone bind nothing; a "chainId" that is not a whole number is just a field.
    expect(codes(typed(mail([{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }], { name: 'Ether Mail', version: '1' })))).toEqual([['TYPED_DATA_UNBOUND', false]]);
    expect(codes(typed(mail([{ name: 'chainId', type: 'string' }], { chainId: '1' })))).toEqual([['TYPED_DATA_UNBOUND', false]]);
    // Either binding is enough.
    expect(codes(typed(mail([{ name: 'chainId', type: 'uint256' }], { chainId: 1 })))).toEqual([]);
    expect(codes(typed(mail([{ name: 'verifyingContract', type: 'address' }], { verifyingContract: USDC })))).toEqual([]);
  });

  it('EIP-712 whose domain names another chain than the request (dire)', () => {
    expect(codes(ethRequest(utf8(JSON.stringify(permitTypedData(1n, 10))), DataType.typedData, { chainId: 1 }))).toEqual([['CHAIN_MISMATCH', true], ['PERMIT', true]]);
  });
});

describe('refused outright', () => {
  it('EIP-4844 blob and EIP-7702 set-code transactions, by name', () => {
    expect(refusal(() => review(ethRequest(Uint8Array.of(3, 0xc0), DataType.typedTransaction)))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('a blob transaction (EIP-4844, type 3)') });
    expect(refusal(() => review(ethRequest(Uint8Array.of(4, 0xc0), DataType.typedTransaction)))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('a set-code transaction (EIP-7702, type 4)') });
  });

  it('a legacy transaction without a chain id (pre-EIP-155: replayable)', () => {
    // RLP [nonce 0, gasPrice 1, gas 21000, to, value 0, data ''] — six fields.
    const six = Uint8Array.from(Buffer.from('dc8001825208943535353535353535353535353535353535353535 8080'.replace(/ /g, ''), 'hex'));
    expect(refusal(() => review(ethRequest(six, DataType.transaction)))).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('no chain id (pre-EIP-155)') });
  });

  it('non-canonical RLP, a field with a leading zero, a typed transaction sent as legacy', () => {
    expect(refusal(() => review(ethRequest(Uint8Array.of(0xc2, 0x81, 0x05), DataType.transaction))).message).toContain('a single byte below 0x80 is written with a length');
    const leadingZero = Uint8Array.from(Buffer.from('cb8200018080808080018080', 'hex'));
    expect(refusal(() => review(ethRequest(leadingZero, DataType.transaction))).message).toBe('Legacy transaction: the nonce has a leading zero byte.');
    expect(refusal(() => review(ethRequest(Uint8Array.of(0xc0), DataType.typedTransaction))).message).toContain('this is a legacy transaction (an RLP list)');
  });

  it('typed data: bad JSON, a missing field, a bad address checksum, a value out of range', () => {
    const td = (x: unknown) => review(ethRequest(utf8(typeof x === 'string' ? x : JSON.stringify(x)), DataType.typedData));
    expect(refusal(() => td('{')).message).toBe('Typed data: not valid JSON.');
    const p = permitTypedData(1n);
    expect(refusal(() => td({ ...p, message: { ...p.message, spender: undefined } })).message).toBe('Typed data: message.spender is missing.');
    expect(refusal(() => td({ ...p, message: { ...p.message, spender: '0x000000000022d473030F116dDEE9F6B43aC78BA3' } })).message).toContain('fails its EIP-55 checksum');
    expect(refusal(() => td({ ...p, message: { ...p.message, value: '-1' } })).message).toBe('Typed data: message.value = -1 is out of range for uint256.');
    expect(refusal(() => td({ ...p, primaryType: 'Nope' })).message).toBe('Typed data: the primary type Nope is not defined.');
  });
});
