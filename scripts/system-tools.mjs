// The system tools the tests need beyond npm packages, where to find them, and how to install them.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Chromium for e2e: $CHROMIUM_PATH, else the usual Debian/Ubuntu/Chrome paths. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function onPath(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** [{ what, found, debianPackage }] for everything the test suite uses outside node_modules. */
export function checkSystemTools() {
  return [
    { what: 'Chromium (e2e tests)', found: findChromium() !== null, debianPackage: 'chromium' },
    { what: 'pdftotext / pdftoppm (PDF checks)', found: onPath('pdftotext') && onPath('pdftoppm'), debianPackage: 'poppler-utils' },
    { what: 'age (encrypted-backup interop with the reference implementation)', found: onPath('age'), debianPackage: 'age' },
    { what: 'script (a terminal for age’s passphrase prompt)', found: onPath('script'), debianPackage: 'bsdutils' },
  ];
}

export function missingToolsMessage(missing) {
  const pkgs = missing.map((m) => m.debianPackage).join(' ');
  return [
    `Missing for the tests: ${missing.map((m) => m.what).join(', ')}.`,
    `  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y ${pkgs}`,
    `  (or, as root on Debian, "bash .ci/run" installs them and runs the tests)`,
    '  Elsewhere: install Chromium (or Chrome), poppler and age, and set CHROMIUM_PATH to the browser binary if it is not in /usr/bin.',
  ].join('\n');
}
