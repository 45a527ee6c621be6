// "This computer" shows the build's commit and the SHA-256 of the list of every file the app runs, recomputed from
// the files themselves: a changed, added or removed file means no digest and a message naming the file.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_PARTS as BUILD_PARTS, writeBuildManifest } from '../../scripts/build-manifest.mjs';
import { APP_PARTS, readBuildInfo } from '../../electron/main/build-info';
import { createHandlers } from '../../electron/main/handlers';
import { Vault } from '../../electron/main/vault';

let root: string;
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'permafrost-build-'));
  write('package.json', JSON.stringify({ name: 'permafrost', version: '9.9.9' }));
  write('dist/main/index.cjs', 'main');
  write('dist/preload/index.cjs', 'preload');
  write('dist/renderer/index.html', '<html>');
  write('dist/renderer/assets/index-abc.js', 'js');
  write('dist/renderer/assets/index-abc.js.map', 'a source map is not shipped');
  write('assets/fonts/Font.ttf', 'font');
  process.env.PERMAFROST_COMMIT = '0123456789abcdef0123456789abcdef01234567';
});
afterEach(() => {
  delete process.env.PERMAFROST_COMMIT;
  rmSync(root, { recursive: true, force: true });
});

describe('the build manifest and the running app read the same files', () => {
  it('names the same parts in the build script and in the main process', () => {
    expect([...APP_PARTS]).toEqual([...BUILD_PARTS]);
  });

  it('measures an unchanged build: commit, file count, and the SHA-256 of SHA256SUMS', async () => {
    const written = writeBuildManifest(root);
    const sums = readFileSync(path.join(root, 'dist/SHA256SUMS'), 'utf8');
    expect(sums.split('\n').filter(Boolean).map((l) => l.slice(66))).toEqual([
      'assets/fonts/Font.ttf',
      'dist/build.json',
      'dist/main/index.cjs',
      'dist/preload/index.cjs',
      'dist/renderer/assets/index-abc.js',
      'dist/renderer/index.html',
    ]);
    const info = await readBuildInfo(root);
    expect(info).toEqual({ commit: process.env.PERMAFROST_COMMIT, digest: written.digest, files: 6, problem: null });
    expect(info.digest).toBe(createHash('sha256').update(sums).digest('hex'));
  });

  it('refuses a digest when a file changed after the build, and names it', async () => {
    writeBuildManifest(root);
    appendFileSync(path.join(root, 'dist/main/index.cjs'), '// injected');
    const info = await readBuildInfo(root);
    expect(info.digest).toBeNull();
    expect(info.problem).toBe('dist/main/index.cjs differs from the build’s list: it was changed after the build.');
  });

  it('refuses a digest when a file was added or removed', async () => {
    writeBuildManifest(root);
    write('dist/renderer/assets/extra.js', 'x');
    expect((await readBuildInfo(root)).problem).toBe('dist/renderer/assets/extra.js is not in the build’s list (1 file added).');
    rmSync(path.join(root, 'dist/renderer/assets/extra.js'));
    rmSync(path.join(root, 'dist/preload/index.cjs'));
    expect((await readBuildInfo(root)).problem).toBe('dist/preload/index.cjs is in the build’s list but missing.');
  });

  it('a symbolic link added among the app’s files is named as added, not skipped (file or folder)', async () => {
    writeBuildManifest(root);
    write('outside/evil.js', 'x');
    symlinkSync(path.join(root, 'outside/evil.js'), path.join(root, 'dist/renderer/assets/evil.js'));
    expect((await readBuildInfo(root)).problem).toBe('dist/renderer/assets/evil.js is not in the build’s list (1 file added).');
    rmSync(path.join(root, 'dist/renderer/assets/evil.js'));
    symlinkSync(path.join(root, 'outside'), path.join(root, 'dist/renderer/more'));
    expect((await readBuildInfo(root)).problem).toBe('dist/renderer/more is not in the build’s list (1 file added).');
  });

  it('a file that cannot be read is named as unreadable; the rest of the app info still comes (a FIFO is never read)', async () => {
    writeBuildManifest(root);
    // A FIFO in a bundle's place: reading it would block for ever.
    rmSync(path.join(root, 'dist/preload/index.cjs'));
    execFileSync('mkfifo', [path.join(root, 'dist/preload/index.cjs')]);
    expect(await readBuildInfo(root)).toEqual({
      commit: process.env.PERMAFROST_COMMIT,
      digest: null,
      files: 0,
      problem: 'dist/preload/index.cjs is unreadable (not a regular file): it cannot be checked against the build’s list.',
    });
    // A link to nothing in a bundle's place: the system's reason is given.
    rmSync(path.join(root, 'dist/preload/index.cjs'));
    symlinkSync(path.join(root, 'nowhere.cjs'), path.join(root, 'dist/preload/index.cjs'));
    expect((await readBuildInfo(root)).problem).toBe('dist/preload/index.cjs is unreadable (ENOENT): it cannot be checked against the build’s list.');
  });

  it('getAppInfo still answers when measuring fails outright, saying why', async () => {
    const handlers = createHandlers({
      readBuild: () => Promise.reject(new Error('EACCES: permission denied, scandir')),
      vault: new Vault(),
      platform: 'linux',
      electronVersion: null,
      packaged: false,
    } as unknown as Parameters<typeof createHandlers>[0]);
    const info = await handlers.getAppInfo(undefined, {} as Parameters<typeof handlers.getAppInfo>[1]);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.build).toEqual({ commit: null, digest: null, files: 0, problem: 'The app’s files could not be measured: EACCES: permission denied, scandir' });
  });

  it('says so when there is no list or it is malformed', async () => {
    expect((await readBuildInfo(root)).problem).toBe('dist/build.json is missing or unreadable: this is not a complete build.');
    writeBuildManifest(root);
    writeFileSync(path.join(root, 'dist/SHA256SUMS'), 'not a line\n');
    expect((await readBuildInfo(root)).problem).toMatch(/^dist\/SHA256SUMS has a line that is not/);
    rmSync(path.join(root, 'dist/SHA256SUMS'));
    expect(await readBuildInfo(root)).toEqual({ commit: process.env.PERMAFROST_COMMIT, digest: null, files: 0, problem: 'dist/SHA256SUMS is missing: the files cannot be checked.' });
  });

  it('getAppInfo measures once per run and returns the build', async () => {
    writeBuildManifest(root);
    let reads = 0;
    const handlers = createHandlers({
      readBuild: () => {
        reads += 1;
        return readBuildInfo(root);
      },
      vault: new Vault(),
      platform: 'linux',
      electronVersion: null,
      packaged: false,
    } as unknown as Parameters<typeof createHandlers>[0]);
    const ctx = {} as Parameters<typeof handlers.getAppInfo>[1];
    const first = await handlers.getAppInfo(undefined, ctx);
    await handlers.getAppInfo(undefined, ctx);
    expect(reads).toBe(1);
    expect(first.build?.commit).toBe(process.env.PERMAFROST_COMMIT);
    expect(first.build?.files).toBe(6);
  });
});
