// Identifiers, error codes and the ack envelope shared by every event.
import { z } from 'zod';

/** Room, peer, user and entity ids: short, printable, no spaces (the api issues room ids like `dm:<a>:<b>`). */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'invalid id');
export const roomIdSchema = idSchema;
export const peerIdSchema = idSchema;
export const userIdSchema = idSchema;

/** Every `code` an ack may carry when `ok` is false. */
export const errorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'NOT_IN_CALL',
  'ALREADY_IN_CALL',
  'SESSION_CONFLICT',
  'SESSION_KEPT_ELSEWHERE',
  'SESSION_EXPIRED',
  'STALE_EPOCH',
  'NO_MEDIA_NODE',
  'MEDIA_UNAVAILABLE',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;
export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const ackErrorSchema = z.object({
  ok: z.literal(false),
  code: errorCodeSchema,
  message: z.string(),
});
export type AckError = z.infer<typeof ackErrorSchema>;

/** `{ ok: true, ...result } | { ok: false, code, message }` for one event's result shape. */
export function ackSchema<T extends z.ZodRawShape>(result: z.ZodObject<T>) {
  return z.union([result.extend({ ok: z.literal(true) }), ackErrorSchema]);
}

/** Where a producer's media comes from; a screen share is its own producer. */
export const mediaSourceSchema = z.enum(['mic', 'camera', 'screen', 'screen-audio']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export const peerInfoSchema = z.object({
  peerId: peerIdSchema,
  userId: userIdSchema,
  name: z.string().max(200),
});
export type PeerInfo = z.infer<typeof peerInfoSchema>;

export const producerInfoSchema = z.object({
  producerId: idSchema,
  peerId: peerIdSchema,
  kind: z.enum(['audio', 'video']),
  source: mediaSourceSchema,
  paused: z.boolean(),
});
export type ProducerInfo = z.infer<typeof producerInfoSchema>;
