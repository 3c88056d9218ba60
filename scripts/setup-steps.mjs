// Idempotent set-up steps behind `npm start` and `npm test`. Each step checks first and
// does work only when something is missing, so a warm run takes seconds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PNPM_VERSION = '10.34.8';
const WORKSPACE_PACKAGES = ['signaling', 'media-node', 'api', 'web', 'load-tests', 'deploy'];

export function step(message) {
  process.stdout.write(`\x1b[36m[coope]\x1b[0m ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\x1b[31m[coope] error:\x1b[0m ${message}\n`);
  process.exit(1);
}

export function ensureNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node ${process.versions.node} is too old; Coope needs Node 20.19 or newer`);
  }
}

function missingDebianPackages(packages) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], { encoding: 'utf8' });
  if (r.error) fail('dpkg-query not found: Coope sets itself up on Debian 12 (bookworm) or a derivative');
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0].split(':')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

export function ensureAptPackages(packages) {
  const missing = missingDebianPackages(packages);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const cmd = `apt-get install -y ${missing.join(' ')}`;
  if (!isRoot) fail(`missing Debian packages: ${missing.join(' ')}. Run as root: sudo ${cmd}`);
  step(`installing Debian packages: ${missing.join(' ')}`);
  // Keep apt from starting the system redis/mariadb services; we run our own on our own ports.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) fail('apt-get update failed; check the network and /etc/apt/sources.list');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (install.status !== 0) fail(`apt-get install failed for: ${missing.join(' ')}`);
  const still = missingDebianPackages(packages);
  if (still.length > 0) fail(`Debian packages still missing after install: ${still.join(' ')}`);
}

/** pnpm lives under .tools/ in the clone, so no global state and no root needed. */
export function ensurePnpm(root) {
  const bin = path.join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  const version = existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() : '';
  if (version === PNPM_VERSION) return bin;
  step(`installing pnpm ${PNPM_VERSION} into .tools/`);
  const r = spawnSync(
    'npm',
    ['install', '--prefix', path.join(root, '.tools'), '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${PNPM_VERSION}`],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(bin)) fail('could not install pnpm from the npm registry');
  return bin;
}

function dependencyStamp(root) {
  const hash = createHash('sha256');
  for (const file of ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', ...WORKSPACE_PACKAGES.map((p) => `${p}/package.json`)]) {
    const full = path.join(root, file);
    hash.update(file);
    if (existsSync(full)) hash.update(readFileSync(full));
  }
  return hash.digest('hex');
}

export function ensureWorkspaceDeps(root, pnpm) {
  const stampFile = path.join(root, 'node_modules', '.coope-deps-stamp');
  const stamp = dependencyStamp(root);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  step('installing workspace dependencies (pnpm install)');
  const args = ['install', '--prefer-offline'];
  if (existsSync(path.join(root, 'pnpm-lock.yaml'))) args.push('--frozen-lockfile');
  const r = spawnSync(pnpm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('pnpm install failed; see the output above');
  writeFileSync(stampFile, dependencyStamp(root));
}

export function ensureWorker(root) {
  // The build script is itself idempotent: a warm cache is a hash check and a copy.
  const script = path.join(root, 'media-node', 'scripts', 'build-worker.mjs');
  const r = spawnSync(process.execPath, [script, '--quiet'], { cwd: path.join(root, 'media-node'), stdio: 'inherit' });
  if (r.status !== 0) fail('the mediasoup worker could not be built; see the message above');
}
