// A real WebRTC session driven entirely through a media-node process's RPC: a Node peer
// (wrtc + mediasoup-client) sends video via the WebRtcServer, a second peer decodes it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRpcClient, RpcResult } from '../src/rpc/index.js';
import { type MediaNodeProcess, spawnMediaNode } from './helpers/media-node-process.js';
import { countFrames, createDevice, syntheticVideo } from './helpers/wrtc-peer.js';

let node: MediaNodeProcess;
let rpc: MediaRpcClient;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
  node = await spawnMediaNode({ prefix: `t-webrtc-${randomUUID().slice(0, 8)}:`, workers: 2 });
  rpc = await node.connect();
});

afterAll(async () => {
  for (const c of cleanups) c();
  await node?.stop();
});

const clientParams = (t: RpcResult<'createWebRtcTransport'>) => ({
  id: t.transportId,
  iceParameters: t.iceParameters,
  iceCandidates: t.iceCandidates,
  dtlsParameters: t.dtlsParameters,
});

describe('WebRTC through the RPC', () => {
  it('carries video from one Node peer to another (ICE + DTLS + SRTP via the WebRtcServer)', async () => {
    const room = { roomId: `room-${randomUUID()}`, epoch: 0 };
    const { rtpCapabilities } = await rpc.call('getRouterRtpCapabilities', room);

    const sender = await createDevice(rtpCapabilities);
    const sendInfo = await rpc.call('createWebRtcTransport', { ...room, peerId: 'alice', direction: 'send' });
    expect(sendInfo.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
    const send = sender.createSendTransport(clientParams(sendInfo) as never);
    send.on('connect', ({ dtlsParameters }, ok, fail) => {
      rpc.call('connectWebRtcTransport', { ...room, transportId: sendInfo.transportId, dtlsParameters }).then(ok, fail);
    });
    send.on('produce', ({ kind, rtpParameters }, ok, fail) => {
      rpc
        .call('produce', { ...room, transportId: sendInfo.transportId, kind, rtpParameters: rtpParameters as never })
        .then(({ producerId }) => ok({ id: producerId }), fail);
    });
    const video = syntheticVideo();
    cleanups.push(video.stop, () => send.close());
    const producer = await send.produce({ track: video.track as never });

    const receiver = await createDevice(rtpCapabilities);
    const recvInfo = await rpc.call('createWebRtcTransport', { ...room, peerId: 'bob', direction: 'recv' });
    const recv = receiver.createRecvTransport(clientParams(recvInfo) as never);
    recv.on('connect', ({ dtlsParameters }, ok, fail) => {
      rpc.call('connectWebRtcTransport', { ...room, transportId: recvInfo.transportId, dtlsParameters }).then(ok, fail);
    });
    const consumed = await rpc.call('consume', {
      ...room,
      transportId: recvInfo.transportId,
      producerId: producer.id,
      rtpCapabilities: receiver.rtpCapabilities as never,
    });
    const consumer = await recv.consume({
      id: consumed.consumerId,
      producerId: consumed.producerId,
      kind: consumed.kind,
      rtpParameters: consumed.rtpParameters as never,
    });
    await rpc.call('resumeConsumer', { ...room, consumerId: consumed.consumerId });
    const frames = countFrames(consumer.track as never);
    cleanups.push(frames.stop, () => recv.close());

    await expect.poll(frames.frames, { timeout: 20_000 }).toBeGreaterThan(3);
    const { stats } = await rpc.call('getStats', { ...room, entity: 'transport', id: recvInfo.transportId });
    expect(stats[0]).toMatchObject({ dtlsState: 'connected', iceState: expect.stringMatching(/connected|completed/) });

    // closePeer closes everything bob owns.
    expect(await rpc.call('closePeer', { ...room, peerId: 'bob' })).toEqual({ closedTransports: 1 });
  });
});
