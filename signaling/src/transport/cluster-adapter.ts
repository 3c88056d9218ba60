// Our socket.io Redis adapter: @socket.io/redis-adapter plus two hot-path savings.
// - A room broadcast can be encoded for a Redis script that changes the room to PUBLISH in the same round
//   trip (the node then delivers it to its own sockets only). Those messages are JSON, not msgpack: a Buffer
//   argument costs ioredis about 9 µs more per command here than strings do. Every node decodes both forms
//   (the api's redis-emitter and the adapter's own broadcasts stay msgpack).
// - It drops its own broadcasts by their first bytes (they come back through the pattern subscription)
//   instead of decoding each one first.
import { RedisAdapter, type RedisAdapterOptions } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';

/** A room broadcast ready for PUBLISH: what the adapter itself would send for `io.to(room).emit(...)`. */
export interface RemoteEmit {
  channel: string;
  message: string;
}

interface Parser {
  encode(value: unknown): unknown;
  decode(msg: Buffer): unknown;
}

/** socket.io's EVENT packet type (socket.io-parser). */
const EVENT = 2;
const MSGPACK_ARRAY_3 = 0x93;
const JSON_ARRAY = 0x5b;

type AdapterCtor = new (
  nsp: Namespace,
  pub: Redis,
  sub: Redis,
  opts: Partial<RedisAdapterOptions>,
) => Pick<RedisAdapter, keyof RedisAdapter> & { onmessage(pattern: unknown, channel: Buffer, msg: Buffer): void };

export class ClusterAdapter extends (RedisAdapter as unknown as AdapterCtor) {
  readonly #channel: string;
  readonly #ownMsgpack: Buffer;
  readonly #ownJson: Buffer;

  constructor(nsp: Namespace, pub: Redis, sub: Redis, opts: Partial<RedisAdapterOptions> & { key: string }) {
    super(nsp, pub, sub, opts);
    this.#channel = `${opts.key}#${nsp.name}#`;
    const msgpack = this.parser as Parser;
    // The adapter reads this.parser for every message it decodes.
    Object.defineProperty(this, 'parser', {
      value: { encode: (v: unknown) => msgpack.encode(v), decode: (m: Buffer) => (m[0] === JSON_ARRAY ? JSON.parse(m.toString()) : msgpack.decode(m)) },
    });
    // Our messages start with [uid, ...]: these are the bytes after the array header in either form.
    this.#ownMsgpack = (msgpack.encode([this.uid]) as Buffer).subarray(1);
    this.#ownJson = Buffer.from(`${JSON.stringify(this.uid)},`);
  }

  /** The adapter message of a broadcast of `event` to `room`, for the other nodes. */
  remoteEmit(room: string, event: string, payload: unknown): RemoteEmit {
    const packet = { type: EVENT, data: [event, payload], nsp: this.nsp.name };
    return { channel: `${this.#channel}${room}#`, message: JSON.stringify([this.uid, packet, { rooms: [room], except: [], flags: {} }]) };
  }

  override onmessage(pattern: unknown, channel: Buffer, msg: Buffer): void {
    if (this.#isOwn(msg)) return;
    super.onmessage(pattern, channel, msg);
  }

  #isOwn(msg: Buffer): boolean {
    const own = msg[0] === MSGPACK_ARRAY_3 ? this.#ownMsgpack : msg[0] === JSON_ARRAY ? this.#ownJson : undefined;
    return own !== undefined && msg.length > own.length && msg.compare(own, 0, own.length, 1, 1 + own.length) === 0;
  }
}

/** The `adapter` option of socket.io's Server, which calls it with `new` (so no arrow function). */
export function createClusterAdapter(pub: Redis, sub: Redis, opts: Partial<RedisAdapterOptions> & { key: string }): (nsp: Namespace) => RedisAdapter {
  return function clusterAdapter(nsp: Namespace) {
    return new ClusterAdapter(nsp, pub, sub, opts) as unknown as RedisAdapter;
  };
}
