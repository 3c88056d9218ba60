// Wires the call flows, presence and failover of one node (called by node.ts).
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { SignalingKeys } from '../keys.js';
import type { Logger } from '../log.js';
import { MediaFailover } from '../media/media-failover.js';
import { ExtensionSweeper } from '../media/extension-sweeper.js';
import { MediaGateway, type RoomPlacement } from '../media/media-gateway.js';
import type { MediaNodes } from '../media/media-nodes.js';
import { MultiNodeRooms } from '../media/multi-node-rooms.js';
import { PipeLinks } from '../media/pipe-links.js';
import type { Metrics } from '../metrics.js';
import { Presence } from '../presence/presence.js';
import type { RedisHealth } from '../redis/redis-clients.js';
import { PlacementCache } from '../registry/placement-cache.js';
import { RoomHomes } from '../registry/room-homes.js';
import { RoomRegistry } from '../registry/room-registry.js';
import { ClusterBus } from '../transport/cluster-bus.js';
import type { EventHandlers } from '../transport/event-dispatch.js';
import { socketHandlers } from '../transport/socket-handlers.js';
import type { CallDeps } from './call-deps.js';
import { CallMaintenance } from './call-maintenance.js';
import { JoinFlow } from './join-flow.js';
import { type CoopeSocket, LocalPeers } from './local-peers.js';
import { MediaEventRelay } from './media-event-relay.js';
import { MediaHandlers } from './media-handlers.js';
import { PeerCloser } from './peer-closer.js';
import { PeerSnapshots } from './peer-snapshots.js';
import { PeerStore } from './peer-store.js';
import { ResumeFlow } from './resume-flow.js';
import { SessionConflicts } from './session-conflicts.js';

export interface BuildCallsInput {
  config: Config;
  log: Logger;
  metrics: Metrics;
  redis: Redis & { health: RedisHealth };
  keys: SignalingKeys;
  nodes: MediaNodes;
  io: Server;
  verifier: TokenVerifier;
  /** See SignalingNodeOptions.naivePath. */
  naivePath?: boolean;
}

export interface Calls {
  presence: Presence;
  closer: PeerCloser;
  handlers: (socket: CoopeSocket) => EventHandlers;
  heartbeat: () => Promise<void>;
  start: () => void;
  stop: () => void;
}

