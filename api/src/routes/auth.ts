// Email/password accounts and session tokens.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  loginBodySchema,
  logoutBodySchema,
  refreshBodySchema,
  sessionSchema,
  signupBodySchema,
} from '../contract/auth.js';
import { okSchema } from '../contract/common.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const strict = { rateLimit: { max: app.config.RATE_LIMIT_LOGIN_MAX, timeWindow: '1 minute' } };

  app.post(
    '/auth/signup',
    { config: strict, schema: { tags: ['auth'], body: signupBodySchema, response: { 201: sessionSchema } } },
    async (request, reply) => {
      const { email, password, name } = request.body;
      const user = await app.accounts.signup(email, password, name);
      return reply.status(201).send(await app.accounts.startSession(user));
    },
  );

  app.post(
    '/auth/login',
    { config: strict, schema: { tags: ['auth'], body: loginBodySchema, response: { 200: sessionSchema } } },
    async (request) => {
      const user = await app.accounts.login(request.body.email, request.body.password);
      return app.accounts.startSession(user);
    },
  );

  app.post(
    '/auth/refresh',
    { config: strict, schema: { tags: ['auth'], body: refreshBodySchema, response: { 200: sessionSchema } } },
    async (request) => app.accounts.refresh(request.body.refreshToken),
  );

  app.post(
    '/auth/logout',
    {
      onRequest: app.authenticate,
      schema: { tags: ['auth'], body: logoutBodySchema.nullish(), response: { 200: okSchema } },
    },
    async (request) => {
      const auth = authOf(request);
      await app.tokens.revoke(auth.jti, auth.exp);
      if (request.body?.refreshToken) await app.accounts.revokeRefreshToken(auth.id, request.body.refreshToken);
      return { ok: true as const };
    },
  );
};

export default routes;
