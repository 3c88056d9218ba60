// @coope/signaling/protocol: the client protocol of the signaling cluster (browser-safe: zod only).
import { z } from 'zod';
import type { ClientEventName, EventAck, EventPayload } from './client-events.js';
import type { ServerEventName, ServerEventPayload } from './server-events.js';

export * from './client-events.js';
export * from './common.js';
export * from './media-types.js';
export { protocolParser } from './parser.js';
export * from './server-events.js';

/** Handshake `auth` of every socket: the api's access token (typ `access`). */
export const handshakeAuthSchema = z.object({ token: z.string().min(1).max(4096) });
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** socket.io rooms that the api's redis emitter targets. */
export const realtimeRooms = {
  /** Every socket of a user; the api emits `user-event` here. */
  user: (userId: string) => `user:${userId}`,
} as const;

/** socket.io typed-events maps, for `Socket<ServerToClientEvents, ClientToServerEvents>` on the client. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: EventPayload<E>, ack: (res: EventAck<E>) => void) => void;
};
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};
