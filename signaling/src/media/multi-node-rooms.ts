// Rooms that outgrow one media node: peers get a home node (the room's primary, or an extension when
// the room's nodes are full or at SIGNALING_ROOM_PEERS_PER_NODE), and producers are piped between the
// room's nodes (PipeLink) so a consumer anywhere addresses a producer by its one id.
import type { RpcParams } from '@coope/media-node/rpc';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { ProducerInfo } from '../protocol/index.js';
import type { RoomHomes } from '../registry/room-homes.js';
import type { MediaGateway, RoomPlacement } from './media-gateway.js';
import type { MediaNodes } from './media-nodes.js';
import type { PipeLinks } from './pipe-links.js';

export interface MultiNodeRoomsDeps {
  homes: RoomHomes;
  nodes: MediaNodes;
  media: MediaGateway;
  pipes: PipeLinks;
  /** The room's producers (from the peer store). */
  producers: (roomId: string) => Promise<ProducerInfo[]>;
  producer: (roomId: string, producerId: string) => Promise<ProducerInfo | null>;
  maxPeersPerNode: number;
  /** The room's primary node as this signaling node last saw it (placement cache). */
  primaryOf: (roomId: string) => string | undefined;
  /** Takes a lost node out of a room (the failover's move; it drops the node from multi-node rooms). */
  dropLost: (roomId: string, nodeId: string) => Promise<unknown>;
  metrics: Metrics;
  log: Logger;
}

type ConsumeParams = Omit<RpcParams<'consume'>, 'roomId' | 'epoch'>;

const MAX_KNOWN = 10_000;

export class MultiNodeRooms {
  /** Rooms this node has seen spread over several nodes (roomId → epoch): their joins always ask the registry. */
  readonly #spread = new Map<string, number>();

  constructor(private readonly d: MultiNodeRoomsDeps) {}

