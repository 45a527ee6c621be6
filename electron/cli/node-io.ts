/**
 * The real CliIo over Node: process streams, files, and secrets typed at a terminal read with echo off.
 * Separate from index.ts (which runs the CLI when loaded) so tests can use the real thing on a temp folder.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { WalletError } from '../core/errors';
import { FileOpenError, readFileLimited, writeFileAtomic } from '../node/safe-files';
import { CancelledError, MAX_STDIN_BYTES, UsageError, type CliIo, type SecretPrompt } from './io';

/** The part of a TTY ReadStream the hidden reader uses (a fake one in tests). */
export interface HiddenInput {
  readonly isRaw?: boolean;
  setRawMode(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

// Arrow keys, Home/End and the like: terminal escape sequences, not part of a secret.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ESCAPE_SEQUENCES = /\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;

/**
 * Reads lines with the terminal in raw mode, so nothing typed is echoed: one line per prompt (each prompt written
 * before its line), or every line until Ctrl-D on an empty line when `prompts` is null. Enter ends a line,
 * Backspace and Ctrl-U edit it, Ctrl-D on an empty line ends the input early, Ctrl-C cancels. The terminal's
 * previous mode is restored however it ends.
 */
export function readHiddenLines(input: HiddenInput, write: (text: string) => void, prompts: readonly string[] | null): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let line = '';
    let afterCr = false;
    const decoder = new StringDecoder('utf8');
    const wasRaw = input.isRaw === true;
    let finished = false;
    const finish = (error: Error | null) => {
      finished = true;
      input.removeListener('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      line = '';
      if (error) reject(error);
      else resolve(lines);
    };
    const promptNext = () => {
      const p = prompts?.[lines.length];
      if (p !== undefined) write(p);
    };
    function onData(chunk: Buffer | string): void {
      const text = (typeof chunk === 'string' ? chunk : decoder.write(chunk)).replace(ESCAPE_SEQUENCES, '');
      for (const ch of text) {
        if (finished) return;
        const crlf = ch === '\n' && afterCr;
        afterCr = ch === '\r';
        if (crlf) continue;
        if (ch === '\r' || ch === '\n') {
          write('\n');
          lines.push(line);
          line = '';
          if (prompts !== null && lines.length >= prompts.length) return finish(null);
          promptNext();
        } else if (ch === '\x03') {
          write('\n');
          return finish(new CancelledError('cancelled'));
        } else if (ch === '\x04') {
          if (line === '') {
            write('\n');
            return finish(null);
          }
        } else if (ch === '\x7f' || ch === '\b') {
          line = [...line].slice(0, -1).join('');
        } else if (ch === '\x15') {
          line = '';
        } else if (ch >= ' ') {
          line += ch;
        }
      }
    }
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
    promptNext();
  });
}

/** Secrets typed at a terminal: hidden, prompted on stderr; a confirmed prompt is asked twice. */
export async function readFromTerminal(input: HiddenInput, write: (text: string) => void, prompts?: readonly SecretPrompt[]): Promise<string> {
  if (!prompts || prompts.length === 0) {
    write('Reading from the terminal with echo off: type each line, then Ctrl-D on an empty line.\n');
    return (await readHiddenLines(input, write, null)).join('\n');
  }
  const asked = prompts.flatMap((p) => (p.confirm ? [`${p.label} (hidden): `, 'Type it again: '] : [`${p.label} (hidden): `]));
  const typed = await readHiddenLines(input, write, asked);
  const out: string[] = [];
  let i = 0;
  for (const p of prompts) {
    const first = typed[i++];
    if (first === undefined) break;
    if (p.confirm) {
      const again = typed[i++];
      // Ctrl-D at "Type it again" must not skip the confirmation.
      if (again === undefined) throw new UsageError(`"${p.label}" was not typed a second time; run the command again`);
      if (again !== first) throw new UsageError(`the two entries of "${p.label}" differ; run the command again`);
    }
    out.push(first);
  }
  return out.join('\n');
}

