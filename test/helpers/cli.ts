/** Runs the CLI in process with in-memory streams and files; fonts are the real bundled ones. */
import { readFileSync } from 'node:fs';
import { runCli } from '../../electron/cli/run';
import type { CliIo } from '../../electron/cli/io';

type Interfaces = ReturnType<CliIo['networkInterfaces']>;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly files: Map<string, Uint8Array>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed CLI output, asserted field by field
  json(): any;
}

export async function runInProcess(
  argv: string[],
  options: { stdin?: string; interfaces?: Interfaces; textFiles?: Record<string, string> } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, Uint8Array>();
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? '',
    platform: 'linux',
    networkInterfaces: () => options.interfaces ?? {},
    readFonts: () => ({
      regular: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Regular.ttf')),
      bold: new Uint8Array(readFileSync('assets/fonts/JetBrainsMono-Bold.ttf')),
    }),
    readTextFile: async (file) => {
      const text = options.textFiles?.[file];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    },
    writeFile: async (file, bytes) => void files.set(file, bytes),
    today: () => '2026-11-21',
  });
  return { code, stdout, stderr, files, json: () => JSON.parse(stdout) };
}
