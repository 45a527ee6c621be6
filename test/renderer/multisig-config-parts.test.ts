/**
 * Multisig step 1 collects the parts of an animated configuration QR in the page (renderer/flows/multisig/
 * config-parts.ts): repeats are not counted, parts of another code start the collection again, and a hostile stream
 * of distinct parts never holds more than 4 × the part count + 20 (at most 2,000).
 */
import { describe, expect, it } from 'vitest';
import { ConfigParts } from '../../renderer/flows/multisig/config-parts';

const part = (seq: number, total: number, type = 'crypto-output') => `UR:${type.toUpperCase()}/${seq}-${total}/LPAOAXCXFDGYLGRP${seq}`;

describe('ConfigParts', () => {
  it('counts distinct parts of one code, in any case, and is ready at its part count', () => {
    const parts = new ConfigParts();
    expect(parts.add(part(1, 3))).toBe(true);
    expect(parts.add(part(1, 3).toLowerCase())).toBe(false);
    expect(parts.add(part(2, 3))).toBe(true);
    expect(parts.ready).toBe(false);
    expect(parts.add(part(5, 3))).toBe(true);
    expect([parts.size, parts.ready]).toEqual([3, true]);
    expect(parts.text().split('\n')).toHaveLength(3);
  });

  it('a part of another code (type or part count) starts again with that code', () => {
    const parts = new ConfigParts();
    parts.add(part(1, 3));
    parts.add(part(2, 3));
    expect(parts.add(part(1, 4))).toBe(true);
    expect(parts.size).toBe(1);
    expect(parts.add(part(2, 4, 'output-descriptor'))).toBe(true);
    expect(parts.size).toBe(1);
  });

  it('a hostile stream of 100,000 distinct parts never holds more than the bound', () => {
    const parts = new ConfigParts();
    let most = 0;
    for (let i = 1; i <= 100_000; i++) {
      parts.add(part(i, 5));
      most = Math.max(most, parts.size);
    }
    expect(most).toBe(ConfigParts.limit(5));
    expect(ConfigParts.limit(5)).toBe(40);
    expect(ConfigParts.limit(10_000)).toBe(2000);
  });

  it('text that is not a UR part is not collected', () => {
    const parts = new ConfigParts();
    expect(parts.add('wsh(sortedmulti(2,…))')).toBe(false);
    expect(parts.size).toBe(0);
  });
});
