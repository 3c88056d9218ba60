// Closes rooms nobody uses any more. Signaling closes rooms it empties, but not rooms it moved away
// while this node was unreachable, nor rooms whose signaling node and peers all vanished; without
// this they would hold routers and count as load until the node restarts.
import type { Logger } from './log.js';
import type { MediaNode } from './media-node.js';
import type { Metrics } from './metrics.js';

export class IdleRoomReaper {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly node: MediaNode,
    readonly metrics: Metrics,
    readonly log: Logger,
  ) {}

  /** Checks a few times per idle period, so a room goes within idleMs + idleMs/4. */
  start(idleMs: number): void {
    if (idleMs <= 0) return;
    this.#timer = setInterval(() => this.sweep(idleMs), Math.max(250, Math.min(idleMs / 4, 15_000)));
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  sweep(idleMs: number): void {
    const reaped = this.node.rooms.reapIdle(idleMs);
    if (reaped.length === 0) return;
    this.metrics.idleRoomsClosed(reaped.length);
    for (const room of reaped) this.log.warn({ roomId: room.id, epoch: room.epoch, idleMs }, 'closed a room without live transports');
  }
}
