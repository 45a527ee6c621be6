/**
 * Drives the reference `age` command (Go, by age's authors; Debian package `age`) for interop tests. age reads
 * passphrases from the terminal only, never from a pipe, so it runs under util-linux `script`, which gives it a
 * pseudo-terminal and feeds our stdin into it. Every run has a timeout: a prompt that never gets its line must
 * fail the test, not hang it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function onPath(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export const AGE_BINARY = onPath('age');
export const SCRIPT_BINARY = onPath('script');
/** Why the interop tests are skipped, or null when they can run. */
export const AGE_SKIP_REASON =
  AGE_BINARY === null
    ? 'the `age` command is missing (Debian: apt-get install age; .ci/run installs it)'
    : SCRIPT_BINARY === null
      ? 'util-linux `script` is missing (it gives age the terminal it reads passphrases from)'
      : null;

export function ageVersion(): string {
  return spawnSync('age', ['--version'], { encoding: 'utf8' }).stdout.trim();
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface AgeRun {
  readonly code: number | null;
  /** What the terminal showed (prompts, errors; the typed lines are echoed before age turns echo off). */
  readonly terminal: string;
  readonly output: Uint8Array | null;
}

function runWithTerminal(args: readonly string[], typed: string, input: Uint8Array | null): AgeRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'permafrost-age-'));
  try {
    const inFile = path.join(dir, 'in');
    const outFile = path.join(dir, 'out');
    if (input) writeFileSync(inFile, input);
    const command = ['age', ...args, '-o', quote(outFile), ...(input ? [quote(inFile)] : [])].join(' ');
    // -q quiet, -e exit with the child's code, -c the command; /dev/null: no typescript file.
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { input: typed, timeout: 60_000, encoding: 'utf8' });
    let output: Uint8Array | null = null;
    try {
      output = new Uint8Array(readFileSync(outFile));
    } catch {
      output = null;
    }
    return { code: r.status, terminal: `${r.stdout}${r.stderr}`, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `age --decrypt FILE` with the passphrase typed at its prompt. */
export function ageDecrypt(file: Uint8Array, passphrase: string): AgeRun {
  return runWithTerminal(['--decrypt'], `${passphrase}\n`, file);
}

/** `age --passphrase --encrypt` (binary output) with the passphrase typed twice (entry, confirmation). */
export function ageEncrypt(plaintext: Uint8Array, passphrase: string, options: { armor?: boolean } = {}): AgeRun {
  return runWithTerminal(['--passphrase', '--encrypt', ...(options.armor ? ['--armor'] : [])], `${passphrase}\n${passphrase}\n`, plaintext);
}

/** `age --encrypt -r RECIPIENT` (no terminal needed): a file for an X25519 public key. */
export function ageEncryptToKey(plaintext: Uint8Array): Uint8Array {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'permafrost-age-'));
  try {
    const key = path.join(dir, 'key.txt');
    const gen = spawnSync('age-keygen', ['-o', key], { encoding: 'utf8', timeout: 30_000 });
    if (gen.status !== 0) throw new Error(`age-keygen failed: ${gen.stderr}`);
    const r = spawnSync('age', ['--encrypt', '-i', key], { input: plaintext, timeout: 30_000 });
    if (r.status !== 0) throw new Error(`age --encrypt -i failed: ${String(r.stderr)}`);
    return new Uint8Array(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
