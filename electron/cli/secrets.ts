/** Reading secrets from standard input: line 1 the words (or rolls), line 2 the passphrase when asked for. */
import { UsageError, type CliIo, type SecretPrompt } from './io';

const WORDS: SecretPrompt = { label: 'Recovery words' };
const BIP39_PASSPHRASE: SecretPrompt = { label: 'BIP39 passphrase' };

/** The lines of standard input; at a terminal, one hidden prompt per line. */
export async function readSecrets(io: CliIo, prompts: readonly SecretPrompt[]): Promise<string[]> {
  return (await io.readStdin(prompts)).split(/\r?\n/);
}

export async function readSecretLines(io: CliIo, wantPassphrase: boolean, more: readonly SecretPrompt[] = []): Promise<{ words: string; passphrase: string; more: string[] }> {
  const lines = await readSecrets(io, [WORDS, ...(wantPassphrase ? [BIP39_PASSPHRASE] : []), ...more]);
  const words = (lines[0] ?? '').trim();
  if (!words) throw new UsageError('put the recovery words on the first line of standard input (e.g. a pipe or a heredoc)');
  if (wantPassphrase && lines[1] === undefined) throw new UsageError('--passphrase: put the passphrase on the second line of standard input');
  // The passphrase is taken exactly as typed (spaces are part of it); only the line ending is removed.
  const rest = lines.slice(wantPassphrase ? 2 : 1);
  return { words, passphrase: wantPassphrase ? (lines[1] as string) : '', more: more.map((_, i) => rest[i] ?? '') };
}

export function intFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}`);
  return n;
}
