/**
 * Bitcoin Core's PSBT RPC data (bitcoin/bitcoin test/functional/data/rpc_psbt.json; test/vectors/README.md): every
 * `invalid` and `invalid_with_msg` PSBT is a WalletError BAD_PSBT (never a TypeError); every `valid` one parses and
 * serializes back to the same key-value pairs (the same bytes when its keys are in order); the creator, signer,
 * combiner, finalizer and extractor PSBTs parse too. One test per PSBT.
 */
import { readFileSync } from 'node:fs';
import { base64, hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { parsePsbt, serializePsbt } from '../../electron/core/psbt/parse';
import { bipGroups, expectBadPsbt, rawV2Psbt, sortedPairs } from '../helpers/psbt-fixtures';

const data = JSON.parse(readFileSync('test/vectors/bitcoin-core-rpc_psbt.json', 'utf8')) as {
  invalid: string[];
  invalid_with_msg: Array<[string, string]>;
  valid: string[];
  signer: Array<{ psbt: string; result: string }>;
  combiner: Array<{ combine: string[]; result: string }>;
  finalizer: Array<{ finalize: string; result: string }>;
  extractor: Array<{ extract: string; result: string }>;
};

describe('Bitcoin Core rpc_psbt.json: invalid', () => {
  expect(data.invalid).toHaveLength(41);
  data.invalid.forEach((b64, i) => {
    it(`invalid ${i}`, () => {
      expectBadPsbt(() => parsePsbt(b64));
    });
  });
});

describe('Bitcoin Core rpc_psbt.json: invalid_with_msg (Core’s reason alongside ours)', () => {
  data.invalid_with_msg.forEach(([b64, reason], i) => {
    it(`invalid_with_msg ${i}: Core says "${reason}"`, () => {
      expectBadPsbt(() => parsePsbt(b64));
    });
  });
});

describe('Bitcoin Core rpc_psbt.json: valid', () => {
  expect(data.valid).toHaveLength(34);
  data.valid.forEach((b64, i) => {
    it(`valid ${i}`, () => {
      const bytes = base64.decode(b64);
      const out = serializePsbt(parsePsbt(b64));
      // An explicit PSBT_GLOBAL_VERSION of 0 (valid 6) is written as its absence, which BIP174 defines as version 0.
      const drop = (maps: string[][]) => maps.map((m) => m.filter((pair) => pair !== '01fb0400000000'));
      expect(drop(sortedPairs(out))).toEqual(drop(sortedPairs(bytes)));
    });
  });
});

describe('Bitcoin Core rpc_psbt.json: the PSBTs of the signer, combiner, finalizer and extractor cases', () => {
  const all = [
    ...data.signer.flatMap((s, i) => [[`signer ${i} input`, s.psbt], [`signer ${i} result`, s.result]]),
    ...data.combiner.flatMap((c, i) => [...c.combine.map((p, j) => [`combiner ${i} part ${j}`, p]), [`combiner ${i} result`, c.result]]),
    ...data.finalizer.flatMap((f, i) => [[`finalizer ${i} input`, f.finalize], [`finalizer ${i} result`, f.result]]),
    ...data.extractor.map((e, i) => [`extractor ${i} input`, e.extract]),
  ] as Array<[string, string]>;
  for (const [name, b64] of all) {
    if (/^combiner 1 /.test(name)) {
      // BIP174's unknown-keys example: input keys of type 0x0f and 0x10 with key data. BIP370 has since assigned those
      // types (output_index, sequence: no key data, version 2 only), so in a version 0 PSBT they are refused.
      it(`${name}: refused (key types BIP370 has since assigned)`, () => {
        expect(expectBadPsbt(() => parsePsbt(b64))).toMatch(/input 0: (output_index|sequence) \(key type 0x(0f|10)\) is not allowed in a version 0 PSBT/);
      });
      continue;
    }
    it(name, () => {
      const out = serializePsbt(parsePsbt(b64));
      expect(sortedPairs(out)).toEqual(sortedPairs(base64.decode(b64)));
      expect(hex.encode(serializePsbt(parsePsbt(out)))).toBe(hex.encode(out));
    });
  }
});

describe('serializePsbt (linear-time writer) writes what @scure/btc-signer’s toPSBT writes, on every valid PSBT of every file', () => {
  const bipValid = ['bip174-psbt-vectors.json', 'bip370-psbt-vectors.json', 'bip371-psbt-vectors.json'].flatMap((file) =>
    bipGroups(file)
      .filter((g) => !/invalid|cannot be computed/.test(g.text))
      .flatMap((g) => [...(g.cases ?? []).map((c) => c.base64), ...(Array.isArray(g.data) ? (g.data as Array<{ hex: string }>).filter((d) => d.hex.startsWith('70736274ff')).map((d) => base64.encode(hex.decode(d.hex))) : [])])
      .map((b64, i) => [`${file} ${i}`, b64] as const),
  );
  const coreValid = data.valid.map((b64, i) => [`rpc_psbt valid ${i}`, b64] as const);
  for (const [name, b64] of [...bipValid, ...coreValid]) {
    it(name, () => {
      const p = parsePsbt(b64);
      expect(hex.encode(serializePsbt(p))).toBe(hex.encode(p.tx.toPSBT(p.version)));
    });
  }
  it('after a signature is added (the signer’s change): still the same bytes', () => {
    const walk = bipGroups('bip174-psbt-vectors.json').find((g) => g.text.startsWith('An updater which adds SIGHASH_ALL'));
    const p = parsePsbt((walk?.data as Array<{ hex: string }>)[0]?.hex as string);
    const signed = bipGroups('bip174-psbt-vectors.json').filter((g) => g.text.startsWith('must create this PSBT'))[2];
    const q = parsePsbt((signed?.data as Array<{ hex: string }>)[0]?.hex as string);
    p.tx.updateInput(0, { partialSig: q.tx.getInput(0).partialSig ?? [] }, true);
    expect(hex.encode(serializePsbt(p))).toBe(hex.encode(p.tx.toPSBT(p.version)));
    expect(p.tx.getInput(0).partialSig?.length).toBe(1);
  });
  it('is linear: 3,000 inputs serialize in well under a second', () => {
    const p = parsePsbt(rawV2Psbt(3_000));
    const t = performance.now();
    const out = serializePsbt(p);
    expect(performance.now() - t).toBeLessThan(2_000);
    expect(out.length).toBe(rawV2Psbt(3_000).length);
  });
});
