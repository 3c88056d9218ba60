// RPC fixtures: a plain-RTP producer fed from a test socket, and plain consumers that
// deliver to test sockets.
import type { MediaRpcClient, RpcResult } from '../../src/rpc/index.js';
import { opusProducerParameters, UdpPeer } from './rtp.js';

export interface RoomRef {
  roomId: string;
  epoch: number;
}


export async function plainProducer(c: MediaRpcClient, room: RoomRef, peerId: string, ssrc: number) {
  const t = await c.call('createPlainTransport', { ...room, peerId, direction: 'send' });
  const { producerId } = await c.call('produce', {
    ...room,
    transportId: t.transportId,
    kind: 'audio',
    rtpParameters: opusProducerParameters(ssrc),
  });
  return { producerId, ssrc, target: { ip: t.ip, port: t.port }, transportId: t.transportId };
}

export interface PlainReceiver {
  transportId: string;
  sink: UdpPeer;
  consumers: Array<RpcResult<'consume'> & { ssrc: number }>;
  /** RTP packets received from the consumer of `producerId`. */
  received(producerId: string): number;
}

/** One plain receive transport with a resumed consumer per producer, delivering to a fresh UDP socket. */
export async function plainReceiver(
  c: MediaRpcClient,
  room: RoomRef,
  peerId: string,
  producerIds: string[],
): Promise<PlainReceiver> {
  const { rtpCapabilities } = await c.call('getRouterRtpCapabilities', room);
  const sink = await UdpPeer.bind();
  const t = await c.call('createPlainTransport', { ...room, peerId, direction: 'recv' });
  await c.call('connectPlainTransport', { ...room, transportId: t.transportId, ip: '127.0.0.1', port: sink.port });
  const consumers: PlainReceiver['consumers'] = [];
  for (const producerId of producerIds) {
    const consumer = await c.call('consume', { ...room, transportId: t.transportId, producerId, rtpCapabilities });
    await c.call('resumeConsumer', { ...room, consumerId: consumer.consumerId });
    consumers.push({ ...consumer, ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0 });
  }
  return {
    transportId: t.transportId,
    sink,
    consumers,
    received: (producerId) => sink.received(consumers.find((x) => x.producerId === producerId)?.ssrc ?? -1),
  };
}
