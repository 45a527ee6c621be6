/**
 * permafrost eth export | review | sign (issue 12), in process. Requests are built by Keystone's EthSignRequest
 * (what MetaMask's QR keyring uses); answers are read by Keystone's ETHSignature and their signer recovered by
 * ethers. The wallet is "abandon … about".
 */
import { DataType, ETHSignature } from '@keystonehq/bc-ur-registry-eth';
import { AbiCoder, MaxUint256, Signature, Transaction, verifyMessage, verifyTypedData } from 'ethers';
import { describe, expect, it } from 'vitest';
import { decodeSinglePartUr } from '../../electron/core';
import { runInProcess, type CliRun } from '../helpers/cli';
import { ABANDON, ABANDON_ADDRESS_0, ethRequest, permitTypedData, REQUEST_UUID, requestParts, requestUr, txRequest, utf8 } from '../helpers/eth-requests';

const errorOf = (r: CliRun): { code: string; message: string } => (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
const stdin = (parts: readonly string[], passphrase?: string) => [ABANDON, ...(passphrase === undefined ? [] : [passphrase]), '', ...parts, ''].join('\n');
const signatureOf = (ur: string) => ETHSignature.fromCBOR(Buffer.from(decodeSinglePartUr(ur).cbor));
const tx = { type: 2, chainId: 1, nonce: 2, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 2n * 10n ** 10n, gasLimit: 21000, to: '0x3535353535353535353535353535353535353535', value: 25n * 10n ** 16n, data: '0x' };

describe('permafrost eth', () => {
  it('is in --help', async () => {
    const r = await runInProcess(['--help']);
    expect(r.stdout).toMatch(/^ {2}eth export {8}MetaMask's QR hardware-wallet pairing/m);
    expect(r.stdout).toMatch(/^ {2}eth sign {10}Review, then sign it/m);
  });

  it('export --json: the first address and the crypto-hdkey UR', async () => {
    const r = await runInProcess(['eth', 'export', '--json'], { stdin: `${ABANDON}\n` });
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(['address', 'ur']);
    expect(j.address).toBe(ABANDON_ADDRESS_0);
    expect(j.ur).toMatch(/^ur:crypto-hdkey\//);
  });

  it('export with a passphrase is another wallet', async () => {
    const r = await runInProcess(['eth', 'export', '--json', '--passphrase'], { stdin: `${ABANDON}\nTREZOR\n` });
    expect(r.json().address).not.toBe(ABANDON_ADDRESS_0);
  });

  it('sign --json: an animated EIP-1559 request, parts shuffled; the answer recovers to our address in ethers', async () => {
    const parts = requestParts(txRequest({ ...tx, data: `0x${'11'.repeat(300)}` }), 80);
    const r = await runInProcess(['eth', 'sign', '--json'], { stdin: stdin([...parts].reverse()) });
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(['signatureUr', 'requestId', 'summary', 'warnings']);
    expect(j.requestId).toBe(REQUEST_UUID);
    expect(j.warnings).toEqual([]);
    expect(j.summary).toMatchObject({ kind: 'transaction', chain: { id: '1', name: 'Ethereum' }, signer: { address: ABANDON_ADDRESS_0 }, transaction: { value: '0.25 ETH', data: { bytes: 300 } } });
    const sig = signatureOf(j.signatureUr).getSignature();
    const theirs = Transaction.from({ ...tx, data: `0x${'11'.repeat(300)}` });
    theirs.signature = Signature.from({ r: `0x${sig.subarray(0, 32).toString('hex')}`, s: `0x${sig.subarray(32, 64).toString('hex')}`, yParity: sig[64] as 0 | 1 });
    expect(theirs.from).toBe(ABANDON_ADDRESS_0);
  });

  it('review --json: the same without a signature', async () => {
    const r = await runInProcess(['eth', 'review', '--json'], { stdin: stdin([requestUr(ethRequest(utf8('Log in to example.org'), DataType.personalMessage))]) });
    expect(r.code).toBe(0);
    const j = r.json();
    expect(Object.keys(j)).toEqual(['requestId', 'summary', 'warnings']);
    expect(j.summary.message).toEqual({ text: 'Log in to example.org', hex: `0x${Buffer.from('Log in to example.org').toString('hex')}`, bytes: 21 });
  });

  it('sign: personal_sign and EIP-712 verified by ethers', async () => {
    const m = await runInProcess(['eth', 'sign', '--json'], { stdin: stdin([requestUr(ethRequest(utf8('hello'), DataType.personalMessage))]) });
    expect(verifyMessage('hello', `0x${signatureOf(m.json().signatureUr).getSignature().toString('hex')}`)).toBe(ABANDON_ADDRESS_0);
    const typed = permitTypedData(5n);
    const t = await runInProcess(['eth', 'sign', '--json', '--accept', 'permit'], { stdin: stdin([requestUr(ethRequest(utf8(JSON.stringify(typed)), DataType.typedData, { chainId: 1 }))]) });
    expect(t.code).toBe(0);
    const { EIP712Domain: _, ...types } = typed.types;
    expect(verifyTypedData(typed.domain, types, typed.message, `0x${signatureOf(t.json().signatureUr).getSignature().toString('hex')}`)).toBe(ABANDON_ADDRESS_0);
  });

  it('a dire warning is refused without --accept, naming the code; human review shows it', async () => {
    const approve = `0x095ea7b3${AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], [tx.to, MaxUint256]).slice(2)}`;
    const input = stdin([requestUr(txRequest({ ...tx, value: 0n, data: approve, gasLimit: 60000 }))]);
    const refused = await runInProcess(['eth', 'sign', '--json'], { stdin: input });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(errorOf(refused)).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('If you accept, run again with --accept UNLIMITED_APPROVAL.') });
    expect((await runInProcess(['eth', 'sign', '--json', '--accept', 'UNLIMITED_APPROVAL'], { stdin: input })).code).toBe(0);
    const human = await runInProcess(['eth', 'review'], { stdin: input });
    expect(human.stdout).toContain('UNLIMITED_APPROVAL (to sign, add --accept UNLIMITED_APPROVAL)');
    expect(human.stdout).toContain('Token call: approve on 0x3535353535353535353535353535353535353535 spender 0x3535353535353535353535353535353535353535, UNLIMITED');
  });

  it('refusals: another wallet (passphrase), an unknown --accept code, a missing part, no words', async () => {
    const other = await runInProcess(['eth', 'sign', '--json', '--passphrase'], { stdin: stdin([requestUr(ethRequest(utf8('x'), DataType.personalMessage))], 'TREZOR') });
    expect(errorOf(other)).toMatchObject({ code: 'BAD_ETH_REQUEST', message: expect.stringContaining('This request is for another wallet') });
    expect(errorOf(await runInProcess(['eth', 'sign', '--json', '--accept', 'NOPE'], { stdin: stdin([]) })).code).toBe('USAGE');
    const parts = requestParts(txRequest({ ...tx, data: `0x${'11'.repeat(300)}` }), 80);
    expect(errorOf(await runInProcess(['eth', 'review', '--json'], { stdin: stdin(parts.slice(1)) }))).toMatchObject({ code: 'BAD_ETH_REQUEST', message: expect.stringContaining('Parts are missing') });
    expect(errorOf(await runInProcess(['eth', 'review', '--json'], { stdin: `${parts[0]}\n` })).code).toBe('USAGE');
  });
  it('a new user\'s mistakes on standard input: a passphrase without --passphrase (never echoed), the request where the passphrase goes, a stray line named by its line of standard input', async () => {
    const ur = requestUr(ethRequest(utf8('hello'), DataType.personalMessage));
    const forgot = await runInProcess(['eth', 'sign', '--json'], { stdin: `${ABANDON}\nmy secret pass\n\n${ur}\n` });
    expect(forgot.code).toBe(2);
    expect(errorOf(forgot)).toEqual({ code: 'USAGE', message: "line 2 of standard input should be blank (then the request's UR parts); if it is your passphrase, add --passphrase" });
    expect(forgot.stderr).not.toContain('secret');
    const noPassphrase = await runInProcess(['eth', 'review', '--json', '--passphrase'], { stdin: `${ABANDON}\n${ur}\n` });
    expect(errorOf(noPassphrase)).toMatchObject({ code: 'USAGE', message: expect.stringContaining('line 2 of standard input should be the passphrase, but it is the request') });
    const stray = await runInProcess(['eth', 'review', '--json'], { stdin: `${ABANDON}\n\n${ur}\n0xdeadbeef\n` });
    expect(errorOf(stray)).toEqual({ code: 'BAD_ETH_REQUEST', message: 'Line 4: this QR code is not an Ethereum signing request (not a UR).' });
    // Without the blank line the request is still read (the UR cannot be mistaken for anything else).
    expect((await runInProcess(['eth', 'review', '--json'], { stdin: `${ABANDON}\n${ur}\n` })).code).toBe(0);
  });

  it('EIP-712 with an empty domain: TYPED_DATA_UNBOUND in review (JSON and words), amber — signed without --accept, verified by ethers', async () => {
    const mail = { types: { EIP712Domain: [], Mail: [{ name: 'contents', type: 'string' }] }, primaryType: 'Mail', domain: {}, message: { contents: 'Hello, Bob!' } };
    const input = stdin([requestUr(ethRequest(utf8(JSON.stringify(mail)), DataType.typedData))]);
    const j = (await runInProcess(['eth', 'review', '--json'], { stdin: input })).json();
    expect(j.warnings).toEqual([{ code: 'TYPED_DATA_UNBOUND', message: expect.stringContaining('names no chain and no contract'), needsAck: false }]);
    const human = await runInProcess(['eth', 'review'], { stdin: input });
    expect(human.stdout).toContain('  TYPED_DATA_UNBOUND: This typed data names no chain and no contract');
    const signed = await runInProcess(['eth', 'sign', '--json'], { stdin: input });
    expect(signed.code).toBe(0);
    expect(verifyTypedData({}, { Mail: mail.types.Mail }, mail.message, `0x${signatureOf(signed.json().signatureUr).getSignature().toString('hex')}`)).toBe(ABANDON_ADDRESS_0);
  });

  it('human review says what kind of request it is, on which chain', async () => {
    const m = await runInProcess(['eth', 'review'], { stdin: stdin([requestUr(ethRequest(utf8('hello'), DataType.personalMessage))]) });
    expect(m.stdout).toContain(`Request ${REQUEST_UUID} from metamask: a personal message (personal_sign), no chain named.`);
    const t = await runInProcess(['eth', 'review'], { stdin: stdin([requestUr(txRequest(tx))]) });
    expect(t.stdout).toContain(`Request ${REQUEST_UUID} from metamask: a transaction on Ethereum (chain 1).`);
  });
});
