// Background work for calls: refresh the deadlines of attached sessions, close sessions whose grace
// period ran out, drop empty rooms after theirs, and reset local peers when their room moves.
import type { Logger } from '../log.js';
import type { MediaGateway } from '../media/media-gateway.js';
import type { Metrics } from '../metrics.js';
import type { RedisHealth } from '../redis/redis-clients.js';
import type { RoomRegistry } from '../registry/room-registry.js';
import type { ClusterBus } from '../transport/cluster-bus.js';
import type { LocalPeers } from './local-peers.js';
import type { PeerCloser } from './peer-closer.js';
import type { PeerSnapshots } from './peer-snapshots.js';
import type { PeerStore } from './peer-store.js';

export interface CallMaintenanceDeps {
  store: PeerStore;
  registry: RoomRegistry;
  closer: PeerCloser;
  media: MediaGateway;
  local: LocalPeers;
  bus: ClusterBus;
  snapshots: PeerSnapshots;
  metrics: Metrics;
  log: Logger;
  redisHealth: RedisHealth;
  heartbeatMs: number;
  sweepMs: number;
}

export class CallMaintenance {
  readonly #d: CallMaintenanceDeps;
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(deps: CallMaintenanceDeps) {
    this.#d = deps;
    deps.bus.on('room-moved', (p) => this.#resetLocalPeers(p));
  }

  /** An attached session lives this long without a heartbeat (a signaling node died). */
  attachedDeadline = (): number => Date.now() + 3 * this.#d.heartbeatMs;

  start(): void {
    this.#every(this.#d.heartbeatMs, 'peer-heartbeat', () => this.heartbeat());
    this.#every(this.#d.sweepMs, 'call-sweep', () => this.sweep());
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
  }

  async heartbeat(): Promise<void> {
    if (!this.#d.redisHealth.up) return;
    const owned = this.#d.local.all().map((s) => ({ peerId: s.data.peer!.peerId, owner: this.#d.local.ownerOf(s) }));
    await this.#d.store.touch(owned, this.attachedDeadline());
  }

  async sweep(): Promise<void> {
    const h = this.#d.redisHealth;
    // Right after Redis returns, deadlines may lie in the past only because nobody could refresh them.
    if (!h.up || performance.now() - h.recoveredAt < 2 * this.#d.heartbeatMs) return;
    for (const peerId of await this.#d.store.claimExpired()) {
      if (await this.#d.closer.closeById(peerId, 'timeout')) this.#d.metrics.peerSessionExpired();
    }
    for (const roomId of await this.#d.registry.claimExpiredEmptyRooms()) {
      const removed = await this.#d.registry.removeIfEmpty(roomId);
      if (!removed) continue;
      this.#d.media.forgetRoom(roomId);
      this.#d.media.call(removed, 'closeRoom', {}).catch(() => {});
      for (const nodeId of removed.extensions) this.#d.media.call({ ...removed, nodeId }, 'closeRoom', {}).catch(() => {});
      this.#d.log.info({ roomId, mediaNode: removed.nodeId }, 'empty room removed');
    }
  }

  #resetLocalPeers(p: { roomId: string; nodeId: string; epoch: number }): void {
    this.#d.media.forgetRoom(p.roomId);
    for (const socket of this.#d.local.inRoom(p.roomId)) {
      const peer = socket.data.peer!;
      if (peer.epoch >= p.epoch) continue;
      peer.resetMedia(p);
      this.#d.snapshots.schedule(peer);
    }
  }

  #every(ms: number, name: string, fn: () => Promise<void>): void {
    let running = false;
    const t = setInterval(() => {
      if (running) return;
      running = true;
      fn()
        .catch((err) => {
          this.#d.metrics.backgroundError(name);
          this.#d.log.warn({ err }, 'background loop failed');
        })
        .finally(() => {
          running = false;
        });
    }, ms);
    t.unref();
    this.#timers.push(t);
  }
}
