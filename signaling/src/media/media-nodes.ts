// The media nodes this signaling node knows: fresh records from Redis, one RPC connection each,
// and dead-node detection (fast path: the connection closed and the first reconnect failed, or no
// reconnect succeeded within confirmMs).
import { isMediaNodeRecordFresh, type MediaNodeRecord, readMediaNodes } from '@coope/media-node/keys';
import { MediaRpcClient, type RpcEventData, type RpcEventName, rpcEvents } from '@coope/media-node/rpc';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { orderCandidates } from '../registry/node-selector.js';

export type LostPath = 'fast' | 'slow';
export type RpcEventHandler = <E extends RpcEventName>(nodeId: string, event: E, data: RpcEventData<E>) => void;

export interface MediaNodesOptions {
  redis: Redis;
  keyPrefix: string;
  secret: string;
  timeoutMs: number;
  confirmMs: number;
  refreshMs?: number;
  log: Logger;
  metrics: Metrics;
}

interface Conn {
  client: MediaRpcClient;
  url: string;
  everOpen: boolean;
  bootId: string | undefined;
  confirmTimer: NodeJS.Timeout | undefined;
  closedAt: number;
}

export class MediaNodes {
  readonly #opts: MediaNodesOptions;
  readonly #conns = new Map<string, Conn>();
  readonly #dead = new Set<string>();
  /** Nodes that announced a drain (nodeId → when): no new rooms before their record says so too. */
  readonly #draining = new Map<string, number>();
  #records: MediaNodeRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #lostHandlers: Array<(nodeId: string, path: LostPath, detectedAt: number) => void> = [];
  #eventHandlers: RpcEventHandler[] = [];

  constructor(opts: MediaNodesOptions) {
    this.#opts = opts;
  }

  start(): void {
    const loop = () => {
      this.refresh()
        .catch((err) => {
          this.#opts.metrics.backgroundError('media-records');
          this.#opts.log.debug({ err }, 'media records refresh failed');
        })
        .finally(() => {
          this.#timer = setTimeout(loop, this.#opts.refreshMs ?? 500);
        });
    };
    loop();
  }

