// Two clean builds of one commit are byte-identical (what makes a published SHA256SUMS checkable by anyone who
// builds the same commit): two fresh clones of HEAD, `npm run build` in each, every file of dist/ compared.
// It builds the committed HEAD, not uncommitted changes (CI runs on a fresh clone, where they are the same).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const project = process.cwd();
const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: project, encoding: 'utf8' }).trim();
const dirs: string[] = [];

function filesOf(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesOf(dir, r) : [r];
  });
}

function cleanBuild(): { dir: string; files: Map<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'permafrost-repro-'));
  dirs.push(dir);
  execFileSync('git', ['clone', '--quiet', '--no-checkout', project, dir]);
  execFileSync('git', ['-C', dir, 'checkout', '--quiet', head]);
  // The same pinned packages (npm ci from the lockfile): shared, not reinstalled, to keep the test fast.
  symlinkSync(path.join(project, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // A build as a user runs it: not vitest's environment (NODE_ENV=test makes Vite bundle React's development build,
  // which embeds the clone's absolute source paths).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_ENV$|TEST$|MODE$|PERMAFROST_COMMIT$)/.test(k)));
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed in ${dir}:\n${r.stdout}\n${r.stderr}`);
  const dist = path.join(dir, 'dist');
  const files = new Map(filesOf(dist).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dist, f))).digest('hex')]));
  return { dir, files };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('reproducible build', () => {
  it('two fresh clones of HEAD build byte-identical dist/ folders, whose build.json names HEAD', () => {
    const a = cleanBuild();
    const b = cleanBuild();
    expect([...a.files.keys()].sort()).toEqual([...b.files.keys()].sort());
    expect(a.files.size).toBeGreaterThan(8);
    for (const [file, hash] of a.files) expect({ file, hash }).toEqual({ file, hash: b.files.get(file) });
    const info = JSON.parse(readFileSync(path.join(a.dir, 'dist/build.json'), 'utf8')) as { commit: string };
    expect(info.commit).toBe(head);
    // The list the app checks itself against covers the bundles and fonts, and `sha256sum -c` accepts it.
    const check = spawnSync('sha256sum', ['-c', '--quiet', 'dist/SHA256SUMS'], { cwd: a.dir, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  }, 600_000);
});
