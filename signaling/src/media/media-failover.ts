// Moves rooms off a lost media node. Every signaling node that notices tries; the registry's atomic
// move (same node + same epoch → new node + new epoch) lets exactly one of them do it, and that one
// tells the room's peers `media-reset`.
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { RedisHealth } from '../redis/redis-clients.js';
import { socketRooms } from '../ids.js';
import type { RtpCapabilities } from '../protocol/index.js';
import type { RoomHomes } from '../registry/room-homes.js';
import type { RoomRegistry } from '../registry/room-registry.js';
import type { ClusterBus } from '../transport/cluster-bus.js';
import type { MediaGateway, RoomPlacement } from './media-gateway.js';
import type { MediaNodes } from './media-nodes.js';
import type { PipeLinks } from './pipe-links.js';

/** How a room came to leave its node; `worker` and `idle` leave the node itself usable. */
export const FAILOVER_PATHS = ['fast', 'slow', 'drain', 'worker', 'idle'] as const;
export type FailoverPath = (typeof FAILOVER_PATHS)[number];

export interface MediaFailoverDeps {
  registry: RoomRegistry;
  homes: RoomHomes;
  pipes: PipeLinks;
  nodes: MediaNodes;
  media: MediaGateway;
  bus: ClusterBus;
  metrics: Metrics;
  log: Logger;
  redisHealth: RedisHealth;
  /** Slow path period, and how long to wait after Redis came back before trusting record expiry. */
  slowCheckMs: number;
  redisWarmupMs: number;
}

/** Drain moves are spread over this share of the time left before the node's deadline. */
const DRAIN_SPREAD = 0.5;
const MAX_DRAIN_WINDOW_MS = 60_000;

const REASONS: Record<FailoverPath, string> = {
  fast: 'media server lost',
  slow: 'media server unreachable',
  drain: 'media server shutting down',
  worker: 'media worker restarted',
  idle: 'media connection expired',
};

