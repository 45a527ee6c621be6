// Writes SHA256SUMS for the installers in a directory (default release/), in the format `sha256sum -c` reads.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'release';
const artifacts = readdirSync(dir)
  .filter((f) => /\.(AppImage|deb|dmg|exe|zip)$/.test(f) && statSync(path.join(dir, f)).isFile())
  .sort();
if (artifacts.length === 0) {
  console.error(`no installers found in ${dir}/`);
  process.exit(1);
}
const lines = artifacts.map((f) => `${createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')}  ${f}`);
writeFileSync(path.join(dir, 'SHA256SUMS'), `${lines.join('\n')}\n`);
console.log(`${dir}/SHA256SUMS:\n${lines.join('\n')}`);
