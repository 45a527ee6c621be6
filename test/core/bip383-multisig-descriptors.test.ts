/**
 * The descriptor vectors (bitcoin/bips bip-0380 key expressions, bip-0383 multi/sortedmulti with the scripts they
 * produce, bip-0389 multipath) for the subset Permafrost parses: one test per vector (test/vectors/README.md).
 * Descriptors with private keys (WIF, xprv) are refused by design — a registration is public data — and a hardened
 * step after an xpub cannot be derived from public data: those vectors are tested to be refused with that reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveScripts, descriptorText, parseDescriptor, parseKeyExpression } from '../../electron/core/wallets/descriptor';

interface Item {
  label: string | null;
  values: string[];
  children?: Item[];
}
const vectors = JSON.parse(readFileSync('test/vectors/bip380-390-descriptor-vectors.json', 'utf8')) as Record<string, { groups: Array<{ text: string; items: Item[] }> }>;
const group = (bip: string, re: RegExp) => {
  const g = vectors[bip]?.groups.find((x) => re.test(x.text));
  if (!g) throw new Error(`${bip}: group ${re} not found`);
  return g.items;
};
const last = (i: Item) => i.values[i.values.length - 1] as string;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const hasPrivate = (s: string) => /[xt]prv|(^|[(,\]])[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}([,)]|$)/.test(s);

describe('BIP380 key expressions: valid', () => {
  for (const item of group('bip380', /^Valid expressions/)) {
    const text = last(item);
    it(`${item.label}: ${text.slice(0, 60)}…`, () => {
      if (hasPrivate(text)) expect(() => parseKeyExpression(text)).toThrow(/private key/);
      else if (/[xt]pub[^/]*\/.*\d+h/.test(text.replace(/^\[[^\]]*\]/, ''))) expect(() => parseKeyExpression(text)).toThrow(/hardened/);
      else {
        const k = parseKeyExpression(text);
        if (k.kind === 'pubkey') expect(hex(k.pubkey)).toBe(text.replace(/^\[[^\]]*\]/, ''));
        else expect(k.xpub).toBe(text.replace(/^\[[^\]]*\]/, '').split('/')[0]);
        if (text.startsWith('[')) expect(k.origin?.fingerprint).toBe('deadbeef');
      }
    });
  }
});

describe('BIP380 key expressions: invalid', () => {
  for (const item of group('bip380', /^Invalid expression/)) {
    const text = last(item);
    it(`${item.label}: refused`, () => expect(() => parseKeyExpression(text)).toThrow());
  }
});

describe('BIP383 multi() and sortedmulti(): valid, with the scripts they produce', () => {
  for (const item of group('bip383', /^Valid descriptors/)) {
    const text = last(item);
    const scripts = (item.children ?? []).map(last);
    it(`${text.slice(0, 70)}…`, () => {
      if (hasPrivate(text)) {
        expect(() => parseDescriptor(text)).toThrow(/private key/);
        return;
      }
      const d = parseDescriptor(text);
      scripts.forEach((script, index) => expect(hex(deriveScripts(d, 0, index).script)).toBe(script));
      expect(descriptorText(d)).toBe(text);
    });
  }
});

describe('BIP383 multi() and sortedmulti(): invalid', () => {
  for (const item of group('bip383', /^Invalid descriptors/)) {
    it(`${item.label}: refused`, () => expect(() => parseDescriptor(last(item))).toThrow());
  }
});

describe('BIP389 multipath: the multi() vectors expand into their branch descriptors', () => {
  for (const item of group('bip389', /^Valid multipath/).filter((i) => last(i).includes('multi('))) {
    const text = last(item);
    const expansions = (item.children ?? []).map(last);
    it(`${text.slice(0, 70)}…`, () => {
      const d = parseDescriptor(text);
      expect(d.branches).toBe(expansions.length);
      expansions.forEach((e, b) => expect(descriptorText(d, b)).toBe(e));
      // Each expansion parses and derives the same scripts as its branch.
      expansions.forEach((e, b) => expect(hex(deriveScripts(parseDescriptor(e), 0, 5).script)).toBe(hex(deriveScripts(d, b, 5).script)));
    });
  }
});

describe('BIP389 multipath: invalid (multi subset and key-level rules)', () => {
  for (const item of group('bip389', /^Invalid descriptors/)) {
    const text = last(item);
    it(`${item.label}: refused`, () => {
      if (text.includes('multi(')) expect(() => parseDescriptor(text)).toThrow();
      else {
        // Not a multisig descriptor (pkh/wpkh/tr): its key expression alone shows the fault where it is a key-level one.
        const inner = /^[a-z]+\(([^,{)]*)/.exec(text)?.[1] as string;
        if (/Multiple multipath|in origin|Empty multipath|Missing multipath|Missing index/.test(item.label ?? '')) expect(() => parseKeyExpression(inner)).toThrow();
        else expect(() => parseDescriptor(text)).toThrow();
      }
    });
  }
});
