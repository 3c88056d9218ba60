// This node's memory of where rooms live, so a join into a known room needs no registry lookup.
// A stale entry is harmless: the peer-add script checks the epoch and the join retries with a fresh lookup.
import type { Placement } from './room-registry.js';

const MAX_ROOMS = 50_000;

export class PlacementCache {
  readonly #rooms = new Map<string, Placement>();

  get(roomId: string): Placement | undefined {
    return this.#rooms.get(roomId);
  }

  /** Keeps the newer of the cached and the given placement. */
  set(p: Placement): void {
    const known = this.#rooms.get(p.roomId);
    if (known && known.epoch > p.epoch) return;
    this.#rooms.delete(p.roomId);
    if (this.#rooms.size >= MAX_ROOMS) this.#rooms.delete(this.#rooms.keys().next().value!);
    this.#rooms.set(p.roomId, { roomId: p.roomId, nodeId: p.nodeId, epoch: p.epoch });
  }

  delete(roomId: string): void {
    this.#rooms.delete(roomId);
  }
}
