// Page sharing: workspace editors share a page with any account (viewer or editor, inherited by child
// pages); a shared user may leave; everyone lists the pages shared with them.
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, okSchema } from '../contract/common.js';
import {
  documentShareParamsSchema,
  documentShareSchema,
  shareDocumentBodySchema,
  sharedDocumentSchema,
} from '../contract/workspace.js';
import { closeUserSessionsOn } from '../collab-wiring.js';
import { AppError, notFound } from '../errors.js';
import { authOf } from '../plugins/external/jwt.js';

/** The user's open editors on the page and its child pages reconnect with their new role, or are refused. */
async function closeShareEditors(app: FastifyInstance, documentId: string, userId: string): Promise<void> {
  await closeUserSessionsOn(app, userId, await app.documents.subtree(documentId), 'page sharing changed');
}

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  const tags = ['documents'];

  app.get(
    '/documents/:id/shares',
    { schema: { tags, params: idParamsSchema, response: { 200: z.array(documentShareSchema) } } },
    async (request) => {
      await app.access.requireDocumentMember(request.params.id, authOf(request).id, 'editor');
      return app.documentShares.forDocument(request.params.id);
    },
  );

  // Its answer tells whether an account uses an email: limited like sign-up, which tells the same.
  const strict = { rateLimit: { max: app.config.RATE_LIMIT_LOGIN_MAX, timeWindow: '1 minute' } };
  app.put(
    '/documents/:id/shares',
    { config: strict, schema: { tags, params: idParamsSchema, body: shareDocumentBodySchema, response: { 200: documentShareSchema } } },
    async (request) => {
      const me = authOf(request).id;
      const { doc } = await app.access.requireDocumentMember(request.params.id, me, 'editor');
      const target = await app.documentShares.userByEmail(request.body.email);
      if (!target) throw new AppError('user_not_found', 404, 'No Coope account uses this email');
      if (target.id === me) throw new AppError('invalid_share', 400, 'You cannot share a page with yourself');
      const { share, changed } = await app.documentShares.put(doc.id, target.id, request.body.role, me);
      if (changed) {
        const sharedBy = { id: me, name: authOf(request).name };
        app.notifier.send(target.id, 'document.shared', { documentId: doc.id, title: doc.title, role: share.role, sharedBy });
        await closeShareEditors(app, doc.id, target.id);
      }
      return share;
    },
  );

  // Workspace editors remove anyone's share; the shared user may remove their own ("leave page").
  app.delete(
    '/documents/:id/shares/:userId',
    { schema: { tags, params: documentShareParamsSchema, response: { 200: okSchema } } },
    async (request) => {
      const me = authOf(request).id;
      const { id, userId } = request.params;
      if (userId === me) await app.access.requireDocument(id, me, 'viewer');
      else await app.access.requireDocumentMember(id, me, 'editor');
      if (!(await app.documentShares.remove(id, userId))) throw notFound('Share');
      await closeShareEditors(app, id, userId);
      return { ok: true as const };
    },
  );

  app.get(
    '/me/shared-documents',
    { schema: { tags: ['me'], response: { 200: z.array(sharedDocumentSchema) } } },
    async (request) => app.documentShares.sharedWith(authOf(request).id),
  );
};

export default routes;
