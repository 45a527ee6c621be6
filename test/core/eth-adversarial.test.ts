/**
 * An adversarial review of issue 12 (Sign Ethereum): requests built to make the review say less than what is signed,
 * or to make the review break. Each test names what was found; requests are built by Keystone's EthSignRequest and
 * contract calls by ethers' ABI coder, so they are what a hostile dapp could hand MetaMask.
 */
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { AbiCoder, id as selectorOf, MaxUint256, TypedDataEncoder, type TransactionLike } from 'ethers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalIn, deriveAccount, hashTypedData, masterFromSeed, mnemonicToSeed, parseTypedData, prepareEthRequest, readEthRequestText } from '../../electron/core';
import { CborMap, CborTag, encodeCbor, type CborValue } from '../../electron/core/codecs/cbor';
import { encodeUr } from '../../electron/core/codecs/ur/ur';
import { ABANDON, ABANDON_ADDRESS_0, ethRequest, permitTypedData, requestUr, txRequest, utf8 } from '../helpers/eth-requests';
import { refusal } from '../helpers/refusal';

const master = masterFromSeed(await mnemonicToSeed(ABANDON, ''));
const account = deriveAccount(master, { kind: 'eth', network: 'mainnet', account: 0 });
const review = (r: Parameters<typeof requestUr>[0]) => prepareEthRequest(readEthRequestText(requestUr(r)), account).review;
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const PERMIT2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3';
const SPENDER = '0x3535353535353535353535353535353535353535';
const call = (signature: string, types: string[], values: unknown[]) => selectorOf(signature).slice(0, 10) + AbiCoder.defaultAbiCoder().encode(types, values).slice(2);
const txTo = (to: string, data: string): TransactionLike => ({ type: 2, chainId: 1, nonce: 4, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 3n * 10n ** 10n, gasLimit: 90000, to, value: 0n, data });
const warningsOf = (to: string, data: string) => review(txRequest(txTo(to, data))).warnings;
const typed = (x: unknown) => review(ethRequest(utf8(JSON.stringify(x)), DataType.typedData));

