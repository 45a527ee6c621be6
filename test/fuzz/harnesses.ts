/**
 * One harness per parser of untrusted input (issue 13): what a camera, a file, a paste, the command line's
 * standard input or the renderer can hand to the core or the main process. Seeds are official vectors and
 * outputs of our own encoders; each oracle says when accepting an input is wrong.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { validateMnemonic } from '@scure/bip39';
import { wordlist as englishWords } from '@scure/bip39/wordlists/english.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  BbqrDecoder,
  buildVaultDocument,
  checkMnemonic,
  decodeEthSignRequest,
  decodeRlp,
  decodeSeedQr,
  decodeShare,
  decryptVault,
  deriveAccount,
  encodeBbqr,
  encodeCompactSeedQr,
  encodeStandardSeedQr,
  hashTypedData,
  encryptVault,
  multisigDescriptors,
  openWallet,
  parseFlips,
  parsePsbt,
  parseRolls,
  parseTypedData,
  parseTypedTransaction,
  parseLegacyTransaction,
  parseWalletConfig,
  readEthRequestText,
  serializePsbt,
  SLIP39_WORDLIST,
  TransactionScan,
  UrEncoder,
  VAULT_ACCOUNT_SPECS,
} from '../../electron/core';
import type { BbqrResult } from '../../electron/core/codecs/bbqr';
import { CborMap, CborTag, decodeCbor, encodeCbor, type CborValue } from '../../electron/core/codecs/cbor';
import { WalletError } from '../../electron/core/errors';
import { BYTEWORDS, decodeBytewords, encodeBytewords } from '../../electron/core/codecs/ur/bytewords';
import { decodePart, encodePart } from '../../electron/core/codecs/ur/fountain';
import { UrDecoder } from '../../electron/core/codecs/ur/ur';
import { encodeShare } from '../../electron/core/backup/slip39/share';
import { requestSchemas } from '../../electron/main/schemas';
import { DataType } from '@keystonehq/bc-ur-registry-eth';
import { ethRequest as keystoneRequest, permitTypedData, requestUr, txRequest, unsignedTx, utf8 } from '../helpers/eth-requests';
import { equalBytes, mutateBytes, mutateText, type Harness, type Rng } from './engine';
import { bbqrAgrees, ethRequestReencodes, ethTransactionAgrees, ipcPayloadSound, multisigRoundTrip, rlpRoundTrip, typedDataAgrees, validValue } from './oracles';

const json = (file: string): unknown => JSON.parse(readFileSync(`test/vectors/${file}`, 'utf8'));

/** Mostly a mutated seed; now and then random text or bytes, or a seed cut at a random point. */
const textInput =
  (alphabet: readonly string[] = []) =>
  (rng: Rng, seeds: readonly string[]): string => {
    if (rng.chance(0.05)) return Array.from({ length: rng.int(200) }, () => (alphabet.length && rng.chance(0.7) ? rng.pick(alphabet) : String.fromCharCode(rng.int(0x2fff)))).join('');
    return mutateText(rng, rng.pick(seeds), alphabet);
  };
const bytesInput = (rng: Rng, seeds: readonly Uint8Array[]): Uint8Array => (rng.chance(0.05) ? rng.bytes(rng.int(300)) : mutateBytes(rng, rng.pick(seeds), seeds));

/* ---------- BIP39 words ---------- */

const bip39Vectors = (json('bip39-vectors.json') as Record<string, string[][]>).english as string[][];
const bip39Seeds = bip39Vectors.map((v) => v[1] as string);
const bip39: Harness<string> = {
  name: 'BIP39 words (checkMnemonic)',
  seeds: bip39Seeds,
  input: (rng, seeds) => (rng.chance(0.3) ? replaceWords(rng, rng.pick(seeds), englishWords) : textInput(englishWords.slice(0, 64).map((w) => ` ${w}`))(rng, seeds)),
  run: (input) => {
    const check = checkMnemonic(input);
    if (!check.ok) throw new WalletErrorLike();
    return check;
  },
  // @scure/bip39 is the reference: every phrase we accept, it validates too.
  wrongAccept: (_input, result) => {
    const check = result as Extract<ReturnType<typeof checkMnemonic>, { ok: true }>;
    return validateMnemonic(check.mnemonic, englishWords) ? null : `@scure/bip39 refuses the phrase we accepted: ${check.mnemonic}`;
  },
};

