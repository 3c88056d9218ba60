// Call tickets: the short-lived JWT that signaling checks before a socket may join a room.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callTicketBodySchema, callTicketSchema } from '../contract/workspace.js';
import { keys } from '../keys.js';
import { authOf } from '../plugins/external/jwt.js';
import { type TurnSettings, turnCredentials } from '../turn-credentials.js';

/** The same two users always meet in the same DM room, whoever calls. */
export function dmRoomId(a: string, b: string): string {
  const [low, high] = [a, b].sort();
  return `dm:${low}:${high}`;
}

export const workspaceRoomId = (workspaceId: string) => `ws:${workspaceId}`;

/** How long a DM call rings the friend; the api does not ring again sooner. */
export const CALL_RING_MS = 30_000;

const routes: FastifyPluginAsyncZod = async (app) => {
  const { TURN_URLS, TURN_SECRET, TURN_CREDENTIAL_TTL_SECONDS } = app.config;
  const turn: TurnSettings | undefined = TURN_URLS && TURN_SECRET ? { urls: TURN_URLS, secret: TURN_SECRET, ttlSeconds: TURN_CREDENTIAL_TTL_SECONDS } : undefined;
  // The friend hears once per CALL_RING_MS, not on every ticket (a reconnect or rejoin asks for a new one).
  // Best effort: a call must not fail because Redis could not say it rang.
  const ring = async (from: { id: string; name: string }, to: string) => {
    const first = await app.redis.set(keys.callRinging(from.id, to), '1', 'PX', CALL_RING_MS, 'NX').catch(() => null);
    if (first) app.notifier.send(to, 'call.ringing', { from: { id: from.id, name: from.name }, ringMs: CALL_RING_MS });
  };
  app.post(
    '/calls/tickets',
    { onRequest: app.authenticate, schema: { tags: ['calls'], body: callTicketBodySchema, response: { 200: callTicketSchema } } },
    async (request) => {
      const auth = authOf(request);
      const body = request.body;
      let roomId: string;
      let role: string;
      if (body.kind === 'workspace') {
        role = await app.access.requireWorkspace(body.workspaceId, auth.id, 'viewer');
        roomId = workspaceRoomId(body.workspaceId);
      } else {
        await app.access.requireFriend(auth.id, body.userId);
        role = 'member';
        roomId = dmRoomId(auth.id, body.userId);
        await ring(auth, body.userId);
      }
      const ticket = app.tokens.signCall({ sub: auth.id, name: auth.name, roomId, role });
      return { token: ticket.token, roomId, expiresIn: ticket.expiresIn, iceServers: turnCredentials(turn, auth.id) };
    },
  );
};

export default routes;
