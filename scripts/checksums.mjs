// Writes SHA256SUMS for the installers in a directory (default release/), in the format `sha256sum -c` reads, with
// APP-FILES.SHA256SUMS beside them: the list of every file the app runs (dist/SHA256SUMS from `npm run build`).
// Its line in SHA256SUMS is the "app files" SHA-256 that the app's This computer screen shows: a user compares the two.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'release';
const artifacts = readdirSync(dir)
  .filter((f) => /\.(AppImage|deb|dmg|exe|zip)$/.test(f) && statSync(path.join(dir, f)).isFile())
  .sort();
if (artifacts.length === 0) {
  console.error(`no installers found in ${dir}/`);
  process.exit(1);
}
copyFileSync(path.join('dist', 'SHA256SUMS'), path.join(dir, 'APP-FILES.SHA256SUMS'));
// Each platform's app.asar as installed (electron-builder's unpacked folders): an installed app can be checked from
// outside, with sha256sum, not only by its own This computer screen (which a modified app could fake).
const asars = readdirSync(dir)
  .flatMap((d) => [`${d}/resources/app.asar`, `${d}/Permafrost.app/Contents/Resources/app.asar`])
  .filter((f) => existsSync(path.join(dir, f)) && statSync(path.join(dir, f)).isFile())
  .sort();
const listed = ['APP-FILES.SHA256SUMS', ...artifacts, ...asars];
const lines = listed.map((f) => `${createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')}  ${f}`);
writeFileSync(path.join(dir, 'SHA256SUMS'), `${lines.join('\n')}\n`);
console.log(`${dir}/SHA256SUMS:\n${lines.join('\n')}`);