describe('approvals the review did not see', () => {
  const approveMax = call('approve(address,uint256)', ['address', 'uint256'], [SPENDER, MaxUint256]);

  it('an unlimited approve with a byte after its words (the token ignores it): UNLIMITED_APPROVAL, said to be unusual', () => {
    const w = warningsOf(USDC, `${approveMax}00`);
    expect(w.map((x) => [x.code, x.needsAck])).toEqual([['UNLIMITED_APPROVAL', true]]);
    expect(w[0]?.message).toContain(`This approves ${SPENDER} to spend an unlimited amount of the token ${USDC}`);
    expect(w[0]?.message).toContain('written in an unusual way');
  });

  it('an unlimited approve whose spender word has dirty high bytes (Solidity < 0.8 tokens such as USDT drop them): UNLIMITED_APPROVAL', () => {
    const dirty = `${approveMax.slice(0, 10)}${'ff'.repeat(12)}${approveMax.slice(34)}`;
    const w = warningsOf(USDC, dirty);
    expect(w.map((x) => x.code)).toEqual(['UNLIMITED_APPROVAL']);
    expect(w[0]?.message).toContain(SPENDER);
  });

  it.each([
    ['increaseAllowance (OpenZeppelin)', USDC, call('increaseAllowance(address,uint256)', ['address', 'uint256'], [SPENDER, MaxUint256]), 'raises (increaseAllowance) the allowance'],
    ['increaseApproval (older OpenZeppelin)', USDC, call('increaseApproval(address,uint256)', ['address', 'uint256'], [SPENDER, (1n << 96n) - 1n]), 'raises (increaseApproval) the allowance'],
    ['setApprovalForAll(…, true) (ERC-721 / ERC-1155)', USDC, call('setApprovalForAll(address,bool)', ['address', 'bool'], [SPENDER, true]), 'move every token of the collection'],
    ['Permit2 approve for the largest uint160', PERMIT2, call('approve(address,address,uint160,uint48)', ['address', 'address', 'uint160', 'uint48'], [USDC, SPENDER, (1n << 160n) - 1n, 1924992000n]), 'through Permit2'],
  ])('%s: UNLIMITED_APPROVAL naming the spender', (_, to, data, words) => {
    const w = warningsOf(to, data);
    expect(w.map((x) => [x.code, x.needsAck])).toEqual([['UNLIMITED_APPROVAL', true]]);
    expect(w[0]?.message).toContain(words);
    expect(w[0]?.message).toContain(SPENDER);
    expect(w[0]?.message).not.toContain('unusual');
  });

  it('property: an approve of 2^96 − 1 or more is seen whatever padding follows and whatever the spender word\'s high bytes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: (1n << 96n) - 1n, max: MaxUint256 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ maxLength: 64 }), (amount, high, tail) => {
        const words = call('approve(address,uint256)', ['address', 'uint256'], [SPENDER, amount]);
        const data = Buffer.concat([Buffer.from(words.slice(2, 10), 'hex'), high, Buffer.from(words.slice(34), 'hex'), tail]);
        const a = approvalIn(data);
        expect(a).toMatchObject({ method: 'approve', spender: SPENDER, amount });
        expect(a?.canonical).toBe(tail.length === 0 && high.every((b) => b === 0));
      }),
      { numRuns: 300 },
    );
  });

  it('a token transfer to a burn address written with padding or a dirty address word: BURN_ADDRESS all the same', () => {
    const burn = call('transfer(address,uint256)', ['address', 'uint256'], ['0x000000000000000000000000000000000000dEaD', 5n]);
    expect(warningsOf(USDC, `${burn}00`).map((w) => w.code)).toEqual(['BURN_ADDRESS']);
    expect(warningsOf(USDC, `${burn.slice(0, 10)}${'01'.repeat(12)}${burn.slice(34)}`).map((w) => w.code)).toEqual(['BURN_ADDRESS']);
    const from = call('transferFrom(address,address,uint256)', ['address', 'address', 'uint256'], [SPENDER, '0x0000000000000000000000000000000000000000', 5n]);
    expect(warningsOf(USDC, `${from}ff`)[0]?.message).toContain('This sends to 0x0000000000000000000000000000000000000000');
  });

  it('a revoking setApprovalForAll(…, false) and a small increaseAllowance: no warning', () => {
    expect(warningsOf(USDC, call('setApprovalForAll(address,bool)', ['address', 'bool'], [SPENDER, false]))).toEqual([]);
    expect(warningsOf(USDC, call('increaseAllowance(address,uint256)', ['address', 'uint256'], [SPENDER, 10n ** 6n]))).toEqual([]);
  });
});

describe('EIP-712 names that reach into JavaScript objects', () => {
  const p = permitTypedData(1n);

  it('a primary type or member type named after Object.prototype (constructor, toString): a WalletError, never a TypeError', () => {
    expect(refusal(() => typed({ ...p, primaryType: 'constructor' })).message).toBe('Typed data: the primary type constructor is not defined.');
    const toStringMember = { ...p, types: { ...p.types, Permit: [...p.types.Permit, { name: 'x', type: 'toString' }] } };
    expect(refusal(() => typed(toStringMember)).message).toBe('Typed data: Permit.x has the unknown type "toString".');
  });

  it('a member named "constructor" that the message lacks is missing (not Object)', () => {
    const td = { ...p, types: { ...p.types, Permit: [...p.types.Permit, { name: 'constructor', type: 'string' }] } };
    expect(refusal(() => typed(td)).message).toBe('Typed data: message.constructor is missing.');
  });

  it('a struct named after a built-in type (address, uint256, bytes) is refused: its values would be hashed as a struct', () => {
    for (const name of ['address', 'uint256', 'bytes', 'string', 'uint7']) {
      const td = { ...p, types: { ...p.types, [name]: [{ name: 'a', type: 'bool' }] } };
      expect(refusal(() => typed(td)).message).toBe(`Typed data: a struct cannot be named ${name}: that is a built-in type's name.`);
    }
  });

  it('a type width or array length with a leading zero (uint0256, bytes032, Item[01]) is refused: no Solidity type, another type hash (found by npm run fuzz; ethers refuses it too)', () => {
    for (const type of ['uint0256', 'int08', 'bytes032', 'uint256[01]', 'uint256[0]']) {
      const td = { ...p, types: { ...p.types, Permit: [...p.types.Permit, { name: 'x', type }] } };
      expect(refusal(() => typed(td)).message).toMatch(/has the unknown type|array length .* is out of range/);
    }
  });

  it('a domain "chainId" typed as a string does not name the chain (it binds the signature to none)', () => {
    const td = { ...p, types: { ...p.types, EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'string' }] }, domain: { name: 'x', chainId: '137' } };
    expect(typed(td).chain).toBeNull();
  });

  it('many values of a struct with a large dependency graph: hashed once per type, same hash as ethers', () => {
    const types: Record<string, Array<{ name: string; type: string }>> = {};
    for (let t = 0; t < 20; t++) types[`T${t}`] = Array.from({ length: 40 }, (_, m) => ({ name: `m${m}`, type: t === 19 ? 'uint8' : `T${t + 1}[]` }));
    types.Item = [{ name: 'a', type: 'T0[]' }];
    types.Main = [{ name: 'items', type: 'Item[]' }];
    const message = { items: Array.from({ length: 500 }, () => ({ a: [] })) };
    const domain = { name: 'x' };
    const ours = hashTypedData(parseTypedData(JSON.stringify({ types: { EIP712Domain: [{ name: 'name', type: 'string' }], ...types }, primaryType: 'Main', domain, message })));
    expect(`0x${Buffer.from(ours.hash).toString('hex')}`).toBe(TypedDataEncoder.hash(domain, types, message));
  });
});

