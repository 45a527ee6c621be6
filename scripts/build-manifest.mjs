// What "This computer" shows a user to compare with the published list: the commit the app was built from and the
// SHA-256 of every file the packaged app runs (electron-builder.yml `files`: main, preload, renderer, fonts, and
// build.json). Written at the end of `npm run build`:
//   dist/build.json   {"name","version","commit"}: the commit from PERMAFROST_COMMIT or `git rev-parse HEAD`
//                     (with "-modified" when the work tree has uncommitted changes), null without git
//   dist/SHA256SUMS   one line per file, `sha256sum -c` format, paths relative to the app folder (the project
//                     root here, the asar root when packaged), sorted bytewise
// The app digest is the SHA-256 of dist/SHA256SUMS itself; the app recomputes all of it from the files it loads
// (electron/main/build-info.ts). Nothing here depends on the time or the machine: two clean builds of one commit
// are byte-identical (test/build/reproducible.test.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The folders and files the packaged app runs (electron-builder.yml `files`), relative to the app folder. */
export const APP_PARTS = ['dist/build.json', 'dist/main', 'dist/preload', 'dist/renderer', 'assets/fonts'];

function commitOf() {
  if (process.env.PERMAFROST_COMMIT) return process.env.PERMAFROST_COMMIT;
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head}-modified` : head;
  } catch {
    return null;
  }
}

function filesUnder(dir, rel) {
  const full = path.join(dir, rel);
  const entries = readdirSync(full, { withFileTypes: true });
  return entries.flatMap((e) => {
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) return filesUnder(dir, r);
    if (e.isFile() && !e.name.endsWith('.map')) return [r];
    return [];
  });
}

export function writeBuildManifest(root = '.') {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const commit = commitOf();
  writeFileSync(path.join(root, 'dist/build.json'), `${JSON.stringify({ name: pkg.name, version: pkg.version, commit })}\n`);
  const files = APP_PARTS.flatMap((p) => (p.endsWith('.json') ? [p] : filesUnder(root, p))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sums = files.map((f) => `${createHash('sha256').update(readFileSync(path.join(root, f))).digest('hex')}  ${f}`).join('\n') + '\n';
  writeFileSync(path.join(root, 'dist/SHA256SUMS'), sums);
  return { commit, files: files.length, digest: createHash('sha256').update(sums).digest('hex') };
}
