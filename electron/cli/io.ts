/** What a command may touch: its output streams and its standard input. Tests pass in-memory ones. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input, read once. Secrets come only from here, never from argv. */
  readonly readStdin: () => Promise<string>;
  readonly platform: string;
  /** The bundled PDF fonts. */
  readonly readFonts: () => { regular: Uint8Array; bold: Uint8Array };
  readonly readTextFile: (path: string) => Promise<string>;
  readonly writeFile: (path: string, bytes: Uint8Array) => Promise<void>;
  /** Today, for the date printed on the seed card. */
  readonly today: () => string;
  readonly networkInterfaces: () => Readonly<Record<string, ReadonlyArray<{ address: string; family: string | number; internal: boolean }> | undefined>>;
}

/** Exit codes: 0 success, 1 the operation failed (bad input, failed check), 2 the command line itself is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
