import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm start without an Electron binary', () => {
  it('ends with a clear message (why, and what to do), exit 1, no stack trace', () => {
    const r = spawnSync(process.execPath, ['scripts/start.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Permafrost cannot start: ELECTRON_OVERRIDE_DIST_PATH is set but');
    expect(r.stderr).toContain('installer built on an online machine');
    expect(r.stderr).toContain('dist/cli/permafrost.cjs --help');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
