// A node's life in Redis and under failure: registration, worker death, kill -9, drain.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaKeys, readMediaNodes } from '../src/keys.js';
import type { RpcEventData } from '../src/rpc/index.js';
import { type MediaNodeProcess, spawnMediaNode } from './helpers/media-node-process.js';
import { plainProducer, plainReceiver } from './helpers/plain-media.js';
import { UdpPeer } from './helpers/rtp.js';

const prefix = `t-life-${randomUUID().slice(0, 8)}:`;
const keys = mediaKeys(prefix);
let redis: Redis;
const started: MediaNodeProcess[] = [];

async function spawn(opts: Parameters<typeof spawnMediaNode>[0]) {
  const n = await spawnMediaNode(opts);
  started.push(n);
  return n;
}

beforeAll(() => {
  redis = new Redis(process.env.COOPE_TEST_REDIS_URL!);
  redis.on('error', () => {}); // a failing command reports it; no unhandled-error noise
});

afterAll(async () => {
  await Promise.all(started.map((n) => n.stop()));
  redis?.disconnect();
});

const record = async (id: string) => (await readMediaNodes(redis, { prefix })).find((r) => r.id === id);

describe('registration', () => {
  let node: MediaNodeProcess;

  it('writes the record with load under a short TTL and refreshes it', async () => {
    node = await spawn({ prefix, workers: 2 });
    const r = await record(node.nodeId);
    expect(r).toMatchObject({
      id: node.nodeId,
      rpcUrl: node.rpcUrl,
      announcedIp: '127.0.0.1',
      workers: 2,
      state: 'SERVING',
      ttlMs: 3_000,
      load: { rooms: 0, transports: 0, producers: 0, consumers: 0, consumerBudget: 1000 },
    });
    expect(r!.load.workerCpu).toHaveLength(2);
    const ttl = await redis.pttl(keys.nodeRecord(node.nodeId));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_000);
    await expect.poll(async () => (await record(node.nodeId))!.updatedAt, { timeout: 10_000 }).toBeGreaterThan(r!.updatedAt);
  });

  it('disappears within the TTL after kill -9', async () => {
    expect(await redis.exists(keys.nodeRecord(node.nodeId))).toBe(1);
    node.child.kill('SIGKILL');
    const killedAt = Date.now();
    await expect.poll(() => redis.exists(keys.nodeRecord(node.nodeId)), { timeout: 5_000, interval: 50 }).toBe(0);
    // TTL plus slack for a loaded 2-core machine; a record without a TTL would never go.
    expect(Date.now() - killedAt).toBeLessThanOrEqual(3_000 + 1_000);
    expect(await record(node.nodeId)).toBeUndefined();
  });

  it('keeps serving media while Redis is unreachable', async () => {
    const node = await spawn({ prefix, workers: 1, waitReady: false, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    const client = await node.connect();
    const room = { roomId: `room-${randomUUID()}`, epoch: 0 };
    const p = await plainProducer(client, room, 'peer-1', 4444);
    const r = await plainReceiver(client, room, 'peer-2', [p.producerId]);
    r.sink.close();
    const ready = await fetch(`${node.httpUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, redis: false, workers: 1 });
  });
});

describe('worker loss', () => {
  it('detects a killed worker, replaces it and reports its entities as lost', async () => {
    const node = await spawn({ prefix, workers: 1 });
    const client = await node.connect();
    const lost: RpcEventData<'workerLost'>[] = [];
    client.on('workerLost', (e) => lost.push(e));
    const room = { roomId: `room-${randomUUID()}`, epoch: 2 };
    const p = await plainProducer(client, room, 'peer-a', 5555);
    const r = await plainReceiver(client, room, 'peer-b', [p.producerId]);
    r.sink.close();
    const [pid] = node.workerPids();
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => lost.length, { timeout: 15_000 }).toBe(1);
    expect(lost[0]).toMatchObject({ nodeId: node.nodeId, workerIndex: 0, pid });
    expect(lost[0]!.rooms).toEqual([
      expect.objectContaining({
        roomId: room.roomId,
        epoch: 2,
        peerIds: expect.arrayContaining(['peer-a', 'peer-b']),
        transportIds: expect.arrayContaining([p.transportId, r.transportId]),
        producerIds: [p.producerId],
        consumerIds: [r.consumers[0]!.consumerId],
      }),
    ]);
    // The node lives on: the room is rebuilt on the replacement worker (waiting for it if needed).
    const again = await plainProducer(client, room, 'peer-a', 5556);
    expect(again.producerId).toBeTruthy();
    expect(node.workerPids()).not.toContain(pid);
    expect(node.child.exitCode).toBeNull();
    await expect.poll(async () => (await client.call('getNodeInfo', {})).workers).toBe(1);

    // Draining a node without rooms has nothing to wait for: it exits at once.
    await client.call('closeRoom', room);
    await client.call('drain', {});
    expect(await node.exited).toBe(0);
  });
});

describe('drain', () => {
  it('on SIGTERM goes DRAINING, refuses new rooms, keeps media flowing, reports the rest at the deadline, exits', async () => {
    const node = await spawn({ prefix, workers: 1, env: { MEDIA_DRAIN_DEADLINE_MS: '4000', MEDIA_DRAIN_GRACE_MS: '300' } });
    const client = await node.connect();
    const room = { roomId: `room-${randomUUID()}`, epoch: 1 };
    const p = await plainProducer(client, room, 'speaker', 7777);
    const r = await plainReceiver(client, room, 'listener', [p.producerId]);
    const sender = await UdpPeer.bind();
    const stopStream = sender.stream(p.target, p.ssrc);
    const draining = new Promise<RpcEventData<'nodeDraining'>>((resolve) => client.on('nodeDraining', resolve));
    const rehome = new Promise<RpcEventData<'roomsNeedRehome'>>((resolve) => client.on('roomsNeedRehome', resolve));
    try {
      node.child.kill('SIGTERM');
      expect((await draining).deadline).toBeGreaterThan(Date.now());
      await expect.poll(async () => (await record(node.nodeId))?.state).toBe('DRAINING');
      const refused = await client.call('getRouterRtpCapabilities', { roomId: 'new-room', epoch: 0 }).catch((e) => e.code);
      expect(refused).toBe('DRAINING');
      // Existing rooms go on: media still flows and the room still takes requests.
      const before = r.received(p.producerId);
      await expect.poll(() => r.received(p.producerId), { timeout: 3_000 }).toBeGreaterThan(before + 10);
      await expect(client.call('createPlainTransport', { ...room, peerId: 'p', direction: 'send' })).resolves.toBeTruthy();
      expect(await rehome).toMatchObject({ nodeId: node.nodeId, roomIds: [room.roomId] });
      expect(await node.exited).toBe(0);
      expect(await redis.exists(keys.nodeRecord(node.nodeId))).toBe(0);
    } finally {
      stopStream();
      sender.close();
      r.sink.close();
    }
  });
});
