// deploy/docker: the images build from files that exist, on Node 20 Debian, with the packages the
// worker build needs, and run the services the way the local cluster does.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readComposeYaml } from '../src/compose-model.js';
import { at, read, repoRoot } from './paths.js';

const dockerfiles = ['service.Dockerfile', 'media-node.Dockerfile', 'web.Dockerfile'];
const SERVICES = ['signaling', 'api'];
// biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's build argument, not a JS template
const SERVICE_ARG = '${SERVICE}';

/** Dockerfile instructions with their continuation lines joined. */
function instructions(file: string): string[] {
  return read(at('docker', file))
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** The APT.worker list of scripts/coope.mjs (what the local setup installs to build the worker). */
function aptWorker(): string[] {
  const src = readFileSync(path.join(repoRoot, 'scripts', 'coope.mjs'), 'utf8');
  const m = /worker:\s*\[([^\]]*)\]/.exec(src);
  if (!m) throw new Error('APT.worker not found in scripts/coope.mjs');
  return [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
}

describe('dockerfiles', () => {
  it.each(dockerfiles)('%s copies only files that exist in the repo', (file) => {
    for (const line of instructions(file).filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      const sources = line.split(/\s+/).slice(1, -1).filter((s) => !s.startsWith('--'));
      for (const src of sources) {
        const expanded = src.includes(SERVICE_ARG) ? SERVICES.map((s) => src.replace(SERVICE_ARG, s)) : [src];
        for (const p of expanded) expect(existsSync(path.join(repoRoot, p)), `${file}: COPY ${p}`).toBe(true);
      }
    }
  });

  it.each(dockerfiles)('%s builds on Node 20 Debian bookworm, and has its own .dockerignore', (file) => {
    const lines = instructions(file);
    const nodeImage = /^ARG NODE_IMAGE=(\S+)$/.exec(lines.find((l) => l.startsWith('ARG NODE_IMAGE='))!)![1]!;
    expect(nodeImage).toMatch(/^node:20-bookworm(-slim)?$/);
    for (const from of lines.filter((l) => l.startsWith('FROM '))) expect(from).toMatch(/^FROM (\$\{NODE_IMAGE\}|node:20-bookworm(-slim)?|nginx:[\d.]+-bookworm|deps)(\s|$)/);
    const ignore = read(at('docker', `${file}.dockerignore`));
    for (const p of ['**/node_modules', '.git', '.data', 'deploy/compose/keys']) expect(ignore, file).toContain(p);
  });

  it.each(dockerfiles)('%s installs with the lockfile and filters on workspace packages that exist', (file) => {
    const installs = instructions(file).filter((l) => l.includes('pnpm install'));
    expect(installs.length).toBe(1);
    expect(installs[0]).toContain('--frozen-lockfile');
    const filters = [...installs[0]!.matchAll(/--filter "?([^"\s]+?)(?:\.\.\.)?"?(?=\s|$)/g)].map((m) => m[1]!);
    const names = new Set(['coope', ...['signaling', 'media-node', 'api', 'web'].map((p) => `@coope/${p}`)]);
    for (const f of filters) {
      const expanded = f.includes(SERVICE_ARG) ? SERVICES.map((s) => f.replace(SERVICE_ARG, s)) : [f];
      for (const name of expanded) expect(names.has(name), `${file}: --filter ${name}`).toBe(true);
    }
    const root = JSON.parse(read(path.join(repoRoot, 'package.json'))) as { name: string; packageManager: string };
    expect(root.name).toBe('coope');
  });

  it('the media-node image installs every worker build package of scripts/coope.mjs, and the runtime libraries', () => {
    const text = instructions('media-node.Dockerfile').join('\n');
    const build = text.slice(0, text.indexOf('AS runtime'));
    const runtime = text.slice(text.indexOf('AS runtime'));
    for (const pkg of aptWorker()) expect(build, pkg).toMatch(new RegExp(`\\s${pkg.replace(/[+]/g, '\\+')}(\\s|$)`));
    for (const lib of ['libuv1', 'libssl3', 'libabsl20220623', 'libflatbuffers2', 'libsrtp2-1']) expect(runtime).toContain(lib);
    expect(build).toContain('node media-node/scripts/build-worker.mjs');
    expect(runtime).toContain('build-worker.mjs --check');
  });

  it('every image runs its service from the sources, as the local cluster does', () => {
    const cmd = 'CMD ["node", "--import", "tsx", "src/main.ts"]';
    for (const file of ['service.Dockerfile', 'media-node.Dockerfile']) {
      const lines = instructions(file);
      expect(lines.at(-1), file).toBe(cmd);
      expect(lines).toContain('USER node');
    }
    for (const pkg of ['signaling', 'api', 'media-node']) {
      expect(existsSync(path.join(repoRoot, pkg, 'src', 'main.ts')), `${pkg}/src/main.ts`).toBe(true);
    }
  });

  it('compose builds each service with an existing Dockerfile and the right SERVICE', () => {
    const model = readComposeYaml(read(at('compose', 'docker-compose.yml')), new Proxy({}, { get: () => 'x' }));
    for (const [name, s] of Object.entries(model.services).filter(([, s]) => s.build)) {
      expect(existsSync(path.join(at('compose'), s.build!.context!, s.build!.dockerfile!)), name).toBe(true);
      if (s.build!.dockerfile!.endsWith('service.Dockerfile')) expect(name.replace(/-\d+$/, '')).toBe(s.build!.args!.SERVICE);
    }
  });
});
