// The full local cluster for browser tests, started by the test itself: the api (fresh database),
// optionally 2 media nodes and 2 signaling nodes, with env per CONTRIBUTING.md and deploy/local/src/cluster.ts.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeMediaPort, freePort, type Service, startService, waitHealthy } from './processes.js';

export interface ClusterOptions {
  /** Start 2 signaling nodes too (chat delivery, presence). */
  realtime?: boolean;
  /** With realtime: start 2 media nodes as well (calls). */
  media?: boolean;
  adminEmails?: string[];
  extraApiEnv?: Record<string, string>;
}

export interface Cluster {
  apiUrl: string;
  /** Redis key prefix of the signaling and media nodes. */
  keyPrefix: string;
  signalingUrls: string[];
  services: Map<string, Service>;
  env: { redisUrl: string; databaseUrl: string; keysDir: string };
  stop(): Promise<void>;
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through vitest (the root global setup starts Redis and MariaDB)`);
  return v;
}

/** A fresh database on the test MariaDB, like deploy/local/src/test-database.ts. */
export function createDatabase(label: string): string {
  const url = new URL(required('COOPE_TEST_MYSQL_URL'));
  const name = `coope_t_${label}_${randomBytes(4).toString('hex')}`;
  execFileSync('mariadb', [
    '--no-defaults', '-h', url.hostname, '-P', url.port, '-u', decodeURIComponent(url.username),
    `-p${decodeURIComponent(url.password)}`, '-e', `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`,
  ]);
  url.pathname = `/${name}`;
  return url.toString();
}

function writeKeys(dir: string): { priv: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const priv = path.join(dir, 'jwt-private.pem');
  const pub = path.join(dir, 'jwt-public.pem');
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub };
}

/** A Redis URL on its own logical database: the api's keys (rate limits, collab streams) stay apart. */
function isolatedRedisUrl(): string {
  const url = new URL(required('COOPE_TEST_REDIS_URL'));
  url.pathname = `/${1 + (randomBytes(1)[0]! % 15)}`;
  return url.toString();
}

export async function startCluster(label: string, opts: ClusterOptions = {}): Promise<Cluster> {
  const dir = mkdtempSync(path.join(tmpdir(), `coope-web-${label}-`));
  const keys = writeKeys(dir);
  const storage = path.join(dir, 'uploads');
  mkdirSync(storage);
  const redisUrl = isolatedRedisUrl();
  const databaseUrl = createDatabase(label);
  const tag = randomBytes(4).toString('hex');
  const shared = { LOG_LEVEL: process.env.COOPE_WEB_LOG_LEVEL ?? 'warn', REDIS_URL: redisUrl, SOCKET_IO_KEY: `sio-web-${tag}` };
  const rpcSecret = randomBytes(16).toString('hex');
  const services = new Map<string, Service>();
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const stop = async () => {
    await Promise.all([...services.values()].map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const api = startService('api', 'api', {
      ...shared,
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JWT_PRIVATE_KEY_FILE: keys.priv,
      JWT_PUBLIC_KEY_FILE: keys.pub,
      STORAGE_DIR: storage,
      ADMIN_EMAILS: (opts.adminEmails ?? []).join(','),
      RATE_LIMIT_MAX: '100000',
      RATE_LIMIT_LOGIN_MAX: '10000',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      ...opts.extraApiEnv,
    });
    services.set('api', api);
    const realtime = { keysPub: keys.pub, rpcSecret, tag, media: opts.media ?? false };
    const signalingUrls = opts.realtime ? await startRealtime(services, shared, realtime) : [];
    await waitHealthy(api, `${apiUrl}/healthz`);
    return { apiUrl, keyPrefix: `coope-web-${tag}:`, signalingUrls, services, env: { redisUrl, databaseUrl, keysDir: dir }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startRealtime(
  services: Map<string, Service>,
  shared: Record<string, string>,
  o: { keysPub: string; rpcSecret: string; tag: string; media: boolean },
): Promise<string[]> {
  const prefix = `coope-web-${o.tag}:`;
  const waits: Promise<void>[] = [];
  for (const i of o.media ? [1, 2] : []) {
    const rpc = await freePort();
    const rtc = await freeMediaPort();
    const pipeMin = 30_000 + Math.floor(Math.random() * 100) * 100;
    const media = startService(`media-${i}`, 'media-node', {
      ...shared,
      REDIS_KEY_PREFIX: prefix,
      MEDIA_NODE_ID: `web-${o.tag}-media-${i}`,
      MEDIA_RPC_PORT: String(rpc),
      MEDIA_LISTEN_IP: '127.0.0.1',
      MEDIA_ANNOUNCED_IP: '127.0.0.1',
      MEDIA_WORKERS: '1',
      MEDIA_RTC_PORT_BASE: String(rtc),
      MEDIA_PIPE_MIN_PORT: String(pipeMin),
      MEDIA_PIPE_MAX_PORT: String(pipeMin + 99),
      MEDIA_RPC_SECRET: o.rpcSecret,
    });
    services.set(media.name, media);
    waits.push(waitHealthy(media, `http://127.0.0.1:${rpc}/healthz`));
  }
  const urls: string[] = [];
  for (const i of [1, 2]) {
    const port = await freePort();
    const sig = startService(`signaling-${i}`, 'signaling', {
      ...shared,
      REDIS_KEY_PREFIX: prefix,
      SIGNALING_NODE_ID: `web-${o.tag}-sig-${i}`,
      SIGNALING_PORT: String(port),
      SIGNALING_HOST: '127.0.0.1',
      JWT_PUBLIC_KEY_FILE: o.keysPub,
      MEDIA_RPC_SECRET: o.rpcSecret,
    });
    services.set(sig.name, sig);
    urls.push(`http://127.0.0.1:${port}`);
    waits.push(waitHealthy(sig, `http://127.0.0.1:${port}/healthz`));
  }
  await Promise.all(waits);
  return urls;
}

/** The service name (`media-1`, `media-2`) of the media node hosting the only call in the cluster. */
export function mediaNodeOfOnlyRoom(cluster: Cluster): string | null {
  const cli = (...args: string[]) => execFileSync('redis-cli', ['-u', cluster.env.redisUrl, ...args]).toString().trim();
  const rooms = cli('--scan', '--pattern', `${cluster.keyPrefix}sig:room:*`)
    .split('\n')
    .filter((k) => k && !k.endsWith(':peers') && !k.endsWith(':producers'));
  if (rooms.length !== 1) return null;
  const node = cli('HGET', rooms[0]!, 'node');
  const m = /-media-(\d+)$/.exec(node);
  return m ? `media-${m[1]}` : null;
}

/** Prints the services' last log lines when a test failed, so the cause is in the test output. */
export function serviceLogs(cluster: Cluster | undefined): string {
  if (!cluster) return '';
  return [...cluster.services.values()].map((s) => `--- ${s.name} ---\n${s.tail()}`).join('\n');
}
