import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrivateTempDir, isWritableTmpfs, ramTempCandidates } from '../../electron/main/temp-dir';

const base = mkdtempSync(path.join(tmpdir(), 'permafrost-tempdir-test-'));
const osTempDir = path.join(base, 'os-tmp');
const ramDir = path.join(base, 'ram');
mkdirSync(osTempDir);
mkdirSync(ramDir);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('createPrivateTempDir', () => {
  it('makes a 0700 directory and points TMPDIR, TMP and TEMP at it', () => {
    const env: Record<string, string | undefined> = { TMPDIR: '/tmp', HOME: '/home/x' };
    const dir = createPrivateTempDir({ platform: 'linux', osTempDir, env, ramCandidates: [] });
    expect(statSync(dir.path).mode & 0o777).toBe(0o700);
    expect(path.dirname(dir.path)).toBe(osTempDir);
    expect(env).toEqual({ TMPDIR: dir.path, TMP: dir.path, TEMP: dir.path, HOME: '/home/x' });
    dir.remove();
  });

  it('prefers a RAM-backed directory when one is available', () => {
    const ram = createPrivateTempDir({ platform: 'linux', osTempDir, env: {}, ramCandidates: ['/nowhere', ramDir], isRamBacked: (d) => d === ramDir });
    expect(ram.ramBacked).toBe(true);
    expect(path.dirname(ram.path)).toBe(ramDir);
    ram.remove();
    const disk = createPrivateTempDir({ platform: 'linux', osTempDir, env: {}, ramCandidates: [ramDir], isRamBacked: () => false });
    expect(disk.ramBacked).toBe(false);
    expect(path.dirname(disk.path)).toBe(osTempDir);
    disk.remove();
  });

  it('remove() deletes it with everything a print job left inside; twice is harmless', () => {
    const dir = createPrivateTempDir({ platform: 'linux', osTempDir, env: {}, ramCandidates: [] });
    mkdirSync(path.join(dir.path, 'job'));
    writeFileSync(path.join(dir.path, 'job', '.org.chromium.Chromium.abc'), '%PDF seed words');
    dir.remove();
    expect(existsSync(dir.path)).toBe(false);
    expect(() => dir.remove()).not.toThrow();
  });
});

describe('RAM-backed candidates', () => {
  it('/dev/shm on Linux only', () => {
    expect(ramTempCandidates('linux')).toEqual(['/dev/shm']);
    expect(ramTempCandidates('darwin')).toEqual([]);
    expect(ramTempCandidates('win32')).toEqual([]);
  });
  it('recognises tmpfs by its statfs type, and a disk directory as not RAM-backed', () => {
    expect(isWritableTmpfs(osTempDir)).toBe(statfsIsTmpfs(osTempDir));
    expect(isWritableTmpfs(path.join(base, 'missing'))).toBe(false);
    if (existsSync('/dev/shm')) expect(isWritableTmpfs('/dev/shm')).toBe(statfsIsTmpfs('/dev/shm'));
  });
});

function statfsIsTmpfs(dir: string): boolean {
  // Independent of the code under test: ask the kernel through /proc/mounts where available.
  if (!existsSync('/proc/mounts')) return false;
  const mounts = readFileSync('/proc/mounts', 'utf8');
  const real = realpathSync(dir);
  let best: { point: string; type: string } | null = null;
  for (const line of mounts.split('\n')) {
    const [, point, type] = line.split(' ');
    if (!point || !type) continue;
    if ((real === point || real.startsWith(point.endsWith('/') ? point : `${point}/`)) && (!best || point.length > best.point.length)) best = { point, type };
  }
  return best?.type === 'tmpfs';
}
