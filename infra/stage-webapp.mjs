#!/usr/bin/env node
// @ts-check
// Stages what App Service runs: dist/ (from `npm run build`), package.json, package-lock.json, .npmrc and
// production-only node_modules (`npm ci --omit=dev`), in a folder of its own so the developer's checkout
// and its dev dependencies (TypeScript, jest, Playwright, Azurite…) stay untouched and out of the zip.
//
//   node infra/stage-webapp.mjs [outDir]      (default .tmp/webapp; m365agents.yml zip-deploys it)
//
// Native modules (better-sqlite3) are built for the machine running this script: run it on Linux x64
// (CI, WSL or a dev container) so they match App Service on Linux.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = resolve(root, process.argv[2] ?? join('.tmp', 'webapp'));

/** @param {string} message */
function fail(message) {
  process.stderr.write(`stage-webapp: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(root, 'dist', 'src', 'main.js')))
  fail('dist/src/main.js is missing: run `npm run build` first.');
if (out === root || !out.startsWith(root))
  fail(`refusing to stage into ${out}: pick a folder inside the repository.`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'dist'), join(out, 'dist'), { recursive: true });
for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
  if (existsSync(join(root, file))) cpSync(join(root, file), join(out, file));
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
  cwd: out,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.status !== 0) fail(`npm ci --omit=dev failed (exit ${result.status ?? result.signal}).`);
process.stdout.write(`staged ${out}\n`);