/** checkMnemonic reports problems instead of throwing: a refused phrase is a WalletError here. */
class WalletErrorLike extends WalletError {
  constructor() {
    super('INVALID_ARGUMENT', 'refused');
  }
}

function replaceWords(rng: Rng, phrase: string, list: readonly string[]): string {
  const words = phrase.split(' ');
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) words[rng.int(words.length)] = rng.pick(list);
  return words.join(' ');
}

/* ---------- SLIP-39 shares ---------- */

const slip39Seeds = (json('slip39-vectors.json') as Array<[string, string[], string]>).flatMap((v) => v[1]);
const slip39: Harness<string> = {
  name: 'SLIP-39 shares (decodeShare)',
  seeds: slip39Seeds,
  input: (rng, seeds) => (rng.chance(0.5) ? substituteShareWords(rng, rng.pick(seeds)) : textInput(SLIP39_WORDLIST.slice(0, 64).map((w) => ` ${w}`))(rng, seeds)),
  run: (input) => decodeShare(input),
  wrongAccept: (input, result) => {
    // RS1024 detects any error in up to 3 words: a seed with 1-3 words changed is never a share.
    const typed = input.trim().toLowerCase().split(/\s+/);
    const seed = slip39Seeds.find((s) => s.split(' ').length === typed.length && s.split(' ').filter((w, i) => w !== typed[i]).length <= 3);
    if (seed && seed !== typed.join(' ')) {
      const changed = seed.split(' ').filter((w, i) => w.slice(0, 4) !== (typed[i] ?? '').slice(0, 4)).length;
      if (changed > 0 && changed <= 3) return `${changed} word(s) of a valid share changed and the checksum still passed`;
    }
    // What was accepted encodes back to the same words (as their first four letters).
    const again = encodeShare(result as ReturnType<typeof decodeShare>).split(' ').map((w) => w.slice(0, 4));
    return again.join(' ') === typed.map((w) => w.slice(0, 4)).join(' ') ? null : 'the share does not encode back to the words given';
  },
};

function substituteShareWords(rng: Rng, share: string): string {
  const words = share.split(' ');
  const n = 1 + rng.int(3);
  const used = new Set<number>();
  while (used.size < n) used.add(rng.int(words.length));
  for (const i of used) {
    let w = rng.pick(SLIP39_WORDLIST);
    while (w === words[i]) w = rng.pick(SLIP39_WORDLIST);
    words[i] = w;
  }
  return words.join(' ');
}

/* ---------- dice and coins ---------- */

/** parseRolls accepts what parseFlips refuses and the other way round: each is judged on its own. */
const orNull = <T>(f: () => T): T | null => {
  try {
    return f();
  } catch (e) {
    if (e instanceof WalletError) return null;
    throw e;
  }
};
const dice: Harness<string> = {
  name: 'dice rolls and coin flips (parseRolls, parseFlips)',
  seeds: ['1 2 3 4 5 6 6 5 4 3 2 1', '123456'.repeat(20), 'H T H H T 1 0 1', 'HTHTHTHTHT'.repeat(13)],
  input: textInput(['1', '2', '3', '4', '5', '6', 'H', 'T', '0', ' ', ',', ';', '\n']),
  run: (input) => ({ rolls: orNull(() => parseRolls(input)), flips: orNull(() => parseFlips(input)) }),
  wrongAccept: (_input, result) => {
    const { rolls, flips } = result as { rolls: string | null; flips: string | null };
    if (rolls !== null && !/^[1-6]*$/.test(rolls)) return `rolls hold something other than 1-6: ${rolls.slice(0, 40)}`;
    if (flips !== null && !/^[01]*$/.test(flips)) return `flips hold something other than 0/1: ${flips.slice(0, 40)}`;
    return null;
  },
};

/* ---------- SeedQR ---------- */

