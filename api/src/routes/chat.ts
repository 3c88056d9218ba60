// 1:1 chat between friends: idempotent sends, cursor-paginated history, read marks, unread counts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  chatMessageSchema,
  conversationSchema,
  historyPageSchema,
  historyQuerySchema,
  markReadBodySchema,
  sendMessageBodySchema,
  userIdParamsSchema,
} from '../contract/people.js';
import type { AppError } from '../errors.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  const tags = ['chat'];

  app.get('/chat/conversations', { schema: { tags, response: { 200: z.array(conversationSchema) } } }, async (request) =>
    app.chat.conversations(authOf(request).id),
  );

  // 201 for a new message, 200 when a retry hit the stored one: either way the message is durable.
  app.post(
    '/chat/:userId/messages',
    { schema: { tags, params: userIdParamsSchema, body: sendMessageBodySchema, response: { 200: chatMessageSchema, 201: chatMessageSchema } } },
    async (request, reply) => {
      const me = authOf(request).id;
      // send() checks the friendship inside its batched INSERT and resolves once the batch committed.
      const { message, created } = await app.chat
        .send(me, request.params.userId, request.body.clientMessageId, request.body.body)
        .catch((err: AppError) => {
          if (err.status >= 500) request.log.error({ err: err.cause ?? err }, 'chat batch not stored');
          throw err;
        });
      if (created) app.notifier.send([request.params.userId, me], 'chat.message', { message });
      return reply.status(created ? 201 : 200).send(message);
    },
  );

  app.get(
    '/chat/:userId/messages',
    { schema: { tags, params: userIdParamsSchema, querystring: historyQuerySchema, response: { 200: historyPageSchema } } },
    async (request) => {
      const me = authOf(request).id;
      await app.access.requireFriend(me, request.params.userId);
      return app.chat.history(me, request.params.userId, request.query.before, request.query.limit);
    },
  );

  app.post(
    '/chat/:userId/read',
    { schema: { tags, params: userIdParamsSchema, body: markReadBodySchema, response: { 200: z.object({ seq: z.number() }) } } },
    async (request) => {
      const me = authOf(request).id;
      await app.access.requireFriend(me, request.params.userId);
      const seq = await app.chat.markRead(me, request.params.userId, request.body.seq);
      app.notifier.send(request.params.userId, 'chat.read', { readerId: me, seq });
      return { seq };
    },
  );
};

export default routes;
