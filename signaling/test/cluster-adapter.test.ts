// Our Redis adapter: a broadcast a Redis script publishes decodes, on every node, to exactly what
// @socket.io/redis-adapter itself publishes for io.to(room).emit(...); the node drops only its own messages.
import { RedisAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClusterAdapter } from '../src/transport/cluster-adapter.js';

/** socket.io-adapter's in-memory Adapter, whose broadcast delivers to this node's sockets. */
const Adapter = Object.getPrototypeOf(RedisAdapter.prototype) as { broadcast: (...args: unknown[]) => void };
const nsp = { name: '/', server: { encoder: { encode: () => [] } }, sockets: new Map(), _preConnectSockets: new Map() } as unknown as Namespace;

function fakeRedis() {
  const published: Array<{ channel: string; message: Buffer }> = [];
  const client = {
    published,
    publish: (channel: string, message: Buffer) => published.push({ channel, message }),
    psubscribe: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    on: () => client,
    off: () => client,
    listenerCount: () => 1,
  };
  return client;
}

function adapters() {
  const pub = fakeRedis();
  const sub = fakeRedis();
  const opts = { key: 'k' };
  const stock = new RedisAdapter(nsp, pub, sub, opts);
  const ours = new ClusterAdapter(nsp, pub as unknown as Redis, sub as unknown as Redis, opts);
  return { stock, ours, pub };
}

afterEach(() => vi.restoreAllMocks());

describe('ClusterAdapter', () => {
  it('encodes a room broadcast that decodes exactly as the stock adapter message does', () => {
    const { stock, ours, pub } = adapters();
    Object.assign(ours, { uid: stock.uid });
    const payload = { peerId: 'p1', userId: 'ü-user', name: 'Zoë 🎧 "quoted" \\ back', nested: { n: 3, list: [1, 'x', null, true] } };
    stock.broadcast({ type: 2, data: ['peerJoined', payload] } as never, { rooms: new Set(['call:r1']), except: new Set(), flags: {} });
    const mine = ours.remoteEmit('call:r1', 'peerJoined', payload);
    expect(pub.published).toHaveLength(1);
    expect(mine.channel).toBe(pub.published[0]!.channel);
    expect(ours.parser.decode(Buffer.from(mine.message))).toEqual(ours.parser.decode(pub.published[0]!.message));
    expect(stock.parser.decode(pub.published[0]!.message)).toEqual(ours.parser.decode(Buffer.from(mine.message)));
  });

  it('drops its own messages before decoding them and delivers those of other nodes', () => {
    const { stock, ours, pub } = adapters();
    const delivered = vi.spyOn(Adapter, 'broadcast').mockImplementation(() => {});
    const decode = vi.spyOn(ours.parser, 'decode');
    ours.addAll('sid-1', new Set(['call:r1']));
    const own = ours.remoteEmit('call:r1', 'peerLeft', { peerId: 'p1', reason: 'left' });
    ours.onmessage(null, Buffer.from(own.channel), Buffer.from(own.message));
    // Its own msgpack broadcasts (any other emit) are dropped the same way.
    ours.broadcast({ type: 2, data: ['x', 1] } as never, { rooms: new Set(['call:r1']), except: new Set(), flags: {} });
    const ownMsgpack = pub.published.at(-1)!;
    delivered.mockClear();
    ours.onmessage(null, Buffer.from(ownMsgpack.channel), ownMsgpack.message);
    expect(decode).not.toHaveBeenCalled();
    expect(delivered).not.toHaveBeenCalled();

    const other = new ClusterAdapter(nsp, fakeRedis() as unknown as Redis, fakeRedis() as unknown as Redis, { key: 'k' });
    expect(other.uid).not.toBe(ours.uid);
    const theirs = other.remoteEmit('call:r1', 'peerLeft', { peerId: 'p2', reason: 'left' });
    ours.onmessage(null, Buffer.from(theirs.channel), Buffer.from(theirs.message));
    expect(delivered).toHaveBeenCalledTimes(1);
    expect(delivered.mock.calls[0]![0]).toEqual({ type: 2, data: ['peerLeft', { peerId: 'p2', reason: 'left' }], nsp: '/' });
    // A stock adapter's message (another uid) is delivered too.
    stock.broadcast({ type: 2, data: ['x', 1] } as never, { rooms: new Set(['call:r1']), except: new Set(), flags: {} });
    const stockMsg = pub.published.at(-1)!;
    ours.onmessage(null, Buffer.from(stockMsg.channel), stockMsg.message);
    expect(delivered).toHaveBeenCalledTimes(3); // theirs, the stock adapter's own local delivery, and its message here
    expect(delivered.mock.calls[2]![0]).toEqual({ type: 2, data: ['x', 1], nsp: '/' });
  });
});
