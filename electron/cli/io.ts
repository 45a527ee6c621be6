/** What a command may touch: its output streams and its standard input. Tests pass in-memory ones. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input, read once. Secrets come only from here, never from argv. */
  readonly readStdin: () => Promise<string>;
  readonly platform: string;
  readonly networkInterfaces: () => Readonly<Record<string, ReadonlyArray<{ address: string; family: string | number; internal: boolean }> | undefined>>;
}

/** Exit codes: 0 success, 1 the operation failed (bad input, failed check), 2 the command line itself is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
