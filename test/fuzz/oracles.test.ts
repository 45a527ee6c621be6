/**
 * The wrong-accept oracles of test/fuzz/oracles.ts catch what they are for: each is shown a right accept (null)
 * and a wrong one (a reason). Without this, an oracle that always says null would pass every fuzz run.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeRlp, encodeBbqr, hashTypedData, parseLegacyTransaction, parseTypedData, parseTypedTransaction, parseWalletConfig, readEthRequestText, multisigDescriptors } from '../../electron/core';
import { requestSchemas } from '../../electron/main/schemas';
import { ethRequest, requestUr, unsignedTx, utf8 } from '../helpers/eth-requests';
import { Rng } from './engine';
import { bbqrAgrees, bip380Verifies, ethRequestReencodes, ethTransactionAgrees, ipcPayloadSound, multisigRoundTrip, rlpRoundTrip, typedDataAgrees, validValue } from './oracles';

const ethVectors = JSON.parse(readFileSync('test/vectors/ethereum-vectors.json', 'utf8')) as { eip155_example: { signing_data: string }; eip712_mail_example: { typedData: unknown } };
const TO = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';

describe('RLP: strict bytes are the encoding of their value', () => {
  it('accepts the EIP-155 example; flags a single byte written with a length (0x81 0x05 for 5)', () => {
    const bytes = hexToBytes(ethVectors.eip155_example.signing_data.replace(/^0x/, ''));
    expect(rlpRoundTrip(bytes, decodeRlp(bytes))).toBeNull();
    expect(rlpRoundTrip(Uint8Array.of(0x81, 0x05), Uint8Array.of(0x05))).toMatch(/not ethers' encoding/);
  });
});

describe('Ethereum transactions: ethers reads the same fields and signing hash', () => {
  it('agrees on a real EIP-1559 payload; flags another value or another hash', () => {
    const bytes = unsignedTx({ type: 2, chainId: 1, nonce: 1, maxPriorityFeePerGas: 1n, maxFeePerGas: 2n, gasLimit: 21_000n, to: TO, value: 5n, data: '0x' });
    const tx = parseTypedTransaction(bytes);
    expect(ethTransactionAgrees(bytes, tx)).toBeNull();
    expect(ethTransactionAgrees(bytes, { ...tx, value: 6n })).toMatch(/value: 6 ≠ 5/);
    expect(ethTransactionAgrees(bytes, { ...tx, hash: new Uint8Array(32) })).toMatch(/not ethers' unsignedHash/);
  });
  it('agrees on the EIP-155 example (legacy)', () => {
    const bytes = hexToBytes(ethVectors.eip155_example.signing_data.replace(/^0x/, ''));
    expect(ethTransactionAgrees(bytes, parseLegacyTransaction(bytes))).toBeNull();
  });
});

describe('EIP-712: ethers TypedDataEncoder computes the same hashes', () => {
  it('agrees on the Mail example; flags a hash of another message', () => {
    const json = JSON.stringify(ethVectors.eip712_mail_example.typedData);
    const hashed = hashTypedData(parseTypedData(json));
    expect(typedDataAgrees(json, hashed)).toBeNull();
    const other = hashTypedData(parseTypedData(json.replace('Hello, Bob!', 'Hello, Eve!')));
    expect(typedDataAgrees(json, { ...hashed, structHash: other.structHash })).toMatch(/message hash is not ethers'/);
    expect(typedDataAgrees(json, { ...hashed, hash: other.hash })).toMatch(/hash to sign/);
  });
});

describe("EIP-4527: Keystone's registry re-encodes the request decoded", () => {
  it('agrees on a request it wrote; flags a decoded field that differs', () => {
    const text = requestUr(ethRequest(utf8('hello'), DataType.personalMessage, { chainId: 1, origin: 'example.org' }));
    const request = readEthRequestText(text);
    expect(ethRequestReencodes(text, request)).toBeNull();
    expect(ethRequestReencodes(text.toUpperCase(), request)).toBeNull();
    expect(ethRequestReencodes(text, { ...request, origin: 'example.com' })).toMatch(/does not write the request/);
    expect(ethRequestReencodes(text, { ...request, path: [...request.path.slice(0, -1), 1] })).toMatch(/does not write the request/);
  });
});

describe('BBQr: the result is what the given parts decode to', () => {
  const data = Uint8Array.from({ length: 600 }, (_, i) => (i * 7) & 0xff);
  it('agrees on a whole series (Z and 2); flags other bytes and parts of two series mixed', () => {
    for (const encoding of ['Z', '2', 'H'] as const) {
      const parts = encodeBbqr(data, 'P', { encoding, maxChars: 200 });
      const used = encoding === 'Z' && !(parts[0] as string).startsWith('B$Z') ? '2' : encoding;
      expect(bbqrAgrees(parts, { fileType: 'P', encoding: used, data })).toBeNull();
      expect(bbqrAgrees(parts, { fileType: 'P', encoding: used, data: data.map((b, i) => (i === 100 ? b ^ 1 : b)) })).toMatch(/not what the given parts/);
      expect(bbqrAgrees(parts, { fileType: 'T', encoding: used, data })).toMatch(/not what the given parts/);
    }
    const a = encodeBbqr(data, 'P', { encoding: '2', maxChars: 200 });
    const b = encodeBbqr(data.map((x) => x ^ 0xff), 'P', { encoding: '2', maxChars: 200 });
    const mixed = [a[0] as string, ...b.slice(1)];
    expect(bbqrAgrees(mixed, { fileType: 'P', encoding: '2', data })).toMatch(/not what the given parts/);
  });
});

describe('multisig configurations: BIP380 checksums and the descriptor round trip', () => {
  it("BIP380's own test vectors: raw(deadbeef)#89f8spxm verifies, a changed checksum or body does not", () => {
    expect(bip380Verifies('raw(deadbeef)#89f8spxm')).toBe(true);
    expect(bip380Verifies('raw(deadbeef)#89f8spxn')).toBe(false);
    expect(bip380Verifies('raw(deadbeee)#89f8spxm')).toBe(false);
  });
  it('agrees on the Coldcard fixture; flags a wrong checksum given and a round trip to another wallet', () => {
    const text = readFileSync('test/fixtures/coldcard-multisig-2of3-p2wsh.txt', 'utf8');
    const { wallet } = parseWalletConfig(text);
    const exportAll = (w: typeof wallet) => multisigDescriptors(w) as unknown as Record<string, string>;
    const reparse = (d: string, w: typeof wallet) => parseWalletConfig(d, { network: w.network, name: w.name }).wallet;
    expect(multisigRoundTrip(text, wallet, exportAll, reparse)).toBeNull();
    const descriptor = exportAll(wallet).multipath as string;
    const wrong = `${descriptor.slice(0, -1)}${descriptor.endsWith('q') ? 'p' : 'q'}`;
    expect(multisigRoundTrip(wrong, wallet, exportAll, reparse)).toMatch(/wrong BIP380 checksum/);
    expect(multisigRoundTrip(text, wallet, exportAll, (d, w) => ({ ...reparse(d, w), m: 1 }))).toMatch(/reads back as another wallet/);
  });
});

describe('IPC payloads: what a schema accepts is plain data within its limits', () => {
  it('the value built from each schema is accepted by it (for nearly every channel)', () => {
    const rng = new Rng(1);
    const refused = Object.entries(requestSchemas).filter(([, schema]) => !Array.from({ length: 5 }, () => schema.safeParse(validValue(schema as never, rng)).success).some(Boolean));
    // Refinements the builder does not know (scanned data or words, not both) may refuse a few.
    expect(refused.map(([channel]) => channel).length).toBeLessThanOrEqual(2);
  });
  it('agrees on an accepted payload; flags an invented field, NaN and a value a re-validation refuses', () => {
    const schema = requestSchemas.setAutoLock;
    expect(ipcPayloadSound(schema as never, { idleSeconds: 60 }, { idleSeconds: 60 }, isDeepStrictEqual)).toBeNull();
    expect(ipcPayloadSound(schema as never, {}, { idleSeconds: 60 }, isDeepStrictEqual)).toMatch(/was not in the payload/);
    expect(ipcPayloadSound(requestSchemas.noteActivity as never, undefined, Number.NaN, isDeepStrictEqual)).toMatch(/refused when validated again/);
    expect(ipcPayloadSound(schema as never, { idleSeconds: 1e9 }, { idleSeconds: 1e9 }, isDeepStrictEqual)).toMatch(/refused when validated again/);
  });
});