const seedqrVectors = (json('seedqr-vectors.json') as { vectors: Array<{ mnemonic: string; standard_digit_stream: string; compact_bytes_hex: string }> }).vectors;
type SeedQrInput = { text?: string; bytes?: Uint8Array };
const seedqr: Harness<SeedQrInput> = {
  name: 'SeedQR (decodeSeedQr)',
  seeds: seedqrVectors.flatMap((v) => [{ text: v.standard_digit_stream }, { bytes: hexToBytes(v.compact_bytes_hex) }]),
  input: (rng, seeds) => {
    const s = rng.pick(seeds);
    if (s.text !== undefined) return { text: textInput(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])(rng, [s.text]) };
    return { bytes: bytesInput(rng, [s.bytes as Uint8Array]) };
  },
  run: (input) => decodeSeedQr(input),
  // What was accepted encodes back to exactly the payload scanned.
  wrongAccept: (input, result) => {
    const { mnemonic, format } = result as ReturnType<typeof decodeSeedQr>;
    if (format === 'standard') return encodeStandardSeedQr(mnemonic) === input.text?.trim() ? null : 'the words do not encode back to the digits';
    return input.bytes && equalBytes(encodeCompactSeedQr(mnemonic), input.bytes) ? null : 'the words do not encode back to the bytes';
  },
  describe: (i) => (i.text !== undefined ? JSON.stringify(i.text.slice(0, 120)) : `hex ${bytesToHex((i.bytes ?? new Uint8Array()).slice(0, 60))}`),
};

/* ---------- bytewords ---------- */

const bytewordsSeeds = [new Uint8Array(0), Uint8Array.of(0), hexToBytes('d9012ca20150c7098580125e2ab0981253468b2dbc5202d8641947da'), new Uint8Array(300).map((_, i) => (i * 7) & 0xff)].map((b) => encodeBytewords(b, 'minimal'));
const bytewords: Harness<string> = {
  name: 'bytewords (decodeBytewords, minimal)',
  seeds: bytewordsSeeds,
  input: textInput(BYTEWORDS.slice(0, 32).map((w) => `${w[0]}${w[3]}`)),
  run: (input) => decodeBytewords(input, 'minimal'),
  // Minimal bytewords are two letters a byte plus a CRC-32: only the exact encoding of what was accepted is valid.
  wrongAccept: (input, result) => (encodeBytewords(result as Uint8Array, 'minimal') === input.toLowerCase() ? null : 'accepted text is not the encoding of its bytes (CRC-32 passed a changed body)'),
};

/* ---------- CBOR ---------- */

const cborSeeds: Uint8Array[] = [
  encodeCbor([1, -1, 'text', new Uint8Array(3), true, false, null, [2 ** 40, -(2 ** 40)]]),
  hexToBytes('a2f500f401'),
  hexToBytes('d90130a20186182cf500f500f5021a37b5eed4'),
];
for (const ur of collectUrs()) {
  try {
    cborSeeds.push(decodeBytewords(ur.split('/').pop() as string, 'minimal'));
  } catch {
    /* multi-part or foreign: not a seed */
  }
}
const cbor: Harness<Uint8Array> = {
  name: 'CBOR (decodeCbor, strict)',
  seeds: cborSeeds,
  input: bytesInput,
  run: (input) => decodeCbor(input),
  // Deterministic encoding is unique: whatever is accepted encodes back to exactly its bytes, and no map holds
  // two keys with the same encoding (RFC 8949 §4.2.1: keys in strictly increasing bytewise order).
  wrongAccept: (input, result) => {
    if (!equalBytes(encodeCbor(result as CborValue), input)) return 'accepted bytes are not the deterministic encoding of their value';
    return keysInOrder(result as CborValue) ? null : 'a map was accepted with keys repeated or out of order';
  },
};

function keysInOrder(v: CborValue): boolean {
  if (v instanceof CborTag) return keysInOrder(v.value);
  if (Array.isArray(v)) return v.every(keysInOrder);
  if (!(v instanceof CborMap)) return true;
  const keys = v.entries.map(([k]) => bytesToHex(encodeCbor(k)));
  for (let i = 1; i < keys.length; i++) {
    const a = keys[i - 1] as string;
    const b = keys[i] as string;
    // Hex of equal-length prefixes compares like the bytes; a shorter prefix sorts first.
    if (!(a < b)) return false;
  }
  return v.entries.every(([k, val]) => keysInOrder(k) && keysInOrder(val));
}

