// Drain with a deadline: DRAINING at once (no new rooms, existing rooms go on); at the
// deadline, report the remaining rooms as needing re-homing, wait a grace period, exit.
// The node exits earlier when its last room is gone.
import type { Logger } from './log.js';
import type { MediaNode } from './media-node.js';
import type { EventSink } from './media/room-types.js';

export interface DrainOptions {
  node: MediaNode;
  sink: EventSink;
  deadlineMs: number;
  graceMs: number;
  /** Called once the state changed, so the record says DRAINING within a tick. */
  onStateChange(): void;
  exit(reason: string): void;
  log: Logger;
}

export class Drain {
  readonly #opts: DrainOptions;
  #deadline: number | undefined;
  #timers: NodeJS.Timeout[] = [];

  constructor(opts: DrainOptions) {
    this.#opts = opts;
  }

  get deadline(): number | undefined {
    return this.#deadline;
  }

  /** Starts draining (idempotent: a second call keeps the earlier deadline). Returns the deadline. */
  start(deadlineMs = this.#opts.deadlineMs): number {
    if (this.#deadline !== undefined) return this.#deadline;
    const { node, sink, log } = this.#opts;
    const deadline = Date.now() + deadlineMs;
    this.#deadline = deadline;
    node.state = 'DRAINING';
    log.warn({ deadline: new Date(deadline).toISOString(), rooms: node.rooms.size }, 'node draining');
    sink({ event: 'nodeDraining', data: { nodeId: node.nodeId, deadline } });
    this.#opts.onStateChange();
    this.#timers.push(setTimeout(() => this.#handleDeadline(), deadlineMs));
    const poll = setInterval(() => {
      if (node.rooms.size === 0) this.#finish('drained: no rooms left');
    }, 200);
    this.#timers.push(poll);
    return deadline;
  }

  cancelTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
  }

  #handleDeadline(): void {
    const { node, sink, graceMs, log } = this.#opts;
    const roomIds = node.rooms.rooms().map((r) => r.id);
    const exitAt = Date.now() + graceMs;
    log.warn({ rooms: roomIds.length }, 'drain deadline reached; rooms need re-homing');
    sink({ event: 'roomsNeedRehome', data: { nodeId: node.nodeId, roomIds, exitAt } });
    this.#timers.push(setTimeout(() => this.#finish('drain grace period over'), graceMs));
  }

  #finish(reason: string): void {
    this.cancelTimers();
    this.#opts.exit(reason);
  }
}