  /** Reads the records now and connects to new nodes. */
  async refresh(): Promise<void> {
    const ttl = 60_000; // the index is pruned by the nodes; freshness is checked per record
    this.#records = await readMediaNodes(this.#opts.redis, { prefix: this.#opts.keyPrefix, ttlMs: ttl });
    for (const r of this.#records) {
      const conn = this.#conns.get(r.id);
      if (!conn || conn.url !== r.rpcUrl) {
        this.#connect(r);
        continue;
      }
      // Same id, new process (restarted faster than the reconnect check): its rooms are gone.
      if (conn.bootId && r.bootId !== conn.bootId) {
        conn.bootId = r.bootId;
        if (!this.#dead.has(r.id)) this.declareLost(r.id, 'fast');
        continue;
      }
      if (conn.client.connected && isMediaNodeRecordFresh(r)) this.#dead.delete(r.id);
      const drainingSince = this.#draining.get(r.id);
      if (drainingSince !== undefined && r.state === 'SERVING' && r.updatedAt > drainingSince + 1_000) this.#draining.delete(r.id);
    }
    this.#opts.metrics.mediaNodesConnected([...this.#conns.values()].filter((c) => c.client.connected).length);
  }

  records(): MediaNodeRecord[] {
    return this.#records;
  }

  /** Best-first candidates for a new room (power of two choices), skipping nodes known dead. */
  candidates(exclude: ReadonlySet<string> = new Set()): MediaNodeRecord[] {
    const skip = new Set([...this.#dead, ...this.#draining.keys(), ...exclude]);
    const ordered = orderCandidates(this.#records, { exclude: skip });
    const connected = ordered.filter((r) => this.#conns.get(r.id)?.client.connected);
    // Just after start no connection may be open yet; calls wait for it (readyClient).
    return connected.length > 0 ? connected : ordered;
  }

  hasFreshRecord(nodeId: string): boolean {
    return this.#records.some((r) => r.id === nodeId && Date.now() - r.updatedAt <= r.ttlMs);
  }

  deadNodes(): string[] {
    return [...this.#dead];
  }

  /** The node announced a drain (nodeDraining): it takes no new rooms from now on. */
  markDraining(nodeId: string): void {
    if (!this.#draining.has(nodeId) && this.#draining.size < 1_000) this.#draining.set(nodeId, Date.now());
  }

  isKnownDead(nodeId: string): boolean {
    return this.#dead.has(nodeId);
  }

  /** The RPC client of a node, waiting briefly for a connection still opening; MEDIA_UNAVAILABLE otherwise. */
  async readyClient(nodeId: string, waitMs = 1_000): Promise<MediaRpcClient> {
    const conn = this.#conns.get(nodeId);
    if (conn && !this.#dead.has(nodeId)) {
      if (conn.client.connected) return conn.client;
      if (!conn.everOpen) {
        try {
          await conn.client.ready(waitMs);
          return conn.client;
        } catch {}
      }
    }
    throw new AppError('MEDIA_UNAVAILABLE', 'the call media server is unavailable; reconnecting');
  }

  isConnected(nodeId: string): boolean {
    return this.#conns.get(nodeId)?.client.connected === true;
  }

  /** True when the node answers getNodeInfo in time (slow-path confirmation). */
  async probe(nodeId: string, timeoutMs = 1_000): Promise<boolean> {
    const conn = this.#conns.get(nodeId);
    if (!conn?.client.connected) return false;
    try {
      await conn.client.call('getNodeInfo', {}, { timeoutMs });
      return true;
    } catch {
      return false;
    }
  }

  onNodeLost(fn: (nodeId: string, path: LostPath, detectedAt: number) => void): void {
    this.#lostHandlers.push(fn);
  }

  onRpcEvent(fn: RpcEventHandler): void {
    this.#eventHandlers.push(fn);
  }

  /** Declares a node dead (also used by the slow path); the failover listens. */
  declareLost(nodeId: string, path: LostPath, detectedAt = performance.now()): void {
    if (this.#dead.has(nodeId)) return;
    this.#dead.add(nodeId);
    this.#opts.log.warn({ mediaNode: nodeId, path }, 'media node lost');
    for (const fn of this.#lostHandlers) fn(nodeId, path, detectedAt);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    const conns = [...this.#conns.values()];
    this.#conns.clear();
    for (const c of conns) clearTimeout(c.confirmTimer);
    await Promise.all(conns.map((c) => c.client.close()));
  }

  #connect(r: MediaNodeRecord): void {
    const old = this.#conns.get(r.id);
    if (old) void old.client.close();
    const client = MediaRpcClient.connect({
      url: r.rpcUrl,
      secret: this.#opts.secret,
      timeoutMs: this.#opts.timeoutMs,
      reconnectMinMs: 50,
      reconnectMaxMs: 2_000,
      heartbeatMs: 2_000,
    });
    const conn: Conn = { client, url: r.rpcUrl, everOpen: false, bootId: r.bootId, confirmTimer: undefined, closedAt: 0 };
    this.#conns.set(r.id, conn);
    client.onOpen(() => this.#handleOpen(r.id, conn));
    client.onClose(() => this.#handleClose(r.id, conn));
    for (const event of Object.keys(rpcEvents) as RpcEventName[]) {
      client.on(event, (data) => {
        for (const fn of this.#eventHandlers) fn(r.id, event, data);
      });
    }
  }

  #handleOpen(nodeId: string, conn: Conn): void {
    clearTimeout(conn.confirmTimer);
    conn.confirmTimer = undefined;
    const reconnected = conn.everOpen;
    conn.everOpen = true;
    conn.client
      .call('getNodeInfo', {})
      .then((info) => {
        const bootId = (info as { bootId?: string }).bootId;
        // Same address, new process: everything it held is gone.
        if (reconnected && conn.bootId && bootId && bootId !== conn.bootId) this.declareLost(nodeId, 'fast');
        if (bootId) conn.bootId = bootId;
      })
      .catch(() => {});
  }

  #handleClose(nodeId: string, conn: Conn): void {
    if (!conn.everOpen || this.#conns.get(nodeId) !== conn) return;
    if (conn.confirmTimer) {
      // No open since the drop: this was the first reconnect, and it failed. The node is gone.
      clearTimeout(conn.confirmTimer);
      conn.confirmTimer = undefined;
      this.declareLost(nodeId, 'fast', conn.closedAt);
      return;
    }
    if (this.#dead.has(nodeId)) return;
    conn.closedAt = performance.now();
    // Upper bound when the reconnect neither fails nor succeeds (a black-holed host).
    conn.confirmTimer = setTimeout(() => {
      conn.confirmTimer = undefined;
      if (!conn.client.connected) this.declareLost(nodeId, 'fast', conn.closedAt);
    }, this.#opts.confirmMs);
  }
}
