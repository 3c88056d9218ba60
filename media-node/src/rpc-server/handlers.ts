// One function per RPC method. Room-scoped methods pass the epoch fence first;
// `create*` and getRouterRtpCapabilities create the room when absent.
import type { MediaNode } from '../media-node.js';
import type { RpcMethod, RpcParams, RpcResult } from '../rpc/methods.js';

export type Handlers = { [M in RpcMethod]: (p: RpcParams<M>) => Promise<RpcResult<M>> };

export interface HandlerDeps {
  node: MediaNode;
  announcedIp: string;
  /** Starts draining; returns the deadline (ms since epoch). */
  drain(deadlineMs?: number): number;
}

const ok = {};

export function createHandlers({ node, announcedIp, drain }: HandlerDeps): Handlers {
  const rooms = node.rooms;
  const room = (p: { roomId: string; epoch: number }) => rooms.assertAndGetRoom(p.roomId, p.epoch);
  const roomOrCreate = (p: { roomId: string; epoch: number }) => rooms.getOrCreate(p.roomId, p.epoch);
  return {
    getNodeInfo: async () => ({
      nodeId: node.nodeId,
      bootId: node.bootId,
      state: node.state, workers: node.pool.alive.length,
      announcedIp,
    }),
    getRouterRtpCapabilities: async (p) => ({ rtpCapabilities: await (await roomOrCreate(p)).rtpCapabilities() }),
    createWebRtcTransport: async (p) => {
      const r = await roomOrCreate(p);
      const transport = await r.transports.createWebRtc(p);
      // A receiving transport is a peer about to show the call: it needs the current speaker. Emitted before
      // the reply, so the peer's signaling node delivers it after the join.
      if (p.direction === 'recv') r.reannounceSpeaker();
      return transport;
    },
    connectWebRtcTransport: async (p) => {
      await room(p).transports.connectWebRtc(p);
      return ok;
    },
    restartIce: async (p) => room(p).transports.restartIce(p),
    createPlainTransport: async (p) => (await roomOrCreate(p)).transports.createPlain(p),
    connectPlainTransport: async (p) => {
      await room(p).transports.connectPlain(p);
      return ok;
    },
    produce: async (p) => room(p).media.produce(p),
    consume: async (p) => room(p).media.consume(p),
    pauseProducer: async (p) => {
      await room(p).media.setProducerPaused(p.producerId, true);
      return ok;
    },
    resumeProducer: async (p) => {
      await room(p).media.setProducerPaused(p.producerId, false);
      return ok;
    },
    pauseConsumer: async (p) => {
      await room(p).media.setConsumerPaused(p.consumerId, true);
      return ok;
    },
    resumeConsumer: async (p) => {
      await room(p).media.setConsumerPaused(p.consumerId, false);
      return ok;
    },
    setConsumerPreferredLayers: async (p) => {
      await room(p).media.setPreferredLayers(p);
      return ok;
    },
    requestConsumerKeyFrame: async (p) => {
      await room(p).media.requestKeyFrame(p.consumerId);
      return ok;
    },
    closeTransport: async (p) => {
      rooms.findRoom(p.roomId, p.epoch)?.transports.close(p.transportId);
      return ok;
    },
    closeProducer: async (p) => {
      rooms.findRoom(p.roomId, p.epoch)?.media.closeProducer(p.producerId);
      return ok;
    },
    closeConsumer: async (p) => {
      rooms.findRoom(p.roomId, p.epoch)?.media.closeConsumer(p.consumerId);
      return ok;
    },
    closePeer: async (p) => ({ closedTransports: rooms.findRoom(p.roomId, p.epoch)?.transports.closePeer(p.peerId) ?? 0 }),
    closeRoom: async (p) => {
      rooms.closeRoom(p.roomId, p.epoch);
      return ok;
    },
    getStats: async (p) => room(p).media.getStats(p),
    createPipeTransport: async (p) => {
      const r = await roomOrCreate(p);
      return r.remotePipes.create(await r.home(), p.remoteNodeId);
    },
    connectPipeTransport: async (p) => {
      await room(p).remotePipes.connect(p);
      return ok;
    },
    pipeProducerOut: async (p) => room(p).remotePipes.out(p),
    pipeProducerIn: async (p) => room(p).remotePipes.in(p),
    drain: async (p) => ({ deadline: drain(p.deadlineMs) }),
  };
}
