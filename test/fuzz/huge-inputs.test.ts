/**
 * Issue 13, the huge inputs: 10 MB strings, lengths claimed at 2^32 and 2^64, nesting 100,000 deep. Each parser
 * answers with a WalletError (or a result) well inside a generous hang guard, never a TypeError/RangeError or a
 * stack overflow. The times are measured by `npm run fuzz` (FUZZ_COUNT set) and recorded in docs/FUZZING.md.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  checkMnemonic,
  decodeRlp,
  decodeSeedQr,
  decodeShare,
  decryptVault,
  parseFlips,
  parsePath,
  parsePsbt,
  parseRolls,
  parseTypedData,
  parseWalletConfig,
  readEthRequestText,
  TransactionScan,
} from '../../electron/core';
import { decodeCbor } from '../../electron/core/codecs/cbor';
import { decodeBytewords } from '../../electron/core/codecs/ur/bytewords';
import { UrDecoder } from '../../electron/core/codecs/ur/ur';
import { WalletError } from '../../electron/core/errors';
import { requestSchemas } from '../../electron/main/schemas';

const MB10 = 10 * 1024 * 1024;
const timed: Array<{ parser: string; input: string; ms: number; outcome: string }> = [];

/** Runs a parser on a huge input: a WalletError or a value, never anything else. Records the time. */
async function answer(parser: string, input: string, run: () => unknown): Promise<string> {
  const t0 = performance.now();
  let outcome: string;
  try {
    const r = run();
    if (typeof (r as { then?: unknown } | null)?.then === 'function') await r;
    outcome = 'accepted';
  } catch (e) {
    if (!(e instanceof WalletError)) throw new Error(`${parser} on ${input}: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)}`);
    outcome = `WalletError ${e.code}`;
  }
  timed.push({ parser, input, ms: performance.now() - t0, outcome });
  return outcome;
}

describe('10 MB strings', () => {
  const words = 'abandon '.repeat(MB10 / 8);
  const junk = 'x'.repeat(MB10);
  it.each([
    ['checkMnemonic', () => checkMnemonic(words)],
    ['decodeShare', () => decodeShare(junk)],
    ['parseRolls', () => parseRolls('123456'.repeat(MB10 / 6) + 'x')],
    ['parseFlips', () => parseFlips('HT'.repeat(MB10 / 2) + 'x')],
    ['decodeSeedQr', () => decodeSeedQr({ text: '1'.repeat(MB10) })],
    ['decodeBytewords', () => decodeBytewords('ae'.repeat(MB10 / 2), 'minimal')],
    ['UrDecoder', () => new UrDecoder().receive(`ur:bytes/${'ae'.repeat(MB10 / 2)}`)],
    ['TransactionScan', () => new TransactionScan().add(junk)],
    ['parsePsbt (text)', () => parsePsbt(junk)],
    ['parseWalletConfig', () => parseWalletConfig(junk)],
    ['parseTypedData', () => parseTypedData(`{"types":{"A":[{"name":"${junk}","type":"string"}]}}`)],
    ['parsePath', () => parsePath(`m/${'1/'.repeat(MB10 / 2)}`)],
  ])('%s answers a 10 MB input with a WalletError or a value', async (name, run) => {
    await answer(name, '10 MB', run);
  }, 60_000);
  it('a 10 MB phrase, share or request text is refused by its size limit before anything is read', async () => {
    expect(await answer('decodeShare (size limit)', '10 MB', () => decodeShare('academic '.repeat(MB10 / 9)))).toBe('WalletError WRONG_WORD_COUNT');
    expect(await answer('readEthRequestText (size limit)', '10 MB', () => readEthRequestText(`ur:eth-sign-request/${'ae'.repeat(MB10 / 2)}`))).toBe('WalletError BAD_ETH_REQUEST');
    expect(() => readEthRequestText(`ur:eth-sign-request/${'ae'.repeat(MB10 / 2)}`)).toThrow(/at most 400,000/);
    expect(checkMnemonic(words)).toMatchObject({ ok: false, problems: [{ kind: 'too-long', limit: 10_000 }] });
  });
  it('decryptVault: a 10 MB file is refused by its size before anything is read', async () => {
    expect(await answer('decryptVault', '10 MB', () => decryptVault(new Uint8Array(MB10), 'x'))).toBe('WalletError BAD_BACKUP_FILE');
  });
  it('every IPC schema refuses a 10 MB string in every field it has', () => {
    for (const [channel, schema] of Object.entries(requestSchemas)) {
      const t0 = performance.now();
      const r = schema.safeParse({ walletId: junk, words: junk, text: junk, passphrase: junk, input: junk, path: junk });
      expect(r.success, channel).toBe(false);
      timed.push({ parser: `IPC schema ${channel}`, input: '10 MB', ms: performance.now() - t0, outcome: 'refused' });
    }
  });
});

