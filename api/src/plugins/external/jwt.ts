// JWTs signed by the api with its private key and verified by signaling with the public key. The algorithm
// follows the key (jwt-algorithm.ts): RS256 for RSA, the default, or ES256 for EC P-256.
// Access tokens carry typ 'access', call tickets typ 'call'; a logged-out jti is denied through Redis,
// mirrored in memory (revocations.ts). Verified tokens are cached until they expire (verified-cache.ts).
import { randomUUID } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.js';
import { jwtAlgorithm } from './jwt-algorithm.js';
import { RevocationList } from './revocations.js';
import { VerifiedCache } from './verified-cache.js';

export interface JwtKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface AccessClaims {
  sub: string;
  name: string;
  role: 'user' | 'admin';
  typ: 'access';
  jti: string;
  exp: number;
  /** The session (refresh-token family) the token belongs to; absent in tokens issued before sessions had ids. */
  sid?: string;
}

export interface CallClaims {
  sub: string;
  name: string;
  roomId: string;
  role: string;
  typ: 'call';
  jti: string;
}

export interface AuthUser {
  id: string;
  name: string;
  role: 'user' | 'admin';
  jti: string;
  exp: number;
  /** The session (refresh-token family) of the token, or null for a token from before sessions had ids. */
  sid: string | null;
}

export interface TokenService {
  /** An access token of session `sessionId` (its refresh-token family), which logout ends as a whole. */
  signAccess(user: { id: string; name: string; role: 'user' | 'admin' }, sessionId: string): { token: string; expiresIn: number };
  signCall(claims: Omit<CallClaims, 'typ' | 'jti'>): { token: string; expiresIn: number };
  /** Verifies an access token, including the denylist; null when it is not valid. */
  verifyAccess(token: string): Promise<AuthUser | null>;
  revoke(jti: string, exp: number): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenService;
    revocations: RevocationList;
    /** onRequest hook: sets request.auth or fails with 401; settles synchronously while the denylist is in memory. */
    authenticate(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
    requireAdmin(request: FastifyRequest): Promise<void>;
  }
  interface FastifyRequest {
    auth: AuthUser | null;
  }
}

const VERIFIED_CACHE_SIZE = 10_000;

/**
 * A signature check is the costliest step of an authenticated request: each token string is verified once,
 * and its claims are kept (frozen, shared by requests) until the token expires.
 */
function cachedAccessVerifier(verifyJwt: (token: string) => AccessClaims): (token: string) => AuthUser | null {
  const verified = new VerifiedCache<AuthUser>(VERIFIED_CACHE_SIZE);
  return (token) => {
    const hit = verified.get(token, Date.now());
    if (hit) return hit;
    let claims: AccessClaims;
    try {
      claims = verifyJwt(token);
    } catch {
      return null;
    }
    if (claims.typ !== 'access' || !claims.jti) return null;
    const sid = typeof claims.sid === 'string' ? claims.sid : null;
    const user = Object.freeze({ id: claims.sub, name: claims.name, role: claims.role, jti: claims.jti, exp: claims.exp, sid });
    verified.set(token, user, claims.exp * 1000);
    return user;
  };
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return undefined;
}

export default fp<{ keys: JwtKeys }>(
  async (app, opts) => {
    const algorithm = jwtAlgorithm(opts.keys);
    await app.register(fastifyJwt, {
      secret: { private: opts.keys.privateKeyPem, public: opts.keys.publicKeyPem },
      sign: { algorithm },
      verify: { algorithms: [algorithm] },
    });
    const revocations = new RevocationList(app.redis, () => app.log);
    app.addHook('onClose', async () => revocations.close());
    app.decorate('revocations', revocations);
    const verify = cachedAccessVerifier((token) => app.jwt.verify<AccessClaims>(token));
    const accessTtl = app.config.ACCESS_TOKEN_TTL_SECONDS;
    const callTtl = app.config.CALL_TICKET_TTL_SECONDS;
    const tokens: TokenService = {
      signAccess(user, sessionId) {
        const payload = { sub: user.id, name: user.name, role: user.role, typ: 'access', jti: randomUUID(), sid: sessionId };
        return { token: app.jwt.sign(payload, { expiresIn: `${accessTtl}s` }), expiresIn: accessTtl };
      },
      signCall(claims) {
        const payload = { ...claims, typ: 'call', jti: randomUUID() };
        return { token: app.jwt.sign(payload, { expiresIn: `${callTtl}s` }), expiresIn: callTtl };
      },
      async verifyAccess(token) {
        const user = verify(token);
        if (!user || (await revocations.isRevoked(user.jti))) return null;
        return user;
      },
      revoke: (jti, exp) => revocations.revoke(jti, exp),
    };
    app.decorate('tokens', tokens);
    app.decorateRequest('auth', null);
    const authenticate = async (request: FastifyRequest) => {
      const token = bearer(request);
      if (!token) throw new AppError('unauthenticated', 401, 'Sign in to continue');
      const user = await tokens.verifyAccess(token);
      if (!user) throw new AppError('unauthenticated', 401, 'Your session has expired; sign in again');
      request.auth = user;
    };
    // Callback style: the common case (a cached token, the denylist in memory) costs no promise.
    app.decorate('authenticate', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const token = bearer(request);
      const user = token ? verify(token) : null;
      const revoked = user ? revocations.revokedNow(user.jti) : false;
      if (revoked === null) {
        authenticate(request).then(() => done(), done);
        return;
      }
      if (!token) return done(new AppError('unauthenticated', 401, 'Sign in to continue'));
      if (!user || revoked) return done(new AppError('unauthenticated', 401, 'Your session has expired; sign in again'));
      request.auth = user;
      done();
    });
    app.decorate('requireAdmin', async (request: FastifyRequest) => {
      await authenticate(request);
      if (request.auth?.role !== 'admin') throw new AppError('forbidden', 403, 'Administrators only');
    });
  },
  { name: 'jwt', dependencies: ['core'] },
);

/** The authenticated user of a route guarded by app.authenticate. */
export function authOf(request: FastifyRequest): AuthUser {
  if (!request.auth) throw new AppError('unauthenticated', 401, 'Sign in to continue');
  return request.auth;
}
