/** The words of the shared scan-progress display (ScanProgress.tsx), kept apart from React so tests read them in Node. */
import type { ScanStatus } from '../../electron/ipc';

/** What a flow scans, in its own words: the rest of the progress display is the same for every flow. */
export interface ScanWords {
  /** What is read, with its article: "a transaction" → "No part of a transaction read yet." */
  readonly thing: string;
  /** The name of the stream being read, before its count: "UR (psbt)" → "UR (psbt): 2 of ~5 parts". */
  readonly name: (status: ScanStatus) => string;
  /** After "Skipped a QR code: <why>. ": what happens to the other stream. */
  readonly foreign: string;
  /** After "<Why>. ": what to show instead. */
  readonly invalid: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The progress line: the stream's name, parts received of those needed. A fountain-coded UR's count is an estimate
 * ("~": it may need more); a BBQr's header gives its exact number of parts, and a single QR is one.
 */
export function scanLine(status: ScanStatus | null, words: ScanWords): string {
  if (status === null || status.format === null || status.progress.estimated === 0) return `No part of ${words.thing} read yet.`;
  const about = status.format === 'ur1' || status.format === 'ur2' ? '~' : '';
  return `${words.name(status)}: ${status.progress.received} of ${about}${status.progress.estimated} parts`;
}

/** The last refused frame said plainly, or what happened when the scan went on with another stream; null when none. */
export function problemLine(problem: ScanStatus | null, words: ScanWords): { readonly text: string; readonly alert: boolean } | null {
  if (!problem?.why) return null;
  if (problem.restarted) return { text: `${capital(problem.why)}.`, alert: false };
  // Two BBQr codes of the same size: nothing more is read until Start over (their parts cannot be told apart).
  if (problem.mixed) return { text: `${capital(problem.why)}, then choose Start over.`, alert: true };
  if (problem.kind === 'foreign') return { text: `Skipped a QR code: ${problem.why}. ${words.foreign}`, alert: true };
  return { text: `${capital(problem.why)}. ${words.invalid}`, alert: true };
}
