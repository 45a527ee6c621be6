// `npm run dist` ends with scripts/checksums.mjs: SHA256SUMS of the installers plus APP-FILES.SHA256SUMS, whose own
// SHA-256 is the "app files" digest This computer shows (electron/main/build-info.ts hashes the same list).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve('scripts/checksums.mjs');
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('release checksums', () => {
  it('lists every installer, each platform’s installed app.asar and the app-files list, in sha256sum -c format; the list’s line is the app digest', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'permafrost-release-'));
    mkdirSync(path.join(dir, 'dist'));
    mkdirSync(path.join(dir, 'release'));
    const appFiles = `${'a'.repeat(64)}  dist/main/index.cjs\n`;
    writeFileSync(path.join(dir, 'dist/SHA256SUMS'), appFiles);
    writeFileSync(path.join(dir, 'release/Permafrost-0.1.0.AppImage'), 'appimage');
    writeFileSync(path.join(dir, 'release/permafrost_0.1.0_amd64.deb'), 'deb');
    writeFileSync(path.join(dir, 'release/builder-debug.yml'), 'not an installer');
    // electron-builder's unpacked apps: their app.asar is what gets installed (/opt/Permafrost/resources/app.asar).
    mkdirSync(path.join(dir, 'release/linux-unpacked/resources'), { recursive: true });
    writeFileSync(path.join(dir, 'release/linux-unpacked/resources/app.asar'), 'asar');
    writeFileSync(path.join(dir, 'release/linux-unpacked/resources/other.pak'), 'not the app');
    mkdirSync(path.join(dir, 'release/mac/Permafrost.app/Contents/Resources'), { recursive: true });
    writeFileSync(path.join(dir, 'release/mac/Permafrost.app/Contents/Resources/app.asar'), 'mac asar');
    const r = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const sums = readFileSync(path.join(dir, 'release/SHA256SUMS'), 'utf8');
    const names = sums.trim().split('\n').map((l) => l.slice(66));
    expect(names).toEqual([
      'APP-FILES.SHA256SUMS',
      'Permafrost-0.1.0.AppImage',
      'permafrost_0.1.0_amd64.deb',
      'linux-unpacked/resources/app.asar',
      'mac/Permafrost.app/Contents/Resources/app.asar',
    ]);
    expect(sums.split('\n')[0]!.slice(0, 64)).toBe(createHash('sha256').update(appFiles).digest('hex'));
    const check = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: path.join(dir, 'release'), encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});
