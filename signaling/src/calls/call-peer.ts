// One call peer as its owning signaling node holds it in memory (the socket's `data.peer`).
// Its snapshot is written to Redis so another node can resume it.
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { MediaKind, MediaSource } from '../protocol/index.js';

export interface PeerMedia {
  transports: Array<{ id: string; direction: 'send' | 'recv' }>;
  producers: Array<{ id: string; kind: MediaKind; source: MediaSource; paused: boolean }>;
  consumers: Array<{ id: string; producerId: string }>;
}

export interface PeerIdentity {
  peerId: string;
  roomId: string;
  userId: string;
  name: string;
  role: string;
  resumeToken: string;
  device: string;
}

export const emptyMedia = (): PeerMedia => ({ transports: [], producers: [], consumers: [] });

export class CallPeer {
  readonly id: PeerIdentity;
  readonly #parentLog: Logger;
  #log: Logger | undefined;
  epoch: number;
  mediaNodeId: string;
  readonly transports = new Map<string, 'send' | 'recv'>();
  readonly producers = new Map<string, { kind: MediaKind; source: MediaSource; paused: boolean }>();
  readonly consumers = new Map<string, { producerId: string }>();
  /** Set before the first media RPC for the peer: until then the media node holds nothing of it. */
  #mediaUsed = false;

  /**
   * `log` is the node's logger; the peer's child (room and peer ids bound) is made on first use.
   * `media` is given for a resumed peer: its node may hold media the snapshot missed, so it counts as used.
   */
  constructor(id: PeerIdentity, placement: { nodeId: string; epoch: number }, log: Logger, media?: PeerMedia) {
    this.id = id;
    this.#parentLog = log;
    this.epoch = placement.epoch;
    this.mediaNodeId = placement.nodeId;
    this.#mediaUsed = media !== undefined;
    for (const t of media?.transports ?? []) this.transports.set(t.id, t.direction);
    for (const p of media?.producers ?? []) this.producers.set(p.id, { kind: p.kind, source: p.source, paused: p.paused });
    for (const c of media?.consumers ?? []) this.consumers.set(c.id, { producerId: c.producerId });
  }

  /** This peer's logger (a child logger costs a bindings serialization, so it waits for a first line). */
  get log(): Logger {
    this.#log ??= this.#parentLog.child({ roomId: this.id.roomId, peerId: this.id.peerId });
    return this.#log;
  }

  /** True once the peer may own media on its node (a leave must then close it there). */
  get mediaUsed(): boolean {
    return this.#mediaUsed || this.transports.size > 0;
  }

  /** Call before asking the media node to create anything for this peer. */
  markMediaUsed(): void {
    this.#mediaUsed = true;
  }

  get roomId(): string {
    return this.id.roomId;
  }

  get peerId(): string {
    return this.id.peerId;
  }

  /** Forgets every media entity: the room moved to a new media node (or epoch). */
  resetMedia(placement: { nodeId: string; epoch: number }): void {
    this.epoch = placement.epoch;
    this.mediaNodeId = placement.nodeId;
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }

  assertTransport(transportId: string, direction?: 'send' | 'recv'): void {
    const d = this.transports.get(transportId);
    if (!d || (direction && d !== direction)) throw unknown('transport', transportId);
  }

  assertProducer(producerId: string): void {
    if (!this.producers.has(producerId)) throw unknown('producer', producerId);
  }

  assertConsumer(consumerId: string): void {
    if (!this.consumers.has(consumerId)) throw unknown('consumer', consumerId);
  }

  snapshot(): PeerMedia {
    return {
      transports: [...this.transports].map(([id, direction]) => ({ id, direction })),
      producers: [...this.producers].map(([id, p]) => ({ id, ...p })),
      consumers: [...this.consumers].map(([id, c]) => ({ id, producerId: c.producerId })),
    };
  }
}

const unknown = (entity: string, id: string) => new AppError('NOT_FOUND', `unknown ${entity} ${id}`);
