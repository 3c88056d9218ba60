// Real workers, real UDP: RTP from a plain producer reaches consumers on the other worker
// (pipeToRouter) and on another media-node process (PipeTransports over RPC).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readMediaNodes } from '../src/keys.js';
import { type MediaRpcClient, PipeLink, type RpcEvent, type RpcEventData } from '../src/rpc/index.js';
import { type MediaNodeProcess, spawnMediaNode } from './helpers/media-node-process.js';
import { type PlainReceiver, plainProducer, plainReceiver } from './helpers/plain-media.js';
import { UdpPeer } from './helpers/rtp.js';

const prefix = `t-routing-${randomUUID().slice(0, 8)}:`;
let a: MediaNodeProcess;
let b: MediaNodeProcess;
let ca: MediaRpcClient;
let cb: MediaRpcClient;
let redis: Redis;
const sender = { peer: undefined as UdpPeer | undefined, stops: [] as Array<() => void> };
const sinks: UdpPeer[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([
    spawnMediaNode({ prefix, workers: 2, env: { MEDIA_CONSUMERS_PER_WORKER: '5' } }),
    spawnMediaNode({ prefix, workers: 1 }),
  ]);
  [ca, cb] = await Promise.all([a.connect(), b.connect()]);
  redis = new Redis(process.env.COOPE_TEST_REDIS_URL!);
  sender.peer = await UdpPeer.bind();
});

afterAll(async () => {
  for (const stop of sender.stops) stop();
  sender.peer?.close();
  for (const s of sinks) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  redis?.disconnect();
});

