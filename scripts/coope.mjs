#!/usr/bin/env node
// The README's two commands: `npm start` and `npm test` (plus `npm run setup` and `npm run bench`).
// Dependency-free on purpose: it runs before anything is installed and installs what is missing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages, ensureNode, ensurePnpm, ensureWorkspaceDeps, ensureWorker, fail, step } from './setup-steps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages by purpose. The worker build list mirrors media-node/scripts/build-worker.mjs. */
const APT = {
  services: ['redis-server', 'mariadb-server', 'mariadb-client'],
  worker: ['g++', 'pkg-config', 'python3', 'meson', 'ninja-build', 'ccache', 'libuv1-dev', 'libssl-dev', 'libabsl-dev',
    'libflatbuffers-dev', 'flatbuffers-compiler', 'libsrtp2-dev'],
  test: ['chromium', 'prometheus', 'nginx', 'coturn'],
};

function setup(mode) {
  const started = Date.now();
  ensureNode();
  ensureAptPackages(mode === 'start' ? [...APT.services, ...APT.worker] : [...APT.services, ...APT.worker, ...APT.test]);
  const pnpm = ensurePnpm(root);
  ensureWorkspaceDeps(root, pnpm);
  ensureWorker(root);
  step(`setup done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return pnpm;
}

function run(pnpm, args, label) {
  step(label);
  const r = spawnSync(pnpm, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    fail(`${label} failed (exit ${r.status ?? r.signal})`);
  }
}

const command = process.argv[2] ?? 'start';
switch (command) {
  case 'setup':
    setup('test');
    break;
  case 'start': {
    const pnpm = setup('start');
    step('starting the local cluster (Ctrl-C stops it)');
    const r = spawnSync(pnpm, ['exec', 'tsx', 'deploy/local/src/main.ts', ...process.argv.slice(3)], {
      cwd: root,
      stdio: 'inherit',
    });
    process.exit(r.status ?? 0);
    break;
  }
  case 'test': {
    const pnpm = setup('test');
    run(pnpm, ['exec', 'biome', 'check', '.'], 'lint (biome)');
    run(pnpm, ['-r', '--workspace-concurrency=1', 'run', 'typecheck'], 'typecheck (tsc, every package)');
    run(pnpm, ['exec', 'vitest', 'run', ...process.argv.slice(3)], 'tests (vitest: unit, integration, browser)');
    step('all checks passed');
    break;
  }
  case 'bench': {
    const pnpm = setup('test');
    run(pnpm, ['--filter', '@coope/load-tests', 'run', 'bench', ...process.argv.slice(3)], 'benchmarks');
    break;
  }
  default:
    fail(`unknown command "${command}"; use start, test, setup or bench`);
}
