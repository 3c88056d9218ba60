// Client → server events: one payload schema and one ack result schema each.
// A socket is in at most one call; call events act on that call, so they carry no room id.
import { z } from 'zod';
import { type AckError, ackSchema, idSchema, mediaSourceSchema, peerIdSchema, peerInfoSchema, producerInfoSchema, roomIdSchema, userIdSchema } from './common.js';
import {
  dtlsParametersSchema,
  iceCandidateSchema,
  iceParametersSchema,
  mediaKindSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
} from './media-types.js';

const empty = z.object({});
const callRole = z.string().max(32);

/** What a client needs to (re)build its media after join, resume or media-reset. */
const callStateShape = {
  roomId: roomIdSchema,
  peerId: peerIdSchema,
  epoch: z.number().int().nonnegative(),
  routerRtpCapabilities: rtpCapabilitiesSchema,
  peers: z.array(peerInfoSchema).max(10_000),
};

export const clientEvents = {
  /** Enters the call the ticket names. Refused with SESSION_CONFLICT handling when the user is already in it. */
  join: {
    payload: z.object({
      ticket: z.string().min(1).max(4096),
      device: z.object({ label: z.string().max(100).optional() }).optional(),
      /** Move the call here without asking the other device. */
      takeover: z.boolean().optional(),
    }),
    result: z.object({ ...callStateShape, role: callRole, resumeToken: z.string() }),
  },
  /** Re-attaches a peer after the socket reconnected (possibly to another signaling node). */
  resume: {
    payload: z.object({ roomId: roomIdSchema, peerId: peerIdSchema, resumeToken: z.string().min(1).max(256) }),
    /** `mediaReset` true: the media node changed while away; re-create transports (as for `media-reset`). */
    result: z.object({ ...callStateShape, mediaReset: z.boolean() }),
  },
  /** The client pulls the producers that existed before it was ready (race-free join). */
  getExistingProducers: { payload: empty, result: z.object({ producers: z.array(producerInfoSchema) }) },
  createTransport: {
    payload: z.object({ direction: z.enum(['send', 'recv']) }),
    result: z.object({
      transportId: idSchema,
      iceParameters: iceParametersSchema,
      iceCandidates: z.array(iceCandidateSchema),
      dtlsParameters: dtlsParametersSchema,
    }),
  },
  connectTransport: { payload: z.object({ transportId: idSchema, dtlsParameters: dtlsParametersSchema }), result: empty },
  restartIce: { payload: z.object({ transportId: idSchema }), result: z.object({ iceParameters: iceParametersSchema }) },
  produce: {
    payload: z.object({
      transportId: idSchema,
      kind: mediaKindSchema,
      rtpParameters: rtpParametersSchema,
      source: mediaSourceSchema,
      paused: z.boolean().optional(),
    }),
    result: z.object({ producerId: idSchema }),
  },
  pauseProducer: { payload: z.object({ producerId: idSchema }), result: empty },
  resumeProducer: { payload: z.object({ producerId: idSchema }), result: empty },
  closeProducer: { payload: z.object({ producerId: idSchema }), result: empty },
  /** The consumer is created paused; the client resumes it once its track is wired up. */
  consume: {
    payload: z.object({ transportId: idSchema, producerId: idSchema, rtpCapabilities: rtpCapabilitiesSchema }),
    result: z.object({
      consumerId: idSchema,
      producerId: idSchema,
      peerId: peerIdSchema,
      kind: mediaKindSchema,
      source: mediaSourceSchema,
      rtpParameters: rtpParametersSchema,
      type: z.enum(['simple', 'simulcast', 'svc', 'pipe']),
      producerPaused: z.boolean(),
    }),
  },
  pauseConsumer: { payload: z.object({ consumerId: idSchema }), result: empty },
  resumeConsumer: { payload: z.object({ consumerId: idSchema }), result: empty },
  setPreferredLayers: {
    payload: z.object({
      consumerId: idSchema,
      spatialLayer: z.number().int().min(0).max(15),
      temporalLayer: z.number().int().min(0).max(15).optional(),
    }),
    result: empty,
  },
  leave: { payload: empty, result: empty },
  /** Answer to `session-conflict`, sent by the device already in the call. */
  resolveSessionConflict: {
    payload: z.object({ conflictId: idSchema, choice: z.enum(['keep', 'move']) }),
    result: empty,
  },
  /** Joins `presence:<id>` for the given ids that are the user's friends; the answer lists only those. */
  subscribePresence: {
    payload: z.object({ userIds: z.array(userIdSchema).max(1000) }),
    result: z.object({ presence: z.array(z.object({ userId: userIdSchema, online: z.boolean() })) }),
  },
  unsubscribePresence: { payload: z.object({ userIds: z.array(userIdSchema).max(1000) }), result: empty },
} as const;

export type ClientEventName = keyof typeof clientEvents;
export const clientEventNames = Object.keys(clientEvents) as ClientEventName[];
/** What the client sends. */
export type EventPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['payload']>;
/** What the server's handler receives after parsing. */
export type ParsedPayload<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['payload']>;
export type EventResult<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['result']>;
export type EventAck<E extends ClientEventName> = ({ ok: true } & EventResult<E>) | AckError;

/** Zod schema of one event's ack, for clients that validate what they receive. */
export function eventAckSchema<E extends ClientEventName>(event: E) {
  return ackSchema(clientEvents[event].result);
}

export function isClientEventName(name: unknown): name is ClientEventName {
  return typeof name === 'string' && Object.hasOwn(clientEvents, name);
}
