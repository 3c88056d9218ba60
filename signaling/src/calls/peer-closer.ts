// Ends a peer's part in a call: explicit leave, session moved to another device, or resume grace over.
// Media first (the media node closes the peer's transports, producers and consumers), then Redis,
// then the notifications; the Redis removal is atomic, so peerLeft goes out exactly once.
import { AppError, notInCall } from '../errors.js';
import { socketRooms } from '../ids.js';
import type { Logger } from '../log.js';
import type { MediaGateway } from '../media/media-gateway.js';
import type { Metrics } from '../metrics.js';
import type { ClusterBus } from '../transport/cluster-bus.js';
import type { LocalPeers, CoopeSocket } from './local-peers.js';
import type { PeerStore } from './peer-store.js';

export type CloseReason = 'left' | 'moved' | 'timeout';

interface ClosingPeer {
  peerId: string;
  roomId: string;
  userId: string;
  epoch: number;
  mediaNodeId: string;
}

export interface PeerCloserDeps {
  store: PeerStore;
  media: MediaGateway;
  bus: ClusterBus;
  local: LocalPeers;
  /** Multi-node rooms: an extension node left without peers starts its grace period. */
  releaseHome: (roomId: string, peerId: string, mediaNodeId: string) => Promise<void>;
  metrics: Metrics;
  log: Logger;
  peerGraceMs: number;
}

export class PeerCloser {
  readonly #d: PeerCloserDeps;

  constructor(deps: PeerCloserDeps) {
    this.#d = deps;
    deps.bus.on('peer-closed', (e) => this.#dropLocal(e.peerId, e.roomId, e.reason));
  }

  async leave(socket: CoopeSocket): Promise<void> {
    const peer = this.#detachLocal(socket);
    if (!peer) throw notInCall();
    await this.#close({ ...peer.id, epoch: peer.epoch, mediaNodeId: peer.mediaNodeId, noMedia: !peer.mediaUsed }, 'left');
  }

  /** Closes a peer wherever its socket is. False when it was already gone. */
  async closeById(peerId: string, reason: Exclude<CloseReason, 'left'>): Promise<boolean> {
    const stored = await this.#d.store.load(peerId);
    if (!stored) {
      await this.#d.store.dropDeadline(peerId);
      return false;
    }
    this.#d.bus.publish('peer-closed', { peerId, roomId: stored.roomId, reason });
    return this.#close(stored, reason);
  }

  /** The socket went away: keep the session for a resume until the grace period ends. */
  async detach(socket: CoopeSocket): Promise<void> {
    const owner = this.#d.local.ownerOf(socket);
    const peer = this.#detachLocal(socket);
    if (!peer) return;
    await this.#d.store.detach(peer.peerId, owner, Date.now() + this.#d.peerGraceMs);
  }

  /** `noMedia`: the peer never asked its media node for anything, so there is nothing to close there. */
  async #close(p: ClosingPeer & { noMedia?: boolean }, reason: CloseReason): Promise<boolean> {
    // A child logger costs a bindings serialization: made only when something is logged.
    const log = () => this.#d.log.child({ roomId: p.roomId, peerId: p.peerId });
    try {
      if (!p.noMedia) await this.#d.media.call({ roomId: p.roomId, nodeId: p.mediaNodeId, epoch: p.epoch }, 'closePeer', { peerId: p.peerId });
    } catch (err) {
      // A lost node or a newer epoch already closed the peer's media.
      if (!(err instanceof AppError)) log().warn({ err }, 'closePeer failed');
    }
    const room = socketRooms.call(p.roomId);
    const left = { peerId: p.peerId, reason };
    // Without producers, the removal script publishes peerLeft for the other nodes itself.
    const r = await this.#d.store.remove(p, this.#d.bus.remoteEmit(room, 'peerLeft', left));
    if (!r.removed) return false;
    await this.#d.releaseHome(p.roomId, p.peerId, p.mediaNodeId).catch((err) => log().warn({ err }, 'peer home not released'));
    for (const producerId of r.producerIds) this.#d.bus.toRoom(room, 'producerClosed', { producerId, peerId: p.peerId });
    if (r.announced) this.#d.bus.toLocalRoom(room, 'peerLeft', left);
    else this.#d.bus.toRoom(room, 'peerLeft', left);
    if (this.#d.log.isLevelEnabled('info')) log().info({ reason, roomEmpty: r.roomEmpty }, 'peer closed');
    return true;
  }

  #detachLocal(socket: CoopeSocket) {
    const peer = this.#d.local.remove(socket);
    if (!peer) return undefined;
    socket.leave(socketRooms.call(peer.roomId));
    socket.leave(socketRooms.peer(peer.peerId));
    this.#d.metrics.peerDetached();
    return peer;
  }

  /** The owner node of a peer closed elsewhere: forget it, and tell the device when the call moved. */
  #dropLocal(peerId: string, roomId: string, reason: string): void {
    const socket = this.#d.local.socketOf(peerId);
    if (!socket) return;
    this.#detachLocal(socket);
    if (reason === 'moved') socket.emit('session-moved', { roomId, reason: 'the call moved to your other device' });
  }
}
