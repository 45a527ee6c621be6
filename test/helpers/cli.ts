/** Runs the CLI in process with in-memory streams and files; fonts are the real bundled ones. */
import { readFileSync } from 'node:fs';
import { runCli } from '../../electron/cli/run';
import { MAX_STDIN_BYTES, type CliIo, type SecretPrompt } from '../../electron/cli/io';
import { readAllLimited } from '../../electron/cli/node-io';
import type { MultisigStore } from '../../electron/node/multisig-store';

type Interfaces = ReturnType<CliIo['networkInterfaces']>;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The in-memory files after the run (the `files` option's map when one was given). */
  readonly files: Map<string, Uint8Array>;
  /** The prompts each readStdin call was given (what a terminal user would have been asked). */
  readonly prompts: ReadonlyArray<readonly SecretPrompt[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed CLI output, asserted field by field
  json(): any;
}

const errno = (code: string) => Object.assign(new Error(code), { code });

export async function runInProcess(
  argv: string[],
  options: { stdin?: string; interfaces?: Interfaces; textFiles?: Record<string, string>; files?: Map<string, Uint8Array>; now?: Date; registrations?: MultisigStore } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const files = options.files ?? new Map<string, Uint8Array>();
  const prompts: Array<readonly SecretPrompt[] | undefined> = [];
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    // The real reader's limit: more than maxBytes is refused, never truncated.
    readStdin: async (p, opts) => {
      prompts.push(p);
      return readAllLimited([Buffer.from(options.stdin ?? '')], opts?.maxBytes ?? MAX_STDIN_BYTES);
    },
    platform: 'linux',
    networkInterfaces: () => options.interfaces ?? {},
    readFonts: () => ({
      regular: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Regular.ttf')),
      bold: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Bold.ttf')),
    }),
    readTextFile: async (file) => {
      const text = options.textFiles?.[file];
      if (text === undefined) throw errno('ENOENT');
      return text;
    },
    readFile: async (file, opts) => {
      const bytes = files.get(file);
      if (bytes === undefined) throw errno('ENOENT');
      return opts?.maxBytes === undefined ? bytes.slice() : bytes.slice(0, opts.maxBytes + 1);
    },
    // Same contract as the real one: an existing file is EEXIST unless overwriting.
    writeFile: async (file, bytes, opts) => {
      if (files.has(file) && !opts.overwrite) throw errno('EEXIST');
      files.set(file, bytes.slice());
    },
    today: () => '2026-11-21',
    now: () => options.now ?? new Date('2026-11-21T10:00:00Z'),
    ...(options.registrations ? { registrations: options.registrations } : {}),
  });
  return { code, stdout, stderr, files, prompts, json: () => JSON.parse(stdout) };
}
