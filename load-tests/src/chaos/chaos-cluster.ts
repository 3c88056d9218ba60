// The chaos suite's cluster: the local cluster's own process specs (deploy/local/src/cluster.ts, with a
// second api node) under its own supervisor, which restarts whatever dies, plus a dedicated Redis and
// MariaDB that the scenarios stop and start again. Everything listens on one port base (ports.ts).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { childSpecs, type PortPlan } from '../../../deploy/local/src/cluster.js';
import { ensureJwtKeys } from '../../../deploy/local/src/keys.js';
import { type ChildSpec, Supervisor } from '../../../deploy/local/src/supervisor.js';
import { TMP_DIR } from '../services/data-services.js';
import { REPO_ROOT } from '../services/service-process.js';
import { type TokenMinter, tokenMinter } from '../services/jwt-keys.js';
import { DataStores } from './data-stores.js';
import { chaosPorts } from './ports.js';
import { ClusterNode } from './cluster-node.js';
import { waitUntil } from './wait.js';

export interface ChaosClusterOptions {
  portBase?: number;
  /** Appends every process's log lines here, for post-mortems. */
  log?: (line: string) => void;
}

/** Settings that make a chaos run measure faults, not limits: one load generator on one IP, long tokens. */
const API_ENV = { RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_LOGIN_MAX: '100000', ACCESS_TOKEN_TTL_SECONDS: '7200', ARGON2_MEMORY_KIB: '1024' };
/** media-node's defaults for what the local cluster may leave unset (media-node/src/config.ts). */
const MEDIA_DEFAULTS = { MEDIA_DRAIN_DEADLINE_MS: '60000', MEDIA_DRAIN_GRACE_MS: '5000' };

export class ChaosCluster {
  private constructor(
    readonly ports: PortPlan,
    readonly stores: DataStores,
    readonly supervisor: Supervisor,
    readonly minter: TokenMinter,
    readonly nodes: Map<string, ClusterNode>,
    /** The last log lines of every process. */
    readonly logTail: string[],
  ) {
    supervisor.on('state', (name, state) => {
      if (state === 'crashed') this.exits.push({ name, at: Date.now() });
    });
  }

  /** Every time a process died (killed by a scenario or not); the supervisor restarted each one. */
  readonly exits: { name: string; at: number }[] = [];

  static async start(o: ChaosClusterOptions = {}): Promise<ChaosCluster> {
    const ports = chaosPorts(o.portBase);
    const dataDir = path.join(TMP_DIR, `chaos-${ports.redis}`);
    rmSync(path.join(dataDir, 'redis'), { recursive: true, force: true });
    const stores = await DataStores.start(dataDir, ports);
    let specs: ChildSpec[];
    let keys: { privateKeyFile: string };
    try {
      ({ specs, keys } = clusterSpecs(dataDir, ports, stores));
    } catch (err) {
      await stores.stop();
      throw err;
    }
    const lines: string[] = [];
    const supervisor = new Supervisor(specs, (line) => {
      lines.push(line);
      if (lines.length > 2000) lines.splice(0, 500);
      o.log?.(line);
    });
    const nodes = new Map(specs.map((s) => [s.name, new ClusterNode(s, supervisor)]));
    const minter = await tokenMinter(readFileSync(keys.privateKeyFile, 'utf8'));
    const cluster = new ChaosCluster(ports, stores, supervisor, minter, nodes, lines);
    supervisor.start();
    try {
      await cluster.waitHealthy(180_000);
    } catch (err) {
      await cluster.stop();
      throw new Error(`${(err as Error).message}\n${lines.slice(-40).join('\n')}`);
    }
    return cluster;
  }

  node(name: string): ClusterNode {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no cluster process ${name}`);
    return n;
  }

  byKind(kind: 'api' | 'signaling' | 'media'): ClusterNode[] {
    return [...this.nodes.values()].filter((n) => n.kind === kind);
  }

  get apiUrls(): string[] {
    return this.byKind('api').map((n) => n.baseUrl);
  }

  /** The media nodes' drain deadline and grace period, as the cluster specs set them. */
  drainTimes(): { deadlineMs: number; graceMs: number } {
    const env = { ...MEDIA_DEFAULTS, ...this.byKind('media')[0]!.spec.env };
    return { deadlineMs: Number(env.MEDIA_DRAIN_DEADLINE_MS), graceMs: Number(env.MEDIA_DRAIN_GRACE_MS) };
  }

  get signalingUrls(): string[] {
    return this.byKind('signaling').map((n) => n.baseUrl);
  }

  /** Every process up (supervisor: healthy), every /readyz 200, every signaling node using every media node. */
  async waitHealthy(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    const media = this.byKind('media').length;
    await waitUntil(
      async () => {
        if (this.supervisor.states().some((s) => s.state !== 'healthy')) return false;
        const ready = await Promise.all([...this.nodes.values()].map((n) => n.ready()));
        if (!ready.every(Boolean)) return false;
        const seen = await Promise.all(this.byKind('signaling').map((n) => n.mediaNodesSeen()));
        return seen.every((s) => s === media);
      },
      timeoutMs,
      () => `cluster not healthy: ${JSON.stringify(this.supervisor.states().map((s) => `${s.name}:${s.state}`))}`,
    );
    return Date.now() - started;
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    await this.stores.stop();
  }
}

function clusterSpecs(dataDir: string, ports: PortPlan, stores: DataStores) {
  const keysDir = path.join(dataDir, 'keys');
  rmSync(keysDir, { recursive: true, force: true });
  mkdirSync(keysDir, { recursive: true });
  const keys = ensureJwtKeys(keysDir);
  const specs = childSpecs(
    { repoRoot: REPO_ROOT, dataDir, keysDir },
    { redisUrl: stores.redisUrl, databaseUrl: stores.databaseUrl, rpcSecret: 'chaos-rpc-secret' },
    ports,
  ).filter((s) => s.name !== 'web');
  for (const spec of specs) tune(spec);
  return { specs, keys };
}

function tune(spec: ChildSpec): void {
  spec.env.LOG_LEVEL = process.env.CHAOS_LOG_LEVEL ?? 'warn';
  if (spec.name.startsWith('api')) Object.assign(spec.env, API_ENV);
}
