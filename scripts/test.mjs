#!/usr/bin/env node
// `npm test`: type-check, lint (zero warnings), formatting, then every vitest project.
// Ends with a plain "N passed, N failed" line so a run that executed no test is visible.
// Extra arguments are passed to vitest (e.g. `npm test -- --project server`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, extraEnv = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...extraEnv } }).status ?? 1;

const args = process.argv.slice(2);
const quick = process.env.SIGMA_TEST_SKIP_STATIC === '1';
let failedSteps = [];
if (!quick) {
  console.log('\n▶ typecheck');
  if (run('npm', ['run', '-s', 'typecheck']) !== 0) failedSteps.push('typecheck');
  console.log('\n▶ lint');
  if (run('npm', ['run', '-s', 'lint']) !== 0) failedSteps.push('lint');
  console.log('\n▶ format (prettier --check; `npm run format` fixes)');
  if (run('npm', ['run', '-s', 'format:check']) !== 0) failedSteps.push('format');
}
mkdirSync(join(root, 'test-results'), { recursive: true });
const out = join(root, 'test-results', 'vitest.json');
console.log('\n▶ vitest');
const code = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...args]);
if (code !== 0) failedSteps.push('vitest');
let passed = 0,
  failed = 0,
  skipped = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
process.exit(failedSteps.length || passed === 0 ? 1 : 0);
