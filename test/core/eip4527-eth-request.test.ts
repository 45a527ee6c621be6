/**
 * EIP-4527 eth-sign-request / eth-signature: Keystone's ur-registry-eth vectors (test/vectors/README.md, one test
 * each), requests built by Keystone's own EthSignRequest read back (single and animated, frames shuffled and
 * repeated), our answers read by Keystone's ETHSignature, and malformed requests refused with a precise error.
 */
import { readFileSync } from 'node:fs';
import { DataType, ETHSignature } from '@keystonehq/bc-ur-registry-eth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRequestIsOurs,
  decodeEthSignRequest,
  decodeSinglePartUr,
  deriveAccount,
  encodeUr,
  ethSignatureUr,
  EthRequestScan,
  masterFromSeed,
  mnemonicToSeed,
  prepareEthRequest,
  readEthRequestText,
  signEthRequest,
} from '../../electron/core';
import { CborMap, CborTag, encodeCbor } from '../../electron/core/codecs/cbor';
import { ABANDON, ABANDON_FP, ethRequest, REQUEST_UUID, requestParts, requestUr, txRequest, utf8 } from '../helpers/eth-requests';
import { refusal } from '../helpers/refusal';

type Expectation = { actual: string; expected?: string; expected_expression?: string };
type Vector = { name: string; constants: Record<string, string>; expectations: Expectation[]; ur_decoded: Record<string, { cbor_hex: string }> };
const files = JSON.parse(readFileSync('test/vectors/keystone-ur-registry-test-vectors.json', 'utf8')).files as Record<string, Vector[]>;
const requestVectors = files['keystone-ur-registry-eth-EthSignRequest.test.ts'] as Vector[];
const signatureVectors = files['keystone-ur-registry-eth-EthSignature.test.ts'] as Vector[];

const master = masterFromSeed(await mnemonicToSeed(ABANDON, ''));
const account = deriveAccount(master, { kind: 'eth', network: 'mainnet', account: 0 });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const urOf = (v: Vector) => v.expectations.find((e) => e.actual === 'ur')?.expected as string;

describe('Keystone ur-registry-eth eth-sign-request vectors', () => {
  for (const v of requestVectors) {
    it(v.name, () => {
      const text = urOf(v);
      const ur = decodeSinglePartUr(text);
      expect(ur.type).toBe('eth-sign-request');
      expect(hex(ur.cbor)).toBe(Object.values(v.ur_decoded)[0]?.cbor_hex);
      const r = decodeEthSignRequest(ur.cbor);
      expect(r.requestUuid).toBe(v.constants.ethRequestId);
      expect(hex(r.signData)).toBe(v.constants.rlpData);
      expect(r.dataType).toBe(1);
      expect(r.chainId).toBe('1');
      // Both vectors ask for M/44'/1'/1'/0/1 of the wallet 12345678 (the second's constants say so).
      expect(r.pathText).toBe("m/44'/1'/1'/0/1");
      expect(r.sourceFingerprint).toBe('12345678');
      const origin = v.expectations.find((e) => e.actual === 'ethSignRequest.getOrigin()')?.expected ?? null;
      expect(r.origin).toBe(origin);
      // Not ours: refused with what was asked.
      expect(refusal(() => checkRequestIsOurs(r, ABANDON_FP)).message).toContain("12345678 at m/44'/1'/1'/0/1");
    });
  }
});

describe('Keystone ur-registry-eth eth-signature vectors', () => {
  for (const v of signatureVectors) {
    it(v.name, () => {
      const sig = Buffer.from(v.constants.rlpSignatureData as string, 'hex');
      const id = Buffer.from((v.constants.ethRequestId as string).replace(/-/g, ''), 'hex');
      const origin = v.expectations.find((e) => e.actual === 'ethSignatureDecoded.getOrigin()')?.expected;
      expect(encodeUr(ethSignatureUr(new Uint8Array(id), new Uint8Array(sig), origin))).toBe(urOf(v));
    });
  }
});

