// `npm start` (after the build): launch Electron on dist/main, or say plainly why it cannot start here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findElectronBinary } from './electron-binary.mjs';

let found = findElectronBinary();
// On an online machine, fetch the binary with Electron's own installer (npm 11 runs no install scripts, and
// Electron 45 downloads lazily). Offline this fails within a second and we explain below.
const installer = 'node_modules/electron/install.js';
if (!found.path && !process.env.ELECTRON_OVERRIDE_DIST_PATH && existsSync(installer)) {
  console.error('Electron binary not found; trying to download it (needs the internet)...');
  const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 10 * 60_000 });
  if (r.status === 0) found = findElectronBinary();
}
if (!found.path) {
  console.error(`
Permafrost cannot start: ${found.reason}.

The app needs Electron's binary, which npm downloads from the internet the first time it is used. This machine
has no internet (by design, if it is your air-gapped computer). Any one of these works:
  - Install Permafrost from an installer built on an online machine (npm run dist; see README "Installers").
  - Copy an unpacked Electron 45 for this platform here and run:
        ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dir npm start
  - Use the command-line tools, which need no Electron:  node dist/cli/permafrost.cjs --help
`);
  process.exit(1);
}
const child = spawn(found.path, ['.'], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