function collectUrs(): string[] {
  const text = ['bc-ur-reference-tests.json', 'bcr-ur-examples-v1-crypto-types.json', 'keystone-ur-registry-test-vectors.json'].map((f) => readFileSync(`test/vectors/${f}`, 'utf8')).join('\n');
  return [...new Set(text.match(/ur:[a-z0-9-]+\/[a-z0-9/-]+/gi) ?? [])];
}

/* ---------- UR + fountain (a whole animated stream) ---------- */

const urMessage = new Uint8Array(1200).map((_, i) => (i * 31 + 7) & 0xff);
const urStream = (() => {
  const encoder = new UrEncoder({ type: 'bytes', cbor: encodeCbor(urMessage) }, 100);
  return Array.from({ length: encoder.seqLen * 2 }, () => encoder.nextPart());
})();
const ur: Harness<string[]> = {
  name: 'UR + fountain (UrDecoder over a stream of frames)',
  seeds: [urStream],
  input: (rng, seeds) => {
    const frames = [...(seeds[0] as string[])].sort(() => rng.next() - 0.5).slice(0, 12 + rng.int(30));
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) {
      const i = rng.int(frames.length);
      const f = frames[i] as string;
      const cut = f.lastIndexOf('/') + 1;
      frames[i] = rng.chance(0.5) ? f.slice(0, cut) + mutateText(rng, f.slice(cut), BYTEWORDS.slice(0, 32).map((w) => `${w[0]}${w[3]}`)) : mutateText(rng, f);
    }
    return frames;
  },
  run: (frames) => {
    const decoder = new UrDecoder();
    let last = null as ReturnType<UrDecoder['receive']> | null;
    for (const f of frames) last = decoder.receive(f);
    return last;
  },
  // A completed stream is the message sent, whatever was mixed in — or one of the frames given was itself a whole
  // single-part UR (a mutation that cut out "n-m/" leaves a valid UR of a fountain part's bytes, CRC-32 intact).
  wrongAccept: (frames, result) => {
    const r = result as ReturnType<UrDecoder['receive']>;
    if (r?.kind !== 'complete') return null;
    const value = decodeCbor(r.ur.cbor);
    if (value instanceof Uint8Array && equalBytes(value, urMessage)) return null;
    const single = frames.some((f) => {
      const whole = new UrDecoder().receive(f);
      return whole.kind === 'complete' && equalBytes(whole.ur.cbor, r.ur.cbor);
    });
    return single ? null : 'the stream completed with other bytes than were sent';
  },
  describe: (frames) => `${frames.length} frames, e.g. ${JSON.stringify((frames[0] ?? '').slice(0, 80))}`,
};

const fountainSeeds = urStream.slice(0, 8).map((f) => decodeBytewords(f.slice(f.lastIndexOf('/') + 1), 'minimal'));
const fountain: Harness<Uint8Array> = {
  name: 'fountain parts (decodePart)',
  seeds: fountainSeeds,
  input: bytesInput,
  run: (input) => decodePart(input),
  wrongAccept: (input, result) => (equalBytes(encodePart(result as ReturnType<typeof decodePart>), input) ? null : 'the part does not encode back to its bytes'),
};

/* ---------- PSBT v0 / v2 ---------- */

const psbtSeeds = ['bip174-psbt-vectors.json', 'bip370-psbt-vectors.json'].flatMap((f) =>
  (json(f) as { groups: Array<{ cases: Array<{ hex?: string; base64?: string }> }> }).groups.flatMap((g) =>
    (g.cases ?? []).flatMap((c) => {
      const hex = (c.hex ?? '').replace(/[^0-9a-f]/gi, '');
      return hex.length >= 10 && hex.length % 2 === 0 ? [hexToBytes(hex)] : [];
    }),
  ),
);
const psbt: Harness<Uint8Array> = {
  name: 'PSBT v0/v2 (parsePsbt)',
  seeds: psbtSeeds,
  input: bytesInput,
  run: (input) => parsePsbt(input),
  // What we accept we can write back, and read again.
  wrongAccept: (_input, result) => {
    try {
      parsePsbt(serializePsbt(result as ReturnType<typeof parsePsbt>));
      return null;
    } catch (e) {
      return `accepted, but its own serialization is refused: ${(e as Error).message.slice(0, 120)}`;
    }
  },
};

