/**
 * Which build is running, measured rather than declared: the commit from dist/build.json and the SHA-256 of every
 * file the app runs, recomputed from the files on disk (inside the asar when packaged) and compared with
 * dist/SHA256SUMS, the list `npm run build` wrote (scripts/build-manifest.mjs). The digest a user compares with the
 * published one is the SHA-256 of that list; it is shown only when every file still matches it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BuildInfo } from '../ipc';

/** The folders and files the packaged app runs, relative to the app folder (as scripts/build-manifest.mjs). */
export const APP_PARTS = ['dist/build.json', 'dist/main', 'dist/preload', 'dist/renderer', 'assets/fonts'] as const;
const MAX_LIST_BYTES = 64 * 1024;
const LINE = /^([0-9a-f]{64}) {2}([A-Za-z0-9._/-]+)$/;

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

async function filesUnder(root: string, rel: string): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) return filesUnder(root, r);
      // A symbolic link (to a file or a folder) is never skipped: it is not in the build's list, so it is named.
      return Promise.resolve(e.isFile() && e.name.endsWith('.map') ? [] : [r]);
    }),
  );
  return nested.flat();
}

/**
 * The SHA-256 of one of the app's files. Only a regular file is read: a FIFO or a device put in a bundle's place
 * would block the read for ever.
 */
async function hashFile(file: string): Promise<string> {
  if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
  return sha256(await readFile(file));
}

const unmeasured = (commit: string | null, problem: string): BuildInfo => ({ commit, digest: null, files: 0, problem });

/** Reads and checks the build of the app whose folder is `appDir` (the project root, or the asar root). */
export async function readBuildInfo(appDir: string): Promise<BuildInfo> {
  let commit: string | null = null;
  try {
    const parsed = JSON.parse(await readFile(path.join(appDir, 'dist/build.json'), 'utf8')) as { commit?: unknown };
    commit = typeof parsed.commit === 'string' ? parsed.commit : null;
  } catch {
    return unmeasured(null, 'dist/build.json is missing or unreadable: this is not a complete build.');
  }
  let list: string;
  try {
    const bytes = await readFile(path.join(appDir, 'dist/SHA256SUMS'));
    if (bytes.length > MAX_LIST_BYTES) return unmeasured(commit, 'dist/SHA256SUMS is too large to be the build’s list.');
    list = bytes.toString('utf8');
  } catch {
    return unmeasured(commit, 'dist/SHA256SUMS is missing: the files cannot be checked.');
  }
  const listed = new Map<string, string>();
  for (const line of list.split('\n').filter((l) => l !== '')) {
    const m = LINE.exec(line);
    if (!m || listed.has(m[2]!)) return unmeasured(commit, `dist/SHA256SUMS has a line that is not “hash  file”: ${line.slice(0, 80)}`);
    listed.set(m[2]!, m[1]!);
  }
  let present: string[];
  try {
    present = (await Promise.all(APP_PARTS.map((p) => (p.endsWith('.json') ? Promise.resolve([p]) : filesUnder(appDir, p))))).flat().sort();
  } catch (e) {
    return unmeasured(commit, `The app’s files could not be listed: ${(e as Error).message}`);
  }
  const extra = present.filter((f) => !listed.has(f));
  if (extra.length) return unmeasured(commit, `${extra[0]} is not in the build’s list (${extra.length} file${extra.length === 1 ? '' : 's'} added).`);
  const missing = [...listed.keys()].filter((f) => !present.includes(f));
  if (missing.length) return unmeasured(commit, `${missing[0]} is in the build’s list but missing.`);
  for (const f of present) {
    let actual: string;
    try {
      actual = await hashFile(path.join(appDir, f));
    } catch (e) {
      // One file that cannot be read is named; it does not make the whole screen fail.
      return unmeasured(commit, `${f} is unreadable (${(e as { code?: string }).code ?? 'error'}): it cannot be checked against the build’s list.`);
    }
    if (actual !== listed.get(f)) return unmeasured(commit, `${f} differs from the build’s list: it was changed after the build.`);
  }
  return { commit, digest: sha256(list), files: present.length, problem: null };
}
