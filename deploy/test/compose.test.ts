// deploy/compose/docker-compose.yml: parses, has the whole stack, and sets ports and environment
// that each service's zod config schema accepts.
import { describe, expect, it } from 'vitest';
import {
  type ComposeModel,
  type ComposeService,
  dockerComposeAvailable,
  dockerComposeConfig,
  parseEnvFile,
  readComposeYaml,
} from '../src/compose-model.js';
import { checkEnv, MUST_SET } from '../src/env-check.js';
import { at, read } from './paths.js';
import { type ServiceKind, schemas } from './schemas.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const composeFile = at('compose', 'docker-compose.yml');

/** env.example with its empty secrets filled, as an operator's .env would be. */
function exampleVars(): Record<string, string> {
  const vars = parseEnvFile(read(at('compose', 'env.example')));
  for (const k of ['MEDIA_RPC_SECRET', 'MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'GRAFANA_ADMIN_PASSWORD']) {
    expect(vars[k], `env.example names ${k}`).toBe('');
    vars[k] = `test-${k.toLowerCase()}-0123456789`;
  }
  return vars;
}

const composeCli = dockerComposeAvailable();
const model: ComposeModel = readComposeYaml(read(composeFile), exampleVars());
const services = model.services;
const kindOf = (name: string): ServiceKind | undefined =>
  name.startsWith('media-') ? 'media' : name.startsWith('signaling-') ? 'signaling' : name === 'api' ? 'api' : undefined;
const nodeServices = Object.entries(services).filter(([n]) => kindOf(n));

/** "a-b:c-d/udp" → the published host ports (numbers) and protocol. */
function published(s: ComposeService): Array<{ ports: number[]; proto: string }> {
  return s.ports.map((p) => {
    const m = /^(?:[\d.]+:)?(\d+)(?:-(\d+))?:(\d+)(?:-(\d+))?(?:\/(udp|tcp))?$/.exec(p);
    if (!m) throw new Error(`unreadable port mapping ${p}`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    expect([Number(m[3]), Number(m[4] ?? m[3])], `${p} maps ports 1:1`).toEqual([from, to]);
    return { ports: Array.from({ length: to - from + 1 }, (_, i) => from + i), proto: m[5] ?? 'tcp' };
  });
}

function publishes(s: ComposeService, port: number, proto: string): boolean {
  return published(s).some((r) => r.proto === proto && r.ports.includes(port));
}

describe('docker compose stack', () => {
  it(
    composeCli
      ? 'docker compose config parses the file (docker compose plugin present)'
      : 'parses as YAML with merge keys and interpolation (no `docker compose` plugin here: structural check)',
    () => {
      if (composeCli) {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'coope-compose-'));
        const envFile = path.join(dir, '.env');
        writeFileSync(envFile, Object.entries(exampleVars()).map(([k, v]) => `${k}=${v}`).join('\n'));
        const cli = dockerComposeConfig(composeFile, envFile);
        rmSync(dir, { recursive: true, force: true });
        expect(Object.keys(cli.services).sort()).toEqual(Object.keys(services).sort());
      }
      expect(Object.keys(services).length).toBeGreaterThan(0);
      expect(() => readComposeYaml(read(composeFile), {})).toThrow(/required variable \w+ is missing/);
    },
  );

  it('has the whole single-host stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'grafana', 'media-1', 'media-2', 'mysql', 'prometheus', 'redis', 'signaling-1', 'signaling-2', 'web'].sort(),
    );
    expect(String(services.redis!.command)).toMatch(/--appendonly yes/);
    expect(services.redis!.volumes.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(services.mysql!.image).toMatch(/^(mysql:8|mariadb:)/);
    expect(services.mysql!.volumes.some((v) => v.endsWith(':/var/lib/mysql'))).toBe(true);
  });

  it.each(nodeServices)('%s: every variable is in its zod schema, required ones are set, and the values parse', (name, s) => {
    const kind = kindOf(name)!;
    const report = checkEnv(schemas[kind], s.environment, MUST_SET[kind]);
    expect(report).toEqual({ unknown: [], missing: [], missingExplicit: [] });
  });

  it('node ids and ports are unique, and each node listens where its healthcheck and peers look', () => {
    const ids = nodeServices.map(([, s]) => s.environment.MEDIA_NODE_ID ?? s.environment.SIGNALING_NODE_ID).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, s] of nodeServices) {
      const env = s.environment;
      const port = env.MEDIA_RPC_PORT ?? env.SIGNALING_PORT ?? env.API_PORT;
      expect(s.expose, name).toEqual([port]);
      expect(JSON.stringify(s.healthcheck?.test), name).toContain(`127.0.0.1:${port}/readyz`);
      if (env.MEDIA_RPC_URL) expect(env.MEDIA_RPC_URL).toBe(`ws://${name}:${port}/rpc`);
    }
  });

  it('media nodes publish their WebRtcServer ports (UDP+TCP) and pipe range (UDP), without overlaps', () => {
    const taken = new Map<string, string>();
    for (const [name, s] of nodeServices.filter(([n]) => kindOf(n) === 'media')) {
      const env = s.environment;
      const base = Number(env.MEDIA_RTC_PORT_BASE);
      for (let i = 0; i < Number(env.MEDIA_WORKERS); i++) {
        expect(publishes(s, base + i, 'udp') && publishes(s, base + i, 'tcp'), `${name} worker ${i}`).toBe(true);
      }
      for (let p = Number(env.MEDIA_PIPE_MIN_PORT); p <= Number(env.MEDIA_PIPE_MAX_PORT); p++) {
        expect(publishes(s, p, 'udp'), `${name} pipe port ${p}`).toBe(true);
      }
      expect(env.MEDIA_LISTEN_IP).toBe('0.0.0.0');
      expect(env.MEDIA_ANNOUNCED_IP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      for (const r of published(s)) {
        for (const p of r.ports) {
          const key = `${p}/${r.proto}`;
          expect(taken.get(key), `${key} published twice`).toBeUndefined();
          taken.set(key, name);
        }
      }
    }
  });

  it('media nodes get longer to stop than their drain takes', () => {
    for (const [name, s] of nodeServices.filter(([n]) => kindOf(n) === 'media')) {
      const drainMs = Number(s.environment.MEDIA_DRAIN_DEADLINE_MS) + Number(s.environment.MEDIA_DRAIN_GRACE_MS ?? 5000);
      expect(Number.parseInt(s.stop_grace_period ?? '10s', 10) * 1000, name).toBeGreaterThan(drainMs);
    }
  });

  it('only nginx and media ports are public; Prometheus and Grafana bind to 127.0.0.1', () => {
    expect(services.web!.ports.sort()).toEqual(['443:443', '80:80']);
    for (const n of ['prometheus', 'grafana']) expect(services[n]!.ports.every((p) => p.startsWith('127.0.0.1:')), n).toBe(true);
    for (const n of ['api', 'signaling-1', 'signaling-2', 'redis', 'mysql']) expect(services[n]!.ports, n).toEqual([]);
  });

  it('the signaling nodes hold only the public JWT key; the api holds both', () => {
    expect(services['signaling-1']!.secrets).toEqual(['jwt_public']);
    expect(services.api!.secrets.sort()).toEqual(['jwt_private', 'jwt_public']);
    expect(services.api!.environment.JWT_PRIVATE_KEY_FILE).toBe('/run/secrets/jwt_private');
  });

  it('nginx upstreams and the compose Prometheus point at the ports the services listen on', () => {
    const conf = read(at('nginx', 'coope.conf'));
    const upstream = [...conf.matchAll(/^\s*server ([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`).sort();
    const prom = read(at('prometheus', 'prometheus-compose.yml'));
    const expected = nodeServices
      .filter(([n]) => kindOf(n) !== 'media')
      .map(([n, s]) => `${n}:${s.environment.SIGNALING_PORT ?? s.environment.API_PORT}`)
      .sort();
    expect(upstream).toEqual(expected);
    for (const [n, s] of nodeServices) {
      const port = s.environment.MEDIA_RPC_PORT ?? s.environment.SIGNALING_PORT ?? s.environment.API_PORT;
      expect(prom, n).toContain(`'${n}:${port}'`);
    }
  });
});
