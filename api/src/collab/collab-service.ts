// Composition of the co-editing service: Redis connections, document registry, stream reader, compactor,
// and the upgrade handler. Used by the Fastify plugin and by the standalone server.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.js';
import { Compactor } from './compactor.js';
import { CollabConnection } from './connection.js';
import { DocRegistry } from './doc-registry.js';
import { MemberSessions } from './member-sessions.js';
import { CollabKeys } from './keys.js';
import { DEFAULT_COMPACTION, DEFAULT_KEY_PREFIX, DEFAULT_LIMITS } from './options.js';
import { registerCollabMetrics } from './metrics.js';
import { RedisLock } from './redis-lock.js';
import { type SnapshotDatabase, SnapshotStore } from './snapshot-store.js';
import { StreamLog } from './stream-log.js';
import { StreamReader } from './stream-reader.js';
import type { CollabHandle, CollabLimits, CollabOptions } from './types.js';
import { admit, COLLAB_PROTOCOL, completeUpgrade, parseUpgradeRequest, rejectUpgrade } from './upgrade.js';

const HEARTBEAT_MS = 30_000;

export class CollabService implements CollabHandle {
  readonly compactor: Compactor;
  readonly registry: DocRegistry;
  readonly stream: StreamLog;
  readonly snapshots: SnapshotStore;
  readonly #opts: CollabOptions;
  readonly #limits: CollabLimits;
  readonly #log: Logger;
  readonly #writer: Redis;
  readonly #reader: Redis;
  readonly #compactorRedis: Redis;
  readonly #streamReader: StreamReader;
  readonly #members: MemberSessions;
  readonly #membersRedis: Redis;
  readonly #wss: WebSocketServer;
  readonly #connections = new Set<{ conn: CollabConnection; closed: Promise<void> }>();
  readonly #heartbeat: NodeJS.Timeout;
  #closing = false;

