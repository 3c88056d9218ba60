// Events the media node pushes on the RPC connection. Room events carry the room's
// epoch so signaling can ignore events of an older placement of the room.
import { z } from 'zod';
import { nodeIdSchema, peerIdSchema, roomIdSchema } from './methods.js';

const id = z.string().min(1);
const roomEvent = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ roomId: roomIdSchema, epoch: z.number().int(), ...shape });
const closeReason = z.enum(['closed', 'transport', 'producer', 'peer', 'room', 'worker', 'pipe']);

export const lostRoomSchema = z.object({
  roomId: roomIdSchema,
  epoch: z.number().int(),
  peerIds: z.array(peerIdSchema),
  transportIds: z.array(id),
  producerIds: z.array(id),
  consumerIds: z.array(id),
  pipeTransportIds: z.array(id),
});
export type LostRoom = z.infer<typeof lostRoomSchema>;

export const rpcEvents = {
  transportClosed: roomEvent({ transportId: id, peerId: peerIdSchema.nullable(), reason: closeReason }),
  producerClosed: roomEvent({ producerId: id, peerId: peerIdSchema.nullable(), reason: closeReason }),
  consumerClosed: roomEvent({
    consumerId: id,
    producerId: id,
    peerId: peerIdSchema.nullable(),
    reason: closeReason,
  }),
  /** The consumer's producer was paused/resumed (tell the client; no RPC needed). */
  consumerPaused: roomEvent({ consumerId: id, peerId: peerIdSchema.nullable() }),
  consumerResumed: roomEvent({ consumerId: id, peerId: peerIdSchema.nullable() }),
  consumerLayersChanged: roomEvent({
    consumerId: id,
    peerId: peerIdSchema.nullable(),
    spatialLayer: z.number().int().nullable(),
    temporalLayer: z.number().int().nullable(),
  }),
  /**
   * A producer piped to `remoteNodeId` changed on this (origin) node. Signaling mirrors it on the
   * far node (pauseProducer / resumeProducer / closeProducer with the same producer id).
   */
  pipeOutChanged: roomEvent({
    producerId: id,
    pipeConsumerId: id,
    remoteNodeId: nodeIdSchema,
    state: z.enum(['paused', 'resumed', 'closed']),
  }),
  /** The dominant speaker changed. */
  activeSpeaker: roomEvent({ producerId: id, peerId: peerIdSchema.nullable() }),
  /** Loudest audio producers over the last interval; an empty list means silence. */
  audioLevels: roomEvent({
    volumes: z.array(z.object({ producerId: id, peerId: peerIdSchema.nullable(), volume: z.number() })),
  }),
  roomClosed: roomEvent({ reason: z.enum(['closed', 'replaced', 'worker', 'idle']) }),
  /** A worker died (and was replaced): everything it held is gone, re-create it. */
  workerLost: z.object({
    nodeId: nodeIdSchema,
    workerIndex: z.number().int(),
    pid: z.number().int(),
    rooms: z.array(lostRoomSchema),
  }),
  /** The node entered DRAINING: place no new rooms here. */
  nodeDraining: z.object({ nodeId: nodeIdSchema, deadline: z.number() }),
  /** Drain deadline reached: move these rooms now; the node exits at `exitAt` (ms since epoch). */
  roomsNeedRehome: z.object({ nodeId: nodeIdSchema, roomIds: z.array(roomIdSchema), exitAt: z.number() }),
} as const;

export type RpcEventName = keyof typeof rpcEvents;
export type RpcEventData<E extends RpcEventName> = z.infer<(typeof rpcEvents)[E]>;
/** Events sent to every connection; the others go to connections that used the room. */
export const nodeWideEvents: readonly RpcEventName[] = ['workerLost', 'nodeDraining', 'roomsNeedRehome'];
