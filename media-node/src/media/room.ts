// One room on this node: its routers (one per worker it spans), transports, producers,
// consumers and pipes. Signaling owns peers; entities are only tagged with their peerId.
import type { types } from 'mediasoup';
import type { Logger } from '../log.js';
import type { LostRoom, RpcEventData } from '../rpc/events.js';
import type { RtpCapabilities } from '../rpc/media-schemas.js';
import { LocalPipes } from './local-pipes.js';
import { type PipeListen, RemotePipes } from './remote-pipes.js';
import { RoomMedia } from './room-media.js';
import { RoomObservers } from './room-observers.js';
import { RoomRouters } from './room-routers.js';
import { RoomState } from './room-state.js';
import { RoomTransports } from './room-transports.js';
import type { EventSink, RoomRouter } from './room-types.js';
import type { WorkerPool, WorkerSlot } from './worker-pool.js';

export type RoomCloseReason = RpcEventData<'roomClosed'>['reason'];

const LIVE_ICE = new Set<types.IceState>(['connected', 'completed']);

export interface RoomOptions {
  roomId: string;
  epoch: number;
  sink: EventSink;
  pool: WorkerPool;
  mediaCodecs: types.RouterRtpCodecCapability[];
  consumersPerWorker: number;
  listen: PipeListen;
  log: Logger;
}

export interface RoomCounts {
  routers: number;
  transports: number;
  producers: { audio: number; video: number };
  consumers: { audio: number; video: number };
  localPipes: number;
  remotePipes: number;
}

export class Room {
  readonly id: string;
  readonly epoch: number;
  readonly transports: RoomTransports;
  readonly media: RoomMedia;
  readonly remotePipes: RemotePipes;
  readonly #state: RoomState;
  readonly #routers: RoomRouters;
  readonly #localPipes: LocalPipes;
  readonly #log: Logger;
  #observers: RoomObservers | undefined;
  #closed = false;

  static async create(opts: RoomOptions): Promise<Room> {
    const room = new Room(opts);
    await room.#routers.home();
    return room;
  }

  private constructor(opts: RoomOptions) {
    this.id = opts.roomId;
    this.epoch = opts.epoch;
    this.#log = opts.log.child({ roomId: opts.roomId, epoch: opts.epoch });
    this.#state = new RoomState(opts.roomId, opts.epoch, opts.sink);
    this.#routers = new RoomRouters({
      pool: opts.pool,
      mediaCodecs: opts.mediaCodecs,
      consumersPerWorker: opts.consumersPerWorker,
      onHome: (rr) => this.#handleNewHome(rr),
    });
    this.#localPipes = new LocalPipes(opts.listen.portRange);
    this.transports = new RoomTransports(this.#state, this.#routers, opts.listen);
    this.media = new RoomMedia(this.#state, this.#localPipes, () => this.#observers);
    this.remotePipes = new RemotePipes(this.#state, opts.listen);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A new peer's transport: it hears who is speaking now (see RoomObservers.reannounce). */
  reannounceSpeaker(): void {
    this.#observers?.reannounce();
  }

  async rtpCapabilities(): Promise<RtpCapabilities> {
    return (await this.#routers.home()).router.rtpCapabilities;
  }

  home(): Promise<RoomRouter> {
    return this.#routers.home();
  }

  /** A command for the room arrived (closes aside): it is in use even before it has transports. */
  touch(): this {
    this.#state.lastActivityAt = Date.now();
    return this;
  }

  /**
   * How long the room has had no command and no live transport: no WebRTC transport with ICE connected
   * (mediasoup drops it to disconnected after its 30 s consent timeout), no plain transport (bots,
   * recorders) and no pipe (a multi-node room's links are closed by signaling). 0 while live.
   */
  idleMs(now: number): number {
    for (const { transport, kind } of this.#state.transports.values()) {
      if (kind !== 'webrtc' || LIVE_ICE.has((transport as types.WebRtcTransport).iceState)) {
        this.#state.lastActivityAt = now;
        return 0;
      }
    }
    return now - this.#state.lastActivityAt;
  }

  /** Closes everything; one roomClosed event replaces the per-entity ones. */
  close(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#state.closing = true;
    this.#routers.closeAll();
    this.#log.info({ reason }, 'room closed');
    this.#state.emit('roomClosed', { reason });
  }

  /** What this room lost with a dead worker, or undefined when it had nothing there. */
  handleWorkerLost(slot: WorkerSlot): LostRoom | undefined {
    const rr = this.#routers.dropWorker(slot);
    const lost = this.#state.takeLost(slot);
    if (!rr && !lost) return undefined;
    this.#log.warn({ worker: slot.index }, 'room lost a router with its worker');
    return {
      roomId: this.id,
      epoch: this.epoch,
      peerIds: [...(lost?.peerIds ?? [])],
      transportIds: lost?.transportIds ?? [],
      producerIds: lost?.producerIds ?? [],
      consumerIds: lost?.consumerIds ?? [],
      pipeTransportIds: lost?.pipeTransportIds ?? [],
    };
  }

  counts(): RoomCounts {
    const c: RoomCounts = {
      routers: this.#routers.all().length,
      transports: this.#state.transports.size,
      producers: { audio: 0, video: 0 },
      consumers: { audio: 0, video: 0 },
      localPipes: this.#localPipes.count,
      remotePipes: this.remotePipes.count,
    };
    for (const { producer } of this.#state.producers.values()) c.producers[producer.kind]++;
    for (const { consumer } of this.#state.consumers.values()) c.consumers[consumer.kind]++;
    return c;
  }

  /** Live consumers, for the forwarded-traffic sampler. */
  consumers(): types.Consumer[] {
    return [...this.#state.consumers.values()].map((e) => e.consumer);
  }

  async #handleNewHome(rr: RoomRouter): Promise<void> {
    this.#observers = await RoomObservers.create(this.#state, rr.router);
  }
}
