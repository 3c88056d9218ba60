// The media of one call at one epoch: a send and a receive transport on one Device, the producers of
// the local tracks and one consumer per remote producer. A media-reset throws the session away.
import type { Device } from 'mediasoup-client';
import type { Consumer, Producer, ProducerOptions, Transport } from 'mediasoup-client/types';
import type { MediaSource, ProducerInfo } from '../protocol/index.js';
import type { IceOptions } from './call-client-types.js';
import { CallRequestError, callRequest, type ProtocolSocket } from './request.js';

export interface LocalTrack {
  track: MediaStreamTrack;
  source: MediaSource;
  options?: Omit<ProducerOptions, 'track' | 'stopTracks' | 'appData'>;
  producer?: Producer;
}

export interface RemoteConsumer {
  consumer: Consumer;
  producerId: string;
  peerId: string;
  source: MediaSource;
}

export interface SessionHooks {
  /** A transport's ICE/DTLS failed. */
  onTransportFailed(transport: Transport): void;
}

export class MediaSession {
  readonly consumers = new Map<string, RemoteConsumer>();
  readonly #consuming = new Set<string>();
  /** Round-trip times of the session's requests (ms, summed per kind), for the rebuild's diagnosis. */
  readonly rtts: Record<string, number> = {};
  #send: Transport | undefined;
  #recv: Transport | undefined;
  #closed = false;

  constructor(
    readonly epoch: number,
    readonly device: Device,
    private readonly socket: ProtocolSocket,
    private readonly timeoutMs: number,
    private readonly hooks: SessionHooks,
    private readonly ice: IceOptions = {},
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  get sendTransport(): Transport | undefined {
    return this.#send;
  }

  get recvTransport(): Transport | undefined {
    return this.#recv;
  }

  async open(o: { send: boolean; recv: boolean }): Promise<void> {
    const [send, recv] = await Promise.all([o.send ? this.#transport('send') : undefined, o.recv ? this.#transport('recv') : undefined]);
    this.#send = send;
    this.#recv = recv;
  }

  async produce(local: LocalTrack): Promise<Producer> {
    if (!this.#send) throw new Error('this call client does not send media');
    const producer = await this.#send.produce({ ...local.options, track: local.track, stopTracks: false, appData: { source: local.source } });
    local.producer = producer;
    return producer;
  }

  /** Consumes a remote producer once; resolves undefined when it went away meanwhile. */
  async consume(info: ProducerInfo): Promise<RemoteConsumer | undefined> {
    const recv = this.#recv;
    if (!recv || this.#closed || this.#consuming.has(info.producerId)) return undefined;
    this.#consuming.add(info.producerId);
    try {
      const rtpCapabilities = this.device.rtpCapabilities as Parameters<typeof callRequest<'consume'>>[2]['rtpCapabilities'];
      const r = await this.#timed('consume', 'consume', { transportId: recv.id, producerId: info.producerId, rtpCapabilities });
      if (this.#closed) return undefined;
      const consumer = await recv.consume({ id: r.consumerId, producerId: r.producerId, kind: r.kind, rtpParameters: r.rtpParameters as never, appData: { peerId: r.peerId, source: r.source } });
      const remote: RemoteConsumer = { consumer, producerId: r.producerId, peerId: r.peerId, source: r.source };
      this.consumers.set(r.producerId, remote);
      await callRequest(this.socket, 'resumeConsumer', { consumerId: r.consumerId }, this.timeoutMs);
      return remote;
    } catch (err) {
      this.#consuming.delete(info.producerId);
      // The producer closed, or the room moved on: the notification that follows handles it.
      if (err instanceof CallRequestError && ['NOT_FOUND', 'STALE_EPOCH', 'BAD_REQUEST'].includes(err.code)) return undefined;
      throw err;
    }
  }

  /** Closes the consumer of a producer; returns it when there was one. */
  dropProducer(producerId: string): RemoteConsumer | undefined {
    this.#consuming.delete(producerId);
    const remote = this.consumers.get(producerId);
    if (!remote) return undefined;
    this.consumers.delete(producerId);
    remote.consumer.close();
    return remote;
  }

  dropConsumer(consumerId: string): RemoteConsumer | undefined {
    for (const remote of this.consumers.values()) {
      if (remote.consumer.id === consumerId) return this.dropProducer(remote.producerId);
    }
    return undefined;
  }

  close(): RemoteConsumer[] {
    this.#closed = true;
    const dropped = [...this.consumers.values()];
    this.consumers.clear();
    this.#send?.close();
    this.#recv?.close();
    return dropped;
  }

  /** callRequest, timed into `rtts`. */
  async #timed<E extends Parameters<typeof callRequest>[1]>(kind: string, event: E, payload: Parameters<typeof callRequest<E>>[2]) {
    const startedAt = performance.now();
    try {
      return await callRequest(this.socket, event, payload, this.timeoutMs);
    } finally {
      this.rtts[kind] = (this.rtts[kind] ?? 0) + performance.now() - startedAt;
    }
  }

  async #transport(direction: 'send' | 'recv'): Promise<Transport> {
    const t = await this.#timed(`create.${direction}`, 'createTransport', { direction });
    const options = {
      id: t.transportId,
      iceParameters: t.iceParameters,
      iceCandidates: t.iceCandidates as never,
      dtlsParameters: t.dtlsParameters as never,
      ...(this.ice.iceServers?.length ? { iceServers: this.ice.iceServers as never } : {}),
      ...(this.ice.iceTransportPolicy ? { iceTransportPolicy: this.ice.iceTransportPolicy } : {}),
    };
    const transport = direction === 'send' ? this.device.createSendTransport(options) : this.device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback) => {
      // Not awaited: the media node takes produce/consume before the connect (which leaves first on
      // this socket anyway), so every (re)build saves one round trip per transport.
      callback();
      this.#timed(`connect.${direction}`, 'connectTransport', { transportId: transport.id, dtlsParameters: dtlsParameters as never }).catch(() => {
        if (!this.#closed) this.hooks.onTransportFailed(transport);
      });
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = (appData as { source: MediaSource }).source;
        this.#timed('produce', 'produce', { transportId: transport.id, kind, rtpParameters: rtpParameters as never, source }).then(
          ({ producerId }) => callback({ id: producerId }),
          errback,
        );
      });
    }
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed' && !this.#closed) this.hooks.onTransportFailed(transport);
    });
    return transport;
  }
}
