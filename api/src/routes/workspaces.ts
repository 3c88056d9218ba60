// Workspaces and members. Every route checks the caller's role in the workspace.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, okSchema } from '../contract/common.js';
import {
  createWorkspaceBodySchema,
  memberParamsSchema,
  memberSchema,
  setMemberRoleBodySchema,
  updateWorkspaceBodySchema,
  workspaceSchema,
} from '../contract/workspace.js';
import { closeMemberSessions, purgeCollabDocuments } from '../collab-wiring.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  const tags = ['workspaces'];

  app.post('/workspaces', { schema: { tags, body: createWorkspaceBodySchema, response: { 201: workspaceSchema } } }, async (request, reply) => {
    const ws = await app.workspaces.create(authOf(request).id, request.body.name, request.body.icon ?? null);
    return reply.status(201).send(ws);
  });

  app.get('/workspaces', { schema: { tags, response: { 200: z.array(workspaceSchema) } } }, async (request) =>
    app.workspaces.listFor(authOf(request).id),
  );

  app.get('/workspaces/:id', { schema: { tags, params: idParamsSchema, response: { 200: workspaceSchema } } }, async (request) => {
    await app.access.requireWorkspace(request.params.id, authOf(request).id, 'viewer');
    return app.workspaces.get(request.params.id, authOf(request).id);
  });

  app.patch(
    '/workspaces/:id',
    { schema: { tags, params: idParamsSchema, body: updateWorkspaceBodySchema, response: { 200: workspaceSchema } } },
    async (request) => {
      await app.access.requireWorkspace(request.params.id, authOf(request).id, 'owner');
      await app.workspaces.update(request.params.id, request.body);
      return app.workspaces.get(request.params.id, authOf(request).id);
    },
  );

  app.delete('/workspaces/:id', { schema: { tags, params: idParamsSchema, response: { 200: okSchema } } }, async (request) => {
    await app.access.requireWorkspace(request.params.id, authOf(request).id, 'owner');
    await purgeCollabDocuments(app, await app.workspaces.remove(request.params.id));
    return { ok: true as const };
  });

  app.get('/workspaces/:id/members', { schema: { tags, params: idParamsSchema, response: { 200: z.array(memberSchema) } } }, async (request) => {
    await app.access.requireWorkspace(request.params.id, authOf(request).id, 'viewer');
    return app.workspaces.members(request.params.id);
  });

  app.patch(
    '/workspaces/:id/members/:userId',
    { schema: { tags, params: memberParamsSchema, body: setMemberRoleBodySchema, response: { 200: okSchema } } },
    async (request) => {
      await app.access.requireWorkspace(request.params.id, authOf(request).id, 'owner');
      await app.workspaces.setRole(request.params.id, request.params.userId, request.body.role);
      await closeMemberSessions(app, request.params.id, request.params.userId, 'role changed');
      return { ok: true as const };
    },
  );

  // Owners remove anyone; every member may remove themselves (leave).
  app.delete('/workspaces/:id/members/:userId', { schema: { tags, params: memberParamsSchema, response: { 200: okSchema } } }, async (request) => {
    const me = authOf(request).id;
    const min = request.params.userId === me ? 'viewer' : 'owner';
    await app.access.requireWorkspace(request.params.id, me, min);
    await app.workspaces.removeMember(request.params.id, request.params.userId);
    await closeMemberSessions(app, request.params.id, request.params.userId, 'removed from the workspace');
    return { ok: true as const };
  });
};

export default routes;
