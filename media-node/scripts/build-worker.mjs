#!/usr/bin/env node
// Builds mediasoup's C++ worker against Debian's own libraries, caches the
// binary outside the clone and installs it where mediasoup looks for it
// (<mediasoup>/worker/out/Release/mediasoup-worker).
//
// Why: mediasoup's postinstall downloads a prebuilt worker from GitHub, or
// builds one with pip's meson and subprojects fetched from GitHub/wrapdb. None
// of that is reachable here, so mediasoup's install script stays off and this
// script builds the worker from the package's own sources, with small stand-in
// subprojects (worker-build/subprojects/) that point meson at Debian packages,
// and the source patches in worker-build/patches/ (one is mandatory: see
// worker-build/README.md).
//
// Only node: builtins: this runs before and independently of workspace tooling.
//
// Usage: node media-node/scripts/build-worker.mjs [options]
//   --mediasoup-dir <path>  mediasoup package to build for (default: the one
//                           media-node/ resolves)
//   --check                 exit 0 if the installed worker is present and sane,
//                           else 1; never builds
//   --force                 rebuild even if a cached binary exists
//   --quiet                 no progress output (errors and the final path only)
//
// Environment: COOPE_CACHE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/coope).

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT_PATH = fileURLToPath(import.meta.url);
const MEDIA_NODE_DIR = path.resolve(path.dirname(SCRIPT_PATH), '..');
const BUILD_FILES_DIR = path.join(path.dirname(SCRIPT_PATH), 'worker-build');
const STANDINS_DIR = path.join(BUILD_FILES_DIR, 'subprojects');
const PATCHES_DIR = path.join(BUILD_FILES_DIR, 'patches');

// Bump to invalidate every cached binary when the build recipe changes in a
// way the hashed files do not capture.
const RECIPE_VERSION = 1;

// mediasoup-worker exits with 41 when it is not started by mediasoup (no
// MEDIASOUP_VERSION in its environment). Getting exactly 41 proves the binary
// loads, links against the installed libraries and reaches main().
const WORKER_EXIT_NOT_SPAWNED_BY_MEDIASOUP = 41;

// Debian packages whose versions go into the cache key: a library or
// toolchain upgrade must produce a new binary.
const KEY_PACKAGES = [
  'libuv1-dev',
  'libssl-dev',
  'libabsl-dev',
  'libflatbuffers-dev',
  'flatbuffers-compiler',
  'libsrtp2-dev',
  'meson',
  'g++',
];

// What a build needs. Tools are looked up on PATH (so e.g. a newer meson from
// elsewhere is fine); libraries are checked with dpkg.
const REQUIRED_TOOLS = [
  { pkg: 'gcc', cmd: 'gcc' },
  { pkg: 'g++', cmd: 'g++' },
  { pkg: 'pkg-config', cmd: 'pkg-config' },
  { pkg: 'python3', cmd: 'python3' },
  { pkg: 'meson', cmd: 'meson' },
  { pkg: 'ninja-build', cmd: 'ninja' },
  { pkg: 'flatbuffers-compiler', cmd: 'flatc' },
];
const REQUIRED_LIBS = ['libuv1-dev', 'libssl-dev', 'libabsl-dev', 'libflatbuffers-dev', 'libsrtp2-dev'];

// Wraps that the worker executable does not need, so they get no stand-in.
const UNNEEDED_WRAPS = {
  catch2: 'only for the worker tests (ms_build_tests)',
  wingetopt: 'only on Windows',
};

// Options meson itself knows; everything else passed to a subproject in
// default_options must be declared by that subproject.
const MESON_BUILTIN_OPTIONS = new Set([
  'warning_level', 'werror', 'default_library', 'buildtype', 'optimization', 'debug',
  'strip', 'unity', 'unity_size', 'layout', 'wrap_mode', 'prefix', 'libdir', 'bindir',
]);

class BuildError extends Error {}

// ---------------------------------------------------------------- output

