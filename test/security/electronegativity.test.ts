/**
 * Electronegativity always exits 0, so the gate reads its SARIF: every finding must be on the allow-list (with a
 * reason), and every allow-list entry must still match a finding (no stale exemptions). A fixture proves the tool
 * still reports a plainly insecure window, so the gate cannot pass by the tool silently finding nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Finding {
  readonly rule: string;
  readonly file: string;
}
interface Allowed extends Finding {
  readonly why: string;
}

const CLI = path.resolve('node_modules/@doyensec/electronegativity/dist/index.js');
const ELECTRON_VERSION = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version as string;

function scan(input: string): Finding[] {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'eneg-')), 'report.sarif');
  const r = spawnSync(process.execPath, [CLI, '-i', input, '-o', out, '-r', '-v', 'false', '-e', ELECTRON_VERSION], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
  };
  return sarif.runs.flatMap((run) =>
    run.results.map((res) => ({ rule: res.ruleId, file: res.locations[0]?.physicalLocation.artifactLocation.uri ?? '?' })),
  );
}

const allowList = JSON.parse(readFileSync('test/security/electronegativity-allowlist.json', 'utf8')) as Allowed[];
const matches = (a: Finding, b: Finding) => a.rule === b.rule && a.file === b.file;

describe('electronegativity gate', () => {
  // It misses nodeIntegration: true when `sandbox` is set (known); test/main/security.test.ts asserts that one.
  const GLOBAL = ['LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK'];
  it('the tool still reports an insecure window and a missing navigation/permission policy (fixture)', () => {
    const rules = scan('test/security/fixtures').map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', ...GLOBAL]));
  });

  const findings = scan('electron');
  it('reports nothing in electron/ outside the allow-list', () => {
    expect(findings.filter((f) => !allowList.some((a) => matches(a, f)))).toEqual([]);
  });
  it('sees our navigation limits and permission handler (no global finding for them)', () => {
    expect(findings.filter((f) => GLOBAL.includes(f.rule))).toEqual([]);
  });
  it('every allow-list entry has a reason and still matches a finding', () => {
    for (const entry of allowList) {
      expect(entry.why.length).toBeGreaterThan(20);
      expect(findings.some((f) => matches(entry, f)), `stale allow-list entry ${entry.rule} ${entry.file}`).toBe(true);
    }
  });
});