describe('requests built by Keystone’s EthSignRequest', () => {
  const tx = { type: 2, chainId: 1, nonce: 7, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 3n * 10n ** 10n, gasLimit: 21000, to: '0x3535353535353535353535353535353535353535', value: 10n ** 17n, data: '0x' };

  it('single part: every field read as written', () => {
    const r = readEthRequestText(requestUr(txRequest(tx, { address: '0x9858EfFD232B4033E47d90003D41EC34EcaEda94' })));
    expect(r).toMatchObject({ requestUuid: REQUEST_UUID, dataType: 4, chainId: '1', pathText: "m/44'/60'/0'/0/0", sourceFingerprint: ABANDON_FP, address: '0x9858EfFD232B4033E47d90003D41EC34EcaEda94', origin: 'metamask' });
    expect(checkRequestIsOurs(r, ABANDON_FP)).toBe(0);
  });

  it('animated: frames shuffled, repeated and with fountain parts complete to the same request (property)', () => {
    const big = { ...tx, data: `0x${'ab'.repeat(700)}`, gasLimit: 200000 };
    const parts = requestParts(txRequest(big), 120, 6);
    const whole = readEthRequestText(requestUr(txRequest(big)));
    fc.assert(
      fc.property(fc.shuffledSubarray(parts, { minLength: parts.length - 3 }), fc.array(fc.nat(parts.length - 1), { maxLength: 4 }), (subset, repeats) => {
        const scan = new EthRequestScan();
        const frames = [...subset, ...repeats.map((i) => parts[i] as string)];
        let last = null;
        for (const f of frames) {
          last = scan.add(f);
          if (last.kind === 'complete') break;
        }
        // Dropping up to 3 of the pure parts can leave too little: then it is still in progress, never wrong.
        if (last?.kind !== 'complete') expect(['added', 'duplicate']).toContain(last?.kind);
        else expect(hex(scan.result().signData)).toBe(hex(whole.signData));
      }),
      { numRuns: 40 },
    );
  });

  it('scan statuses: added, duplicate, foreign, invalid, complete', () => {
    const parts = requestParts(txRequest({ ...tx, data: `0x${'cd'.repeat(400)}` }), 100);
    const other = requestParts(txRequest({ ...tx, nonce: 8, data: `0x${'cd'.repeat(400)}` }), 100);
    const scan = new EthRequestScan();
    expect(scan.add(parts[0] as string)).toMatchObject({ kind: 'added', format: 'ur2', progress: { received: 1, estimated: parts.length } });
    expect(scan.add(parts[0] as string).kind).toBe('duplicate');
    expect(scan.add(other[1] as string)).toMatchObject({ kind: 'foreign', why: 'a part of another request' });
    expect(scan.add('ur:crypto-psbt/hdcxlkahssqzwfvslofzoxwkrewngotktbmwjkwdcmnefsaaehrlolkskncnktlbaypkrphsmyid')).toMatchObject({ kind: 'invalid', why: expect.stringContaining('not an Ethereum signing request') });
    expect(scan.add('hello').kind).toBe('invalid');
    let status = scan.add(parts[1] as string);
    for (const p of parts.slice(2)) status = scan.add(p);
    expect(status.kind).toBe('complete');
  });

  it('pasted parts with one missing: says how many were given', () => {
    const parts = requestParts(txRequest({ ...tx, data: `0x${'cd'.repeat(400)}` }), 100);
    expect(refusal(() => readEthRequestText(parts.slice(1).join('\n'))).message).toMatch(/Parts are missing: \d+ of about \d+/);
  });

  it('our answer is read by Keystone’s ETHSignature: same request id, 65-byte signature, our origin', () => {
    const prepared = prepareEthRequest(readEthRequestText(requestUr(txRequest(tx))), account);
    const answer = signEthRequest(prepared, master);
    const ur = decodeSinglePartUr(answer.urText);
    expect(ur.type).toBe('eth-signature');
    const theirs = ETHSignature.fromCBOR(Buffer.from(ur.cbor));
    expect(hex(theirs.getRequestId() as Buffer)).toBe(REQUEST_UUID.replace(/-/g, ''));
    expect(hex(theirs.getSignature())).toBe(hex(answer.signature));
    expect(theirs.getSignature()).toHaveLength(65);
    expect(theirs.getOrigin()).toBe('Permafrost');
  });
});