  private constructor(opts: CollabOptions) {
    this.#opts = opts;
    this.#limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const nodeId = opts.nodeId ?? `${hostname()}-${process.pid}`;
    // Entries are tagged per process, not per configured id: two processes sharing an id by mistake
    // would otherwise skip each other's updates.
    const tag = `${nodeId}/${randomBytes(4).toString('hex')}`;
    this.#log = opts.log.child({ component: 'collab', nodeId: tag });
    if (opts.metricsRegistry) registerCollabMetrics(opts.metricsRegistry);
    // Our keys carry the connection's own prefix explicitly: ioredis would prefix the keys we send but not
    // strip it from the stream names XREAD returns.
    const own = { keyPrefix: '' };
    this.#writer = this.#connection(opts.redis.duplicate(own));
    this.#reader = this.#connection(opts.redis.duplicate({ ...own, commandTimeout: undefined }));
    // Compaction's large range reads and its locks must not queue in front of the appends clients wait for.
    this.#compactorRedis = this.#connection(opts.redis.duplicate(own));
    const keys = new CollabKeys((opts.redis.options.keyPrefix ?? '') + (opts.keyPrefix ?? DEFAULT_KEY_PREFIX));
    this.stream = new StreamLog(this.#writer, keys, tag);
    this.snapshots = new SnapshotStore(opts.db as Kysely<SnapshotDatabase>);
    this.registry = new DocRegistry({
      stream: this.stream,
      snapshots: this.snapshots,
      log: this.#log,
      maxDocuments: this.#limits.maxDocuments,
      evictDelayMs: this.#limits.evictDelayMs,
      onLoaded: () => this.#streamReader.wake(),
    });
    const log = this.#log;
    // With the api's enableOfflineQueue: false, a subscribe sent before the connection is up would be lost.
    this.#membersRedis = this.#connection(opts.redis.duplicate({ ...own, enableOfflineQueue: true }));
    this.#members = new MemberSessions(this.#membersRedis, keys.memberSessions(), log);
    this.#streamReader = new StreamReader({ reader: this.#reader, control: this.#writer, registry: this.registry, snapshots: this.snapshots, keys, nodeId: tag, log });
    this.compactor = new Compactor({
      stream: new StreamLog(this.#compactorRedis, keys, tag),
      snapshots: this.snapshots,
      lock: new RedisLock(this.#compactorRedis),
      options: { ...DEFAULT_COMPACTION, ...opts.compaction },
      onCompacted: opts.onCompacted,
      log,
      sampled: () => this.registry.loaded().map((d) => d.id),
    });
    this.#wss = new WebSocketServer({
      noServer: true,
      // Hard cap well above the limit so an oversized message is still read and closed with our own code.
      maxPayload: this.#limits.maxMessageBytes * 2 + 1024,
      handleProtocols: (protocols) => (protocols.has(COLLAB_PROTOCOL) ? COLLAB_PROTOCOL : false),
    });
    this.#heartbeat = setInterval(() => {
      for (const { conn } of this.#connections) conn.heartbeat();
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  #connection(redis: Redis): Redis {
    redis.on('error', (err: Error) => this.#log.warn({ err: err.message }, 'collab redis connection error'));
    return redis;
  }

  static async create(opts: CollabOptions): Promise<CollabService> {
    const service = new CollabService(opts);
    service.#streamReader.start();
    if (opts.compaction?.enabled ?? DEFAULT_COMPACTION.enabled) service.compactor.start();
    return service;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** For an http server's 'upgrade' event. Returns false when the path is not /collab/:id (not handled). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const request = parseUpgradeRequest(req);
    if (!request) return false;
    socket.on('error', () => {});
    if (this.#closing) {
      rejectUpgrade(socket, 503);
      return true;
    }
    this.#upgrade(req, socket, head, request).catch((err) => {
      this.#log.error({ err }, 'collab upgrade failed');
      rejectUpgrade(socket, 500);
    });
    return true;
  }

  async #upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    request: NonNullable<ReturnType<typeof parseUpgradeRequest>>,
  ): Promise<void> {
    const result = await admit(request, { ...this.#opts, registry: this.registry, log: this.#log });
    if (result.ok && (socket.destroyed || this.#closing)) {
      this.registry.release(result.admitted.doc.id);
      return rejectUpgrade(socket, 503);
    }
    if (socket.destroyed) return;
    const ws = await completeUpgrade(this.#wss, req, socket, head);
    if (!result.ok) {
      ws.close(result.code, result.reason);
      return;
    }
    const { user, role, doc } = result.admitted;
    let closed!: () => void;
    let untrack = () => {};
    const entry = {
      conn: new CollabConnection({
        ws,
        doc,
        role,
        ack: request.ack,
        limits: this.#limits,
        log: this.#log.child({ documentId: doc.id, userId: user.userId }),
        onClosed: () => {
          untrack();
          this.#connections.delete(entry);
          this.registry.release(doc.id);
          closed();
        },
      }),
      closed: new Promise<void>((resolve) => {
        closed = resolve;
      }),
    };
    this.#connections.add(entry);
    entry.conn.start();
    // After start: a session that ended during admission closes the connection at once, through onClosed.
    untrack = this.#members.track(doc.id, user.userId, entry.conn, user);
  }

  async closeDocument(documentId: string, reason = 'document closed'): Promise<void> {
    this.registry.get(documentId)?.closeAll(CloseCode.documentClosed, reason);
    await this.stream.append(documentId, 'c', reason);
  }

  closeUserSessions(userId: string, documentIds: string[], reason?: string): Promise<void> {
    return this.#members.closeUserSessions(userId, documentIds, reason);
  }

  closeSession(sessionId: string, reason?: string): Promise<void> {
    return this.#members.closeSession(sessionId, reason);
  }

  closeUser(userId: string, reason?: string): Promise<void> {
    return this.#members.closeUser(userId, reason);
  }

  async seedDocument(documentId: string, update: Uint8Array): Promise<void> {
    Y.decodeUpdate(update);
    await this.stream.append(documentId, 'u', update);
    // The stream reader skips this node's own entries, so a copy held here is updated directly.
    const doc = this.registry.get(documentId);
    if (doc) Y.applyUpdate(doc.doc, update, 'seed');
  }

  async purgeDocument(documentId: string): Promise<void> {
    await this.closeDocument(documentId, 'document deleted');
    // Under the compaction lock, so no compactor writes the snapshot back after it is removed.
    await this.compactor.whileLocked(documentId, async () => {
      await this.stream.remove(documentId);
      await this.snapshots.remove(documentId);
    });
  }

  /** Closes clients (1001, they reconnect elsewhere), stops the loops, and drops the Redis connections it made. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#heartbeat);
    const all = [...this.#connections];
    for (const { conn } of all) conn.close(CloseCode.goingAway, 'server shutting down');
    const settled = Promise.all(all.map((c) => c.closed));
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000).unref());
    if ((await Promise.race([settled, timeout])) === 'timeout') {
      for (const { conn } of this.#connections) conn.terminate();
      await settled;
    }
    await this.compactor.stop();
    await this.#streamReader.stop();
    await this.#members.close();
    this.registry.evictIdle();
    this.#wss.close();
    const connections = [this.#writer, this.#reader, this.#compactorRedis, this.#membersRedis];
    await Promise.allSettled(connections.map((c) => c.quit()));
  }
}
