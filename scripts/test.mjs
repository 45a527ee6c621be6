// `npm test`: every check the project has, in order, then one closing line "Summary: N passed, N failed, N skipped".
// Stages: system tools present, typecheck, lint (ESLint import rules + dependency-cruiser), build, then vitest
// (unit: core vectors, main process vs a typed fake of electron, CLI, lint fixtures, bundle smoke, electronegativity
// gate, electron-builder config; e2e: the built app in Chromium). Each whole-tree stage counts as one check.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { checkSystemTools, missingToolsMessage } from './system-tools.mjs';

const results = [];
const run = (name, cmd, args) => {
  process.stdout.write(`\n── ${name}: ${[cmd, ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  results.push({ name, ok });
  return ok;
};

const missing = checkSystemTools().filter((t) => !t.found);
if (missing.length) {
  console.error(`\n${missingToolsMessage(missing)}\n`);
  results.push({ name: 'system tools', ok: false });
} else {
  results.push({ name: 'system tools', ok: true });
}

run('typecheck', 'npx', ['tsc', '-b']);
run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
run('dependency rules', 'npx', ['depcruise', 'electron', 'renderer', 'e2e', '--config', '.dependency-cruiser.cjs']);
const built = run('build', 'npm', ['run', 'build', '--silent']);

let tests = { passed: 0, failed: 0, skipped: 0 };
if (built) {
  rmSync('test-results', { recursive: true, force: true });
  mkdirSync('test-results', { recursive: true });
  const projects = missing.length ? ['--project', 'unit'] : [];
  run('tests', 'npx', ['vitest', 'run', ...projects, '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']);
  try {
    const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    tests = {
      passed: report.numPassedTests,
      // A file that fails to load has no failed test, only a failed suite: count it then, never twice.
      failed: report.numFailedTests || (report.numFailedTestSuites ?? 0),
      skipped: report.numPendingTests + report.numTodoTests,
    };
    for (const file of report.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'pending' || t.status === 'skipped') console.log(`  skipped: ${t.fullName}`);
      }
    }
  } catch {
    tests.failed += 1;
    console.error('could not read test-results/vitest.json');
  }
}

const stagesPassed = results.filter((r) => r.ok && r.name !== 'tests').length;
const stagesFailed = results.filter((r) => !r.ok && r.name !== 'tests');
console.log(`\nStages: ${results.map((r) => `${r.name} ${r.ok ? 'ok' : 'FAILED'}`).join(', ')}`);
if (stagesFailed.length) console.log(`Failed stages: ${stagesFailed.map((r) => r.name).join(', ')}`);
const failed = tests.failed + stagesFailed.length + (results.find((r) => r.name === 'tests' && !r.ok) && tests.failed === 0 ? 1 : 0);
console.log(`Summary: ${tests.passed + stagesPassed} passed, ${failed} failed, ${tests.skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
