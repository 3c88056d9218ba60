// A consumer resumed just after another one got its keyframe needs a keyframe of its own, but the
// sender's libwebrtc ignores requests within 300 ms of the last one; without the producer's
// keyFrameRequestDelay mediasoup retries only after 1 s (seen after every media-reset).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRpcClient } from '../src/rpc/index.js';
import { type MediaNodeProcess, spawnMediaNode } from './helpers/media-node-process.js';
import { countFrames, createDevice } from './helpers/wrtc-peer.js';
import { clientTransportParams, sendSyntheticVideo } from './helpers/wrtc-sender.js';

let node: MediaNodeProcess;
let rpc: MediaRpcClient;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  node = await spawnMediaNode({ prefix: `t-keyframe-${randomUUID().slice(0, 8)}:`, workers: 1 });
  rpc = await node.connect();
});

afterAll(async () => {
  for (const c of cleanups) c();
  await node?.stop();
});

type Room = { roomId: string; epoch: number };

/** A receiver with a connected transport and a paused consumer of the producer; resume() starts it. */
async function pausedReceiver(room: Room, peerId: string, producerId: string, caps: unknown) {
  const device = await createDevice(caps);
  const info = await rpc.call('createWebRtcTransport', { ...room, peerId, direction: 'recv' });
  const recv = device.createRecvTransport(clientTransportParams(info));
  recv.on('connect', ({ dtlsParameters }, ok, fail) => {
    rpc.call('connectWebRtcTransport', { ...room, transportId: info.transportId, dtlsParameters }).then(ok, fail);
  });
  const rtpCapabilities = device.rtpCapabilities as never;
  const c = await rpc.call('consume', { ...room, transportId: info.transportId, producerId, rtpCapabilities });
  const consumer = await recv.consume({ id: c.consumerId, producerId, kind: c.kind, rtpParameters: c.rtpParameters as never });
  const frames = countFrames(consumer.track as never);
  cleanups.push(frames.stop, () => recv.close());
  await expect
    .poll(async () => (await rpc.call('getStats', { ...room, entity: 'transport', id: info.transportId })).stats[0]?.dtlsState, { timeout: 20_000 })
    .toBe('connected');
  return { frames: frames.frames, resume: () => rpc.call('resumeConsumer', { ...room, consumerId: c.consumerId }) };
}

describe('keyframe requests', () => {
  it('gets a keyframe to a consumer resumed within the sender’s 300 ms request throttle well before mediasoup’s 1 s retry', async () => {
    const room = { roomId: `room-${randomUUID()}`, epoch: 0 };
    const { rtpCapabilities } = await rpc.call('getRouterRtpCapabilities', room);
    const sender = await sendSyntheticVideo(rpc, room, 'alice', rtpCapabilities);
    cleanups.push(sender.stop);
    const { producerId } = sender;
    const bob = await pausedReceiver(room, 'bob', producerId, rtpCapabilities);
    await bob.resume();
    await expect.poll(bob.frames, { timeout: 20_000 }).toBeGreaterThan(3);

    const carol = await pausedReceiver(room, 'carol', producerId, rtpCapabilities);
    const dave = await pausedReceiver(room, 'dave', producerId, rtpCapabilities);
    // Carol's resume sends a keyframe request; dave resumes right after her keyframe arrived.
    const startedAt = Date.now();
    await carol.resume();
    await expect.poll(carol.frames, { timeout: 5000, interval: 10 }).toBeGreaterThan(0);
    await dave.resume();
    await expect.poll(dave.frames, { timeout: 5000, interval: 10 }).toBeGreaterThan(0);
    expect(Date.now() - startedAt).toBeLessThan(800);
  });
});