/* ---------- QR frames of a transaction: UR, BBQr, base64, hex ---------- */

/** A valid PSBT (the last of the vectors that parses: the vector files end with invalid cases). */
const scanPsbt = [...psbtSeeds].reverse().find((p) => orNull(() => parsePsbt(p)) !== null) as Uint8Array;
const scanSeeds: string[][] = [
  encodeBbqr(scanPsbt, 'P', { encoding: 'Z', maxChars: 200 }),
  encodeBbqr(scanPsbt, 'P', { encoding: '2', maxChars: 200 }),
  (() => {
    const e = new UrEncoder({ type: 'psbt', cbor: encodeCbor(scanPsbt) }, 60);
    return Array.from({ length: e.seqLen + 6 }, () => e.nextPart());
  })(),
];
const scan: Harness<string[]> = {
  name: 'transaction QR frames (TransactionScan: UR, BBQr, base64, hex)',
  seeds: scanSeeds,
  input: (rng, seeds) => {
    const frames = [...rng.pick(seeds)];
    // Sometimes no frame is mutated (a whole stream, repeats mixed in, in any order), so streams complete.
    const n = rng.int(4);
    for (let k = 0; k < n; k++) {
      const i = rng.int(frames.length);
      frames[i] = mutateText(rng, frames[i] as string);
    }
    if (rng.chance(0.2)) frames.push(rng.pick(rng.pick(seeds)));
    return frames.sort(() => rng.next() - 0.5);
  },
  run: (frames) => {
    const s = new TransactionScan();
    for (const f of frames) s.add(f);
    // Every frame gets a status (never a throw); only a completed scan counts as accepted.
    if (!s.complete) throw new WalletErrorLike();
    return s.result();
  },
  // A PSBT or transaction read is what the frames say: the UR stream's PSBT (CRC-32 checked; or a frame that is
  // itself a whole UR), what a choice of the BBQr parts given decodes to, or one base64/hex frame's bytes.
  wrongAccept: (frames, result) => {
    const r = result as ReturnType<TransactionScan['result']>;
    const bytes = r.kind === 'psbt' ? r.bytes : hexToBytes(r.hex);
    if (r.format === 'bbqr') {
      const whys = (['Z', '2', 'H'] as const).map((encoding) => bbqrAgrees(frames, { fileType: r.kind === 'psbt' ? 'P' : 'T', encoding, data: bytes }));
      return whys.includes(null) ? null : (whys[0] as string);
    }
    if (r.format === 'ur2' || r.format === 'ur1') {
      if (equalBytes(bytes, scanPsbt)) return null;
      const single = frames.some((f) => {
        const whole = new UrDecoder().receive(f.trim());
        if (whole.kind !== 'complete') return false;
        const v = decodeCbor(whole.ur.cbor);
        const inner = v instanceof CborTag ? v.value : v;
        return inner instanceof Uint8Array && equalBytes(inner, bytes);
      });
      return single ? null : 'the UR stream completed with another PSBT than was sent';
    }
    const given = frames.some((f) => {
      const compact = f.replace(/\s+/g, '');
      return compact === bytesToHex(bytes) || compact.toLowerCase() === bytesToHex(bytes) || compact === Buffer.from(bytes).toString('base64');
    });
    return given ? null : `the ${r.format ?? 'single'} frame's bytes are not those read`;
  },
  describe: describeFrames,
};

function describeFrames(frames: string[]): string {
  return `${frames.length} frames, e.g. ${JSON.stringify((frames[0] ?? '').slice(0, 80))}`;
}

const bbqr: Harness<string[]> = {
  name: 'BBQr parts (BbqrDecoder)',
  seeds: scanSeeds.slice(0, 2),
  input: scan.input,
  run: (parts) => {
    const d = new BbqrDecoder();
    for (const p of parts) d.add(p);
    if (!d.complete) throw new WalletErrorLike();
    return d.result();
  },
  wrongAccept: (parts, result) => bbqrAgrees(parts, result as BbqrResult),
  describe: describeFrames,
};

/* ---------- multisig configuration files ---------- */

