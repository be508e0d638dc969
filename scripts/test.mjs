#!/usr/bin/env node
// `npm test`: type check, lint, then every jest project. The browser (e2e) project runs when Debian's
// chromium is installed. The simulator's TLS certificate is made first so that every process, jest's
// workers and the child processes they start, trusts it through NODE_EXTRA_CA_CERTS from its start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ensureTestCertificate } from './tls.mjs';

const args = process.argv.slice(2);
const onlyJest = args.includes('--only-jest');
const jestArgs = args.filter((a) => a !== '--only-jest');
const root = resolve(import.meta.dirname, '..');
const bin = (name) => resolve(root, 'node_modules', '.bin', name);

function run(label, cmd, cmdArgs, env = process.env) {
  process.stdout.write(`\n> ${label}\n`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, env });
  if (r.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status ?? 1);
  }
}

if (!onlyJest) {
  run('typecheck (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  run('lint (eslint)', bin('eslint'), ['.', '--max-warnings=0']);
}

const certPath = ensureTestCertificate(resolve(root, '.tmp', 'tls'));
const env = { ...process.env, NODE_EXTRA_CA_CERTS: certPath, TEST_TLS_DIR: resolve(root, '.tmp', 'tls') };
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const projects = ['unit', 'integration', 'reliability'];
if (existsSync(chromium)) projects.push('e2e');
else process.stdout.write(`\n(no ${chromium}: the browser tests are skipped; apt-get install -y chromium)\n`);
if (jestArgs.includes('--selectProjects')) {
  run('jest', process.execPath, [bin('jest'), '--ci', ...jestArgs], env);
} else {
  // The coverage gate: line and branch coverage of src/ from the unit and integration projects, against
  // the thresholds in jest.config.js. Code that runs only in child processes the tests spawn (the bot
  // process of the integration and reliability suites, the simulator CLI) is not counted by jest's
  // coverage, so the gate measures what runs in jest's own workers.
  const summary = resolve(root, '.tmp', 'test-summary.jsonl');
  mkdirSync(dirname(summary), { recursive: true });
  writeFileSync(summary, '');
  const withSummary = { ...env, TEST_SUMMARY_FILE: summary };
  const gated = ['unit', 'integration'];
  const rest = projects.filter((p) => !gated.includes(p));
  process.stdout.write(
    "\n(coverage gate: src/ as run by the unit and integration projects in jest's own processes; " +
      'code run only in spawned child processes is not counted)\n',
  );
  run(
    'jest (unit, integration, with the coverage gate)',
    process.execPath,
    [bin('jest'), '--ci', '--coverage', '--selectProjects', ...gated, ...jestArgs],
    withSummary,
  );
  if (rest.length)
    run(
      `jest (${rest.join(', ')})`,
      process.execPath,
      [bin('jest'), '--ci', '--selectProjects', ...rest, ...jestArgs],
      withSummary,
    );
  const total = readFileSync(summary, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .reduce(
      (a, b) => ({
        passed: a.passed + b.passed,
        failed: a.failed + b.failed,
        skipped: a.skipped + b.skipped,
      }),
      { passed: 0, failed: 0, skipped: 0 },
    );
  process.stdout.write(
    `\nAll projects: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`,
  );
  if (total.passed + total.failed === 0) process.exit(1);
}