  /**
   * The hot path of a join: a room not known to span nodes, whose primary is neither full nor dead,
   * takes the peer on its primary without a registry round trip (confirmHome checks the room's size).
   */
  presumedHome(room: RoomPlacement): RoomPlacement | undefined {
    if (this.#spread.get(room.roomId) === room.epoch || this.d.nodes.isKnownDead(room.nodeId)) return undefined;
    return this.#fullNodes().includes(room.nodeId) ? undefined : room;
  }

  /** After the join's membership write: a presumed primary home in a room over the cap is assigned properly. */
  async confirmHome(room: RoomPlacement, home: RoomPlacement, peerId: string, roomSize: number): Promise<RoomPlacement> {
    if (home !== room || roomSize <= this.d.maxPeersPerNode) return home;
    const r = await this.homeFor(room, peerId);
    return r === 'retry' ? home : r;
  }

  /**
   * A peer left: only a peer off the primary can leave an extension empty (its grace period starts).
   * A primary peer's stray home entry is pruned by the registry scripts later.
   */
  async releaseHome(roomId: string, peerId: string, nodeId: string): Promise<void> {
    if (nodeId === this.d.primaryOf(roomId)) return;
    await this.d.homes.release(roomId, peerId);
  }

  /**
   * The placement a peer works at: the room's epoch on the peer's home node. 'retry' when the room
   * moved (new epoch) meanwhile.
   */
  async homeFor(room: RoomPlacement, peerId: string): Promise<RoomPlacement | 'retry'> {
    const nodes = this.d.nodes;
    const candidates = nodes.candidates().map((r) => r.id);
    const r = await this.d.homes.assign(room, peerId, { dead: nodes.deadNodes(), full: this.#fullNodes(), candidates });
    if (r.kind === 'retry') return 'retry';
    if (r.kind === 'none') throw new AppError('NO_MEDIA_NODE', 'no media node is available');
    const home = { roomId: room.roomId, nodeId: r.nodeId, epoch: room.epoch };
    if (r.extended || r.nodeId !== room.nodeId) this.#markSpread(room);
    if (r.extended) {
      this.d.log.info({ roomId: room.roomId, mediaNode: r.nodeId, epoch: room.epoch }, 'room extended to another media node');
      void this.#pipeExisting(home);
    }
    return home;
  }

  /**
   * The placement of a peer already in the call (resume): its recorded home, the primary when it has
   * none, or a new one when its node was lost (a node known dead is taken out of the room first).
   */
  async peerPlacement(room: RoomPlacement, peerId: string): Promise<RoomPlacement> {
    const prev = await this.d.homes.homeOf(room.roomId, peerId);
    if (prev === null) return room;
    if (prev !== '' && !this.d.nodes.isKnownDead(prev)) {
      if (prev !== room.nodeId) this.#markSpread(room);
      return { ...room, nodeId: prev };
    }
    if (prev !== '') await this.d.dropLost(room.roomId, prev);
    const home = await this.homeFor(room, peerId);
    if (home === 'retry') throw new AppError('SERVICE_UNAVAILABLE', 'the call is moving to another server; try again');
    return home;
  }

  /** consume on the peer's node; a producer living on another node of the room is piped here first. */
  async consume(at: RoomPlacement, params: ConsumeParams) {
    try {
      return await this.d.media.call(at, 'consume', params);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      const origin = await this.#originOf(at.roomId, params.producerId);
      if (!origin || origin === at.nodeId) throw err;
      await this.d.pipes.pipe(origin, at, params.producerId);
      return this.d.media.call(at, 'consume', params);
    }
  }

  /**
   * A new producer on `at.nodeId`: pipe it ahead to the room's other nodes (not awaited by the caller).
   * Only in rooms this node knows to span nodes; elsewhere the first consumer pipes it on demand.
   */
  async spread(at: RoomPlacement, producerId: string): Promise<void> {
    if (!this.#spread.has(at.roomId)) return;
    const room = await this.d.homes.nodes(at.roomId);
    if (!room || room.epoch !== at.epoch || room.extensions.length === 0) return;
    const targets = [room.primary, ...room.extensions].filter((n) => n !== at.nodeId && !this.d.nodes.isKnownDead(n));
    await Promise.all(targets.map((nodeId) => this.#pipeQuietly(at.nodeId, { ...at, nodeId }, producerId)));
  }

  #fullNodes(): string[] {
    return this.d.nodes
      .records()
      .filter((r) => r.load.consumerBudget > 0 && r.load.consumers >= r.load.consumerBudget)
      .map((r) => r.id);
  }

  #markSpread(room: RoomPlacement): void {
    if (!this.#spread.has(room.roomId) && this.#spread.size >= MAX_KNOWN) this.#spread.delete(this.#spread.keys().next().value!);
    this.#spread.set(room.roomId, room.epoch);
  }

  /** The node a producer lives on: its peer's home (the primary when the peer has none recorded). */
  async #originOf(roomId: string, producerId: string): Promise<string | null> {
    const info = await this.d.producer(roomId, producerId);
    if (!info) return null;
    const home = await this.d.homes.homeOf(roomId, info.peerId);
    return home ?? (await this.d.homes.nodes(roomId))?.primary ?? null;
  }

  /** A new extension node: pipe the room's existing producers to it. */
  async #pipeExisting(to: RoomPlacement): Promise<void> {
    try {
      const producers = await this.d.producers(to.roomId);
      await Promise.all(
        producers.map(async (p) => {
          const origin = await this.#originOf(to.roomId, p.producerId);
          if (origin && origin !== to.nodeId) await this.#pipeQuietly(origin, to, p.producerId);
        }),
      );
    } catch (err) {
      this.d.metrics.backgroundError('media-pipe');
      this.d.log.warn({ err, roomId: to.roomId }, 'piping existing producers failed');
    }
  }

  async #pipeQuietly(fromNodeId: string, to: RoomPlacement, producerId: string): Promise<void> {
    try {
      await this.d.pipes.pipe(fromNodeId, to, producerId);
    } catch (err) {
      // A consumer that needs it pipes it again on demand.
      this.d.metrics.backgroundError('media-pipe');
      this.d.log.debug({ err, roomId: to.roomId, producerId }, 'piping a producer failed');
    }
  }
}
