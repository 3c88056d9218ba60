// Producers and consumers of a room. A consumer whose producer lives on another router
// of the room gets that producer piped over first (LocalPipes).
import type { types } from 'mediasoup';
import { AppError } from '../errors.js';
import type { RpcParams, RpcResult } from '../rpc/methods.js';
import type { LocalPipes } from './local-pipes.js';
import type { RoomObservers } from './room-observers.js';
import type { RoomState } from './room-state.js';

/**
 * A sender's libwebrtc ignores a keyframe request within 300 ms of the previous one
 * (encoder_rtcp_feedback.cc), and mediasoup retries an unanswered one only after 1 s. A consumer resumed
 * just after the producer's first keyframe would then wait that second (seen after every media-reset).
 * With this delay mediasoup holds such a request and sends it once the sender accepts requests again.
 */
export const KEY_FRAME_REQUEST_DELAY_MS = 400;

export class RoomMedia {
  readonly #state: RoomState;
  readonly #pipes: LocalPipes;
  readonly #observers: () => RoomObservers | undefined;

  constructor(state: RoomState, pipes: LocalPipes, observers: () => RoomObservers | undefined) {
    this.#state = state;
    this.#pipes = pipes;
    this.#observers = observers;
  }

  async produce(p: RpcParams<'produce'>): Promise<RpcResult<'produce'>> {
    const t = this.#state.assertAndGetTransport(p.transportId);
    if (t.kind === 'pipe') throw new AppError('BAD_REQUEST', 'use pipeProducerIn on pipe transports');
    const producer = await t.transport.produce({
      kind: p.kind,
      rtpParameters: p.rtpParameters as types.RtpParameters,
      paused: p.paused ?? false,
      ...(p.kind === 'video' ? { keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS } : {}),
      appData: { ...p.appData, peerId: t.peerId },
    });
    this.#state.trackProducer({ producer, peerId: t.peerId, rr: t.rr });
    await this.#observers()?.add(producer);
    return { producerId: producer.id };
  }

  async consume(p: RpcParams<'consume'>): Promise<RpcResult<'consume'>> {
    const t = this.#state.assertAndGetTransport(p.transportId);
    if (t.kind === 'pipe') throw new AppError('BAD_REQUEST', 'use pipeProducerOut on pipe transports');
    const source = this.#state.assertAndGetProducer(p.producerId);
    const release = source.rr === t.rr ? undefined : await this.#pipes.acquire(p.producerId, source.rr, t.rr);
    try {
      const rtpCapabilities = p.rtpCapabilities as types.RtpCapabilities;
      if (!t.rr.router.canConsume({ producerId: p.producerId, rtpCapabilities })) {
        throw new AppError('CANNOT_CONSUME', `cannot consume producer ${p.producerId} with these capabilities`);
      }
      const consumer = await t.transport.consume({
        producerId: p.producerId,
        rtpCapabilities,
        paused: true,
        appData: { peerId: t.peerId },
      });
      this.#state.trackConsumer({ consumer, peerId: t.peerId, rr: t.rr, transportId: t.transport.id, release });
      return {
        consumerId: consumer.id,
        producerId: p.producerId,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters,
        type: consumer.type,
        producerPaused: consumer.producerPaused,
      };
    } catch (err) {
      release?.();
      throw err;
    }
  }

  async setProducerPaused(producerId: string, paused: boolean): Promise<void> {
    const { producer } = this.#state.assertAndGetProducer(producerId);
    await (paused ? producer.pause() : producer.resume());
  }

  async setConsumerPaused(consumerId: string, paused: boolean): Promise<void> {
    const { consumer } = this.#state.assertAndGetConsumer(consumerId);
    await (paused ? consumer.pause() : consumer.resume());
  }

  async setPreferredLayers(p: RpcParams<'setConsumerPreferredLayers'>): Promise<void> {
    const { consumer } = this.#state.assertAndGetConsumer(p.consumerId);
    await consumer.setPreferredLayers({ spatialLayer: p.spatialLayer, temporalLayer: p.temporalLayer });
  }

  async requestKeyFrame(consumerId: string): Promise<void> {
    await this.#state.assertAndGetConsumer(consumerId).consumer.requestKeyFrame();
  }

  /** Idempotent. */
  closeProducer(producerId: string): void {
    const entry = this.#state.producers.get(producerId);
    if (!entry) return;
    entry.closeReason = 'closed';
    entry.producer.close();
  }

  /** Idempotent; also closes pipe consumers feeding another node. */
  closeConsumer(consumerId: string): void {
    const entry = this.#state.consumers.get(consumerId);
    if (!entry) return;
    entry.closeReason = 'closed';
    entry.consumer.close();
  }

  async getStats(p: RpcParams<'getStats'>): Promise<RpcResult<'getStats'>> {
    const stats =
      p.entity === 'transport'
        ? await this.#state.assertAndGetTransport(p.id).transport.getStats()
        : p.entity === 'producer'
          ? await this.#state.assertAndGetProducer(p.id).producer.getStats()
          : await this.#state.assertAndGetConsumer(p.id).consumer.getStats();
    return { stats: stats as unknown as Record<string, unknown>[] };
  }
}
