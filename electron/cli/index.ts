/** Entry of the CLI bundle (dist/cli/permafrost.cjs). */
import os from 'node:os';
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
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('permafrost: unexpected failure\n');
    process.exitCode = 1;
  },
);