export function buildCalls(i: BuildCallsInput): Calls {
  const { config: c, log, metrics, redis, keys, nodes } = i;
  const HEARTBEAT_MS = c.SIGNALING_HEARTBEAT_MS;
  const bus = new ClusterBus(i.io);
  const placements = new PlacementCache();
  const local = new LocalPeers(c.SIGNALING_NODE_ID);
  const media = new MediaGateway(nodes, { cacheCapabilities: !i.naivePath });
  const registry = new RoomRegistry(redis, keys, {
    candidates: () => nodes.candidates(),
    maxNewRoomsPerNodePerSec: c.SIGNALING_MAX_NEW_ROOMS_PER_NODE_PER_SEC,
    emptyGraceMs: c.SIGNALING_ROOM_EMPTY_GRACE_MS,
  });
  const homes = new RoomHomes(redis, keys, { maxPeersPerNode: c.SIGNALING_ROOM_PEERS_PER_NODE, emptyGraceMs: c.SIGNALING_ROOM_EMPTY_GRACE_MS });
  const pipes = new PipeLinks(nodes);
  const store = new PeerStore(redis, keys, { emptyGraceMs: c.SIGNALING_ROOM_EMPTY_GRACE_MS });
  const snapshots = new PeerSnapshots(store, metrics, log);
  const conflicts = new SessionConflicts(redis, keys, bus, c.SIGNALING_CONFLICT_TIMEOUT_MS);
  const failover = new MediaFailover({
    registry, homes, pipes, nodes, media, bus, metrics, log, redisHealth: redis.health, slowCheckMs: 1_000, redisWarmupMs: 5_000,
  });
  const multi = new MultiNodeRooms({
    homes, nodes, media, pipes, metrics, log,
    producers: (roomId) => store.producers(roomId),
    producer: (roomId, producerId) => store.producer(roomId, producerId),
    maxPeersPerNode: c.SIGNALING_ROOM_PEERS_PER_NODE,
    primaryOf: (roomId) => placements.get(roomId)?.nodeId,
    dropLost: (roomId, nodeId) => failover.moveRoom(roomId, nodeId, 'fast', performance.now()),
  });
  const releaseHome = (roomId: string, peerId: string, nodeId: string) => multi.releaseHome(roomId, peerId, nodeId);
  const closer = new PeerCloser({ store, media, bus, local, releaseHome, metrics, log, peerGraceMs: c.SIGNALING_PEER_GRACE_MS });
  const extensions = new ExtensionSweeper({ homes, media, pipes, metrics, log, redisHealth: redis.health, sweepMs: 500 });
  const maintenance = new CallMaintenance({
    store, registry, closer, media, local, bus, snapshots, metrics, log, redisHealth: redis.health, heartbeatMs: HEARTBEAT_MS, sweepMs: 500,
  });
  const presence = new Presence({
    redis, redisHealth: redis.health, keys, bus, metrics, log, nodeId: c.SIGNALING_NODE_ID, graceMs: c.SIGNALING_PRESENCE_GRACE_MS, heartbeatMs: HEARTBEAT_MS,
  });
  /** A placement whose node is known dead is moved before anyone uses it. */
  const healthy = async (p: RoomPlacement | null): Promise<RoomPlacement | null> => {
    if (!p || !nodes.isKnownDead(p.nodeId)) return p;
    const moved = await failover.moveRoom(p.roomId, p.nodeId, 'fast', performance.now());
    if (!moved) throw new AppError('NO_MEDIA_NODE', 'no media node is available');
    return moved;
  };
  const placeRoom = async (roomId: string, fresh: boolean): Promise<RoomPlacement> => {
    const cached = fresh || i.naivePath ? undefined : placements.get(roomId);
    if (cached && !nodes.isKnownDead(cached.nodeId)) return cached;
    const startedAt = performance.now();
    try {
      const p = (await healthy(await registry.lookupOrPlace(roomId)))!;
      metrics.placementFinished('ok', startedAt);
      placements.set(p);
      return p;
    } catch (err) {
      metrics.placementFinished('error', startedAt);
      throw asUnavailable(err);
    }
  };
  bus.on('room-moved', (p) => placements.set(p));
  const deps: CallDeps = {
    verifier: i.verifier, registry, store, media, bus, local, closer, conflicts, snapshots, metrics, log, placeRoom, multi,
    currentPlacement: async (roomId, peerId) => {
      const p = await healthy(await registry.lookup(roomId).catch((e) => Promise.reject(asUnavailable(e))));
      if (p) placements.set(p);
      return p && peerId ? multi.peerPlacement(p, peerId).catch((e) => Promise.reject(asUnavailable(e))) : p;
    },
    isNodeDead: (nodeId) => nodes.isKnownDead(nodeId),
    separateDenylistCheck: i.naivePath === true,
    attachedDeadline: maintenance.attachedDeadline,
  };
  const relay = new MediaEventRelay({ bus, local, store, media, snapshots, failover, metrics, log });
  nodes.onRpcEvent((nodeId, event, data) => relay.handle(nodeId, event, data));
  const services = { join: new JoinFlow(deps), resume: new ResumeFlow(deps), media: new MediaHandlers(deps), closer, conflicts, presence };
  return {
    presence,
    closer,
    handlers: (socket) => socketHandlers(socket, services),
    heartbeat: async () => {
      await Promise.all([maintenance.heartbeat(), presence.heartbeat()]);
    },
    start: () => {
      failover.start();
      extensions.start();
      maintenance.start();
      presence.start();
    },
    stop: () => {
      failover.stop();
      extensions.stop();
      pipes.close();
      maintenance.stop();
      presence.stop();
    },
  };
}

/** Redis errors become a clear SERVICE_UNAVAILABLE for the client. */
function asUnavailable(err: unknown): unknown {
  if (err instanceof AppError) return err;
  return new AppError('SERVICE_UNAVAILABLE', 'call service is temporarily unavailable; try again shortly');
}