/**
 * All of a piped standard input as UTF-8 text; more than `maxBytes` is refused as soon as it is seen (nothing is
 * half-read into a command: the whole input is refused), so a runaway pipe cannot fill memory.
 */
export async function readAllLimited(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > maxBytes) {
      throw new WalletError('INVALID_ARGUMENT', `Standard input is larger than ${maxBytes.toLocaleString('en-US')} bytes, more than this command reads: nothing was read.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Whole file (fonts, text) or, with a limit, at most maxBytes + 1 bytes of a regular file (never waits on a FIFO).
 * A file that cannot be opened rejects with the system's code (`code`: ENOENT, EACCES, EISDIR…), as Node's own
 * reads do, so that readInput names the path as typed ("no such file: PATH").
 */
async function readUpTo(file: string, maxBytes: number | undefined): Promise<Uint8Array> {
  if (maxBytes === undefined) return new Uint8Array(await readFile(file));
  try {
    return await readFileLimited(file, maxBytes);
  } catch (e) {
    if (e instanceof FileOpenError && e.errno !== '') throw Object.assign(new Error(`${e.errno}: ${file}`), { code: e.errno });
    throw e;
  }
}

/** The exit status of a command whose reader went away: as if killed by SIGPIPE (128 + 13), as C tools are. */
export const EXIT_CLOSED_PIPE = 141;

/**
 * Exits quietly when the reader of standard output or error goes away (`permafrost ur encode … | head -1`): Node
 * reports the closed pipe as an 'error' event (EPIPE), which unhandled ends in a stack trace. Nothing more can be
 * said to a reader that is gone; a file being written is written whole or not at all (writeFileAtomic).
 */
export function exitOnClosedPipe(stream: NodeJS.EventEmitter, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    exit(EXIT_CLOSED_PIPE);
  });
}

const registrationStore = async () => {
  const m = await import('../node/multisig-store');
  return m.directoryStore(m.cliRegistrationDir(process.env, os.homedir()));
};

/** The CliIo of the `permafrost` command. `fontsDir`: where the bundled fonts are (next to the bundle by default). */
export function createNodeIo(options: { fontsDir?: string } = {}): CliIo {
  const stderr = (t: string) => void process.stderr.write(t);
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr,
    readStdin: (prompts, opts) => (process.stdin.isTTY ? readFromTerminal(process.stdin, stderr, prompts) : readAllLimited(process.stdin, opts?.maxBytes ?? MAX_STDIN_BYTES)),
    platform: process.platform,
    networkInterfaces: () => os.networkInterfaces(),
    readFonts: () => {
      // dist/cli/permafrost.cjs → assets/fonts of the checkout or package.
      const dir = options.fontsDir ?? path.join(__dirname, '..', '..', 'assets', 'fonts');
      return {
        regular: new Uint8Array(readFileSync(path.join(dir, 'JetBrainsMono-Regular.ttf'))),
        bold: new Uint8Array(readFileSync(path.join(dir, 'JetBrainsMono-Bold.ttf'))),
      };
    },
    readTextFile: (file) => readFile(file, 'utf8'),
    readFile: (file, opts) => readUpTo(file, opts?.maxBytes),
    // A new file beside the target, synced, then linked (never replacing) or renamed over it (--force): a failed
    // write never leaves a truncated file or writes through a link.
    writeFile: (file, bytes, opts) => writeFileAtomic(file, bytes, { mode: 0o600, overwrite: opts.overwrite }),
    today: () => new Date().toISOString().slice(0, 10),
    now: () => new Date(),
    // Loaded when a wallet command first uses it (the CLI loads each command's code only when it runs).
    registrations: {
      list: async (fingerprint) => (await registrationStore()).list(fingerprint),
      write: async (fingerprint, id, bytes) => (await registrationStore()).write(fingerprint, id, bytes),
      remove: async (fingerprint, id) => (await registrationStore()).remove(fingerprint, id),
    },
  };
}
