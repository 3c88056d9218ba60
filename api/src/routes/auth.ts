// Email/password accounts, session tokens and forgotten passwords.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  forgotPasswordAcceptedSchema,
  forgotPasswordBodySchema,
  loginBodySchema,
  logoutBodySchema,
  refreshBodySchema,
  resetPasswordBodySchema,
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
      if (auth.sid) await app.accounts.endSession(auth.id, auth.sid, auth.jti);
      if (request.body?.refreshToken) await app.accounts.revokeRefreshToken(auth.id, request.body.refreshToken, auth.sid);
      return { ok: true as const };
    },
  );

  const forgotLimit = { rateLimit: { max: app.config.RATE_LIMIT_FORGOT_MAX, timeWindow: '15 minutes' } };
  const accepted = {
    ok: true as const,
    message: 'If an account uses this email, we sent it a link to reset the password. Check your inbox.',
  };

  app.post(
    '/auth/password/forgot',
    {
      config: forgotLimit,
      schema: {
        tags: ['auth'],
        summary: 'Mail a password-reset link (the same 202 whether or not the account exists)',
        body: forgotPasswordBodySchema,
        response: { 202: forgotPasswordAcceptedSchema },
      },
    },
    async (request, reply) => {
      app.passwordResets.requestInBackground(request.body.email);
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/auth/password/reset',
    {
      config: strict,
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset token; signs the account out everywhere',
        body: resetPasswordBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await app.passwordResets.reset(request.body.token, request.body.password);
      return { ok: true as const };
    },
  );
};

export default routes;
