// Cross-node piping for signaling: moves a producer from one media node to another over
// a PipeTransport pair, and mirrors pause/resume/close both ways between the two nodes.
import type { MediaRpcClient } from './client.js';
import type { RpcEventData } from './events.js';

export interface PipeEndpoint {
  nodeId: string;
  client: MediaRpcClient;
}

interface PipedProducer {
  roomId: string;
  epoch: number;
  pipeConsumerId: string;
}

/** The pipe transport pair of one room between the two nodes. */
interface PipePair {
  epoch: number;
  fromPipeId: string;
  toPipeId: string;
}

/** One per ordered pair of nodes (origin → remote). */
export class PipeLink {
  readonly #from: PipeEndpoint;
  readonly #to: PipeEndpoint;
  readonly #piped = new Map<string, PipedProducer>();
  readonly #pairs = new Map<string, PipePair>();
  readonly #inflight = new Map<string, Promise<string>>();
  readonly #unsubscribe: Array<() => void>;

  constructor(from: PipeEndpoint, to: PipeEndpoint) {
    this.#from = from;
    this.#to = to;
    this.#unsubscribe = [
      from.client.on('pipeOutChanged', (e) => this.#handleOriginChange(e)),
      to.client.on('producerClosed', (e) => this.#handleRemoteClosed(e)),
      from.client.on('transportClosed', (e) => this.#handlePipeGone(e.roomId, 'from', [e.transportId])),
      to.client.on('transportClosed', (e) => this.#handlePipeGone(e.roomId, 'to', [e.transportId])),
      from.client.on('workerLost', (e) => this.#handleWorkerLost('from', e)),
      to.client.on('workerLost', (e) => this.#handleWorkerLost('to', e)),
    ];
  }

  /** Makes `producerId` consumable on the remote node; idempotent. Returns the origin's pipe consumer id. */
  pipe(roomId: string, epoch: number, producerId: string): Promise<string> {
    const known = this.#piped.get(producerId);
    if (known) return Promise.resolve(known.pipeConsumerId);
    let p = this.#inflight.get(producerId);
    if (!p) {
      p = this.#doPipe(roomId, epoch, producerId).finally(() => this.#inflight.delete(producerId));
      this.#inflight.set(producerId, p);
    }
    return p;
  }

  isPiped(producerId: string): boolean {
    return this.#piped.has(producerId);
  }

  close(): void {
    for (const off of this.#unsubscribe) off();
    this.#piped.clear();
    this.#pairs.clear();
  }

  async #connectPair(roomId: string, epoch: number): Promise<PipePair> {
    const from = this.#from.client;
    const to = this.#to.client;
    const [a, b] = await Promise.all([
      from.call('createPipeTransport', { roomId, epoch, remoteNodeId: this.#to.nodeId }),
      to.call('createPipeTransport', { roomId, epoch, remoteNodeId: this.#from.nodeId }),
    ]);
    const connect = (c: MediaRpcClient, self: typeof a, peer: typeof a) =>
      self.connected
        ? undefined
        : c.call('connectPipeTransport', {
            roomId,
            epoch,
            pipeTransportId: self.pipeTransportId,
            ip: peer.ip,
            port: peer.port,
            srtpParameters: peer.srtpParameters,
          });
    await Promise.all([connect(from, a, b), connect(to, b, a)]);
    const pair = { epoch, fromPipeId: a.pipeTransportId, toPipeId: b.pipeTransportId };
    this.#pairs.set(roomId, pair);
    return pair;
  }

  async #doPipe(roomId: string, epoch: number, producerId: string): Promise<string> {
    const pair = await this.#connectPair(roomId, epoch);
    const out = await this.#from.client.call('pipeProducerOut', {
      roomId,
      epoch,
      pipeTransportId: pair.fromPipeId,
      producerId,
    });
    await this.#to.client.call('pipeProducerIn', {
      roomId,
      epoch,
      pipeTransportId: pair.toPipeId,
      producerId,
      peerId: out.peerId,
      kind: out.kind,
      rtpParameters: out.rtpParameters,
      paused: out.paused,
      appData: out.appData,
    });
    this.#piped.set(producerId, { roomId, epoch, pipeConsumerId: out.pipeConsumerId });
    return out.pipeConsumerId;
  }

  #handleOriginChange(e: RpcEventData<'pipeOutChanged'>): void {
    if (e.remoteNodeId !== this.#to.nodeId) return;
    const params = { roomId: e.roomId, epoch: e.epoch, producerId: e.producerId };
    if (e.state === 'closed') this.#piped.delete(e.producerId);
    const method = e.state === 'paused' ? 'pauseProducer' : e.state === 'resumed' ? 'resumeProducer' : 'closeProducer';
    // The remote side may already be gone; its own close events cover that case.
    this.#to.client.call(method, params).catch(() => {});
  }

  #handleRemoteClosed(e: RpcEventData<'producerClosed'>): void {
    const piped = this.#piped.get(e.producerId);
    if (!piped || piped.roomId !== e.roomId) return;
    this.#piped.delete(e.producerId);
    this.#from.client
      .call('closeConsumer', { roomId: piped.roomId, epoch: piped.epoch, consumerId: piped.pipeConsumerId })
      .catch(() => {});
  }

  #handleWorkerLost(side: 'from' | 'to', e: RpcEventData<'workerLost'>): void {
    for (const r of e.rooms) this.#handlePipeGone(r.roomId, side, r.pipeTransportIds);
  }

  /** One side's pipe transport is gone (closed, or lost with a worker): close the other side's too. */
  #handlePipeGone(roomId: string, side: 'from' | 'to', transportIds: string[]): void {
    const pair = this.#pairs.get(roomId);
    if (!pair || !transportIds.includes(side === 'from' ? pair.fromPipeId : pair.toPipeId)) return;
    this.#pairs.delete(roomId);
    for (const [producerId, p] of this.#piped) if (p.roomId === roomId) this.#piped.delete(producerId);
    const other = side === 'from' ? this.#to.client : this.#from.client;
    const transportId = side === 'from' ? pair.toPipeId : pair.fromPipeId;
    other.call('closeTransport', { roomId, epoch: pair.epoch, transportId }).catch(() => {});
  }
}
