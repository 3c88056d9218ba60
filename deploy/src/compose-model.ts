// Reads deploy/compose/docker-compose.yml the way `docker compose config` does, for the parts the
// tests check: variable interpolation from an env file, YAML merge keys, and environment lists
// or maps normalised to string maps. When the docker compose plugin exists, its own output is used.
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';

export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment: Record<string, string>;
  ports: string[];
  expose: string[];
  depends_on: string[];
  volumes: string[];
  secrets: string[];
  healthcheck?: { test?: string[] | string };
  stop_grace_period?: string;
  command?: string[] | string;
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file?: string }>;
}

/** KEY=VALUE lines of an env file (comments and blanks skipped; no quotes processing needed here). */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) vars[m[1]!] = m[2]!.trim();
  }
  return vars;
}

/** Compose interpolation: ${V}, ${V:-d}, ${V-d}, ${V:?err}, ${V?err}, $V and $$ (a literal $). */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name, op, arg, bare) => {
    if (m === '$$') return '$';
    if (bare) return vars[bare] ?? '';
    const value = vars[name as string];
    const unsetOrEmpty = value === undefined || (op?.startsWith(':') && value === '');
    if (op === ':-' || op === '-') return unsetOrEmpty ? (arg as string) : value!;
    if (op === ':?' || op === '?') {
      if (unsetOrEmpty) throw new Error(`required variable ${name} is missing: ${arg}`);
      return value!;
    }
    return value ?? '';
  });
}

function stringMap(v: unknown): Record<string, string> {
  if (Array.isArray(v)) {
    return Object.fromEntries(v.map((e: string) => [e.split('=')[0]!, e.slice(e.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).map(([k, x]) => [k, String(x ?? '')]));
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return Object.keys(v as object);
}

/** `ports` entries in the long form (docker compose config output) back to "published:target/proto". */
function portString(p: unknown): string {
  if (typeof p === 'string' || typeof p === 'number') return String(p);
  const o = p as { published?: string | number; target: number; protocol?: string; host_ip?: string };
  const host = o.host_ip ? `${o.host_ip}:` : '';
  return `${host}${o.published ?? ''}:${o.target}/${o.protocol ?? 'tcp'}`;
}

export function normalise(raw: Record<string, unknown>): ComposeModel {
  const services: Record<string, ComposeService> = {};
  for (const [name, s] of Object.entries((raw.services ?? {}) as Record<string, Record<string, unknown>>)) {
    services[name] = {
      ...(s as object),
      environment: stringMap(s.environment),
      ports: ((s.ports as unknown[]) ?? []).map(portString),
      expose: list(s.expose).map(String),
      depends_on: list(s.depends_on),
      volumes: list(s.volumes),
      secrets: ((s.secrets as unknown[]) ?? []).map((x) => (typeof x === 'string' ? x : (x as { source: string }).source)),
    } as ComposeService;
  }
  return {
    services,
    volumes: (raw.volumes ?? {}) as Record<string, unknown>,
    secrets: (raw.secrets ?? {}) as Record<string, { file?: string }>,
  };
}

/** Our own reading: interpolate, then parse with YAML merge keys. */
export function readComposeYaml(text: string, vars: Record<string, string>): ComposeModel {
  return normalise(parse(interpolate(text, vars), { merge: true }) as Record<string, unknown>);
}

/** True when `docker compose` (the v2 CLI plugin) runs here; it needs no engine for `config`. */
export function dockerComposeAvailable(): boolean {
  const r = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** `docker compose config --format json` output, normalised. Throws with compose's own message. */
export function dockerComposeConfig(file: string, envFile: string): ComposeModel {
  const r = spawnSync('docker', ['compose', '-f', file, '--env-file', envFile, 'config', '--format', 'json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`docker compose config failed:\n${r.stderr}`);
  return normalise(JSON.parse(r.stdout) as Record<string, unknown>);
}