const multisigSeeds = [
  readFileSync('test/fixtures/coldcard-multisig-2of3-p2wsh.txt', 'utf8'),
  readFileSync('test/fixtures/coldcard-multisig-2of3-p2sh-p2wsh-testnet.txt', 'utf8'),
];
// The same wallets as descriptors (with their BIP380 checksum), written by our own code.
for (const text of [...multisigSeeds]) multisigSeeds.push(...Object.values(multisigDescriptors(parseWalletConfig(text).wallet)).filter((d): d is string => typeof d === 'string'));
const multisig: Harness<string> = {
  name: 'multisig configurations (parseWalletConfig: descriptor, BSMS, Coldcard, UR)',
  seeds: multisigSeeds,
  input: textInput(),
  run: (input) => parseWalletConfig(input),
  wrongAccept: (input, result) =>
    multisigRoundTrip(
      input,
      (result as ReturnType<typeof parseWalletConfig>).wallet,
      (w) => multisigDescriptors(w) as unknown as Record<string, string>,
      (d, w) => parseWalletConfig(d, { network: w.network, name: w.name }).wallet,
    ),
};

/* ---------- Ethereum: EIP-4527 requests, RLP, transactions, EIP-712 ---------- */

const ABANDON_ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const ethVectors = json('ethereum-vectors.json') as { eip155_example: { signing_data: string }; eip712_mail_example: { typedData: unknown } };
const rlpSeeds = [hexToBytes(ethVectors.eip155_example.signing_data.replace(/^0x/, '')), hexToBytes('c0'), hexToBytes('80'), hexToBytes('f84b') ];
const rlp: Harness<Uint8Array> = {
  name: 'RLP (decodeRlp)',
  seeds: rlpSeeds,
  input: bytesInput,
  run: (input) => decodeRlp(input),
  wrongAccept: (input, result) => rlpRoundTrip(input, result as ReturnType<typeof decodeRlp>),
};
const ethTx: Harness<Uint8Array> = {
  name: 'Ethereum transactions (legacy and typed)',
  seeds: [
    rlpSeeds[0] as Uint8Array,
    Uint8Array.of(0x02, ...(rlpSeeds[0] as Uint8Array)),
    Uint8Array.of(0x01, ...(rlpSeeds[0] as Uint8Array)),
    // Unsigned EIP-2930 and EIP-1559 transactions as ethers serializes them, with an access list.
    unsignedTx({ type: 1, chainId: 1, nonce: 7, gasPrice: 20_000_000_000n, gasLimit: 60_000n, to: ABANDON_ADDRESS, value: 10n ** 16n, data: '0xa9059cbb', accessList: [{ address: ABANDON_ADDRESS, storageKeys: [`0x${'11'.repeat(32)}`] }] }),
    unsignedTx({ type: 2, chainId: 137, nonce: 0, maxPriorityFeePerGas: 1_500_000_000n, maxFeePerGas: 30_000_000_000n, gasLimit: 21_000n, to: ABANDON_ADDRESS, value: 1n, data: '0x' }),
    unsignedTx({ type: 0, chainId: 5, nonce: 1, gasPrice: 1n, gasLimit: 100_000n, to: null, value: 0n, data: '0x6080604052' }),
  ],
  input: bytesInput,
  run: (input) => ((input[0] ?? 0) < 0x80 ? parseTypedTransaction(input) : parseLegacyTransaction(input)),
  wrongAccept: (input, result) => ethTransactionAgrees(input, result as ReturnType<typeof parseLegacyTransaction>),
};
const typedDataSeeds = [
  JSON.stringify(ethVectors.eip712_mail_example.typedData),
  JSON.stringify(permitTypedData('1000000')),
  // No EIP712Domain type (derived from the domain's fields), arrays of structs, signed and fixed-size values.
  JSON.stringify({
    types: { Order: [{ name: 'items', type: 'Item[]' }, { name: 'tag', type: 'bytes4' }, { name: 'delta', type: 'int64' }, { name: 'ok', type: 'bool' }, { name: 'note', type: 'bytes' }], Item: [{ name: 'id', type: 'uint8' }, { name: 'to', type: 'address' }] },
    primaryType: 'Order',
    domain: { name: 'Shop', chainId: 1, verifyingContract: ABANDON_ADDRESS },
    message: { items: [{ id: 1, to: ABANDON_ADDRESS }, { id: '0x02', to: ABANDON_ADDRESS.toLowerCase() }], tag: '0x01020304', delta: '-5', ok: true, note: '0xdeadbeef' },
  }),
];
const eip712: Harness<string> = {
  name: 'EIP-712 typed data JSON (parseTypedData, hashTypedData)',
  seeds: typedDataSeeds,
  input: textInput(['{', '}', '[', ']', '"', ':', ',', 'uint256', 'address', 'bytes32', 'string', '0x', '1e400', '-1', 'int8', 'bool', 'Item', '[]', 'EIP712Domain']),
  run: (input) => hashTypedData(parseTypedData(input)),
  wrongAccept: (input, result) => typedDataAgrees(input, result as ReturnType<typeof hashTypedData>),
};
const ethRequestSeeds = [
  ...collectUrs().filter((u) => u.toLowerCase().startsWith('ur:eth-sign-request/')),
  // Written by Keystone's registry (what MetaMask uses): a typed transaction, typed data, a message.
  requestUr(txRequest({ type: 2, chainId: 1, nonce: 3, maxPriorityFeePerGas: 1n, maxFeePerGas: 2n, gasLimit: 21_000n, to: ABANDON_ADDRESS, value: 5n, data: '0x' })),
  requestUr(keystoneRequest(utf8(JSON.stringify(permitTypedData('1'))), DataType.typedData, { chainId: 1 })),
  requestUr(keystoneRequest(utf8('Sign in to example.org'), DataType.personalMessage, { origin: 'example.org' })),
];
const ethRequest: Harness<string> = {
  name: 'EIP-4527 eth-sign-request (readEthRequestText, decodeEthSignRequest)',
  seeds: ethRequestSeeds,
  input: (rng, seeds) => {
    const s = rng.pick(seeds);
    const cut = s.lastIndexOf('/') + 1;
    if (rng.chance(0.6)) {
      // Keep the bytewords valid: mutate the CBOR underneath.
      const cborBytes = decodeBytewords(s.slice(cut), 'minimal');
      return s.slice(0, cut) + encodeBytewords(mutateBytes(rng, cborBytes), 'minimal');
    }
    return mutateText(rng, s);
  },
  run: (input) => readEthRequestText(input),
  wrongAccept: (input, result) => ethRequestReencodes(input, result as ReturnType<typeof readEthRequestText>),
};
void decodeEthSignRequest;

