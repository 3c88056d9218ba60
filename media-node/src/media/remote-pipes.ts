// PipeTransports to other media nodes: one per (room, remote node), on the room's home router.
// Producers leave with pipeConsumer (pipeProducerOut) and arrive with produce (pipeProducerIn)
// under the same id, so consumers anywhere in the cluster address a producer by one id.
import type { types } from 'mediasoup';
import { AppError } from '../errors.js';
import type { RpcParams, RpcResult } from '../rpc/methods.js';
import type { RoomState } from './room-state.js';
import type { RoomRouter, TransportEntry } from './room-types.js';

export interface PipeListen {
  listenIp: string;
  announcedIp: string;
  portRange: types.TransportPortRange;
}

export class RemotePipes {
  readonly #state: RoomState;
  readonly #listen: PipeListen;
  /** remoteNodeId → pipe transport (creation in flight included). */
  readonly #byNode = new Map<string, Promise<types.PipeTransport>>();
  readonly #connected = new WeakSet<types.PipeTransport>();

  constructor(state: RoomState, listen: PipeListen) {
    this.#state = state;
    this.#listen = listen;
  }

  async create(home: RoomRouter, remoteNodeId: string): Promise<RpcResult<'createPipeTransport'>> {
    let p = this.#byNode.get(remoteNodeId);
    if (!p) {
      p = this.#createTransport(home, remoteNodeId);
      this.#byNode.set(remoteNodeId, p);
      p.catch(() => this.#byNode.delete(remoteNodeId));
    }
    const t = await p;
    return {
      pipeTransportId: t.id,
      ip: t.tuple.localAddress ?? t.tuple.localIp,
      port: t.tuple.localPort,
      srtpParameters: t.srtpParameters ?? null,
      connected: this.#connected.has(t),
    };
  }

  async connect(p: RpcParams<'connectPipeTransport'>): Promise<void> {
    const t = this.#assertAndGetPipe(p.pipeTransportId).transport as types.PipeTransport;
    if (this.#connected.has(t)) return;
    await t.connect({ ip: p.ip, port: p.port, srtpParameters: p.srtpParameters ?? undefined });
    this.#connected.add(t);
  }

  async out(p: RpcParams<'pipeProducerOut'>): Promise<RpcResult<'pipeProducerOut'>> {
    const entry = this.#assertAndGetPipe(p.pipeTransportId);
    const producer = this.#state.assertAndGetProducer(p.producerId);
    let consumer = [...this.#state.consumers.values()].find(
      (c) => c.transportId === p.pipeTransportId && c.consumer.producerId === p.producerId,
    )?.consumer;
    if (!consumer) {
      consumer = await (entry.transport as types.PipeTransport).consume({ producerId: p.producerId });
      this.#state.trackConsumer({
        consumer,
        peerId: null,
        rr: entry.rr,
        transportId: entry.transport.id,
        remoteNodeId: entry.remoteNodeId,
      });
    }
    return {
      pipeConsumerId: consumer.id,
      producerId: p.producerId,
      peerId: producer.peerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.producerPaused,
      appData: producer.producer.appData,
    };
  }

  async in(p: RpcParams<'pipeProducerIn'>): Promise<RpcResult<'pipeProducerIn'>> {
    const entry = this.#assertAndGetPipe(p.pipeTransportId);
    if (this.#state.producers.has(p.producerId)) return { producerId: p.producerId };
    const producer = await entry.transport.produce({
      id: p.producerId,
      kind: p.kind,
      rtpParameters: p.rtpParameters as types.RtpParameters,
      paused: p.paused,
      appData: p.appData ?? {},
    });
    this.#state.trackProducer({ producer, peerId: p.peerId, rr: entry.rr, remoteNodeId: entry.remoteNodeId });
    return { producerId: producer.id };
  }

  async #createTransport(home: RoomRouter, remoteNodeId: string): Promise<types.PipeTransport> {
    const { listenIp, announcedIp, portRange } = this.#listen;
    const t = await home.router.createPipeTransport({
      listenInfo: {
        protocol: 'udp',
        ip: listenIp,
        announcedAddress: announcedIp === listenIp ? undefined : announcedIp,
        portRange,
      },
      enableSctp: false,
      enableRtx: true,
      enableSrtp: true,
      appData: { remoteNodeId },
    });
    const entry: TransportEntry = { transport: t, kind: 'pipe', peerId: null, rr: home, remoteNodeId };
    this.#state.trackTransport(entry);
    t.observer.once('close', () => this.#byNode.delete(remoteNodeId));
    return t;
  }

  #assertAndGetPipe(id: string): TransportEntry {
    const entry = this.#state.assertAndGetTransport(id);
    if (entry.kind !== 'pipe') throw new AppError('BAD_REQUEST', `transport ${id} is not a pipe transport`);
    return entry;
  }

  get count(): number {
    return this.#byNode.size;
  }
}
