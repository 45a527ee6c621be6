/** Entry of the CLI bundle (dist/cli/permafrost.cjs). */
import { createNodeIo, exitOnClosedPipe } from './node-io';
import { runCli } from './run';

exitOnClosedPipe(process.stdout);
exitOnClosedPipe(process.stderr);

runCli(process.argv.slice(2), createNodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('permafrost: unexpected failure\n');
    process.exitCode = 1;
  },
);