/* ---------- age files (encrypted backups) ---------- */

const PASS = 'glacier lantern mosaic thimble';
const ageSeeds = await (async () => {
  const wallet = await openWallet('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
  const accounts = VAULT_ACCOUNT_SPECS.slice(0, 1).map((s) => deriveAccount(wallet.master, s));
  const doc = buildVaultDocument({ wallet, includePassphrase: null, accounts, createdAt: new Date('2026-11-21T10:00:00Z') });
  return [await encryptVault(doc, PASS, { workFactor: 2 })];
})();
const age: Harness<Uint8Array> = {
  name: 'age backup files (decryptVault)',
  seeds: ageSeeds,
  input: bytesInput,
  run: (input) => decryptVault(input, PASS),
  // Every byte of an age file is authenticated (header MAC, then each payload chunk's tag): a changed file never opens.
  wrongAccept: (input) => (equalBytes(input, ageSeeds[0] as Uint8Array) ? null : 'a changed file opened'),
  // A file may ask for scrypt up to 2^20 (MAX_VAULT_WORK_FACTOR, about a second and 1 GiB): by design, not a hang.
  hangMs: 15_000,
};

/* ---------- IPC payloads (zod schemas of every channel) ---------- */

const channels = Object.keys(requestSchemas) as Array<keyof typeof requestSchemas>;
type IpcInput = { channel: (typeof channels)[number]; payload: unknown };
const ipc: Harness<IpcInput> = {
  name: 'IPC payloads (every channel’s zod schema)',
  seeds: channels.map((channel) => ({ channel, payload: {} })),
  // Mostly a valid payload of a channel (built from its schema) with one field replaced, removed or added; now
  // and then a random value: huge strings, NaN, ±Infinity, 2^53, __proto__ keys, byte arrays, nesting.
  input: (rng) => {
    const channel = rng.pick(channels);
    if (rng.chance(0.3)) return { channel, payload: randomValue(rng, 0) };
    const payload = validValue(requestSchemas[channel] as never, rng);
    return { channel, payload: rng.chance(0.2) ? payload : mutateValue(rng, payload) };
  },
  run: ({ channel, payload }) => {
    const r = requestSchemas[channel].safeParse(payload);
    if (!r.success) throw new WalletErrorLike();
    return r.data;
  },
  wrongAccept: ({ channel, payload }, data) => ipcPayloadSound(requestSchemas[channel] as never, payload, data, isDeepStrictEqual),
  describe: (i) => `${i.channel}: ${JSON.stringify(i.payload, (_k, v: unknown) => (typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…` : v instanceof Uint8Array ? `bytes(${v.length})` : v))?.slice(0, 200)}`,
};

/** One field somewhere in the value replaced by a random one, removed, or one added. */
function mutateValue(rng: Rng, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return rng.chance(0.5) ? randomValue(rng, 2) : value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const action = rng.int(4);
  if (keys.length === 0 || action === 0) {
    Object.defineProperty(copy, rng.pick(['__proto__', 'constructor', 'extra', 'walletId', 'text', '0']), { value: randomValue(rng, 2), enumerable: true, configurable: true, writable: true });
    return copy;
  }
  const key = rng.pick(keys);
  if (action === 1) {
    delete (copy as Record<string, unknown>)[key];
    return copy;
  }
  (copy as Record<string, unknown>)[key] = action === 2 ? randomValue(rng, 2) : mutateValue(rng, (copy as Record<string, unknown>)[key]);
  return copy;
}

function randomValue(rng: Rng, depth: number): unknown {
  const pick = rng.int(depth > 4 ? 9 : 12);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rng.pick([0, -1, 1, 3.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53, 2 ** 31, 1e300]);
    case 2:
      return rng.pick(['', 'a', 'abandon '.repeat(12), 'x'.repeat(5000), '\u0000', '__proto__', 'constructor', 'm/84h/0h/0h', 'english', 'mainnet', 'bip84']);
    case 3:
      return rng.chance(0.5);
    case 4:
      return undefined;
    case 5:
      return rng.bytes(rng.int(64));
    case 6:
      return String.fromCharCode(...Array.from({ length: rng.int(20) }, () => rng.int(0xffff)));
    case 7:
      return rng.int(100);
    case 8:
      return rng.pick(['wallet', 'bip39', 'a4', 'letter', 'dice', 'coins', 'psbt', 'transaction']);
    case 9:
    case 10: {
      const keys = ['walletId', 'words', 'language', 'passphrase', 'kind', 'network', 'account', 'text', 'bytes', 'mode', 'paper', 'sheets', 'input', '__proto__', 'constructor', 'path', 'format', 'source', 'accept', 'psbtId', 'recoveryId'];
      const o: Record<string, unknown> = {};
      const n = rng.int(6);
      for (let i = 0; i < n; i++) Object.defineProperty(o, rng.pick(keys), { value: randomValue(rng, depth + 1), enumerable: true, configurable: true, writable: true });
      return o;
    }
    default:
      return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1));
  }
}

/** Every harness, with how much of the fuzz count it gets inside `npm test` (1 = the full per-parser count). */
export const HARNESSES: ReadonlyArray<{ harness: Harness<never>; testShare: number }> = [
  { harness: bip39, testShare: 0.5 },
  { harness: slip39, testShare: 1 },
  { harness: dice, testShare: 1 },
  { harness: seedqr, testShare: 1 },
  { harness: bytewords, testShare: 1 },
  { harness: cbor, testShare: 1 },
  { harness: fountain, testShare: 1 },
  { harness: ur, testShare: 0.25 },
  { harness: scan, testShare: 0.25 },
  { harness: bbqr, testShare: 0.25 },
  { harness: psbt, testShare: 1 },
  { harness: multisig, testShare: 0.5 },
  { harness: rlp, testShare: 1 },
  { harness: ethTx, testShare: 1 },
  { harness: eip712, testShare: 1 },
  { harness: ethRequest, testShare: 1 },
  { harness: age, testShare: 0.1 },
  { harness: ipc, testShare: 1 },
] as unknown as ReadonlyArray<{ harness: Harness<never>; testShare: number }>;
