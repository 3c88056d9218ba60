// A Node WebRTC sender driven through the media-node RPC: a send transport (ICE + DTLS through the
// WebRtcServer) producing synthetic video.
import type { MediaRpcClient, RpcResult } from '../../src/rpc/index.js';
import type { RoomRef } from './plain-media.js';
import { createDevice, syntheticVideo } from './wrtc-peer.js';

export const clientTransportParams = (t: RpcResult<'createWebRtcTransport'>) =>
  ({ id: t.transportId, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters }) as never;

export interface SyntheticSender {
  producerId: string;
  transportId: string;
  /** Stops the track and closes the client side (the server transport stays until ICE consent runs out). */
  stop(): void;
}

export async function sendSyntheticVideo(rpc: MediaRpcClient, room: RoomRef, peerId: string, routerRtpCapabilities?: unknown): Promise<SyntheticSender> {
  const caps = routerRtpCapabilities ?? (await rpc.call('getRouterRtpCapabilities', room)).rtpCapabilities;
  const device = await createDevice(caps);
  const info = await rpc.call('createWebRtcTransport', { ...room, peerId, direction: 'send' });
  const send = device.createSendTransport(clientTransportParams(info));
  send.on('connect', ({ dtlsParameters }, ok, fail) => {
    rpc.call('connectWebRtcTransport', { ...room, transportId: info.transportId, dtlsParameters }).then(ok, fail);
  });
  send.on('produce', ({ kind, rtpParameters }, ok, fail) => {
    rpc.call('produce', { ...room, transportId: info.transportId, kind, rtpParameters: rtpParameters as never }).then(({ producerId }) => ok({ id: producerId }), fail);
  });
  const video = syntheticVideo();
  const producer = await send.produce({ track: video.track as never });
  return {
    producerId: producer.id,
    transportId: info.transportId,
    stop: () => {
      video.stop();
      send.close();
    },
  };
}
