import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Configuration } from 'app-builder-lib';
import { APP_PARTS } from '../../electron/main/build-info';

// electron-builder's own validator (the JSON schema it runs before every build).
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: Configuration, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Configuration;

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validator", async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });
  it('the validator really validates (an unknown key fails)', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), autoUpdateFromTheInternet: true } as Configuration, new DebugLogger(false))).rejects.toThrow(/autoUpdateFromTheInternet/);
  });
  it('builds AppImage + deb, dmg and nsis, inside an asar', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(config.asar).toBe(true);
  });
  it('never publishes or updates itself', () => {
    expect(config.publish).toBeNull();
    expect(JSON.stringify(config)).not.toMatch(/updater|github|s3|spaces|generic/i);
  });
  it('hardens every fuse: no Node entry points, asar only and checked, no extra file: privileges', () => {
    // Every fuse electron-builder knows, each set on purpose (a new one fails here until it is decided).
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      // The renderer is served from permafrost://app, so file: pages need (and get) nothing extra.
      grantFileProtocolExtraPrivileges: false,
    });
  });
  it('decides every fuse electron-builder can flip (read from its own FuseOptionsV1 typings)', () => {
    const typings = readFileSync(require.resolve('app-builder-lib/out/configuration.d.ts'), 'utf8');
    const body = /export interface FuseOptionsV1 \{([\s\S]*?)\n\}/.exec(typings)?.[1] ?? '';
    const known = [...body.matchAll(/^\s{4}(\w+)\?: boolean;/gm)].map((m) => m[1]);
    // resetAdHocDarwinSignature is a signing step, not a fuse.
    const fuses = known.filter((k) => k !== 'resetAdHocDarwinSignature');
    expect(fuses.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(config.electronFuses ?? {}).sort()).toEqual(fuses.sort());
  });
  it('asks macOS for the camera and nothing else', () => {
    const usage = Object.keys(config.mac?.extendInfo ?? {}).filter((k) => k.endsWith('UsageDescription'));
    expect(usage).toEqual(['NSCameraUsageDescription']);
    const entitlements = readFileSync('assets/entitlements.mac.plist', 'utf8');
    const keys = [...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.camera']);
  });
  it('ships the built bundles only', () => {
    expect(config.files).toEqual(['dist/build.json', 'dist/SHA256SUMS', 'dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'assets/fonts/**', 'package.json', '!**/*.map']);
  });
  it('ships every file This computer reads to check the build (else an installed app could not show its commit or digest)', () => {
    const files = (config.files ?? []) as string[];
    const shipped = (file: string) => files.some((f) => f === file || (f.endsWith('/**') && file.startsWith(f.slice(0, -2))));
    for (const part of [...APP_PARTS, 'dist/SHA256SUMS']) {
      // A folder is read whole: one file in it stands for all.
      const file = part.includes('.') || part.endsWith('SUMS') ? part : `${part}/index.js`;
      expect(shipped(file), file).toBe(true);
    }
  });
});
