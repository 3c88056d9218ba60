// Routes events to RPC connections: room events to the connections subscribed to the
// room's topic, node-wide events to every connection.
import type { RpcEvent } from '../rpc/envelope.js';
import { nodeWideEvents } from '../rpc/events.js';

export const NODE_TOPIC = 'node';
export const roomTopic = (roomId: string) => `room:${roomId}`;

export type Publish = (topic: string, frame: string, event: RpcEvent) => void;

export class EventHub {
  #publish: Publish | undefined;
  readonly #listeners = new Set<(e: RpcEvent) => void>();

  /** The RPC server plugs its publish function in once it listens. */
  attach(publish: Publish): void {
    this.#publish = publish;
  }

  /** In-process observers (logs, tests). */
  onEvent(fn: (e: RpcEvent) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  emit = (e: RpcEvent): void => {
    for (const fn of this.#listeners) fn(e);
    if (!this.#publish) return;
    const topic = nodeWideEvents.includes(e.event) ? NODE_TOPIC : roomTopic((e.data as { roomId: string }).roomId);
    this.#publish(topic, JSON.stringify(e), e);
  };
}
