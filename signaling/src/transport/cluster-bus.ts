// Emits to socket.io rooms anywhere in the cluster (through the Redis adapter), and carries the few
// node-to-node messages signaling needs (serverSideEmit reaches the other nodes; local handlers run here).
import type { Server } from 'socket.io';
import type { ServerEventName, ServerEventPayload } from '../protocol/index.js';
import { ClusterAdapter, type RemoteEmit } from './cluster-adapter.js';

export interface InternalEvents {
  /** A room got a new placement: nodes reset the media state of their local peers in it. */
  'room-moved': { roomId: string; nodeId: string; epoch: number };
  /** A peer was closed by another node (session moved, expired): its owner drops local state. */
  'peer-closed': { peerId: string; roomId: string; reason: string };
  /** A peer resumed on another socket: the previous owner forgets it without closing anything. */
  'peer-taken-over': { peerId: string; owner: string };
  /** The answer to a session conflict, for the node holding the waiting join. */
  'conflict-resolved': { conflictId: string; choice: 'keep' | 'move' };
}
export type InternalEventName = keyof InternalEvents;

export class ClusterBus {
  readonly #io: Server;
  readonly #handlers = new Map<string, Array<(data: never) => void>>();

  constructor(io: Server) {
    this.#io = io;
  }

  /** Emits to a room on every node (the adapter publishes through Redis). */
  toRoom<E extends ServerEventName>(room: string, event: E, payload: ServerEventPayload<E>, exceptSocketId?: string): void {
    const target = exceptSocketId ? this.#io.to(room).except(exceptSocketId) : this.#io.to(room);
    target.emit(event, payload as never);
  }

  /**
   * The other nodes' part of a room broadcast, for a Redis script to PUBLISH along with its write (the caller
   * then emits with `toLocalRoom`); undefined when the adapter is not ours (the baseline), so use `toRoom`.
   */
  remoteEmit<E extends ServerEventName>(room: string, event: E, payload: ServerEventPayload<E>): RemoteEmit | undefined {
    const adapter = this.#io.of('/').adapter;
    return adapter instanceof ClusterAdapter ? adapter.remoteEmit(room, event, payload) : undefined;
  }

  /** Emits to this node's sockets in a room only (for events every node receives, like media-node events). */
  toLocalRoom<E extends ServerEventName>(room: string, event: E, payload: ServerEventPayload<E>): void {
    this.#io.local.to(room).emit(event, payload as never);
  }

  /** Makes every socket (on any node) in `room` leave `leave`. */
  leaveRoom(room: string, leave: string): void {
    this.#io.in(room).socketsLeave(leave);
  }

  /** Runs local handlers now and sends the message to every other node. */
  publish<E extends InternalEventName>(event: E, data: InternalEvents[E]): void {
    this.#dispatch(event, data);
    this.#io.serverSideEmit(event, data);
  }

  on<E extends InternalEventName>(event: E, fn: (data: InternalEvents[E]) => void): void {
    const list = this.#handlers.get(event) ?? [];
    if (list.length === 0) this.#io.on(event as never, ((data: InternalEvents[E]) => this.#dispatch(event, data)) as never);
    list.push(fn as (data: never) => void);
    this.#handlers.set(event, list);
  }

  #dispatch<E extends InternalEventName>(event: E, data: InternalEvents[E]): void {
    for (const fn of this.#handlers.get(event) ?? []) (fn as (d: InternalEvents[E]) => void)(data);
  }
}
