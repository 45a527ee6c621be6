// Builds the Node-side bundles with esbuild (the renderer is built by Vite):
//   dist/main/index.cjs      main process (electron external)
//   dist/preload/index.cjs   sandboxed preload: ONE self-contained CJS file, requiring nothing but electron
//   dist/cli/permafrost.cjs  the CLI (never loads electron)
//   dist/e2e/bridge-init.js  the same bridge factory the preload uses, wired to a Playwright binding (tests only)
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { ALIASES } from './aliases.mjs';
import { writeBuildManifest } from './build-manifest.mjs';

// pdfkit's browser build computes a PDF/A colour-profile URL from import.meta.url when it loads (we never make
// PDF/A). CommonJS output has no import.meta, so give it a harmless constant rather than crash at start.
const define = { 'import.meta.url': JSON.stringify('file:///permafrost-bundle/') };
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none', alias: ALIASES, define };

await rm('dist/main', { recursive: true, force: true });
await rm('dist/preload', { recursive: true, force: true });
await rm('dist/cli', { recursive: true, force: true });
await rm('dist/e2e', { recursive: true, force: true });

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/main/index.cjs', external: ['electron'] }),
  build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'dist/preload/index.cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['electron/cli/index.ts'],
    outfile: 'dist/cli/permafrost.cjs',
    banner: { js: '#!/usr/bin/env node' },
    // The CLI runs the core in plain Node; electron must never be pulled in (requiring it downloads a binary).
    plugins: [{ name: 'no-electron', setup: (b) => b.onResolve({ filter: /^electron$/ }, () => ({ errors: [{ text: 'the CLI must not import electron' }] })) }],
  }),
  build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome140',
    entryPoints: ['e2e/harness/bridge-init.ts'],
    outfile: 'dist/e2e/bridge-init.js',
  }),
]);
await chmod('dist/cli/permafrost.cjs', 0o755);
const manifest = writeBuildManifest();
console.log(`built dist/main, dist/preload, dist/cli, dist/e2e; app bundles ${manifest.digest.slice(0, 16)}… (commit ${manifest.commit ?? 'unknown'})`);
