// Workspace invites: owners create and revoke; the invited user accepts or declines.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, okSchema } from '../contract/common.js';
import {
  acceptInviteTokenBodySchema,
  createInviteBodySchema,
  inviteParamsSchema,
  inviteSchema,
  workspaceSchema,
} from '../contract/workspace.js';
import { inviteMail } from '../mail/templates.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.authenticate);
  const tags = ['invites'];
  const me = async (id: string) => {
    const user = await app.accounts.getUser(id);
    return { id, email: user.email };
  };

  app.post(
    '/workspaces/:id/invites',
    { schema: { tags, params: idParamsSchema, body: createInviteBodySchema, response: { 201: inviteSchema } } },
    async (request, reply) => {
      const userId = authOf(request).id;
      await app.access.requireWorkspace(request.params.id, userId, 'owner');
      const invite = await app.invites.create(request.params.id, userId, request.body);
      if (invite.inviteeUserId) app.notifier.send(invite.inviteeUserId, 'workspace.invited', { inviteId: invite.id });
      if (!invite.link || !invite.email) return reply.status(201).send(invite);
      // A failed send keeps the invite: the owner still has the link to pass on (mailer logs and counts it).
      const mail = inviteMail({
        to: invite.email,
        inviterName: invite.invitedBy.name,
        workspaceName: invite.workspaceName,
        role: invite.role,
        link: invite.link,
        expiresAt: new Date(invite.expiresAt),
      });
      const emailed = await app.mailer.send('invite', mail);
      return reply.status(201).send({ ...invite, emailed });
    },
  );

  app.get('/workspaces/:id/invites', { schema: { tags, params: idParamsSchema, response: { 200: z.array(inviteSchema) } } }, async (request) => {
    await app.access.requireWorkspace(request.params.id, authOf(request).id, 'owner');
    return app.invites.pendingForWorkspace(request.params.id);
  });

  app.delete('/workspaces/:id/invites/:inviteId', { schema: { tags, params: inviteParamsSchema, response: { 200: okSchema } } }, async (request) => {
    await app.access.requireWorkspace(request.params.id, authOf(request).id, 'owner');
    await app.invites.revoke(request.params.id, request.params.inviteId);
    return { ok: true as const };
  });

  app.get('/invites', { schema: { tags, response: { 200: z.array(inviteSchema) } } }, async (request) => {
    const user = await me(authOf(request).id);
    return app.invites.pendingForUser(user.id, user.email);
  });

  app.post('/invites/:id/accept', { schema: { tags, params: idParamsSchema, response: { 200: workspaceSchema } } }, async (request) => {
    const user = await me(authOf(request).id);
    const workspaceId = await app.invites.acceptById(request.params.id, user);
    return app.workspaces.get(workspaceId, user.id);
  });

  app.post('/invites/:id/decline', { schema: { tags, params: idParamsSchema, response: { 200: okSchema } } }, async (request) => {
    await app.invites.decline(request.params.id, await me(authOf(request).id));
    return { ok: true as const };
  });

  app.post('/invites/accept-link', { schema: { tags, body: acceptInviteTokenBodySchema, response: { 200: workspaceSchema } } }, async (request) => {
    const user = await me(authOf(request).id);
    const workspaceId = await app.invites.acceptByToken(request.body.token, user);
    return app.workspaces.get(workspaceId, user.id);
  });
};

export default routes;
