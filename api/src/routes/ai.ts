// AI chat streamed as server-sent events, and meeting-notes jobs.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { aiChatBodySchema, aiMessageSchema, createNotesJobBodySchema, notesJobSchema } from '../contract/ai.js';
import { idParamsSchema, okSchema } from '../contract/common.js';
import { aiFailed, requireAi } from '../ai/openai-client.js';
import { streamAsSse } from '../ai/sse.js';
import { readFilePart } from '../plugins/app/uploads.js';
import { authOf } from '../plugins/external/jwt.js';

const SYSTEM_PROMPT = 'You are Coope’s assistant. Answer concisely and helpfully.';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  const tags = ['ai'];

  app.get('/ai/chat/history', { schema: { tags, response: { 200: z.array(aiMessageSchema) } } }, async (request) =>
    app.aiChat.list(authOf(request).id),
  );
  app.delete('/ai/chat/history', { schema: { tags, response: { 200: okSchema } } }, async (request) => {
    await app.aiChat.clear(authOf(request).id);
    return { ok: true as const };
  });

  // Each question costs an upstream call: a tighter per-client limit than the global one.
  const aiLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  app.post('/ai/chat', { config: aiLimit, schema: { tags, body: aiChatBodySchema, produces: ['text/event-stream'] } }, async (request, reply) => {
    const ai = requireAi(app.ai);
    const me = authOf(request).id;
    const history = await app.aiChat.list(me);
    const question = await app.aiChat.add(me, 'user', request.body.message);
    const abort = new AbortController();
    const stream = await ai.chat.completions
      .create(
        {
          model: app.config.OPENAI_CHAT_MODEL,
          stream: true,
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            ...history.map((m) => ({ role: m.role, content: m.content })),
            { role: 'user', content: question.content },
          ],
        },
        { signal: abort.signal },
      )
      .catch((err: unknown) => {
        request.log.warn({ err }, 'ai chat request failed');
        throw aiFailed();
      });
    // From here on the answer is a stream of events; errors become an `error` event.
    await streamAsSse(reply, stream, abort, async (answer) => ({ message: await app.aiChat.add(me, 'assistant', answer) }));
  });

  app.post('/ai/notes', { schema: { tags, body: createNotesJobBodySchema, response: { 201: notesJobSchema } } }, async (request, reply) => {
    requireAi(app.ai);
    const me = authOf(request).id;
    await app.access.requireWorkspace(request.body.workspaceId, me, 'editor');
    return reply.status(201).send(await app.notesJobs.create(me, request.body.workspaceId, request.body.title));
  });

  app.get('/ai/notes/:id', { schema: { tags, params: idParamsSchema, response: { 200: notesJobSchema } } }, async (request) =>
    app.notesJobs.get(request.params.id, authOf(request).id),
  );

  app.post(
    '/ai/notes/:id/chunks',
    { schema: { tags, params: idParamsSchema, consumes: ['multipart/form-data'], response: { 200: notesJobSchema } } },
    async (request) => {
      const me = authOf(request).id;
      await app.notesJobs.get(request.params.id, me);
      const { data } = await readFilePart(request, app.config.AUDIO_CHUNK_MAX_BYTES);
      return app.notesJobs.addChunk(request.params.id, me, data);
    },
  );

  app.post('/ai/notes/:id/finish', { schema: { tags, params: idParamsSchema, response: { 200: notesJobSchema } } }, async (request) => {
    const job = await app.notesJobs.finish(request.params.id, authOf(request).id);
    app.notesWorker?.kick();
    return job;
  });

  app.post('/ai/notes/:id/retry', { schema: { tags, params: idParamsSchema, response: { 200: notesJobSchema } } }, async (request) => {
    const job = await app.notesJobs.retry(request.params.id, authOf(request).id);
    app.notesWorker?.kick();
    return job;
  });
};

export default routes;
