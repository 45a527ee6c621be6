// `npm run fuzz`: every harness of test/fuzz with FUZZ_COUNT inputs per parser (default 100,000), plus the huge
// inputs (10 MB strings, lengths claimed at 2^32 and 2^64, nesting 100,000 deep), in a process of its own with a
// memory limit (--max-old-space-size, MiB) and a time limit (killed past FUZZ_MINUTES). Results:
// test-results/fuzz.json and the times printed; recorded in docs/FUZZING.md. Arguments select harnesses by name.
import { spawn } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';

const count = process.env.FUZZ_COUNT ?? '100000';
const minutes = Number(process.env.FUZZ_MINUTES ?? 90);
const memoryMiB = Number(process.env.FUZZ_MEMORY_MIB ?? 4096);

// `npm run fuzz -- RLP`: only the harnesses whose name matches (a vitest -t pattern), e.g. one at a time on a
// shared machine; the huge inputs and test-results/fuzz.json only in a run of all of them.
const only = process.argv.slice(2).join(' ');
const selection = only ? ['test/fuzz/fuzz.test.ts', '-t', only] : ['test/fuzz'];
const child = spawn('npx', ['vitest', 'run', ...selection, '--project', 'unit', '--no-file-parallelism', '--reporter=verbose'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_COUNT: count, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${memoryMiB}`.trim() },
  detached: true,
});
const timer = setTimeout(() => {
  console.error(`\nfuzz: over the time limit of ${minutes} minutes; stopped.`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  process.exit(1);
}, minutes * 60_000);
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (signal) console.error(`fuzz: stopped by ${signal} (memory limit ${memoryMiB} MiB?)`);
  process.exit(code ?? 1);
});
