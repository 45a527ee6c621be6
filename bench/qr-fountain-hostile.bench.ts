/**
 * Issue 10, open finding 1 of the adversarial review: the fountain decoder on a stream of mixed parts only
 * (seqNum > seqLen, each the XOR of several fragments) — what a hostile animated QR sends, and what a camera reads
 * when it joins a long stream after its pure parts. Before the peeling decoder, 1,000 fragments took 22 s and 2,000
 * over 150 s. Fragments of 80 bytes (Sparrow's LOW density): 1,000 fragments is an 80 KB PSBT, 10,000 an 800 KB one.
 *
 * Timed, same run, on the very same UR frames: our UrDecoder and @ngraveio/bc-ur's URDecoder (the TypeScript port
 * of BlockchainCommons' reference decoder). At 1,000 fragments, each decoder until the message is complete. At
 * 10,000, ours until complete; theirs over the first 300 frames only (its shuffle costs O(seqLen²) a part and its
 * queue scans every mixed part held: until complete it would run for hours), and ours over the same 300.
 * The frame counts are printed (console) when the file loads. Results: docs/BENCHMARKS.md, "Issue 10 — fountain
 * decoder under hostile streams".
 */
import { URDecoder } from '@ngraveio/bc-ur';
import { bench, describe } from 'vitest';
import { encodeCbor } from '../electron/core/codecs/cbor';
import { UrDecoder, UrEncoder } from '../electron/core/codecs/ur/ur';
import { Xoshiro256 } from '../electron/core/codecs/ur/xoshiro';

const FRAGMENT = 80;

/** The mixed parts of a message of `fragments` fragments of 80 bytes, from the first one after the pure parts. */
function mixedFrames(fragments: number): { frames: string[]; needed: number } {
  // CBOR of a byte string of n ≥ 65,536 bytes has a 5-byte head, 3 bytes below: the message fills the fragments.
  const head = fragments * FRAGMENT >= 65_536 + 5 ? 5 : 3;
  const cbor = encodeCbor(new Xoshiro256(`hostile-${fragments}`).nextData(fragments * FRAGMENT - head));
  const ur = { type: 'crypto-psbt', cbor };
  const encoder = new UrEncoder(ur, FRAGMENT, fragments);
  if (encoder.seqLen !== fragments) throw new Error(`seqLen ${encoder.seqLen}`);
  const decoder = new UrDecoder();
  const frames: string[] = [];
  for (;;) {
    const frame = encoder.nextPart();
    frames.push(frame);
    if (decoder.receive(frame).kind === 'complete') return { frames, needed: frames.length };
  }
}

const ours = (frames: readonly string[]): boolean => {
  const decoder = new UrDecoder();
  let complete = false;
  for (const f of frames) complete = decoder.receive(f).kind === 'complete';
  return complete;
};
const theirs = (frames: readonly string[]): boolean => {
  const decoder = new URDecoder();
  for (const f of frames) decoder.receivePart(f);
  return decoder.isComplete() && decoder.isSuccess();
};

const small = mixedFrames(1_000);
const large = mixedFrames(10_000);
console.warn(`Mixed parts only, 80-byte fragments: 1,000 fragments complete after ${small.needed} frames (ours); 10,000 after ${large.needed}.`);

describe('1,000 fragments (an 80 KB PSBT at Sparrow LOW), mixed parts only, until complete', () => {
  bench('ours: UrDecoder (peeling)', () => {
    if (!ours(small.frames)) throw new Error('incomplete');
  }, { iterations: 3, warmupIterations: 1, time: 0 });
  bench('@ngraveio/bc-ur URDecoder', () => {
    if (!theirs(small.frames)) throw new Error('incomplete');
  }, { iterations: 1, warmupIterations: 0, time: 0 });
});

describe('10,000 fragments (an 800 KB PSBT at Sparrow LOW), mixed parts only', () => {
  bench(`ours: until complete (${large.needed} frames)`, () => {
    if (!ours(large.frames)) throw new Error('incomplete');
  }, { iterations: 1, warmupIterations: 0, time: 0 });
  const first = large.frames.slice(0, 300);
  bench('ours: the first 300 frames', () => {
    ours(first);
  }, { iterations: 3, warmupIterations: 1, time: 0 });
  bench('@ngraveio/bc-ur URDecoder: the same first 300 frames', () => {
    theirs(first);
  }, { iterations: 1, warmupIterations: 0, time: 0 });
});
