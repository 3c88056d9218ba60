// Every RPC method: a zod schema for its params and one for its result.
// Room-scoped params carry `roomId` + `epoch` (fencing, see README of the contract in index.ts).
import { z } from 'zod';
import {
  appDataSchema,
  dtlsParametersSchema,
  iceCandidateSchema,
  iceParametersSchema,
  mediaKindSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
  srtpParametersSchema,
} from './media-schemas.js';

const id = z.string().min(1).max(128);
export const roomIdSchema = id;
export const peerIdSchema = id;
export const nodeIdSchema = id;

/** Fields every room-scoped request carries. */
export const roomScope = { roomId: roomIdSchema, epoch: z.number().int().nonnegative() };
const room = z.object(roomScope);
const withRoom = <T extends z.ZodRawShape>(shape: T) => z.object({ ...roomScope, ...shape });
const empty = z.object({});
const statsResult = z.object({ stats: z.array(z.record(z.string(), z.unknown())) });

export const rpcMethods = {
  /** Node identity and state; no room. */
  getNodeInfo: {
    params: empty,
    result: z.object({
      nodeId: nodeIdSchema,
      /** Random per process: a changed bootId after a reconnect means every room on the node is gone. */
      bootId: z.string(),
      state: z.enum(['SERVING', 'DRAINING']),
      workers: z.number().int(),
      announcedIp: z.string(),
    }),
  },
  /** Creates the room on this node when absent (refused with DRAINING while draining). */
  getRouterRtpCapabilities: { params: room, result: z.object({ rtpCapabilities: rtpCapabilitiesSchema }) },
  /** `send` transports go to the room's home router; `recv` ones to a router with consumer budget left. */
  createWebRtcTransport: {
    params: withRoom({
      peerId: peerIdSchema,
      direction: z.enum(['send', 'recv']),
      appData: appDataSchema.optional(),
    }),
    result: z.object({
      transportId: id,
      iceParameters: iceParametersSchema,
      iceCandidates: z.array(iceCandidateSchema),
      dtlsParameters: dtlsParametersSchema,
    }),
  },
  connectWebRtcTransport: {
    params: withRoom({ transportId: id, dtlsParameters: dtlsParametersSchema }),
    result: empty,
  },
  restartIce: { params: withRoom({ transportId: id }), result: z.object({ iceParameters: iceParametersSchema }) },
  /**
   * Plain RTP transport for ingest and egress (bots, benchmarks, recorders). `send` ones learn the
   * remote address from the first packet (comedia); `recv` ones need connectPlainTransport.
   */
  createPlainTransport: {
    params: withRoom({ peerId: peerIdSchema, direction: z.enum(['send', 'recv']), appData: appDataSchema.optional() }),
    result: z.object({ transportId: id, ip: z.string(), port: z.number().int() }),
  },
  connectPlainTransport: {
    params: withRoom({ transportId: id, ip: z.string().min(1).max(64), port: z.number().int().min(1).max(65535) }),
    result: empty,
  },
  produce: {
    params: withRoom({
      transportId: id,
      kind: mediaKindSchema,
      rtpParameters: rtpParametersSchema,
      paused: z.boolean().optional(),
      appData: appDataSchema.optional(),
    }),
    result: z.object({ producerId: id }),
  },
  /** The consumer is always created paused; resume it with resumeConsumer once the client is ready. */
  consume: {
    params: withRoom({ transportId: id, producerId: id, rtpCapabilities: rtpCapabilitiesSchema }),
    result: z.object({
      consumerId: id,
      producerId: id,
      kind: mediaKindSchema,
      rtpParameters: rtpParametersSchema,
      type: z.enum(['simple', 'simulcast', 'svc', 'pipe']),
      producerPaused: z.boolean(),
    }),
  },
  pauseProducer: { params: withRoom({ producerId: id }), result: empty },
  resumeProducer: { params: withRoom({ producerId: id }), result: empty },
  pauseConsumer: { params: withRoom({ consumerId: id }), result: empty },
  resumeConsumer: { params: withRoom({ consumerId: id }), result: empty },
  setConsumerPreferredLayers: {
    params: withRoom({
      consumerId: id,
      spatialLayer: z.number().int().min(0).max(15),
      temporalLayer: z.number().int().min(0).max(15).optional(),
    }),
    result: empty,
  },
  requestConsumerKeyFrame: { params: withRoom({ consumerId: id }), result: empty },
  /** Closes a WebRTC or a pipe transport. Idempotent: an unknown id is not an error. */
  closeTransport: { params: withRoom({ transportId: id }), result: empty },
  closeProducer: { params: withRoom({ producerId: id }), result: empty },
  /** Also closes pipe consumers (the `pipeConsumerId` of pipeProducerOut). */
  closeConsumer: { params: withRoom({ consumerId: id }), result: empty },
  closePeer: {
    params: withRoom({ peerId: peerIdSchema }),
    result: z.object({ closedTransports: z.number().int() }),
  },
  closeRoom: { params: room, result: empty },
  getStats: {
    params: withRoom({ entity: z.enum(['transport', 'producer', 'consumer']), id }),
    result: statsResult,
  },
  /**
   * Cross-node piping, one pipe transport per (room, remote node) on each side; idempotent.
   * Flow for producer P on node A consumed on node B (see pipe-link.ts, which does all of it):
   *   a = A.createPipeTransport, b = B.createPipeTransport, A.connect(b), B.connect(a),
   *   out = A.pipeProducerOut(P), B.pipeProducerIn(out).
   */
  createPipeTransport: {
    params: withRoom({ remoteNodeId: nodeIdSchema }),
    result: z.object({
      pipeTransportId: id,
      ip: z.string(),
      port: z.number().int(),
      srtpParameters: srtpParametersSchema.nullable(),
      connected: z.boolean(),
    }),
  },
  connectPipeTransport: {
    params: withRoom({
      pipeTransportId: id,
      ip: z.string().min(1).max(64),
      port: z.number().int().min(1).max(65535),
      srtpParameters: srtpParametersSchema.nullable(),
    }),
    result: empty,
  },
  /** pipeConsumer of a local producer on the pipe transport; returns what the far side must produce. */
  pipeProducerOut: {
    params: withRoom({ pipeTransportId: id, producerId: id }),
    result: z.object({
      pipeConsumerId: id,
      producerId: id,
      peerId: peerIdSchema.nullable(),
      kind: mediaKindSchema,
      rtpParameters: rtpParametersSchema,
      paused: z.boolean(),
      appData: appDataSchema,
    }),
  },
  /** Produce on the local pipe transport with the same producer id as on the origin node. */
  pipeProducerIn: {
    params: withRoom({
      pipeTransportId: id,
      producerId: id,
      peerId: peerIdSchema.nullable(),
      kind: mediaKindSchema,
      rtpParameters: rtpParametersSchema,
      paused: z.boolean(),
      appData: appDataSchema.optional(),
    }),
    result: z.object({ producerId: id }),
  },
  /** Starts draining now; `deadlineMs` overrides MEDIA_DRAIN_DEADLINE_MS. */
  drain: {
    params: z.object({ deadlineMs: z.number().int().min(0).max(3_600_000).optional() }),
    result: z.object({ deadline: z.number() }),
  },
} as const;

export type RpcMethod = keyof typeof rpcMethods;
export type RpcParams<M extends RpcMethod> = z.infer<(typeof rpcMethods)[M]['params']>;
export type RpcResult<M extends RpcMethod> = z.infer<(typeof rpcMethods)[M]['result']>;
export const rpcMethodNames = Object.keys(rpcMethods) as RpcMethod[];

export function isRpcMethod(name: string): name is RpcMethod {
  return Object.hasOwn(rpcMethods, name);
}
