// The maps a room keeps, and the lifecycle wiring of each entity: when mediasoup closes
// something, it leaves the maps and the load counters, and an event goes up.
import { notFound } from '../errors.js';
import type { RpcEventData, RpcEventName } from '../rpc/events.js';
import type { ConsumerEntry, EventSink, ProducerEntry, RoomRouter, TransportEntry } from './room-types.js';
import type { WorkerSlot } from './worker-pool.js';

/** What a dead worker took with it, gathered while mediasoup closes its entities. */
export interface LostEntities {
  peerIds: Set<string>;
  transportIds: string[];
  pipeTransportIds: string[];
  producerIds: string[];
  consumerIds: string[];
}

export class RoomState {
  readonly transports = new Map<string, TransportEntry>();
  readonly producers = new Map<string, ProducerEntry>();
  readonly consumers = new Map<string, ConsumerEntry>();
  /** Set while the whole room closes: one roomClosed event instead of one per entity. */
  closing = false;
  /** Last time the room was created, got a transport, or was seen with a live one (idle reaping). */
  lastActivityAt = Date.now();
  readonly #lost = new Map<WorkerSlot, LostEntities>();

  constructor(
    readonly roomId: string,
    readonly epoch: number,
    readonly sink: EventSink,
  ) {}

  emit<E extends RpcEventName>(event: E, data: Omit<RpcEventData<E>, 'roomId' | 'epoch'>): void {
    this.sink({ event, data: { roomId: this.roomId, epoch: this.epoch, ...data } } as never);
  }

  /** Entities of a dead worker, or of a closing room, are reported in bulk instead. */
  silent(rr: RoomRouter): boolean {
    return this.closing || rr.slot.worker.died;
  }

  /** Takes what was lost with `slot` (empty when the room had nothing there). */
  takeLost(slot: WorkerSlot): LostEntities | undefined {
    const lost = this.#lost.get(slot);
    this.#lost.delete(slot);
    return lost;
  }

  #recordLost(rr: RoomRouter, add: (l: LostEntities) => void): void {
    if (!rr.slot.worker.died) return;
    let lost = this.#lost.get(rr.slot);
    if (!lost) {
      lost = { peerIds: new Set(), transportIds: [], pipeTransportIds: [], producerIds: [], consumerIds: [] };
      this.#lost.set(rr.slot, lost);
    }
    add(lost);
  }

  assertAndGetTransport(id: string): TransportEntry {
    const e = this.transports.get(id);
    if (!e) throw notFound('transport', id);
    return e;
  }

  assertAndGetProducer(id: string): ProducerEntry {
    const e = this.producers.get(id);
    if (!e) throw notFound('producer', id);
    return e;
  }

  assertAndGetConsumer(id: string): ConsumerEntry {
    const e = this.consumers.get(id);
    if (!e) throw notFound('consumer', id);
    return e;
  }

  trackTransport(entry: TransportEntry): void {
    const { transport, rr } = entry;
    this.transports.set(transport.id, entry);
    this.lastActivityAt = Date.now();
    rr.slot.load.transports++;
    transport.on('routerclose', () => {
      entry.closeReason ??= rr.slot.worker.died ? 'worker' : 'room';
    });
    transport.observer.once('close', () => {
      this.transports.delete(transport.id);
      rr.slot.load.transports--;
      this.#recordLost(rr, (l) => {
        (entry.kind === 'pipe' ? l.pipeTransportIds : l.transportIds).push(transport.id);
        if (entry.peerId) l.peerIds.add(entry.peerId);
      });
      if (this.silent(rr)) return;
      this.emit('transportClosed', {
        transportId: transport.id,
        peerId: entry.peerId,
        reason: entry.closeReason ?? 'closed',
      });
    });
  }

  trackProducer(entry: ProducerEntry): void {
    const { producer, rr } = entry;
    this.producers.set(producer.id, entry);
    rr.slot.load.producers++;
    producer.on('transportclose', () => {
      entry.closeReason ??= entry.remoteNodeId ? 'pipe' : 'transport';
    });
    producer.observer.once('close', () => {
      // A newer producer with the same id (re-piped) must not be removed by the old one.
      if (this.producers.get(producer.id) === entry) this.producers.delete(producer.id);
      rr.slot.load.producers--;
      this.#recordLost(rr, (l) => l.producerIds.push(producer.id));
      if (this.silent(rr)) return;
      this.emit('producerClosed', {
        producerId: producer.id,
        peerId: entry.peerId,
        reason: entry.closeReason ?? 'closed',
      });
    });
  }

  trackConsumer(entry: ConsumerEntry): void {
    const { consumer, rr } = entry;
    this.consumers.set(consumer.id, entry);
    rr.slot.load.consumers++;
    consumer.on('producerclose', () => {
      entry.closeReason ??= 'producer';
    });
    consumer.on('transportclose', () => {
      entry.closeReason ??= 'transport';
    });
    consumer.observer.once('close', () => this.#handleConsumerClosed(entry));
    if (entry.remoteNodeId) this.#wirePipeOut(entry, entry.remoteNodeId);
    else this.#wireConsumer(entry);
  }

  #handleConsumerClosed(entry: ConsumerEntry): void {
    const { consumer, rr } = entry;
    this.consumers.delete(consumer.id);
    rr.slot.load.consumers--;
    entry.release?.();
    this.#recordLost(rr, (l) => l.consumerIds.push(consumer.id));
    if (this.silent(rr)) return;
    if (entry.remoteNodeId) {
      this.#pipeOutChanged(entry, entry.remoteNodeId, 'closed');
      return;
    }
    this.emit('consumerClosed', {
      consumerId: consumer.id,
      producerId: consumer.producerId,
      peerId: entry.peerId,
      reason: entry.closeReason ?? 'closed',
    });
  }

  #wireConsumer(entry: ConsumerEntry): void {
    const { consumer, peerId } = entry;
    const consumerId = consumer.id;
    consumer.on('producerpause', () => this.emit('consumerPaused', { consumerId, peerId }));
    consumer.on('producerresume', () => this.emit('consumerResumed', { consumerId, peerId }));
    consumer.on('layerschange', (layers) =>
      this.emit('consumerLayersChanged', {
        consumerId,
        peerId,
        spatialLayer: layers?.spatialLayer ?? null,
        temporalLayer: layers?.temporalLayer ?? null,
      }),
    );
  }

  #wirePipeOut(entry: ConsumerEntry, remoteNodeId: string): void {
    entry.consumer.on('producerpause', () => this.#pipeOutChanged(entry, remoteNodeId, 'paused'));
    entry.consumer.on('producerresume', () => this.#pipeOutChanged(entry, remoteNodeId, 'resumed'));
  }

  #pipeOutChanged(entry: ConsumerEntry, remoteNodeId: string, state: 'paused' | 'resumed' | 'closed'): void {
    this.emit('pipeOutChanged', {
      producerId: entry.consumer.producerId,
      pipeConsumerId: entry.consumer.id,
      remoteNodeId,
      state,
    });
  }
}