describe('malformed and foreign requests: each a precise WalletError', () => {
  const good = () => readEthRequestText(requestUr(ethRequest(utf8('hi'), DataType.personalMessage)));
  const withMap = (entries: Array<[number, unknown]>) => encodeCbor(new CborMap(entries as never));
  const keypath = new CborTag(304, new CborMap([[1, [44, true, 60, true, 0, true, 0, false, 0, false]], [2, 0x73c5da0a]]));

  it('bad CBOR', () => {
    const e = refusal(() => decodeEthSignRequest(Uint8Array.of(0xa1, 0x02, 0x58)));
    expect(e.code).toBe('BAD_ETH_REQUEST');
    expect(e.message).toBe('eth-sign-request: not valid CBOR (the data ends too early (at byte 3)).');
  });

  it('not a map / missing sign-data / unknown key / wildcard path / depth that disagrees', () => {
    expect(refusal(() => decodeEthSignRequest(encodeCbor([1, 2]))).message).toBe('eth-sign-request: not a CBOR map.');
    expect(refusal(() => decodeEthSignRequest(withMap([[3, 3], [5, keypath]]))).message).toBe('eth-sign-request: sign-data is missing or not a byte string.');
    expect(refusal(() => decodeEthSignRequest(withMap([[2, utf8('x')], [3, 3], [5, keypath], [9, 1]]))).message).toContain('key 9 is not one Permafrost knows');
    const wild = new CborTag(304, new CborMap([[1, [44, true, 60, true, 0, true, 0, false, [], false]], [2, 1]]));
    expect(refusal(() => decodeEthSignRequest(withMap([[2, utf8('x')], [3, 3], [5, wild]]))).message).toContain('a wildcard cannot be signed with');
    const deep = new CborTag(304, new CborMap([[1, [44, true]], [2, 1], [3, 4]]));
    expect(refusal(() => decodeEthSignRequest(withMap([[2, utf8('x')], [3, 3], [5, deep]]))).message).toContain('says depth 4 but has 1 steps');
  });

  it('unknown data type', () => {
    const e = refusal(() => decodeEthSignRequest(withMap([[2, utf8('x')], [3, 5], [5, keypath]])));
    expect(e.code).toBe('UNSUPPORTED');
    expect(e.message).toContain('data-type 5 is not one Permafrost signs');
  });

  it('oversize sign-data (above 64 KiB)', () => {
    const e = refusal(() => decodeEthSignRequest(withMap([[2, new Uint8Array(64 * 1024 + 1)], [3, 3], [5, keypath]])));
    expect(e.code).toBe('BAD_ETH_REQUEST');
    expect(e.message).toContain('a string is too long');
  });

  it('wrong path', () => {
    const r = readEthRequestText(requestUr(ethRequest(utf8('hi'), DataType.personalMessage, { path: "m/44'/60'/1'/0/0" })));
    const e = refusal(() => prepareEthRequest(r, account));
    expect(e.code).toBe('BAD_ETH_REQUEST');
    expect(e.message).toBe("This request asks for m/44'/60'/1'/0/0, which is not an address Permafrost paired with MetaMask (m/44'/60'/0'/0/0 to m/44'/60'/0'/0/9999).");
  });

  it('foreign fingerprint', () => {
    const r = readEthRequestText(requestUr(ethRequest(utf8('hi'), DataType.personalMessage, { xfp: 'deadbeef' })));
    const e = refusal(() => prepareEthRequest(r, account));
    expect(e.message).toBe("This request is for another wallet: it asks for the wallet deadbeef at m/44'/60'/0'/0/0, and this wallet is 73c5da0a. Open the wallet MetaMask was paired with.");
  });

  it('an address that is not the path’s', () => {
    const r = readEthRequestText(requestUr(ethRequest(utf8('hi'), DataType.personalMessage, { address: '0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0' })));
    expect(refusal(() => prepareEthRequest(r, account)).message).toBe("This request says 0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0 signs, but m/44'/60'/0'/0/0 of this wallet is 0x9858EfFD232B4033E47d90003D41EC34EcaEda94: it was made for another wallet.");
  });

  it('truncated RLP', () => {
    const r = readEthRequestText(requestUr(txRequest({ type: 0, chainId: 1, nonce: 1, gasPrice: 10n ** 9n, gasLimit: 21000, to: '0x3535353535353535353535353535353535353535', value: 1n })));
    const cut = { ...r, signData: r.signData.subarray(0, r.signData.length - 3) };
    const e = refusal(() => prepareEthRequest(cut, account));
    expect(e.code).toBe('BAD_ETH_REQUEST');
    expect(e.message).toMatch(/^Legacy transaction: a list of \d+ bytes runs past the end \(at byte \d+ of \d+\)\.$/);
  });

  it('a good request still passes (the refusals above are about what they say)', () => {
    expect(prepareEthRequest(good(), account).review.kind).toBe('message');
  });
});
