// The signed-in user's profile, and the admin's role switch.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setRoleBodySchema, updateProfileBodySchema, userSchema } from '../contract/auth.js';
import { idParamsSchema } from '../contract/common.js';
import { toUser } from '../plugins/app/accounts.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/me', { onRequest: app.authenticate, schema: { tags: ['me'], response: { 200: userSchema } } }, async (request) =>
    toUser(await app.accounts.getUser(authOf(request).id)),
  );

  app.patch(
    '/me',
    { onRequest: app.authenticate, schema: { tags: ['me'], body: updateProfileBodySchema, response: { 200: userSchema } } },
    async (request) => toUser(await app.accounts.updateProfile(authOf(request).id, request.body)),
  );

  app.put(
    '/admin/users/:id/role',
    {
      onRequest: app.requireAdmin,
      schema: { tags: ['admin'], params: idParamsSchema, body: setRoleBodySchema, response: { 200: userSchema } },
    },
    async (request) => toUser(await app.accounts.setRole(request.params.id, request.body.role)),
  );
};

export default routes;
