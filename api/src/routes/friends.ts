// Friend requests, the friend list, and friends' presence (never anyone else's).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, okSchema, pageQuerySchema } from '../contract/common.js';
import {
  friendPageSchema,
  friendRequestPageSchema,
  friendRequestSchema,
  friendRequestsQuerySchema,
  presenceSchema,
  sendFriendRequestBodySchema,
  userIdParamsSchema,
} from '../contract/people.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  const tags = ['friends'];

  app.post('/friends/requests', { schema: { tags, body: sendFriendRequestBodySchema, response: { 201: friendRequestSchema } } }, async (request, reply) => {
    const me = authOf(request).id;
    const to = await app.friends.resolveUser(request.body);
    const fr = await app.friends.send(me, to);
    app.notifier.send(to, 'friend.request', { request: fr });
    return reply.status(201).send(fr);
  });

  app.get('/friends/requests', { schema: { tags, querystring: friendRequestsQuerySchema, response: { 200: friendRequestPageSchema } } }, async (request) => {
    const { direction, ...page } = request.query;
    return app.friends.listRequests(authOf(request).id, direction, page);
  });

  app.post('/friends/requests/:id/accept', { schema: { tags, params: idParamsSchema, response: { 200: friendRequestSchema } } }, async (request) => {
    const fr = await app.friends.respond(request.params.id, authOf(request).id, 'to', 'accepted');
    app.notifier.send(fr.from.id, 'friend.accepted', { request: fr });
    return fr;
  });

  app.post('/friends/requests/:id/decline', { schema: { tags, params: idParamsSchema, response: { 200: friendRequestSchema } } }, async (request) =>
    app.friends.respond(request.params.id, authOf(request).id, 'to', 'declined'),
  );

  app.delete('/friends/requests/:id', { schema: { tags, params: idParamsSchema, response: { 200: friendRequestSchema } } }, async (request) =>
    app.friends.respond(request.params.id, authOf(request).id, 'from', 'cancelled'),
  );

  app.get('/friends', { schema: { tags, querystring: pageQuerySchema, response: { 200: friendPageSchema } } }, async (request) =>
    app.friends.list(authOf(request).id, request.query),
  );

  app.delete('/friends/:userId', { schema: { tags, params: userIdParamsSchema, response: { 200: okSchema } } }, async (request) => {
    const me = authOf(request).id;
    await app.friends.unfriend(me, request.params.userId);
    app.notifier.endPresence(me, request.params.userId);
    app.notifier.send(request.params.userId, 'friend.removed', { userId: me });
    return { ok: true as const };
  });

  app.get('/friends/presence', { schema: { tags, response: { 200: z.array(presenceSchema) } } }, async (request) =>
    app.friends.friendsPresence(authOf(request).id),
  );

  app.get('/users/:userId/presence', { schema: { tags, params: userIdParamsSchema, response: { 200: presenceSchema } } }, async (request) => {
    await app.access.requireFriend(authOf(request).id, request.params.userId);
    const [online] = await app.friends.online([request.params.userId]);
    return { userId: request.params.userId, online: online! };
  });
};

export default routes;