describe('lengths claimed at 2^32 and 2^64', () => {
  it.each([
    ['CBOR byte string of 2^32-1', '5affffffff00'],
    ['CBOR byte string of 2^64-1', '5bffffffffffffffff00'],
    ['CBOR array of 2^32', '9b000000010000000000'],
    ['CBOR map of 2^64-1', 'bbffffffffffffffff00'],
    ['CBOR tag 2^64-1', 'dbffffffffffffffff00'],
  ])('%s', async (name, hex) => {
    expect(await answer('decodeCbor', name, () => decodeCbor(hexToBytes(hex)))).toMatch(/^WalletError/);
  });
  it.each([
    // "psbt" 0xff, then a key of compact size 0xff + 2^64-1, and of 0xfe + 2^32-1.
    ['PSBT key length 2^64-1', '70736274ff' + 'ff' + 'ffffffffffffffff'],
    ['PSBT key length 2^32-1', '70736274ff' + 'fe' + 'ffffffff'],
    ['PSBT value length 2^64-1', '70736274ff' + '0100' + 'ff' + 'ffffffffffffffff'],
  ])('%s', async (name, hex) => {
    expect(await answer('parsePsbt', name, () => parsePsbt(hexToBytes(hex)))).toMatch(/^WalletError/);
  });
  it.each([
    ['RLP string of 2^64-1', 'bfffffffffffffffff'],
    ['RLP list of 2^64-1', 'ffffffffffffffffff'],
    ['RLP string of 2^32', 'bc0100000000'],
  ])('%s', async (name, hex) => {
    expect(await answer('decodeRlp', name, () => decodeRlp(hexToBytes(hex)))).toMatch(/^WalletError/);
  });
  it('a UR frame claiming 2^32 parts of 2^64 bytes', async () => {
    const status = new UrDecoder().receive(`ur:bytes/${2 ** 32}-${2 ** 32}/lpamchcfatttcyclehgsdphdhgehfghkkkdl`);
    expect(status.kind).toBe('invalid');
  });
});

describe('nesting 100,000 deep', () => {
  const DEEP = 100_000;
  it('CBOR: 100,000 nested arrays, maps and tags', async () => {
    for (const [name, byte] of [['arrays', 0x81], ['maps', 0xa1], ['tags', 0xc1]] as const) {
      const bytes = new Uint8Array(DEEP + 1).fill(byte);
      bytes[DEEP] = 0x00;
      expect(await answer('decodeCbor', `100k nested ${name}`, () => decodeCbor(bytes))).toMatch(/^WalletError/);
    }
  });
  it('RLP: 100,000 nested lists', async () => {
    const bytes = new Uint8Array(DEEP).fill(0xc1);
    bytes[DEEP - 1] = 0xc0;
    expect(await answer('decodeRlp', '100k nested lists', () => decodeRlp(bytes))).toMatch(/^WalletError/);
  });
  it('EIP-712 JSON: 100,000 nested arrays', async () => {
    expect(await answer('parseTypedData', '100k nested JSON arrays', () => parseTypedData('['.repeat(DEEP) + ']'.repeat(DEEP)))).toMatch(/^WalletError/);
  });
  it('multisig configuration: a descriptor nested 100,000 deep', async () => {
    expect(await answer('parseWalletConfig', '100k nested sh(', () => parseWalletConfig('sh('.repeat(DEEP) + ')'.repeat(DEEP)))).toMatch(/^WalletError/);
  });
  it('IPC: a payload nested 100,000 deep is refused by every schema without a stack overflow', () => {
    let deep: unknown = {};
    for (let i = 0; i < DEEP; i++) deep = { words: deep, text: [deep] };
    for (const [channel, schema] of Object.entries(requestSchemas)) expect(schema.safeParse(deep).success, channel).toBe(false);
  });
});

describe.runIf(process.env.FUZZ_COUNT !== undefined)('report (only under npm run fuzz)', () => {
  it('prints each huge input with its time', () => {
    for (const t of timed.sort((a, b) => b.ms - a.ms)) process.stdout.write(`${t.parser} | ${t.input} | ${t.ms.toFixed(1)} ms | ${t.outcome}\n`);
  });
});
