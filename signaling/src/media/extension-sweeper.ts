// Takes extension nodes out of rooms once they have had no peers for the grace period: the registry
// entry goes (atomically, only if still empty), the room is closed on that node, and the room's other
// nodes close their pipes to it.
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { RedisHealth } from '../redis/redis-clients.js';
import type { RoomHomes } from '../registry/room-homes.js';
import type { MediaGateway } from './media-gateway.js';
import type { PipeLinks } from './pipe-links.js';

export interface ExtensionSweeperDeps {
  homes: RoomHomes;
  media: MediaGateway;
  pipes: PipeLinks;
  metrics: Metrics;
  log: Logger;
  redisHealth: RedisHealth;
  sweepMs: number;
}

export class ExtensionSweeper {
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(private readonly d: ExtensionSweeperDeps) {}

  start(): void {
    this.#timer = setInterval(() => void this.#tick(), this.d.sweepMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async sweep(): Promise<void> {
    if (!this.d.redisHealth.up) return;
    for (const { roomId, nodeId } of await this.d.homes.claimEmptyExtensions()) {
      const epoch = await this.d.homes.removeExtension(roomId, nodeId);
      if (epoch === null) continue;
      this.d.media.call({ roomId, nodeId, epoch }, 'closeRoom', {}).catch(() => {});
      const room = await this.d.homes.nodes(roomId);
      for (const other of room ? [room.primary, ...room.extensions] : []) {
        this.d.pipes.closePipeTo({ roomId, nodeId: other, epoch }, nodeId).catch(() => {});
      }
      this.d.log.info({ roomId, mediaNode: nodeId }, 'empty extension node left the room');
    }
  }

  async #tick(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.sweep();
    } catch (err) {
      this.d.metrics.backgroundError('extension-sweep');
      this.d.log.warn({ err }, 'background loop failed');
    } finally {
      this.#running = false;
    }
  }
}
