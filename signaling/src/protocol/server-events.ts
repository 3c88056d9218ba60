// Server → client notifications (no ack).
import { z } from 'zod';
import { rtpCapabilitiesSchema } from './media-types.js';
import { idSchema, peerIdSchema, peerInfoSchema, producerInfoSchema, roomIdSchema, userIdSchema } from './common.js';

export const serverEvents = {
  peerJoined: peerInfoSchema,
  peerLeft: z.object({ peerId: peerIdSchema, reason: z.enum(['left', 'disconnected', 'moved', 'timeout']) }),
  newProducer: producerInfoSchema,
  producerClosed: z.object({ producerId: idSchema, peerId: peerIdSchema }),
  producerPaused: z.object({ producerId: idSchema, peerId: peerIdSchema }),
  producerResumed: z.object({ producerId: idSchema, peerId: peerIdSchema }),
  /** The media node closed one of this peer's consumers (its producer or transport went away). */
  consumerClosed: z.object({ consumerId: idSchema }),
  /** The loudest peer of the call; `peerId` null when nobody speaks. */
  activeSpeaker: z.object({ peerId: peerIdSchema.nullable(), producerId: idSchema.nullable() }),
  /** The call's media moved to another node: drop transports, re-create them, re-produce, re-consume. */
  'media-reset': z.object({
    roomId: roomIdSchema,
    epoch: z.number().int().nonnegative(),
    reason: z.string().max(200),
    /** Load a new Device with these when they differ from the old ones; empty: ask `resume` for them. */
    routerRtpCapabilities: rtpCapabilitiesSchema,
    /**
     * Only this peer's media moved (its media node left a room spread over several nodes): rebuild at
     * the same epoch, after `resume` says where the peer lives now.
     */
    rehome: z.boolean().optional(),
  }),
  /** Sent to the device already in a call when the same user joins it from another device. */
  'session-conflict': z.object({
    conflictId: idSchema,
    roomId: roomIdSchema,
    device: z.object({ label: z.string().max(100).optional() }),
    expiresInMs: z.number().int().nonnegative(),
  }),
  /** This device's peer was closed because the call moved to another device. */
  'session-moved': z.object({ roomId: roomIdSchema, reason: z.string().max(200) }),
  presence: z.object({ userId: userIdSchema, online: z.boolean() }),
  /** Chat, friend and notification events emitted by the api into `user:<id>` rooms. */
  'user-event': z.object({ type: z.string().max(100), data: z.unknown() }),
} as const;

export type ServerEventName = keyof typeof serverEvents;
export const serverEventNames = Object.keys(serverEvents) as ServerEventName[];
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;