describe('text that could rewrite what is shown (a terminal, a tree)', () => {
  it('EIP-712 strings and the origin on one line: newlines, returns, escape sequences and bidi overrides written out; the hash is of the real text', () => {
    const p = permitTypedData(1n);
    const name = 'USD Coin\n  spender (address): 0x0000000000000000000000000000000000000001\r\u001b[2K\u202e';
    const r = review(ethRequest(utf8(JSON.stringify({ ...p, domain: { ...p.domain, name } })), DataType.typedData, { origin: 'metamask\u001b[1A\nWarnings: none.' }));
    expect(r.typedData?.domain[0]).toEqual({ name: 'name', type: 'string', depth: 0, value: 'USD Coin\\n  spender (address): 0x0000000000000000000000000000000000000001\\r\\u{1b}[2K\\u{202e}' });
    expect(r.origin).toBe('metamask\\u{1b}[1A\\nWarnings: none.');
    const { EIP712Domain: _, ...types } = p.types;
    expect(r.typedData?.hash).toBe(TypedDataEncoder.hash({ ...p.domain, name }, types, p.message));
  });

  it('bidi marks (RLM, LRM, ALM) and a zero-width space hide nothing: hex for a message, written out in a typed string', () => {
    for (const ch of ['\u200f', '\u200e', '\u061c', '\u200b']) {
      expect(review(ethRequest(utf8(`Pay 0x12${ch}34`), DataType.personalMessage)).message?.text).toBeNull();
    }
    const p = permitTypedData(1n);
    const r = review(ethRequest(utf8(JSON.stringify({ ...p, domain: { ...p.domain, name: 'USD\u200fCoin' } })), DataType.typedData));
    expect(r.typedData?.domain[0]?.value).toBe('USD\\u{200f}Coin');
    expect(review(ethRequest(utf8('Olá 👨‍👩‍👧 — ünïcödé is text'), DataType.personalMessage)).message?.text).toBe('Olá 👨‍👩‍👧 — ünïcödé is text');
  });

  it('a personal_sign with a lone return (which writes over the line in a terminal) is shown as hex; \\r\\n stays text', () => {
    expect(review(ethRequest(utf8('Send 1 ETH to Bob\rLog in'), DataType.personalMessage)).message?.text).toBeNull();
    expect(review(ethRequest(utf8('Log in\r\nNonce: 7'), DataType.personalMessage)).message?.text).toBe('Log in\r\nNonce: 7');
  });
});