const opts = { quiet: false };
const isTty = process.stderr.isTTY;
let progressLineOpen = false; // a \r progress line is on screen without its newline

function endProgressLine() {
  if (progressLineOpen) process.stderr.write('\n');
  progressLineOpen = false;
}

function info(msg) {
  if (opts.quiet) return;
  endProgressLine();
  process.stderr.write(`build-worker: ${msg}\n`);
}

function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

// ---------------------------------------------------------------- args

function parseArgs(argv) {
  const args = { mediasoupDir: null, check: false, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') args.check = true;
    else if (a === '--force') args.force = true;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--mediasoup-dir') {
      if (!argv[i + 1]) throw new BuildError('--mediasoup-dir needs a path');
      args.mediasoupDir = argv[++i];
    } else if (a.startsWith('--mediasoup-dir=')) args.mediasoupDir = a.slice('--mediasoup-dir='.length);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'usage: build-worker.mjs [--mediasoup-dir <path>] [--check] [--force] [--quiet]\n',
      );
      process.exit(0);
    } else throw new BuildError(`unknown argument: ${a} (see --help)`);
  }
  return args;
}

// ---------------------------------------------------------------- mediasoup

function readPackageJson(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
}

function locateMediasoup(explicitDir) {
  let dir;
  if (explicitDir) {
    dir = path.resolve(explicitDir);
  } else {
    const req = createRequire(path.join(MEDIA_NODE_DIR, 'package.json'));
    try {
      dir = path.dirname(req.resolve('mediasoup/package.json'));
    } catch {
      // mediasoup's "exports" does not list ./package.json: resolve the main
      // entry and walk up to the package root instead.
      try {
        dir = path.dirname(req.resolve('mediasoup'));
        while (readPackageJson(dir)?.name !== 'mediasoup' && path.dirname(dir) !== dir) {
          dir = path.dirname(dir);
        }
      } catch {
        throw new BuildError(
          `cannot resolve the mediasoup package from ${MEDIA_NODE_DIR} — install dependencies first, or pass --mediasoup-dir <path>`,
        );
      }
    }
  }
  // pnpm links node_modules/mediasoup into node_modules/.pnpm/...; work on the real path.
  try {
    dir = fs.realpathSync(dir);
  } catch {
    throw new BuildError(`mediasoup directory does not exist: ${dir}`);
  }
  const pkg = readPackageJson(dir);
  if (pkg?.name !== 'mediasoup' || !pkg.version) {
    throw new BuildError(`not a mediasoup package (no package.json named "mediasoup"): ${dir}`);
  }
  if (!fs.existsSync(path.join(dir, 'worker', 'meson.build'))) {
    throw new BuildError(`mediasoup ${pkg.version} at ${dir} has no worker/meson.build to build from`);
  }
  return {
    dir,
    version: pkg.version,
    workerSrc: path.join(dir, 'worker'),
    installedBin: path.join(dir, 'worker', 'out', 'Release', 'mediasoup-worker'),
  };
}

// ---------------------------------------------------------------- system

function which(cmd) {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!d) continue;
    const p = path.join(d, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

// Map of package -> version ('' when not installed). One dpkg-query call.
function debianPackageVersions(pkgs) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax
  const format = '${Package}\t${db:Status-Abbrev}\t${Version}\n';
  const res = spawnSync('dpkg-query', ['-W', '-f', format, ...pkgs], { encoding: 'utf8' });
  const versions = Object.fromEntries(pkgs.map((p) => [p, '']));
  if (res.error) return versions; // no dpkg: everything counts as absent
  for (const line of res.stdout.split('\n')) {
    const [name, status, version] = line.split('\t');
    const pkg = name?.split(':')[0];
    if (pkg in versions && status?.startsWith('ii')) versions[pkg] = version;
  }
  return versions;
}

