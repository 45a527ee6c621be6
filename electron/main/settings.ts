/**
 * The user's settings that outlive a session: today the auto-lock's idle time. One small JSON file in the app's
 * user-data directory (<userData>/settings.json), holding nothing secret. Read once at start and checked with a
 * schema: a file that is damaged, too large, of another shape or out of range is not used — the defaults are, and
 * the problem is said (This computer shows it) — never a crash. Written atomically (electron/node/safe-files.ts):
 * a crash mid-save leaves the previous file whole.
 */
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readFileLimited, saveError, writeFileAtomic } from '../node/safe-files';
import { DEFAULT_IDLE_SECONDS, MAX_IDLE_SECONDS, MIN_IDLE_SECONDS } from './auto-lock';

export const SETTINGS_FILE = 'settings.json';
/** A real file is about 50 bytes; anything much larger is not ours. */
export const MAX_SETTINGS_BYTES = 4096;

export interface Settings {
  /** The auto-lock's idle time, in seconds (1 s to 24 h). */
  readonly autoLockSeconds: number;
}

export const DEFAULT_SETTINGS: Settings = { autoLockSeconds: DEFAULT_IDLE_SECONDS };

const settingsSchema = z
  .object({
    version: z.literal(1),
    autoLockSeconds: z.number().int().min(MIN_IDLE_SECONDS).max(MAX_IDLE_SECONDS),
  })
  .strict();

export interface LoadedSettings {
  readonly settings: Settings;
  /** Why the saved settings were not used (the defaults are), or null. */
  readonly problem: string | null;
}

export interface SettingsStore {
  /** Never rejects: a missing file gives the defaults; an unusable one the defaults and the reason. */
  load(): Promise<LoadedSettings>;
  /** Rejects with a WalletError (SAVE_FAILED) saying why the file could not be written. */
  save(settings: Settings): Promise<void>;
}

/** The reason a settings file's text is not used, or the settings it holds. */
export function parseSettings(text: string): Settings | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'it is not valid JSON' };
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { problem: `${where}${issue?.message ?? 'not the expected shape'}` };
  }
  return { autoLockSeconds: parsed.data.autoLockSeconds };
}

const unusable = (file: string, why: string): LoadedSettings => ({
  settings: DEFAULT_SETTINGS,
  problem: `The saved settings (${file}) could not be used — ${why}. The defaults apply (auto-lock after 10 minutes) until you choose again.`,
});

/** The settings file in `dir`; `dir` may be a function so the app asks Electron for userData only when first used. */
export function settingsFileStore(dir: string | (() => string), platform: string = process.platform): SettingsStore {
  const folder = () => (typeof dir === 'string' ? dir : dir());
  return {
    async load() {
      const file = path.join(folder(), SETTINGS_FILE);
      try {
        await fsp.lstat(file);
      } catch (e) {
        // None saved yet: the defaults, and nothing to say.
        if ((e as { code?: string }).code === 'ENOENT') return { settings: DEFAULT_SETTINGS, problem: null };
        return unusable(SETTINGS_FILE, `it cannot be reached (${(e as { code?: string }).code ?? 'error'})`);
      }
      let bytes: Uint8Array;
      try {
        // Regular files only, opened without blocking, at most MAX_SETTINGS_BYTES + 1 bytes read.
        bytes = await readFileLimited(file, MAX_SETTINGS_BYTES);
      } catch (e) {
        const why = (e as Error).message.replace(/\.$/, '');
        return unusable(SETTINGS_FILE, why.charAt(0).toLowerCase() + why.slice(1));
      }
      if (bytes.length > MAX_SETTINGS_BYTES) return unusable(SETTINGS_FILE, `it is larger than ${MAX_SETTINGS_BYTES.toLocaleString('en-US')} bytes`);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return unusable(SETTINGS_FILE, 'it is not text');
      }
      const parsed = parseSettings(text);
      return 'problem' in parsed ? unusable(SETTINGS_FILE, parsed.problem) : { settings: parsed, problem: null };
    },
    async save(settings) {
      const d = folder();
      try {
        await fsp.mkdir(d, { recursive: true, mode: 0o700 });
      } catch (e) {
        throw saveError(path.join(d, SETTINGS_FILE), e);
      }
      const text = `${JSON.stringify({ version: 1, autoLockSeconds: settings.autoLockSeconds })}\n`;
      await writeFileAtomic(path.join(d, SETTINGS_FILE), text, { mode: 0o600, platform });
    },
  };
}
