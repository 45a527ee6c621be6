/**
 * Issue 12: an Ethereum request from its UR text to the answer — decode (UR + CBOR), check it is ours, parse and
 * review (RLP or EIP-712 hashing), derive the key from the master (m/44'/60'/0'/0/0), sign, recover the signer to
 * verify, encode the eth-signature UR — for an EIP-1559 transaction and an EIP-712 Permit. Compared in the same run
 * with ethers signing the same payload from an already derived private key (its Transaction / TypedDataEncoder,
 * SigningKey.sign), which does no decoding, review or verification. Results in docs/BENCHMARKS.md.
 */
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { HDNodeWallet, recoverAddress, SigningKey, Transaction, TypedDataEncoder } from 'ethers';
import { bench, describe } from 'vitest';
import { deriveAccount, masterFromSeed, mnemonicToSeed, prepareEthRequest, readEthRequestText, signEthRequest } from '../electron/core';
import { ABANDON, ethRequest, permitTypedData, requestUr, txRequest, utf8 } from '../test/helpers/eth-requests';

const master = masterFromSeed(await mnemonicToSeed(ABANDON, ''));
const account = deriveAccount(master, { kind: 'eth', network: 'mainnet', account: 0 });
const key = new SigningKey(master.derive("m/44'/60'/0'/0/0").privateKey as Uint8Array);
const seed = await mnemonicToSeed(ABANDON, '');
const ethersMaster = HDNodeWallet.fromSeed(seed);
/** ethers doing the steps it has of ours: derive the key from the master, sign, recover the signer. */
const ethersSteps = (hash: string) => {
  const k = ethersMaster.derivePath("m/44'/60'/0'/0/0");
  const sig = k.signingKey.sign(hash);
  if (recoverAddress(hash, sig) !== k.address) throw new Error('did not verify');
  return sig;
};

const tx = { type: 2, chainId: 1, nonce: 7, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 3n * 10n ** 10n, gasLimit: 65000, to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', value: 0n, data: `0xa9059cbb${'00'.repeat(12)}${'35'.repeat(20)}${'00'.repeat(29)}0f4240` };
const txUr = requestUr(txRequest(tx));
const unsignedHex = Transaction.from(tx).unsignedSerialized;
const permit = permitTypedData(1000000n);
const permitJson = JSON.stringify(permit);
const permitUr = requestUr(ethRequest(utf8(permitJson), DataType.typedData, { chainId: 1 }));
const { EIP712Domain: _, ...permitTypes } = permit.types;

const ours = (ur: string) => signEthRequest(prepareEthRequest(readEthRequestText(ur), account), master);

describe('EIP-1559 ERC-20 transfer', () => {
  bench('Permafrost: UR → decode, review, derive, sign, verify → eth-signature UR', () => void ours(txUr));
  bench('ethers: Transaction.from + SigningKey.sign + serialize (key already derived)', () => {
    const t = Transaction.from(tx);
    t.signature = key.sign(t.unsignedHash);
    void t.serialized;
  });
  bench('ethers: parse the unsigned tx, derive from the master, sign, recover', () => void ethersSteps(Transaction.from(unsignedHex).unsignedHash));
});

describe('EIP-712 Permit', () => {
  bench('Permafrost: UR → decode, review, derive, sign, verify → eth-signature UR', () => void ours(permitUr));
  bench('ethers: TypedDataEncoder.hash + SigningKey.sign (key already derived)', () => void key.sign(TypedDataEncoder.hash(permit.domain, permitTypes, permit.message)).serialized);
  bench('ethers: parse the JSON, hash, derive from the master, sign, recover', () => {
    const t = JSON.parse(permitJson) as typeof permit;
    const { EIP712Domain: _d, ...types } = t.types;
    void ethersSteps(TypedDataEncoder.hash(t.domain, types, t.message));
  });
});

/**
 * A hostile EIP-712 request (issue 12 review): 2,000 values of a struct whose type pulls in 30 others of 50 members
 * (empty arrays, so the JSON stays under 64 KiB). encodeType walks every dependency, so hashing it once per value
 * took 6.6–8 s here before typeHash was kept per type (docs/BENCHMARKS.md).
 */
const hostileTypes: Record<string, Array<{ name: string; type: string }>> = {};
for (let t = 0; t < 30; t++) hostileTypes[`T${t}`] = Array.from({ length: 50 }, (_, m) => ({ name: `m${m}`, type: t === 29 ? 'uint8' : `T${t + 1}[]` }));
hostileTypes.Item = [{ name: 'a', type: 'T0[]' }];
hostileTypes.Main = [{ name: 'items', type: 'Item[]' }];
const hostileMessage = { items: Array.from({ length: 2000 }, () => ({ a: [] })) };
const hostileJson = JSON.stringify({ types: { EIP712Domain: [{ name: 'name', type: 'string' }], ...hostileTypes }, primaryType: 'Main', domain: { name: 'x' }, message: hostileMessage });
const hostileUr = requestUr(ethRequest(utf8(hostileJson), DataType.typedData, { chainId: 1 }));

describe('EIP-712 hostile: 2,000 values of a type with 30 dependencies', () => {
  bench('Permafrost: UR → decode, review, derive, sign, verify → eth-signature UR', () => void ours(hostileUr), { iterations: 5 });
  bench('ethers: TypedDataEncoder.hash + SigningKey.sign (key already derived)', () => void key.sign(TypedDataEncoder.hash({ name: 'x' }, hostileTypes, hostileMessage)).serialized, { iterations: 5 });
});
