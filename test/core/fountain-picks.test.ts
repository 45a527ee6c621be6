/** Review of the fountain decoder, finding 2: nextDouble() can round to 1.0, so a draw is one past its range. */
import { describe, expect, it } from 'vitest';
import { checkedFragments, fragmentsFromRng } from '../../electron/core/codecs/ur/fountain';
import { Xoshiro256 } from '../../electron/core/codecs/ur/xoshiro';

/** A generator whose every double is 1.0 (what a 64-bit output within 2^10 of 2^64 rounds to). */
class Ones extends Xoshiro256 {
  override nextDouble(): number {
    return 1;
  }
}

describe('a draw rounded to 1.0 names no fragment: the decoder refuses the part', () => {
  it('picks past seqLen (or no degree) are a WalletError, never a TypeError', () => {
    const picks = fragmentsFromRng(20, new Ones('x'));
    expect(() => checkedFragments(picks, 20)).toThrow(expect.objectContaining({ name: 'WalletError', code: 'BAD_QR' }));
    expect(() => checkedFragments([3, 20], 20)).toThrow(/names fragments this message does not have \(it has 20\)/);
    expect(checkedFragments([0, 19], 20)).toEqual([0, 19]);
  });
});
