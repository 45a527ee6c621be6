/**
 * A small strict argument parser: flags are declared per command, unknown flags are errors (a typo must not be
 * ignored in a wallet tool), and no flag may carry a secret (secrets come from stdin).
 */
import { UsageError } from './io';

export type FlagSpec = { readonly [name: string]: 'boolean' | 'string' };
export type ParsedFlags<S extends FlagSpec> = {
  -readonly [K in keyof S]?: S[K] extends 'boolean' ? boolean : string;
};

export function parseFlags<S extends FlagSpec>(args: readonly string[], spec: S): { flags: ParsedFlags<S>; positionals: string[] } {
  const flags: Record<string, boolean | string> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option --${name}`);
    if (name in flags) throw new UsageError(`--${name} is given twice`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else {
      const value = eq !== -1 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    }
  }
  return { flags: flags as ParsedFlags<S>, positionals };
}

/** --accept CODE[,CODE…]: the warning codes the user acknowledges, each one of `codes` (in any case). */
export function acceptFlag<C extends string>(value: string | undefined, codes: readonly C[]): Set<C> {
  const accepted = new Set<C>();
  if (value === undefined) return accepted;
  for (const part of value.split(',')) {
    const code = part.trim().toUpperCase();
    if (!(codes as readonly string[]).includes(code)) throw new UsageError(`--accept: "${part}" is not a warning code (${codes.join(', ')})`);
    accepted.add(code as C);
  }
  return accepted;
}
