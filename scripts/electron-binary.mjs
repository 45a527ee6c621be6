// Where the Electron binary is, without triggering electron's lazy download (requiring `electron` in plain Node
// downloads the binary, which cannot work on an offline machine).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** { path } when a binary is present, { reason } when not. */
export function findElectronBinary(root = process.cwd()) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(candidate) ? { path: candidate } : { reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist` };
  }
  if (!existsSync(pkgDir)) return { reason: 'the electron package is not installed (run npm ci)' };
  if (!relative) return { reason: "Electron's binary was never downloaded (its install step needs the internet)" };
  const full = path.join(pkgDir, 'dist', relative);
  return existsSync(full) ? { path: full } : { reason: `Electron's binary is missing at ${full}` };
}
