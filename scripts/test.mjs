#!/usr/bin/env node
// `npm test`: type check, lint, then every jest project. The browser (e2e) project runs when Debian's
// chromium is installed. The simulator's TLS certificate is made first so that every process, jest's
// workers and the child processes they start, trusts it through NODE_EXTRA_CA_CERTS from its start.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
const selected = jestArgs.includes('--selectProjects') ? [] : ['--selectProjects', ...projects];
run('jest', process.execPath, [bin('jest'), '--ci', ...selected, ...jestArgs], env);