describe('whose request it is', () => {
  /** An eth-sign-request written from EIP-4527's CDDL by hand: Keystone's builder always names a fingerprint. */
  const handMade = (keypath: Array<[number, CborValue]>) => {
    const path = [44, true, 60, true, 0, true, 0, false, 0, false];
    const map = new CborMap([[1, new CborTag(37, new Uint8Array(16).fill(1))], [2, utf8('hello')], [3, 3], [5, new CborTag(304, new CborMap([[1, path], ...keypath]))]]);
    return encodeUr({ type: 'eth-sign-request', cbor: encodeCbor(map) });
  };

  it('a request naming no fingerprint, or fingerprint 0, is refused: pair again', () => {
    for (const keypath of [[], [[2, 0]]] as Array<Array<[number, CborValue]>>) {
      expect(refusal(() => prepareEthRequest(readEthRequestText(handMade(keypath)), account))).toMatchObject({
        code: 'BAD_ETH_REQUEST',
        message: "This request names no wallet fingerprint (it asks for m/44'/60'/0'/0/0): pair MetaMask again with this wallet's QR code.",
      });
    }
    expect(prepareEthRequest(readEthRequestText(handMade([[2, 0x73c5da0a]])), account).review.signer.address).toBe(ABANDON_ADDRESS_0);
  });

  it('the paired range is exact: m/44\'/60\'/0\'/0/9999 signs; /0/10000, the change branch /1/0 and a hardened /0/0\' are refused', () => {
    expect(review(ethRequest(utf8('hello'), DataType.personalMessage, { path: "m/44'/60'/0'/0/9999" })).signer.path).toBe("m/44'/60'/0'/0/9999");
    for (const path of ["m/44'/60'/0'/0/10000", "m/44'/60'/0'/1/0", "m/44'/60'/0'/0/0'", "m/44'/60'/0'/0", "m/44'/60'/0'/0/0/0"]) {
      expect(refusal(() => review(ethRequest(utf8('hello'), DataType.personalMessage, { path }))).message).toContain(`This request asks for ${path}, which is not an address Permafrost paired with MetaMask`);
    }
  });

  it('our address at another of our paths is refused (the path decides the key, the address must agree)', () => {
    const e = refusal(() => review(ethRequest(utf8('hello'), DataType.personalMessage, { path: "m/44'/60'/0'/0/1", address: ABANDON_ADDRESS_0 })));
    expect(e.message).toContain(`This request says ${ABANDON_ADDRESS_0} signs, but m/44'/60'/0'/0/1 of this wallet is`);
  });
});

describe('pasted requests', () => {
  it('a complete request followed by another request, or by a stray line, is refused naming the line (not signed with the rest unread)', () => {
    const one = requestUr(ethRequest(utf8('one'), DataType.personalMessage));
    const two = requestUr(ethRequest(utf8('two'), DataType.personalMessage, { uuid: '11111111-2222-4333-8444-555555555555' }));
    expect(refusal(() => readEthRequestText(`${one}\n\n${two}\n`))).toMatchObject({ code: 'BAD_ETH_REQUEST', message: 'Line 3: a part of another request.' });
    expect(refusal(() => readEthRequestText(`${one}\nhello\n`)).message).toBe('Line 2: this QR code is not an Ethereum signing request (not a UR).');
    expect(readEthRequestText(`${one}\n${one}\n`).signData).toEqual(utf8('one'));
  });
});

describe('words a new user reads', () => {
  it('a typed transaction with type byte 0: says legacy is never typed', () => {
    expect(refusal(() => review(ethRequest(Uint8Array.of(0, 0xc0), DataType.typedTransaction)))).toMatchObject({
      code: 'BAD_ETH_REQUEST',
      message: 'Typed transaction: type 0 is the legacy transaction, which is never written with a type byte (ask for it as data-type 1, a plain RLP list).',
    });
    expect(refusal(() => review(ethRequest(Uint8Array.of(0x7f, 0xc0), DataType.typedTransaction))).message).toBe('Transaction type 127 is unknown to Permafrost (it signs legacy transactions and types 1 and 2: EIP-2930 and EIP-1559).');
  });

  it('a typed transaction sent as legacy (data-type 1) and the first eth_signTypedData (a list): said so', () => {
    const typedAsLegacy = ethRequest(Uint8Array.of(2, 0xc0), DataType.transaction);
    expect(refusal(() => review(typedAsLegacy)).message).toBe('Legacy transaction: this is a typed transaction (EIP-2718 type 2), but the request says it is a legacy one (data-type 1).');
    const v1 = [{ type: 'string', name: 'Message', value: 'Hi, Alice!' }];
    expect(refusal(() => typed(v1)).message).toBe('Typed data: this is the first version of eth_signTypedData (a list of values), which Permafrost does not sign; ask the app for eth_signTypedData_v4.');
  });

  it('a personal_sign of 32 readable characters is text, not a blind-signed hash', () => {
    const r = review(ethRequest(utf8('Sign in to example.com, nonce 42'), DataType.personalMessage));
    expect(r.message?.text).toBe('Sign in to example.com, nonce 42');
    expect(r.warnings).toEqual([]);
  });
});
