// The media events of a peer in a call: transports, producers, consumers. Each checks that the
// entity belongs to this peer before the media node is asked, and keeps the peer's snapshot current.
import { AppError, notInCall } from '../errors.js';
import { socketRooms } from '../ids.js';
import type { RoomPlacement } from '../media/media-gateway.js';
import type { EventResult, ParsedPayload, ProducerInfo } from '../protocol/index.js';
import type { CallPeer } from './call-peer.js';
import type { CallDeps } from './call-deps.js';
import type { CoopeSocket } from './local-peers.js';

const MAX_TRANSPORTS = 4;
const MAX_PRODUCERS = 8;
const MAX_CONSUMERS = 2_000;


function placementOf(peer: CallPeer): RoomPlacement {
  return { roomId: peer.roomId, nodeId: peer.mediaNodeId, epoch: peer.epoch };
}

export class MediaHandlers {
  constructor(private readonly d: CallDeps) {}

  #peer(socket: CoopeSocket): CallPeer {
    const peer = socket.data.peer;
    if (!peer) throw notInCall();
    return peer;
  }

  async getExistingProducers(socket: CoopeSocket): Promise<EventResult<'getExistingProducers'>> {
    const peer = this.#peer(socket);
    const producers = await this.d.store.producers(peer.roomId);
    return { producers: producers.filter((p) => p.peerId !== peer.peerId) };
  }

  /**
   * The peer's room may have moved before this node heard of it (the client got media-reset first):
   * when its media node is known dead, take the current placement from the registry.
   */
  async #fresh(peer: CallPeer): Promise<void> {
    if (!this.d.isNodeDead(peer.mediaNodeId)) return;
    const current = await this.d.currentPlacement(peer.roomId, peer.peerId);
    if (current && (current.epoch > peer.epoch || (current.epoch === peer.epoch && current.nodeId !== peer.mediaNodeId))) {
      peer.resetMedia(current);
      this.d.snapshots.schedule(peer);
    }
  }

  async createTransport(socket: CoopeSocket, p: ParsedPayload<'createTransport'>): Promise<EventResult<'createTransport'>> {
    const peer = this.#peer(socket);
    await this.#fresh(peer);
    if (peer.transports.size >= MAX_TRANSPORTS) throw new AppError('BAD_REQUEST', 'too many transports');
    peer.markMediaUsed();
    const r = await this.d.media.call(placementOf(peer), 'createWebRtcTransport', { peerId: peer.peerId, direction: p.direction });
    peer.transports.set(r.transportId, p.direction);
    this.d.snapshots.schedule(peer);
    return { transportId: r.transportId, iceParameters: r.iceParameters, iceCandidates: r.iceCandidates, dtlsParameters: r.dtlsParameters };
  }

  async connectTransport(socket: CoopeSocket, p: ParsedPayload<'connectTransport'>): Promise<EventResult<'connectTransport'>> {
    const peer = this.#peer(socket);
    peer.assertTransport(p.transportId);
    await this.d.media.call(placementOf(peer), 'connectWebRtcTransport', { transportId: p.transportId, dtlsParameters: p.dtlsParameters });
    return {};
  }

  async restartIce(socket: CoopeSocket, p: ParsedPayload<'restartIce'>): Promise<EventResult<'restartIce'>> {
    const peer = this.#peer(socket);
    peer.assertTransport(p.transportId);
    return this.d.media.call(placementOf(peer), 'restartIce', { transportId: p.transportId });
  }

  async produce(socket: CoopeSocket, p: ParsedPayload<'produce'>): Promise<EventResult<'produce'>> {
    const peer = this.#peer(socket);
    peer.assertTransport(p.transportId, 'send');
    if (peer.producers.size >= MAX_PRODUCERS) throw new AppError('BAD_REQUEST', 'too many producers');
    const at = placementOf(peer);
    const paused = p.paused ?? false;
    const { producerId } = await this.d.media.call(at, 'produce', {
      transportId: p.transportId,
      kind: p.kind,
      rtpParameters: p.rtpParameters,
      paused,
      appData: { peerId: peer.peerId, source: p.source },
    });
    peer.producers.set(producerId, { kind: p.kind, source: p.source, paused });
    this.d.snapshots.schedule(peer);
    const info: ProducerInfo = { producerId, peerId: peer.peerId, kind: p.kind, source: p.source, paused };
    // Written before the broadcast: a peer reading the list after this sees it, one reading before gets the event.
    await this.d.store.setProducer(at.roomId, at.epoch, info);
    this.d.bus.toRoom(socketRooms.call(peer.roomId), 'newProducer', info, socket.id);
    void this.d.multi.spread(at, producerId).catch(() => {});
    return { producerId };
  }

  async setProducerPaused(socket: CoopeSocket, producerId: string, paused: boolean): Promise<EventResult<'pauseProducer'>> {
    const peer = this.#peer(socket);
    peer.assertProducer(producerId);
    const at = placementOf(peer);
    await this.d.media.call(at, paused ? 'pauseProducer' : 'resumeProducer', { producerId });
    const prod = peer.producers.get(producerId)!;
    prod.paused = paused;
    this.d.snapshots.schedule(peer);
    await this.d.store.setProducer(at.roomId, at.epoch, { producerId, peerId: peer.peerId, kind: prod.kind, source: prod.source, paused });
    this.d.bus.toRoom(socketRooms.call(peer.roomId), paused ? 'producerPaused' : 'producerResumed', { producerId, peerId: peer.peerId }, socket.id);
    return {};
  }

  async closeProducer(socket: CoopeSocket, p: ParsedPayload<'closeProducer'>): Promise<EventResult<'closeProducer'>> {
    const peer = this.#peer(socket);
    peer.assertProducer(p.producerId);
    await this.d.media.call(placementOf(peer), 'closeProducer', { producerId: p.producerId });
    peer.producers.delete(p.producerId);
    this.d.snapshots.schedule(peer);
    await this.d.store.deleteProducer(peer.roomId, p.producerId);
    this.d.bus.toRoom(socketRooms.call(peer.roomId), 'producerClosed', { producerId: p.producerId, peerId: peer.peerId }, socket.id);
    return {};
  }

  async consume(socket: CoopeSocket, p: ParsedPayload<'consume'>): Promise<EventResult<'consume'>> {
    const peer = this.#peer(socket);
    peer.assertTransport(p.transportId, 'recv');
    if (peer.consumers.size >= MAX_CONSUMERS) throw new AppError('BAD_REQUEST', 'too many consumers');
    const at = placementOf(peer);
    const [r, info] = await Promise.all([
      this.d.multi.consume(at, { transportId: p.transportId, producerId: p.producerId, rtpCapabilities: p.rtpCapabilities }),
      this.d.store.producer(at.roomId, p.producerId),
    ]);
    if (!info) {
      this.d.media.call(at, 'closeConsumer', { consumerId: r.consumerId }).catch(() => {});
      throw new AppError('NOT_FOUND', 'that producer has closed');
    }
    peer.consumers.set(r.consumerId, { producerId: p.producerId });
    this.d.snapshots.schedule(peer);
    return { ...r, peerId: info.peerId, source: info.source };
  }

  async consumerCall(
    socket: CoopeSocket,
    method: 'pauseConsumer' | 'resumeConsumer' | 'requestConsumerKeyFrame',
    consumerId: string,
  ): Promise<Record<string, never>> {
    const peer = this.#peer(socket);
    peer.assertConsumer(consumerId);
    await this.d.media.call(placementOf(peer), method, { consumerId });
    return {};
  }

  async setPreferredLayers(socket: CoopeSocket, p: ParsedPayload<'setPreferredLayers'>): Promise<EventResult<'setPreferredLayers'>> {
    const peer = this.#peer(socket);
    peer.assertConsumer(p.consumerId);
    await this.d.media.call(placementOf(peer), 'setConsumerPreferredLayers', p);
    return {};
  }
}
