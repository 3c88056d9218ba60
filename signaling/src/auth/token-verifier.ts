// Verifies the api's JWTs (RS256 or ES256, as its key says) with its public key, so signaling can never
// mint one, and checks the Redis denylist of revoked token ids.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { JwtError, JwtVerifier } from './jwt-verifier.js';

const accessClaims = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().max(200).default(''),
  typ: z.literal('access'),
  jti: z.string().min(1).max(128).optional(),
  sid: z.string().min(1).max(128).optional(),
});
const callClaims = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().max(200).default(''),
  roomId: z.string().min(1).max(128),
  role: z.string().max(32).default('member'),
  typ: z.literal('call'),
  jti: z.string().min(1).max(128).optional(),
});

export interface AccessIdentity {
  userId: string;
  name: string;
  jti: string | undefined;
  /** The api session the token belongs to; its sockets are closed together at logout. */
  sessionId: string | undefined;
}

export interface CallTicket {
  userId: string;
  name: string;
  roomId: string;
  role: string;
  jti: string | undefined;
}

/** `true` when the jti has been revoked; throws when the denylist cannot be read. */
export type DenylistCheck = (jti: string) => Promise<boolean>;

export class TokenVerifier {
  readonly #jwt: JwtVerifier;
  readonly #isRevoked: DenylistCheck;

  private constructor(jwt: JwtVerifier, isRevoked: DenylistCheck) {
    this.#jwt = jwt;
    this.#isRevoked = isRevoked;
  }

  static async create(publicKeyPem: string, isRevoked: DenylistCheck): Promise<TokenVerifier> {
    return new TokenVerifier(new JwtVerifier(publicKeyPem), isRevoked);
  }

  async verifyAccess(token: string): Promise<AccessIdentity> {
    const c = accessClaims.safeParse(this.#verify(token));
    if (!c.success) throw new AppError('UNAUTHORIZED', 'not an access token');
    await this.#checkDenylist(c.data.jti);
    return { userId: c.data.sub, name: c.data.name, jti: c.data.jti, sessionId: c.data.sid };
  }

  /** With `checkDenylist: false` the caller checks the jti itself (the join does it inside its Redis script). */
  async verifyTicket(token: string, o: { checkDenylist?: boolean } = {}): Promise<CallTicket> {
    const c = callClaims.safeParse(this.#verify(token));
    if (!c.success) throw new AppError('UNAUTHORIZED', 'not a call ticket');
    if (o.checkDenylist !== false) await this.#checkDenylist(c.data.jti);
    return { userId: c.data.sub, name: c.data.name, roomId: c.data.roomId, role: c.data.role, jti: c.data.jti };
  }

  #verify(token: string): Record<string, unknown> {
    try {
      return this.#jwt.verify(token);
    } catch (err) {
      if (err instanceof JwtError && err.reason === 'expired') throw new AppError('UNAUTHORIZED', 'token expired');
      throw new AppError('UNAUTHORIZED', 'invalid token');
    }
  }

  async #checkDenylist(jti: string | undefined): Promise<void> {
    if (!jti) return;
    let revoked: boolean;
    try {
      revoked = await this.#isRevoked(jti);
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', 'cannot check the token right now; try again shortly');
    }
    if (revoked) throw new AppError('UNAUTHORIZED', 'token revoked');
  }
}
