// Room-scoped media RPC for call handlers: adds roomId + epoch to every call, maps RPC errors to
// protocol codes, and caches router capabilities (one RPC per room and epoch on this node).
import { RpcError, type RpcErrorCode, type RpcMethod, type RpcParams, type RpcResult } from '@coope/media-node/rpc';
import { AppError } from '../errors.js';
import type { ErrorCode, RtpCapabilities } from '../protocol/index.js';
import { encodeOnce } from '../transport/msgpack-writer.js';
import type { MediaNodes } from './media-nodes.js';

export interface RoomPlacement {
  roomId: string;
  nodeId: string;
  epoch: number;
}

type Scoped<M extends RpcMethod> = Omit<RpcParams<M>, 'roomId' | 'epoch'>;

const codeMap: Partial<Record<RpcErrorCode, ErrorCode>> = {
  STALE_EPOCH: 'STALE_EPOCH',
  NOT_FOUND: 'NOT_FOUND',
  ROOM_NOT_FOUND: 'NOT_FOUND',
  CANNOT_CONSUME: 'BAD_REQUEST',
  BAD_REQUEST: 'BAD_REQUEST',
  MEDIA_ERROR: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'BAD_REQUEST',
  DISCONNECTED: 'MEDIA_UNAVAILABLE',
  DRAINING: 'MEDIA_UNAVAILABLE',
  TIMEOUT: 'TIMEOUT',
};

export function mapRpcError(err: unknown): unknown {
  if (!(err instanceof RpcError)) return err;
  const code = codeMap[err.code] ?? 'INTERNAL';
  if (code === 'INTERNAL') return err;
  const message = code === 'MEDIA_UNAVAILABLE' ? 'the call media server is unavailable; reconnecting' : err.message.slice(0, 300);
  return new AppError(code, message);
}

export class MediaGateway {
  readonly #nodes: MediaNodes;
  /** roomId → the epoch last used and the capabilities per media node of the room (rooms can span nodes). */
  readonly #caps = new Map<string, { epoch: number; byNode: Map<string, RtpCapabilities> }>();

  readonly #cacheCapabilities: boolean;

  constructor(nodes: MediaNodes, o: { cacheCapabilities?: boolean } = {}) {
    this.#nodes = nodes;
    this.#cacheCapabilities = o.cacheCapabilities ?? true;
  }

  async call<M extends RpcMethod>(at: RoomPlacement, method: M, params: Scoped<M>): Promise<RpcResult<M>> {
    const client = await this.#nodes.readyClient(at.nodeId);
    try {
      return await client.call(method, { ...params, roomId: at.roomId, epoch: at.epoch } as RpcParams<M>);
    } catch (err) {
      throw mapRpcError(err);
    }
  }

  /** Router capabilities of the room at this placement; the first call also creates the room there. */
  async routerCapabilities(at: RoomPlacement): Promise<RtpCapabilities> {
    const cached = this.#caps.get(at.roomId);
    const hit = cached?.epoch === at.epoch ? cached.byNode.get(at.nodeId) : undefined;
    if (this.#cacheCapabilities && hit) return hit;
    const fetched = (await this.call(at, 'getRouterRtpCapabilities', {})).rtpCapabilities;
    // Cached capabilities ride on every join ack: frozen, so the msgpack writer encodes them once.
    const rtpCapabilities = this.#cacheCapabilities ? encodeOnce(fetched) : fetched;
    let entry = this.#caps.get(at.roomId);
    if (entry && entry.epoch > at.epoch) return rtpCapabilities;
    if (!entry || entry.epoch !== at.epoch) {
      if (!entry && this.#caps.size >= 10_000) this.#caps.delete(this.#caps.keys().next().value!);
      entry = { epoch: at.epoch, byNode: new Map() };
      this.#caps.set(at.roomId, entry);
    }
    entry.byNode.set(at.nodeId, rtpCapabilities);
    return rtpCapabilities;
  }

  /** The epoch this node last used for the room (media events of other epochs are ignored). */
  knownEpoch(roomId: string): number | undefined {
    return this.#caps.get(roomId)?.epoch;
  }

  forgetRoom(roomId: string): void {
    this.#caps.delete(roomId);
  }
}