function checkRequirements(pkgVersions) {
  const missing = new Set();
  for (const { pkg, cmd } of REQUIRED_TOOLS) if (!which(cmd)) missing.add(pkg);
  for (const pkg of REQUIRED_LIBS) if (!pkgVersions[pkg]) missing.add(pkg);
  if (missing.size > 0) {
    const list = [...missing].join(' ');
    throw new BuildError(`missing Debian packages: ${list} — run as root: apt-get install -y ${list}`);
  }
}

function mesonVersion() {
  const res = spawnSync('meson', ['--version'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

// ---------------------------------------------------------------- cache key

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

function computeCacheKey(mediasoup, pkgVersions) {
  const lines = [
    `recipe ${RECIPE_VERSION}`,
    `mediasoup ${mediasoup.version}`,
    `platform ${process.platform}-${process.arch}`,
    ...KEY_PACKAGES.map((p) => `deb ${p} ${pkgVersions[p] || 'absent'}`),
    `file build-worker.mjs ${sha256(fs.readFileSync(SCRIPT_PATH))}`,
    ...listFiles(BUILD_FILES_DIR).map(
      (f) => `file worker-build/${path.relative(BUILD_FILES_DIR, f)} ${sha256(fs.readFileSync(f))}`,
    ),
  ];
  const material = `${lines.join('\n')}\n`;
  return { key: sha256(material), material };
}

function cacheRoot() {
  const base =
    process.env.COOPE_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'coope');
  return path.join(path.resolve(base), 'mediasoup-worker');
}

// ---------------------------------------------------------------- binary checks

// Runs the worker with an empty environment; returns null if it behaves, else why not.
function verifyWorker(bin) {
  if (!fs.existsSync(bin)) return `not found: ${bin}`;
  const res = spawnSync(bin, [], { env: {}, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  if (res.error) return `cannot run ${bin}: ${res.error.message}`;
  if (res.status === WORKER_EXIT_NOT_SPAWNED_BY_MEDIASOUP) return null;
  const detail = res.stderr.toString().trim().split('\n')[0];
  const how = res.signal ? `was killed by ${res.signal}` : `exited with ${res.status}`;
  return `${bin} ${how} instead of ${WORKER_EXIT_NOT_SPAWNED_BY_MEDIASOUP}${detail ? ` (${detail})` : ''}`;
}

function sameFile(a, b) {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    if (sa.size !== sb.size) return false;
    return fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}

// Copy via a temp file + rename: atomic for readers, and it never writes into a
// binary a running worker is executing (ETXTBSY).
function atomicCopy(src, dest) {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.copyFileSync(src, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, dest);
}

function install(cachedBin, mediasoup) {
  if (sameFile(cachedBin, mediasoup.installedBin)) {
    fs.chmodSync(mediasoup.installedBin, 0o755);
    return false;
  }
  atomicCopy(cachedBin, mediasoup.installedBin);
  return true;
}

// ---------------------------------------------------------------- lock

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// One builder per key at a time; a second run waits and then finds the cache.
async function acquireLock(lockPath) {
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
    if (!Number.isInteger(owner) || !pidAlive(owner)) {
      fs.rmSync(lockPath, { force: true }); // stale lock from a killed run
      continue;
    }
    if (!announced) info(`waiting for another build of the same worker (pid ${owner})…`);
    announced = true;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---------------------------------------------------------------- source preparation

function parseWraps(subprojectsDir) {
  const wraps = [];
  for (const file of fs.readdirSync(subprojectsDir).sort()) {
    if (!file.endsWith('.wrap')) continue;
    const name = file.slice(0, -'.wrap'.length);
    const text = fs.readFileSync(path.join(subprojectsDir, file), 'utf8');
    const m = text.match(/^\s*directory\s*=\s*(.+?)\s*$/m);
    // Without "directory", meson uses the wrap's own name.
    wraps.push({ name, directory: m ? m[1] : name });
  }
  return wraps;
}

// default_options mediasoup passes to each subproject('name', default_options: [...]).
function subprojectDefaultOptions(mesonBuildText) {
  const result = {};
  const re = /subproject\(\s*'([^']+)'\s*,\s*default_options\s*:\s*\[([^\]]*)\]/g;
  for (const m of mesonBuildText.matchAll(re)) {
    const options = [...m[2].matchAll(/'([^'=]+)=([^']*)'/g)].map((o) => ({ key: o[1], value: o[2] }));
    result[m[1]] = (result[m[1]] ?? []).concat(options);
  }
  return result;
}

function isBuiltinOption(key) {
  return MESON_BUILTIN_OPTIONS.has(key) || /^(b|c|cpp)_/.test(key);
}

function installStandins(srcDir) {
  const subprojectsDir = path.join(srcDir, 'subprojects');
  const rootMeson = fs.readFileSync(path.join(srcDir, 'meson.build'), 'utf8');
  const defaults = subprojectDefaultOptions(rootMeson);
  for (const wrap of parseWraps(subprojectsDir)) {
    const standin = path.join(STANDINS_DIR, wrap.name);
    if (!fs.existsSync(path.join(standin, 'meson.build'))) {
      if (wrap.name in UNNEEDED_WRAPS) continue;
      throw new BuildError(
        `mediasoup's worker needs subproject '${wrap.name}' (subprojects/${wrap.name}.wrap) but there is no stand-in for it in ${path.relative(process.cwd(), STANDINS_DIR) || STANDINS_DIR}/${wrap.name}/ — add one (see worker-build/README.md)`,
      );
    }
    // Meson uses an existing subproject directory as-is: no download, no hash check.
    const dest = path.join(subprojectsDir, wrap.directory);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.cpSync(standin, dest, { recursive: true });
    // Meson rejects default_options a subproject does not declare; a stand-in
    // that ships its own meson_options.txt keeps it.
    const projectOptions = (defaults[wrap.name] ?? []).filter((o) => !isBuiltinOption(o.key));
    if (projectOptions.length > 0 && !fs.existsSync(path.join(dest, 'meson_options.txt'))) {
      const text = projectOptions
        .map(
          (o) =>
            `option('${o.key}', type: 'string', value: '${o.value}', description: 'passed by mediasoup; unused by the stand-in')`,
        )
        .join('\n');
      fs.writeFileSync(path.join(dest, 'meson_options.txt'), `${text}\n`);
    }
  }
}

function relaxMesonVersion(srcDir, systemMeson) {
  const file = path.join(srcDir, 'meson.build');
  const text = fs.readFileSync(file, 'utf8');
  const m = text.match(/meson_version\s*:\s*'>=\s*([0-9.]+)'/);
  if (!m || !systemMeson || compareVersions(systemMeson, m[1]) >= 0) return null;
  // Debian 12's meson 1.0.1 builds mediasoup 3.27 fine despite the stated >= 1.1.0.
  fs.writeFileSync(file, text.replace(m[0], `meson_version: '>= ${systemMeson}'`));
  return `relaxed meson_version '>= ${m[1]}' to '>= ${systemMeson}' (system meson)`;
}

function applyPatches(srcDir) {
  const applied = [];
  const files = fs.existsSync(PATCHES_DIR) ? listFiles(PATCHES_DIR) : [];
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    const patch = JSON.parse(fs.readFileSync(file, 'utf8'));
    const target = path.join(srcDir, patch.file);
    const text = fs.readFileSync(target, 'utf8');
    const count = text.split(patch.find).length - 1;
    if (count !== 1) {
      // Loud on purpose: a mediasoup update must not silently drop a fix.
      throw new BuildError(
        `patch ${path.basename(file)} expected its source line exactly once in worker/${patch.file} but found it ${count} times — mediasoup's source changed: re-check the fix by hand (worker-build/README.md) and update or remove the patch`,
      );
    }
    fs.writeFileSync(target, text.replace(patch.find, () => patch.replace)); // fn: no $-patterns
    applied.push(path.basename(file, '.json'));
  }
  return applied;
}

function copyWorkerSources(from, to) {
  const skip = new Set([path.join(from, 'out'), path.join(from, 'subprojects', 'packagecache')]);
  const subprojects = path.join(from, 'subprojects');
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      if (skip.has(src)) return false;
      // Any already-extracted upstream subproject would shadow our stand-ins.
      if (path.dirname(src) === subprojects && src !== path.join(subprojects, 'packagefiles')) {
        return src.endsWith('.wrap');
      }
      return true;
    },
  });
}

