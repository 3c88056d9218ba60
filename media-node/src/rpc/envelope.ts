// Wire frames: one JSON text frame per message, in both directions.
import { z } from 'zod';
import { type RpcEventData, type RpcEventName, rpcEvents } from './events.js';
import { isRpcMethod, type RpcMethod, type RpcParams, rpcMethods } from './methods.js';

/** Error codes a reply may carry (`TIMEOUT`/`DISCONNECTED` are produced by the client itself). */
export const rpcErrorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'PAYLOAD_TOO_LARGE',
  'STALE_EPOCH',
  'ROOM_NOT_FOUND',
  'NOT_FOUND',
  'DRAINING',
  'CANNOT_CONSUME',
  'MEDIA_ERROR',
  'INTERNAL',
  'TIMEOUT',
  'DISCONNECTED',
] as const;
export const rpcErrorCodeSchema = z.enum(rpcErrorCodes);
export type RpcErrorCode = z.infer<typeof rpcErrorCodeSchema>;

export const requestIdSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Client → node. `params` is checked against the method's schema after the envelope. */
export const rpcRequestEnvelopeSchema = z.object({
  id: requestIdSchema,
  method: z.string().min(1).max(64),
  params: z.unknown(),
});

/** Node → client. `id` is null when the request was too broken to read its id. */
export const rpcReplySchema = z.discriminatedUnion('ok', [
  z.object({ id: requestIdSchema, ok: z.literal(true), result: z.unknown() }),
  z.object({ id: requestIdSchema.nullable(), ok: z.literal(false), code: rpcErrorCodeSchema, message: z.string() }),
]);
export type RpcReply = z.infer<typeof rpcReplySchema>;

export const rpcEventEnvelopeSchema = z.object({
  event: z.enum(Object.keys(rpcEvents) as [RpcEventName, ...RpcEventName[]]),
  data: z.unknown(),
});
export type RpcEvent = { [E in RpcEventName]: { event: E; data: RpcEventData<E> } }[RpcEventName];

/** Any frame the node sends. */
export const rpcServerFrameSchema = z.union([rpcReplySchema, rpcEventEnvelopeSchema]);

export type RpcRequest = { [M in RpcMethod]: { id: number; method: M; params: RpcParams<M> } }[RpcMethod];

export type ParsedRequest =
  | { ok: true; request: RpcRequest }
  | { ok: false; id: number | null; code: RpcErrorCode; message: string };

/** Parses one text frame into a typed request, or says why it cannot be served. */
export function parseRpcRequest(text: string): ParsedRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, code: 'BAD_REQUEST', message: 'frame is not valid JSON' };
  }
  const env = rpcRequestEnvelopeSchema.safeParse(raw);
  if (!env.success) {
    const maybeId = requestIdSchema.safeParse((raw as { id?: unknown } | null)?.id);
    return { ok: false, id: maybeId.success ? maybeId.data : null, code: 'BAD_REQUEST', message: 'bad envelope' };
  }
  const { id, method, params } = env.data;
  if (!isRpcMethod(method)) return { ok: false, id, code: 'UNKNOWN_METHOD', message: `unknown method ${method}` };
  const parsed = rpcMethods[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    return { ok: false, id, code: 'BAD_REQUEST', message: z.prettifyError(parsed.error).slice(0, 500) };
  }
  return { ok: true, request: { id, method, params: parsed.data } as RpcRequest };
}