export class MediaFailover {
  readonly #d: MediaFailoverDeps;
  readonly #inflight = new Set<string>();
  /** Draining node → the timers of its staggered room moves. */
  readonly #drains = new Map<string, NodeJS.Timeout[]>();
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: MediaFailoverDeps) {
    this.#d = deps;
  }

  start(): void {
    this.#d.nodes.onNodeLost((nodeId, path, detectedAt) => void this.moveAllOff(nodeId, path, detectedAt));
    const loop = () => {
      this.#slowCheck()
        .catch((err) => {
          this.#d.metrics.backgroundError('media-slow-path');
          this.#d.log.debug({ err }, 'slow-path check failed');
        })
        .finally(() => {
          this.#timer = setTimeout(loop, this.#d.slowCheckMs);
        });
    };
    this.#timer = setTimeout(loop, this.#d.slowCheckMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    for (const timers of this.#drains.values()) for (const t of timers) clearTimeout(t);
    this.#drains.clear();
  }

  /**
   * A media node announced a drain: move its rooms (and its peers in multi-node rooms) before the
   * deadline, one at a time over the first half of the time left so a big node does not storm the
   * cluster. One signaling node schedules the moves (a node that came second would see only the rooms
   * not yet moved and start them at once); the fenced move keeps each room's move single anyway, and the
   * node's roomsNeedRehome at the deadline is the backstop if the scheduling node dies.
   */
  async drainNode(nodeId: string, deadline: number): Promise<void> {
    this.#d.nodes.markDraining(nodeId);
    if (this.#drains.has(nodeId)) return;
    this.#drains.set(nodeId, []);
    const windowMs = Math.min(Math.max(0, deadline - Date.now()), MAX_DRAIN_WINDOW_MS) * DRAIN_SPREAD;
    const forget = setTimeout(() => this.#drains.delete(nodeId), windowMs + 1_000);
    forget.unref();
    this.#drains.get(nodeId)?.push(forget);
    if (!(await this.#d.registry.claimDrain(nodeId, deadline, windowMs + 5_000))) return;
    const rooms = (await this.#d.registry.roomsOnNode(nodeId)).sort();
    this.#d.log.warn({ mediaNode: nodeId, rooms: rooms.length, windowMs: Math.round(windowMs) }, 'media node draining; moving its rooms');
    const timers = rooms.map((roomId, i) =>
      setTimeout(() => {
        this.moveRoom(roomId, nodeId, 'drain', performance.now()).catch((err) => {
          this.#d.metrics.backgroundError('media-failover');
          this.#d.log.error({ err, roomId, mediaNode: nodeId }, 'moving a room off a draining media node failed');
        });
      }, (i * windowMs) / rooms.length),
    );
    // Forgotten (see above) once its moves are due, so a node that comes back and drains again is handled.
    this.#drains.get(nodeId)?.push(...timers);
  }

  /** Moves every room of a lost node. */
  async moveAllOff(nodeId: string, path: FailoverPath, detectedAt: number): Promise<void> {
    if (this.#inflight.has(nodeId)) return;
    this.#inflight.add(nodeId);
    try {
      const rooms = await this.#d.registry.roomsOnNode(nodeId);
      for (let i = 0; i < rooms.length; i += 16) {
        await Promise.all(rooms.slice(i, i + 16).map((roomId) => this.moveRoom(roomId, nodeId, path, detectedAt)));
      }
    } catch (err) {
      this.#d.metrics.backgroundError('media-failover');
      this.#d.log.error({ err, mediaNode: nodeId }, 'moving rooms off a lost media node failed');
    } finally {
      this.#inflight.delete(nodeId);
    }
  }

  /**
   * Moves one room off `fromNodeId` (if it is still there, at `expectedEpoch` when given).
   * Returns the room's placement afterwards, whoever moved it; null when it has no node to go to.
   */
  async moveRoom(roomId: string, fromNodeId: string, path: FailoverPath, detectedAt: number, expectedEpoch?: number): Promise<RoomPlacement | null> {
    const cur = await this.#d.registry.lookup(roomId);
    if (!cur || (expectedEpoch !== undefined && cur.epoch !== expectedEpoch)) return cur;
    // Not the primary: at most an extension node, which leaves the room at the same epoch.
    if (cur.nodeId !== fromNodeId) return (await this.#dropNode(cur, fromNodeId, path, detectedAt)) ?? cur;
    const exclude = new Set(path === 'worker' || path === 'idle' ? [] : [fromNodeId]);
    const target = this.#d.nodes.candidates(exclude)[0];
    // The move script refuses rooms with extension nodes, so single-node rooms (the common case) go
    // straight to it; a refused move of an unchanged room means the room spans nodes.
    const r = target ? await this.#d.registry.move(cur, target.id) : { moved: false as const, current: cur };
    if (!r.moved) {
      if (r.current?.nodeId !== cur.nodeId || r.current.epoch !== cur.epoch) return r.current;
      const dropped = await this.#dropNode(cur, fromNodeId, path, detectedAt);
      if (dropped !== undefined) return dropped;
      if (target) return this.moveRoom(roomId, fromNodeId, path, detectedAt, cur.epoch);
      this.#d.metrics.failoverFinished(path, 'error', detectedAt);
      this.#d.log.error({ roomId, mediaNode: fromNodeId }, 'no media node to move the room to');
      return null;
    }
    const placement = r.placement;
    this.#d.bus.publish('room-moved', placement);
    let caps: RtpCapabilities = {};
    try {
      caps = await this.#d.media.routerCapabilities(placement);
    } catch (err) {
      // Clients then ask `resume` for the capabilities.
      this.#d.log.warn({ err, roomId }, 'new media node did not give router capabilities');
    }
    this.#d.bus.toRoom(socketRooms.call(roomId), 'media-reset', { roomId, epoch: placement.epoch, reason: REASONS[path], routerRtpCapabilities: caps });
    this.#d.metrics.failoverFinished(path, 'ok', detectedAt);
    this.#d.log.warn({ roomId, from: fromNodeId, to: placement.nodeId, epoch: placement.epoch, path }, 'room moved to another media node');
    // The new epoch fences the old room state on the source away.
    if (placement.nodeId !== fromNodeId) this.#closeOnSource({ ...placement, nodeId: fromNodeId });
    return placement;
  }

  /**
   * A room on several nodes loses one: it leaves the room at the same epoch, only the peers that lived
   * there get `media-reset` (they resume onto a living node), and the survivors close their pipes to it.
   * undefined when the node is the room's only one (the whole room moves instead).
   */
  async #dropNode(cur: RoomPlacement, lost: string, path: FailoverPath, detectedAt: number): Promise<RoomPlacement | null | undefined> {
    const r = await this.#d.homes.drop(cur.roomId, lost);
    if (r.kind === 'single') return undefined;
    if (r.kind !== 'dropped') return r.kind === 'gone' ? null : cur;
    const placement = { roomId: cur.roomId, nodeId: r.primary, epoch: r.epoch };
    if (r.primary !== cur.nodeId) this.#d.bus.publish('room-moved', placement);
    const room = await this.#d.homes.nodes(cur.roomId);
    const survivors = room ? [room.primary, ...room.extensions] : [];
    await Promise.all(survivors.map((nodeId) => this.#d.pipes.closePipeTo({ ...placement, nodeId }, lost).catch(() => {})));
    const call = socketRooms.call(cur.roomId);
    for (const p of r.producers) this.#d.bus.toRoom(call, 'producerClosed', p);
    const reset = { roomId: cur.roomId, epoch: r.epoch, reason: REASONS[path], routerRtpCapabilities: {}, rehome: true };
    for (const peerId of r.peerIds) this.#d.bus.toRoom(socketRooms.peer(peerId), 'media-reset', reset);
    this.#d.metrics.failoverFinished(path, 'ok', detectedAt);
    this.#d.log.warn({ roomId: cur.roomId, lost, primary: r.primary, peers: r.peerIds.length, path }, 'media node left a multi-node room');
    this.#closeOnSource({ ...placement, nodeId: lost });
    return placement;
  }

  /**
   * The room left a node that may still live (a drain, a worker's room, a multi-node room shedding a
   * node): close it there, so the node's room count falls and a draining node exits at once.
   */
  #closeOnSource(at: RoomPlacement): void {
    if (this.#d.nodes.isKnownDead(at.nodeId)) return;
    this.#d.media.call(at, 'closeRoom', {}).catch((err) => this.#d.log.debug({ err, roomId: at.roomId, mediaNode: at.nodeId }, 'closing a moved room on its old node failed'));
  }

  /** Slow path: a node in use whose record expired and which does not answer is lost. */
  async #slowCheck(): Promise<void> {
    const h = this.#d.redisHealth;
    if (!h.up || performance.now() - h.recoveredAt < this.#d.redisWarmupMs) return;
    const nodes = this.#d.nodes;
    for (const nodeId of await this.#d.registry.nodesInUse()) {
      if (nodes.isKnownDead(nodeId)) {
        // An earlier move may have found no target; try again.
        await this.moveAllOff(nodeId, 'slow', performance.now());
        continue;
      }
      if (nodes.hasFreshRecord(nodeId)) continue;
      if (await nodes.probe(nodeId)) continue;
      nodes.declareLost(nodeId, 'slow');
    }
  }
}