// ---------------------------------------------------------------- build

function runLogged(cmd, args, { cwd, env, log, progress }) {
  return new Promise((resolve, reject) => {
    fs.writeSync(log, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (chunk) => {
      fs.writeSync(log, chunk);
      if (!progress) return;
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) progress(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
}

function makeProgress(startedAt) {
  let lastPct = -1;
  let lastPrinted = -1;
  return {
    line(line) {
      const m = line.match(/^\[(\d+)\/(\d+)\]/);
      if (!m || opts.quiet) return;
      const pct = Math.floor((100 * Number(m[1])) / Number(m[2]));
      if (pct === lastPct) return;
      lastPct = pct;
      const text = `compiling mediasoup-worker: ${m[1]}/${m[2]} (${pct}%) ${formatSeconds(Date.now() - startedAt)}`;
      if (isTty) {
        process.stderr.write(`\r\x1b[Kbuild-worker: ${text}`);
        progressLineOpen = true;
      } else if (pct >= lastPrinted + 10 || pct === 100) {
        lastPrinted = pct;
        info(text);
      }
    },
    end: endProgressLine,
  };
}

// Scratch directories of earlier failed builds (other keys) are only kept for
// their logs until the next build; skip any whose builder is still running.
function removeStaleBuildDirs(cacheDir, keepKey) {
  for (const name of fs.readdirSync(cacheDir)) {
    const m = name.match(/^build-([0-9a-f]{64})$/);
    if (!m || m[1] === keepKey) continue;
    const lockPath = path.join(cacheDir, `${name}.lock`);
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
    } catch {}
    if (Number.isInteger(owner) && pidAlive(owner)) continue;
    fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

function logTail(logPath, lines = 40) {
  try {
    return fs.readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function build(mediasoup, { key, material }, cacheDir, systemMeson) {
  const buildRoot = path.join(cacheDir, `build-${key}`);
  const srcDir = path.join(buildRoot, 'worker');
  const outDir = path.join(buildRoot, 'out');
  const logPath = path.join(buildRoot, 'build.log');
  const startedAt = Date.now();

  removeStaleBuildDirs(cacheDir, key);
  fs.rmSync(buildRoot, { recursive: true, force: true });
  fs.mkdirSync(buildRoot, { recursive: true });
  const log = fs.openSync(logPath, 'w');
  const fail = (what) => {
    const tail = logTail(logPath);
    return new BuildError(`${what}. Last lines of the log:\n${tail}\nbuild-worker: full log: ${logPath}`);
  };

  try {
    copyWorkerSources(mediasoup.workerSrc, srcDir);
    installStandins(srcDir);
    const relaxed = relaxMesonVersion(srcDir, systemMeson);
    if (relaxed) info(relaxed);
    const patches = applyPatches(srcDir);
    info(`applied patches: ${patches.join(', ') || '(none)'}`);

    const env = { ...process.env };
    delete env.MEDIASOUP_WORKER_BIN;
    const ccache = which('ccache');
    if (ccache) {
      env.CC = 'ccache gcc';
      env.CXX = 'ccache g++';
      // Each cache key builds in its own directory: make ccache hash paths
      // relative to it so a new key still reuses earlier compilations.
      env.CCACHE_BASEDIR = buildRoot;
      env.CCACHE_NOHASHDIR = '1';
    } else {
      info('ccache not found: every rebuild will be a full ~10 min build (apt-get install -y ccache)');
    }

    info(`configuring (log: ${logPath})`);
    const setup = await runLogged(
      'meson',
      ['setup', '--buildtype', 'release', '-Db_ndebug=true', '--wrap-mode=nodownload', outDir],
      { cwd: srcDir, env, log },
    );
    if (setup.code !== 0) throw fail(`meson setup failed (exit ${setup.code ?? setup.signal})`);

    const jobs = os.availableParallelism();
    info(`compiling with ${jobs} jobs${ccache ? ' (ccache)' : ''}; a cold build takes several minutes`);
    const progress = makeProgress(startedAt);
    const ninja = await runLogged('ninja', ['-C', outDir, '-j', String(jobs), 'mediasoup-worker'], {
      cwd: srcDir,
      env,
      log,
      progress: progress.line,
    });
    progress.end();
    if (ninja.code !== 0) throw fail(`compiling mediasoup-worker failed (ninja exit ${ninja.code ?? ninja.signal})`);
  } finally {
    fs.closeSync(log);
  }

  const built = path.join(outDir, 'mediasoup-worker');
  const problem = verifyWorker(built);
  if (problem) throw fail(`the freshly built worker is broken: ${problem}`);

  // Publish into the cache atomically: concurrent readers see the old binary
  // or the complete new one, never a partial file.
  const entryDir = path.join(cacheDir, key);
  fs.mkdirSync(entryDir, { recursive: true });
  fs.writeFileSync(path.join(entryDir, 'key.txt'), material);
  fs.copyFileSync(logPath, path.join(entryDir, 'build.log'));
  const cachedBin = path.join(entryDir, 'mediasoup-worker');
  atomicCopy(built, cachedBin);
  fs.rmSync(buildRoot, { recursive: true, force: true });
  info(`built in ${formatSeconds(Date.now() - startedAt)}, cached at ${cachedBin}`);
  return cachedBin;
}

// ---------------------------------------------------------------- main

async function main() {
  const args = parseArgs(process.argv.slice(2));
  opts.quiet = args.quiet;
  const startedAt = Date.now();
  const mediasoup = locateMediasoup(args.mediasoupDir);

  if (args.check) {
    const problem = verifyWorker(mediasoup.installedBin);
    if (problem) {
      process.stderr.write(`build-worker: check failed: ${problem}\n`);
      return 1;
    }
    info(`ok: ${mediasoup.installedBin}`);
    return 0;
  }

  const pkgVersions = debianPackageVersions(KEY_PACKAGES.concat(REQUIRED_LIBS));
  const cacheKey = computeCacheKey(mediasoup, pkgVersions);
  const cacheDir = cacheRoot();
  const cachedBin = path.join(cacheDir, cacheKey.key, 'mediasoup-worker');

  const tryCache = () => {
    if (!fs.existsSync(cachedBin)) return false;
    const problem = verifyWorker(cachedBin);
    if (!problem) return true;
    info(`cached worker is unusable, rebuilding: ${problem}`);
    fs.rmSync(cachedBin, { force: true });
    return false;
  };

  let source = 'cache';
  if (args.force || !tryCache()) {
    checkRequirements(pkgVersions);
    fs.mkdirSync(cacheDir, { recursive: true });
    const release = await acquireLock(path.join(cacheDir, `build-${cacheKey.key}.lock`));
    try {
      // Another run may have finished the same build while we waited.
      if (args.force || !tryCache()) {
        info(`building mediasoup ${mediasoup.version} worker (cache key ${cacheKey.key.slice(0, 12)}…)`);
        await build(mediasoup, cacheKey, cacheDir, mesonVersion());
        source = 'fresh build';
      }
    } finally {
      release();
    }
  }

  const changed = install(cachedBin, mediasoup);
  info(
    `${changed ? 'installed' : 'already installed'} (${source}, mediasoup ${mediasoup.version}, ${formatSeconds(Date.now() - startedAt)})`,
  );
  process.stdout.write(`${mediasoup.installedBin}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    endProgressLine();
    if (err instanceof BuildError) process.stderr.write(`build-worker: ${err.message}\n`);
    else process.stderr.write(`build-worker: unexpected error: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
