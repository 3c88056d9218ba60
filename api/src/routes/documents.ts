// Document rows: tree, trash, search, recent. Viewers read; editors write; page shares (document-shares.ts)
// let guests read, and editor shares change a page's title, icon and cover.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, okSchema } from '../contract/common.js';
import {
  createDocumentBodySchema,
  documentDetailSchema,
  documentSchema,
  recentQuerySchema,
  searchHitSchema,
  searchQuerySchema,
  updateDocumentBodySchema,
} from '../contract/workspace.js';
import { closeCollabSessions, purgeCollabDocuments } from '../collab-wiring.js';
import { notFound } from '../errors.js';
import { toDocument } from '../plugins/app/documents.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  const tags = ['documents'];
  const list = z.array(documentSchema);

  app.post(
    '/workspaces/:id/documents',
    { schema: { tags, params: idParamsSchema, body: createDocumentBodySchema, response: { 201: documentSchema } } },
    async (request, reply) => {
      const userId = authOf(request).id;
      await app.access.requireWorkspace(request.params.id, userId, 'editor');
      return reply.status(201).send(await app.documents.create(request.params.id, userId, request.body));
    },
  );

  // Every member may read (viewer is the lowest role): the membership comes with the list, from the
  // node's cache (dropped on every write, on every node) or from one query.
  const listing = async (workspaceId: string, userId: string, archived: boolean) => {
    const found = await app.documentLists.list(workspaceId, userId, archived, () =>
      app.documents.listAsMember(workspaceId, userId, archived),
    );
    if (!found) throw notFound('Workspace');
    return found.documents;
  };

  // A cached list is one immutable array shared by requests: it is serialized (by the route's own
  // response serializer) once, and its bytes are sent as they are until the cache drops it.
  const bytes = new WeakMap<object, Buffer>();
  const sendList = (reply: FastifyReply, documents: object) => {
    let body = bytes.get(documents);
    if (!body) {
      const json = reply.serialize(documents);
      body = typeof json === 'string' ? Buffer.from(json) : Buffer.from(json as ArrayBuffer);
      bytes.set(documents, body);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  };

  app.get('/workspaces/:id/documents', { schema: { tags, params: idParamsSchema, response: { 200: list } } }, async (request, reply) =>
    sendList(reply, await listing(request.params.id, authOf(request).id, false)),
  );

  app.get('/workspaces/:id/trash', { schema: { tags, params: idParamsSchema, response: { 200: list } } }, async (request, reply) =>
    sendList(reply, await listing(request.params.id, authOf(request).id, true)),
  );

  app.get(
    '/workspaces/:id/recent',
    { schema: { tags, params: idParamsSchema, querystring: recentQuerySchema, response: { 200: list } } },
    async (request) => {
      await app.access.requireWorkspace(request.params.id, authOf(request).id, 'viewer');
      return app.documents.recent(request.params.id, request.query.limit);
    },
  );

  app.get(
    '/workspaces/:id/search',
    { schema: { tags, params: idParamsSchema, querystring: searchQuerySchema, response: { 200: z.array(searchHitSchema) } } },
    async (request) => {
      await app.access.requireWorkspace(request.params.id, authOf(request).id, 'viewer');
      return app.documents.search(request.params.id, request.query.q, request.query.limit);
    },
  );

  // Shares count here: a guest reads a page shared with them; an editor share allows title, icon and cover.
  app.get('/documents/:id', { schema: { tags, params: idParamsSchema, response: { 200: documentDetailSchema } } }, async (request) => {
    const { doc, role, guest, sharedFrom } = await app.access.requireDocument(request.params.id, authOf(request).id, 'viewer');
    return { ...toDocument(doc), role, guest, sharedFrom };
  });

  // Moving a page changes the workspace's tree: that takes the workspace role, never a share.
  app.patch(
    '/documents/:id',
    { schema: { tags, params: idParamsSchema, body: updateDocumentBodySchema, response: { 200: documentSchema } } },
    async (request) => {
      const userId = authOf(request).id;
      const { doc } =
        request.body.parentId === undefined
          ? await app.access.requireDocument(request.params.id, userId, 'editor')
          : await app.access.requireDocumentMember(request.params.id, userId, 'editor');
      return app.documents.update(doc, request.body);
    },
  );

  // Archive, restore and delete take the workspace role: shares never allow them.
  app.post('/documents/:id/archive', { schema: { tags, params: idParamsSchema, response: { 200: okSchema } } }, async (request) => {
    const { doc } = await app.access.requireDocumentMember(request.params.id, authOf(request).id, 'editor');
    await closeCollabSessions(app, await app.documents.archive(doc));
    return { ok: true as const };
  });

  app.post('/documents/:id/restore', { schema: { tags, params: idParamsSchema, response: { 200: documentSchema } } }, async (request) => {
    const { doc } = await app.access.requireDocumentMember(request.params.id, authOf(request).id, 'editor');
    return app.documents.restore(doc);
  });

  app.delete('/documents/:id', { schema: { tags, params: idParamsSchema, response: { 200: okSchema } } }, async (request) => {
    const { doc } = await app.access.requireDocumentMember(request.params.id, authOf(request).id, 'editor');
    await purgeCollabDocuments(app, await app.documents.destroy(doc));
    return { ok: true as const };
  });
};

export default routes;
