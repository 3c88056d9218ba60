// Routes events to RPC connections: room events to the connections subscribed to the
// room's topic, node-wide events to every connection.
import type { RpcEvent } from '../rpc/envelope.js';
import { nodeWideEvents } from '../rpc/events.js';

export const NODE_TOPIC = 'node';
export const roomTopic = (roomId: string) => `room:${roomId}`;

export type Publish = (topic: string, frame: string, event: RpcEvent) => void;

export class EventHub {
  #publish: Publish | undefined;
  readonly #onError: (err: unknown) => void;

  /** `onError`: a failing listener or publish is reported, never thrown into mediasoup's callbacks. */
  constructor(onError: (err: unknown) => void = () => {}) {
    this.#onError = onError;
  }

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
    try {
      for (const fn of this.#listeners) fn(e);
      if (!this.#publish) return;
      const topic = nodeWideEvents.includes(e.event) ? NODE_TOPIC : roomTopic((e.data as { roomId: string }).roomId);
      this.#publish(topic, JSON.stringify(e), e);
    } catch (err) {
      this.#onError(err);
    }
  };
}
