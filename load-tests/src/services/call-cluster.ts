// A real call cluster for bots, smoke tests and the failover benchmark: media nodes and signaling nodes as
// processes (`node --import tsx src/main.ts`), one Redis, our own RS256 key pair. Keys are prefixed per
// cluster so several clusters can share the test Redis.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type DataServices, dataServices, TMP_DIR } from './data-services.js';
import { freePort } from './free-port.js';
import { type KeyFiles, type TokenMinter, tokenMinter, writeJwtKeys } from './jwt-keys.js';
import { type ServiceProcess, startService } from './service-process.js';

export interface CallClusterOptions {
  signalingNodes?: number;
  mediaNodes?: number;
  workersPerMediaNode?: number;
  logLevel?: string;
  /** Extra environment for every signaling / media node. */
  signalingEnv?: Record<string, string>;
  mediaEnv?: Record<string, string>;
}

export interface CallCluster {
  signalingUrls: string[];
  signaling: ServiceProcess[];
  media: ServiceProcess[];
  keys: KeyFiles;
  minter: TokenMinter;
  redisUrl: string;
  keyPrefix: string;
  /** Starts one more media node (e.g. to take over rooms after a kill); resolves once signaling uses it. */
  addMediaNode(): Promise<ServiceProcess>;
  /** Waits until every live signaling node is connected to `count` media nodes. */
  waitForMediaNodes(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface Shared {
  redisUrl: string;
  prefix: string;
  secret: string;
  keys: KeyFiles;
  logLevel: string;
}

async function startMedia(s: Shared, index: number, workers: number, extra: Record<string, string>): Promise<ServiceProcess> {
  const rpcPort = await freePort();
  // Pipe port ranges must not overlap between nodes on one host; spread them by a random base.
  const pipeBase = 42_000 + Math.floor(Math.random() * 70) * 100;
  return startService({
    name: `media-${index}`,
    cwd: 'media-node',
    // Ready = workers alive and the node record fresh in Redis (so signaling can place rooms on it).
    readyUrl: `http://127.0.0.1:${rpcPort}/readyz`,
    baseUrl: `http://127.0.0.1:${rpcPort}`,
    env: {
      LOG_LEVEL: s.logLevel,
      REDIS_URL: s.redisUrl,
      REDIS_KEY_PREFIX: s.prefix,
      MEDIA_NODE_ID: `${s.prefix.replace(/[^A-Za-z0-9._-]/g, '')}-media-${index}`,
      MEDIA_RPC_PORT: String(rpcPort),
      MEDIA_LISTEN_IP: '127.0.0.1',
      MEDIA_ANNOUNCED_IP: '127.0.0.1',
      MEDIA_WORKERS: String(workers),
      MEDIA_RTC_PORT_BASE: '0',
      MEDIA_PIPE_MIN_PORT: String(pipeBase),
      MEDIA_PIPE_MAX_PORT: String(pipeBase + 99),
      MEDIA_RPC_SECRET: s.secret,
      ...extra,
    },
  });
}

async function startSignaling(s: Shared, index: number, extra: Record<string, string>): Promise<{ proc: ServiceProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startService({
    name: `signaling-${index}`,
    cwd: 'signaling',
    readyUrl: `${url}/readyz`,
    baseUrl: url,
    env: {
      LOG_LEVEL: s.logLevel,
      REDIS_URL: s.redisUrl,
      REDIS_KEY_PREFIX: s.prefix,
      SHARED_KEY_PREFIX: s.prefix,
      SOCKET_IO_KEY: `${s.prefix}socket.io`,
      SIGNALING_NODE_ID: `signaling-${index}`,
      SIGNALING_PORT: String(port),
      SIGNALING_HOST: '127.0.0.1',
      JWT_PUBLIC_KEY_FILE: s.keys.publicKeyFile,
      MEDIA_RPC_SECRET: s.secret,
      ...extra,
    },
  });
  return { proc, url };
}

/** Media nodes a signaling node is connected to, from its /readyz detail. */
async function connectedMediaNodes(signaling: ServiceProcess): Promise<number> {
  try {
    const res = await fetch(`${signaling.baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) });
    return Number(((await res.json()) as { mediaNodes?: number }).mediaNodes ?? 0);
  } catch {
    return -1;
  }
}

async function waitForMediaNodes(signaling: ServiceProcess[], count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = signaling.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    const seen = await Promise.all(live.map(connectedMediaNodes));
    if (seen.every((n) => n === count)) return;
    if (Date.now() > deadline) throw new Error(`signaling nodes see ${seen.join(', ')} media nodes, expected ${count}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startCallCluster(o: CallClusterOptions = {}): Promise<CallCluster> {
  const data: DataServices = await dataServices({ mysql: false });
  const id = randomBytes(4).toString('hex');
  const dir = path.join(TMP_DIR, `cluster-${id}`);
  mkdirSync(dir, { recursive: true });
  const s: Shared = {
    redisUrl: data.redisUrl,
    prefix: `lt${id}:`,
    secret: randomBytes(16).toString('hex'),
    keys: writeJwtKeys(dir),
    logLevel: o.logLevel ?? 'warn',
  };
  const media: ServiceProcess[] = [];
  const signaling: ServiceProcess[] = [];
  const signalingUrls: string[] = [];
  const stop = async () => {
    await Promise.all([...signaling, ...media].map((p) => p.stop()));
    await data.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 1; i <= (o.mediaNodes ?? 1); i++) media.push(await startMedia(s, i, o.workersPerMediaNode ?? 1, o.mediaEnv ?? {}));
    for (let i = 1; i <= (o.signalingNodes ?? 1); i++) {
      const { proc, url } = await startSignaling(s, i, o.signalingEnv ?? {});
      signaling.push(proc);
      signalingUrls.push(url);
    }
    if (media.length > 0) await waitForMediaNodes(signaling, media.length, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const aliveMedia = () => media.filter((p) => p.child.exitCode === null && p.child.signalCode === null).length;
  return {
    signalingUrls,
    signaling,
    media,
    keys: s.keys,
    minter: await tokenMinter(s.keys.privateKeyPem),
    redisUrl: s.redisUrl,
    keyPrefix: s.prefix,
    async addMediaNode() {
      const proc = await startMedia(s, media.length + 1, o.workersPerMediaNode ?? 1, o.mediaEnv ?? {});
      media.push(proc);
      await waitForMediaNodes(signaling, aliveMedia(), 30_000);
      return proc;
    },
    waitForMediaNodes: (count, timeoutMs = 30_000) => waitForMediaNodes(signaling, count, timeoutMs),
    stop,
  };
}
