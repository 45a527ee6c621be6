/** Entry of the CLI bundle (dist/cli/permafrost.cjs). */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin,
  platform: process.platform,
  networkInterfaces: () => os.networkInterfaces(),
  // dist/cli/permafrost.cjs → assets/fonts of the checkout or package.
  readFonts: () => {
    const dir = path.join(__dirname, '..', '..', 'assets', 'fonts');
    return {
      regular: new Uint8Array(readFileSync(path.join(dir, 'JetBrainsMono-Regular.ttf'))),
      bold: new Uint8Array(readFileSync(path.join(dir, 'JetBrainsMono-Bold.ttf'))),
    };
  },
  readTextFile: (file) => readFile(file, 'utf8'),
  writeFile: (file, bytes) => writeFile(file, bytes, { mode: 0o600 }),
  today: () => new Date().toISOString().slice(0, 10),
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('permafrost: unexpected failure\n');
    process.exitCode = 1;
  },
);
