import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli';

const offline = { lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }] };
const online = { ...offline, wlan0: [{ address: '192.168.1.9', family: 'IPv4', internal: false }] };

const cli = (argv: string[], interfaces: Record<string, Array<{ address: string; family: string; internal: boolean }>> = offline) => runInProcess(argv, { interfaces });

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; bin: Record<string, string> };

describe('permafrost CLI (in process)', () => {
  it('--version prints the version; with --json, as JSON', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(JSON.parse((await cli(['--version', '--json'])).stdout)).toEqual({ name: 'Permafrost', version: pkg.version });
  });
  it('--help lists the commands and says secrets come from stdin', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: permafrost <command>');
    expect(stdout).toContain('airgap');
    expect(stdout).toMatch(/standard input, never from the command line/);
  });
  it('no arguments: help, exit 2', async () => {
    expect((await cli([])).code).toBe(2);
  });
  it('an unknown command or option is a usage error (exit 2) that says what is wrong', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
    expect(await cli(['airgap', '--jsn'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option --jsn') });
    expect(await cli(['airgap', 'extra'])).toMatchObject({ code: 2, stderr: expect.stringContaining('takes no arguments') });
  });
  it('errors are JSON on stderr with --json', async () => {
    const { code, stderr } = await cli(['frobnicate', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'USAGE', message: 'unknown command "frobnicate"' } });
  });
  it('airgap: exit 0 and "Offline" when nothing is up', async () => {
    expect(await cli(['airgap'])).toMatchObject({ code: 0, stdout: 'Offline: no network interface is up.\n' });
    expect(JSON.parse((await cli(['airgap', '--json'])).stdout)).toEqual({ airGapped: true, interfaces: [] });
  });
  it('airgap: exit 1 naming the interface when one is up', async () => {
    const human = await cli(['airgap'], online);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('not air-gapped');
    expect(human.stdout).toContain('wlan0 (wifi): 192.168.1.9');
    expect(JSON.parse((await cli(['airgap', '--json'], online)).stdout)).toEqual({
      airGapped: false,
      interfaces: [{ name: 'wlan0', kind: 'wifi', addresses: ['192.168.1.9'] }],
    });
  });
});

describe('permafrost CLI (built bundle)', () => {
  const bin = pkg.bin.permafrost as string;
  it('is built where package.json bin points, executable, with a node shebang', () => {
    expect(existsSync(bin), `${bin} missing: run npm run build`).toBe(true);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
  it('runs in plain Node: --version', () => {
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
  });
  it('never loads electron (requiring it in plain Node tries to download a binary)', () => {
    expect(readFileSync(bin, 'utf8')).not.toMatch(/require\(["']electron["']\)/);
  });
  it('exits 2 on a usage error', () => {
    const r = spawnSync(process.execPath, [bin, 'nope'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "nope"');
  });
});
