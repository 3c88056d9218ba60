// "Continue with Google": redirect out, come back with a code, hand the web app a one-time login code.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { oidcExchangeBodySchema, sessionSchema } from '../contract/auth.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const strict = { rateLimit: { max: app.config.RATE_LIMIT_LOGIN_MAX, timeWindow: '1 minute' } };
  const apiBase = (host: string, protocol: string) => `${protocol}://${host}`;

  app.get('/auth/google/start', { config: strict, schema: { tags: ['auth'] } }, async (request, reply) => {
    const url = await app.oidc.authorizationUrl(app.oidc.redirectUri(apiBase(request.host, request.protocol)));
    return reply.redirect(url, 302);
  });

  app.get(
    '/auth/google/callback',
    { config: strict, schema: { tags: ['auth'], querystring: z.record(z.string(), z.string()) } },
    async (request, reply) => {
      const back = new URL('/auth/callback', app.config.PUBLIC_WEB_URL);
      try {
        const callback = new URL(request.url, app.oidc.redirectUri(apiBase(request.host, request.protocol)));
        const who = await app.oidc.complete(callback);
        const user = await app.accounts.userForIdentity('google', who.subject, who.email, who.name);
        back.searchParams.set('code', await app.oidc.issueLoginCode(user.id));
      } catch (err) {
        request.log.warn({ err }, 'oidc sign-in failed');
        back.searchParams.set('error', 'oidc_failed');
      }
      return reply.redirect(back.toString(), 302);
    },
  );

  app.post(
    '/auth/oidc/exchange',
    { config: strict, schema: { tags: ['auth'], body: oidcExchangeBodySchema, response: { 200: sessionSchema } } },
    async (request) => {
      const userId = await app.oidc.redeemLoginCode(request.body.code);
      return app.accounts.startSession(await app.accounts.getUser(userId));
    },
  );
};

export default routes;
