/**
 * What the animated QR's counter says (AnimatedQr in QrCode.tsx), kept apart from React so tests read it in Node.
 * It counts parts, as the scanner on the other side does, not the frames the loop goes through: a fountain-coded UR
 * shows its parts, then as many mixed parts again (for a camera that joined late); those are "extra".
 */

/** `UR:TYPE/12-165/…`: a part of a multi-part UR, its number and the message's number of parts. */
const UR_PART = /^ur:[^/]+\/(\d+)-(\d+)\//i;

/** The counter for the frame at `index` of `frames`: "Part 12 of 165", or "Extra part 3 · 165 parts" past them. */
export function frameCounter(frames: readonly string[], index: number): string {
  const part = UR_PART.exec(frames[index] ?? '');
  if (part) {
    const seqNum = Number(part[1]);
    const seqLen = Number(part[2]);
    return seqNum <= seqLen ? `Part ${seqNum} of ${seqLen}` : `Extra part ${seqNum - seqLen} · ${seqLen} parts`;
  }
  // A BBQr (or any other split) is its frames: each one part.
  return `Part ${index + 1} of ${frames.length}`;
}