async function metric(node: MediaNodeProcess, line: string): Promise<number> {
  const text = await (await fetch(`${node.httpUrl}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.split(' ')[1]) : Number.NaN;
}

async function workerConsumers(nodeId: string): Promise<number[]> {
  const records = await readMediaNodes(redis, { prefix });
  return records.find((r) => r.id === nodeId)?.load.workerConsumers ?? [];
}

describe('a room across the workers of one node', () => {
  const room = { roomId: `room-${randomUUID()}`, epoch: 1 };
  const listeners: PlainReceiver[] = [];
  const producerIds: string[] = [];

  it('spreads past the consumer budget, piping each producer once per router', async () => {
    const p1 = await plainProducer(ca, room, 'speaker-1', 1111);
    const p2 = await plainProducer(ca, room, 'speaker-2', 2222);
    producerIds.push(p1.producerId, p2.producerId);
    for (let i = 0; i < 6; i++) listeners.push(await plainReceiver(ca, room, `listener-${i}`, producerIds));
    sinks.push(...listeners.map((l) => l.sink));
    // Transports 1-3 fill worker A to 6 (budget 5); 4-6 go to worker B, whose 6 consumers
    // need both producers piped there once (2 pipe consumers on worker A).
    await expect.poll(() => workerConsumers(a.nodeId), { timeout: 15_000 }).toEqual(expect.arrayContaining([8, 6]));
    expect(await metric(a, 'coope_media_pipes{scope="local"}')).toBe(2);

    sender.stops.push(sender.peer!.stream(p1.target, p1.ssrc), sender.peer!.stream(p2.target, p2.ssrc));
    for (const l of listeners) {
      for (const id of producerIds) await expect.poll(() => l.received(id), { timeout: 15_000 }).toBeGreaterThan(5);
    }
    await expect.poll(() => metric(a, 'coope_media_forwarded_packets_total'), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await metric(a, 'coope_media_consumers{kind="audio"}')).toBe(12);
    expect(await metric(a, 'coope_media_worker_cpu_ratio{worker="1"}')).toBeGreaterThanOrEqual(0);
  });

  it('closes a local pipe when its last consumer on the far worker is gone', async () => {
    // Listeners 4-6 are on the second worker.
    for (const l of listeners.slice(3)) await ca.call('closeTransport', { ...room, transportId: l.transportId });
    await expect.poll(() => metric(a, 'coope_media_pipes{scope="local"}'), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => workerConsumers(a.nodeId), { timeout: 15_000 }).toEqual(expect.arrayContaining([6, 0]));
    const first = listeners[0]!;
    const before = first.received(producerIds[0]!);
    await expect.poll(() => first.received(producerIds[0]!), { timeout: 15_000 }).toBeGreaterThan(before);
  });
});

describe('room observers', () => {
  it('reports the active speaker and audio levels as events', async () => {
    const room = { roomId: `room-${randomUUID()}`, epoch: 0 };
    const speakers: RpcEventData<'activeSpeaker'>[] = [];
    const levels: RpcEventData<'audioLevels'>[] = [];
    ca.on('activeSpeaker', (e) => e.roomId === room.roomId && speakers.push(e));
    ca.on('audioLevels', (e) => e.roomId === room.roomId && levels.push(e));
    const loud = await plainProducer(ca, room, 'loud-peer', 6001);
    const quiet = await plainProducer(ca, room, 'quiet-peer', 6002);
    // Dominant-speaker detection works on changes against each speaker's own noise floor:
    // the loud peer talks in bursts (-10 / -100 dBov every half second), the quiet one is silent.
    const talking = (seq: number) => (seq % 50 < 25 ? 10 : 100);
    sender.stops.push(
      sender.peer!.stream(loud.target, loud.ssrc, talking),
      sender.peer!.stream(quiet.target, quiet.ssrc, () => 127),
    );
    await expect
      .poll(() => speakers.at(-1), { timeout: 15_000 })
      .toMatchObject({ producerId: loud.producerId, peerId: 'loud-peer', epoch: 0 });
    // A peer joining later hears the current speaker when its transport is made (the observer only
    // reports changes).
    const before = speakers.length;
    await ca.call('createWebRtcTransport', { ...room, peerId: 'late-peer', direction: 'recv' });
    expect(speakers.slice(before)).toContainEqual(expect.objectContaining({ producerId: loud.producerId, peerId: 'loud-peer' }));
    const heard = await vi.waitFor(
      () => {
        const l = levels.find((x) => x.volumes.length > 0);
        if (!l) throw new Error('no audio levels yet');
        return l.volumes;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(heard).toEqual([{ producerId: loud.producerId, peerId: 'loud-peer', volume: expect.any(Number) }]);
    expect(heard[0]!.volume).toBeGreaterThan(-70);
    expect(heard[0]!.volume).toBeLessThan(0);
  });
});

describe('a room across two media-node processes', () => {
  const room = { roomId: `room-${randomUUID()}`, epoch: 3 };

  it('forwards RTP over a PipeTransport pair and links pause and close both ways', async () => {
    const eventsB: RpcEvent[] = [];
    cb.on('consumerPaused', (data) => eventsB.push({ event: 'consumerPaused', data }));
    cb.on('consumerClosed', (data) => eventsB.push({ event: 'consumerClosed', data }));
    const p = await plainProducer(ca, room, 'remote-speaker', 3333);
    const link = new PipeLink({ nodeId: a.nodeId, client: ca }, { nodeId: b.nodeId, client: cb });
    await link.pipe(room.roomId, room.epoch, p.producerId);
    const far = await plainReceiver(cb, room, 'far-listener', [p.producerId]);
    sinks.push(far.sink);
    sender.stops.push(sender.peer!.stream(p.target, p.ssrc));
    await expect.poll(() => far.received(p.producerId), { timeout: 15_000 }).toBeGreaterThan(5);
    expect(await metric(b, 'coope_media_pipes{scope="remote"}')).toBe(1);

    // One pipe transport per node pair: asking again returns the same, already connected.
    const again = await ca.call('createPipeTransport', { ...room, remoteNodeId: b.nodeId });
    expect(again.connected).toBe(true);

    await ca.call('pauseProducer', { ...room, producerId: p.producerId });
    await expect.poll(() => eventsB.some((e) => e.event === 'consumerPaused')).toBe(true);

    await ca.call('closeProducer', { ...room, producerId: p.producerId });
    await expect
      .poll(() => eventsB.find((e) => e.event === 'consumerClosed')?.data)
      .toMatchObject({ consumerId: far.consumers[0]!.consumerId, reason: 'producer' });
    link.close();
  });
});
