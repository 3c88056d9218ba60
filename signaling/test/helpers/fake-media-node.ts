// A fake media node for signaling tests without mediasoup: it speaks the real RPC contract
// (envelope parsing and params validation from @coope/media-node/rpc), fences epochs like the real
// node, registers a record in Redis, and can be killed (connections dropped, record left to expire).
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mediaKeys, type MediaNodeRecord } from '@coope/media-node/keys';
import { parseRpcRequest, RPC_SECRET_HEADER, type RpcEventData, type RpcEventName, type RpcRequest } from '@coope/media-node/rpc';
import type { Redis } from 'ioredis';
import { type WebSocket, WebSocketServer } from 'ws';

export const fakeCaps = { codecs: [{ kind: 'audio' as const, mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 }] };

interface Room {
  epoch: number;
  producers: Map<string, string>;
}

export class FakeMediaNode {
  readonly calls: RpcRequest[] = [];
  readonly rooms = new Map<string, Room>();
  state: 'SERVING' | 'DRAINING' = 'SERVING';
  readonly #wss: WebSocketServer;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;
  #timer: NodeJS.Timeout | undefined;
  #bootId = randomBytes(6).toString('hex');

  private constructor(readonly id: string, wss: WebSocketServer, redis: Redis, prefix: string, ttlMs: number, readonly secret: string) {
    this.#wss = wss;
    this.#redis = redis;
    this.#prefix = prefix;
    this.#ttlMs = ttlMs;
  }

  static async start(o: { id: string; redis: Redis; prefix: string; secret: string; ttlMs?: number; port?: number }): Promise<FakeMediaNode> {
    const wss = new WebSocketServer({
      port: o.port ?? 0,
      host: '127.0.0.1',
      path: '/rpc',
      verifyClient: (info: { req: { headers: Record<string, unknown> } }) => info.req.headers[RPC_SECRET_HEADER] === o.secret,
    });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const node = new FakeMediaNode(o.id, wss, o.redis, o.prefix, o.ttlMs ?? 3000, o.secret);
    wss.on('connection', (ws) => ws.on('message', (data) => node.#handle(ws, data.toString())));
    await node.register();
    node.#timer = setInterval(() => void node.register().catch(() => {}), 500);
    return node;
  }

  get port(): number {
    return (this.#wss.address() as AddressInfo).port;
  }

  get connections(): number {
    return this.#wss.clients.size;
  }

  async register(): Promise<void> {
    const k = mediaKeys(this.#prefix);
    const now = Date.now();
    const record: MediaNodeRecord = {
      id: this.id,
      bootId: this.#bootId,
      rpcUrl: `ws://127.0.0.1:${this.port}/rpc`,
      announcedIp: '127.0.0.1',
      workers: 1,
      state: this.state,
      load: { rooms: this.rooms.size, transports: 0, producers: 0, consumers: 0, consumerBudget: 500, workerConsumers: [0], workerCpu: [0] },
      updatedAt: now,
      ttlMs: this.#ttlMs,
    };
    await this.#redis.multi().set(k.nodeRecord(this.id), JSON.stringify(record), 'PX', this.#ttlMs).zadd(k.nodeIndex(), now, this.id).exec();
  }

  emit<E extends RpcEventName>(event: E, data: RpcEventData<E>): void {
    for (const ws of this.#wss.clients) ws.send(JSON.stringify({ event, data }));
  }

  countCalls(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** Like kill -9: connections drop at once, the record stays until its TTL. */
  async kill(): Promise<void> {
    clearInterval(this.#timer);
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  /** Like losing the host: the record stops refreshing, connections stay open but stop answering. */
  freeze(): void {
    clearInterval(this.#timer);
    for (const ws of this.#wss.clients) ws.removeAllListeners('message');
  }

  #handle(ws: WebSocket, text: string): void {
    const parsed = parseRpcRequest(text);
    if (!parsed.ok) {
      ws.send(JSON.stringify({ id: parsed.id, ok: false, code: parsed.code, message: parsed.message }));
      return;
    }
    this.calls.push(parsed.request);
    const reply = this.#serve(parsed.request);
    ws.send(JSON.stringify({ id: parsed.request.id, ...reply }));
  }

  #serve(req: RpcRequest): { ok: true; result: unknown } | { ok: false; code: string; message: string } {
    if (req.method === 'getNodeInfo') return ok({ nodeId: this.id, state: this.state, workers: 1, announcedIp: '127.0.0.1', bootId: this.#bootId });
    const p = req.params as { roomId?: string; epoch?: number };
    if (p.roomId === undefined || p.epoch === undefined) return ok({});
    let room = this.rooms.get(p.roomId);
    if (room && p.epoch < room.epoch) return { ok: false, code: 'STALE_EPOCH', message: `epoch ${p.epoch} < ${room.epoch}` };
    if (!room || p.epoch > room.epoch) {
      room = { epoch: p.epoch, producers: new Map() };
      this.rooms.set(p.roomId, room);
    }
    return this.#serveRoom(req, room);
  }

  #serveRoom(req: RpcRequest, room: Room): { ok: true; result: unknown } | { ok: false; code: string; message: string } {
    const id = () => randomBytes(8).toString('hex');
    switch (req.method) {
      case 'getRouterRtpCapabilities':
        return ok({ rtpCapabilities: fakeCaps });
      case 'createWebRtcTransport':
        return ok({
          transportId: id(),
          iceParameters: { usernameFragment: 'u', password: 'p', iceLite: true },
          iceCandidates: [{ foundation: 'udp', priority: 1, ip: '127.0.0.1', address: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host' }],
          dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
        });
      case 'produce': {
        const producerId = id();
        room.producers.set(producerId, req.params.kind);
        return ok({ producerId });
      }
      case 'consume': {
        const kind = room.producers.get(req.params.producerId);
        if (!kind) return { ok: false, code: 'NOT_FOUND', message: 'no such producer' };
        const rtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1234 }] };
        return ok({ consumerId: id(), producerId: req.params.producerId, kind, rtpParameters, type: 'simple', producerPaused: false });
      }
      case 'closeProducer':
        room.producers.delete(req.params.producerId);
        return ok({});
      case 'closePeer':
        return ok({ closedTransports: 0 });
      case 'restartIce':
        return ok({ iceParameters: { usernameFragment: 'u2', password: 'p2' } });
      case 'closeRoom':
        this.rooms.delete(req.params.roomId);
        return ok({});
      default:
        return ok({});
    }
  }
}

const ok = (result: unknown) => ({ ok: true as const, result });
