// Users, passwords (argon2id) and sessions (access JWT + rotating refresh token).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Selectable } from 'kysely';
import type { Config } from '../../config.js';
import type { User } from '../../contract/auth.js';
import type { Db } from '../../db/database.js';
import type { UsersTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { TokenService } from '../external/jwt.js';

type UserRow = Pick<Selectable<UsersTable>, 'id' | 'email' | 'name' | 'avatar_url' | 'role' | 'created_at'>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    avatarUrl: row.avatar_url,
    role: row.role,
    createdAt: row.created_at.toISOString(),
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const invalidLogin = () => new AppError('invalid_credentials', 401, 'Email or password is incorrect');
const invalidRefresh = () => new AppError('invalid_refresh_token', 401, 'Your session has expired; sign in again');
const USER_COLUMNS = ['id', 'email', 'name', 'avatar_url', 'role', 'created_at'] as const;
const CLOCK_SLACK_SECONDS = 5;

export interface LiveAccessToken {
  jti: string;
  /** Seconds since the epoch, at or after the token's own expiry. */
  exp: number;
}

/** The jti claim of a JWT we just signed (no verification needed). */
function jtiOf(token: string): string | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { jti?: unknown };
    return typeof claims.jti === 'string' && claims.jti.length <= 36 ? claims.jti : null;
  } catch {
    return null;
  }
}

export class Accounts {
  // A hash to verify against when the email is unknown, so timing does not reveal accounts.
  #dummyHash: Promise<string>;

  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
    private readonly config: Config,
    /** Closes the live sockets (signaling, co-editing) of an ended session (the notifier; a no-op where there are none). */
    private readonly sessionEnded: (sessionId: string) => void | Promise<void> = () => {},
  ) {
    this.#dummyHash = this.hashPassword(randomUUID());
  }

  hashPassword(password: string): Promise<string> {
    // @node-rs/argon2 defaults to argon2id.
    return hash(password, { memoryCost: this.config.ARGON2_MEMORY_KIB, timeCost: this.config.ARGON2_TIME_COST });
  }

  roleForEmail(email: string | null): 'user' | 'admin' {
    const admins = this.config.ADMIN_EMAILS?.split(',').map((e) => e.trim().toLowerCase()) ?? [];
    return email && admins.includes(email.toLowerCase()) ? 'admin' : 'user';
  }

  async signup(email: string, password: string, name: string): Promise<UserRow> {
    const id = randomUUID();
    const password_hash = await this.hashPassword(password);
    try {
      await this.db
        .insertInto('users')
        .values({ id, email, name, password_hash, role: this.roleForEmail(email) })
        .execute();
    } catch (err) {
      if ((err as { code?: string }).code === 'ER_DUP_ENTRY') {
        throw new AppError('email_taken', 409, 'An account with this email already exists');
      }
      throw err;
    }
    return this.getUser(id);
  }

  async login(email: string, password: string): Promise<UserRow> {
    const row = await this.db
      .selectFrom('users')
      .select([...USER_COLUMNS, 'password_hash'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (!row?.password_hash) {
      await verify(await this.#dummyHash, password).catch(() => false);
      throw invalidLogin();
    }
    if (!(await verify(row.password_hash, password))) throw invalidLogin();
    return row;
  }

  async getUser(id: string): Promise<UserRow> {
    const row = await this.db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 404, 'User not found');
    return row;
  }

  async updateProfile(id: string, patch: { name?: string; avatarUrl?: string | null }): Promise<UserRow> {
    await this.db
      .updateTable('users')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.avatarUrl !== undefined ? { avatar_url: patch.avatarUrl } : {}),
      })
      .where('id', '=', id)
      .execute();
    return this.getUser(id);
  }

  async setRole(id: string, role: 'user' | 'admin'): Promise<UserRow> {
    await this.getUser(id);
    await this.db.updateTable('users').set({ role }).where('id', '=', id).execute();
    return this.getUser(id);
  }

  /** Issues an access token and a refresh token of a new family (or of `familyId`). */
  async startSession(user: UserRow, familyId: string = randomUUID()) {
    const refreshToken = randomBytes(32).toString('base64url');
    const access = this.tokens.signAccess(user, familyId);
    await this.db
      .insertInto('refresh_tokens')
      .values({
        id: randomUUID(),
        user_id: user.id,
        family_id: familyId,
        token_hash: sha256(refreshToken),
        access_jti: jtiOf(access.token),
        expires_at: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      })
      .execute();
    return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user: toUser(user) };
  }

  /** Rotates a refresh token. Presenting one already used revokes its whole family (theft). */
  async refresh(refreshToken: string) {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', sha256(refreshToken))
      .executeTakeFirst();
    if (!row || row.revoked_at || row.expires_at.getTime() < Date.now()) throw invalidRefresh();
    const used = await this.db
      .updateTable('refresh_tokens')
      .set({ used_at: new Date() })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) {
      await this.endSession(row.user_id, row.family_id);
      throw new AppError('refresh_token_reused', 401, 'This session was revoked; sign in again');
    }
    return this.startSession(await this.getUser(row.user_id), row.family_id);
  }

  /**
   * Ends one session of `userId` (logout): its refresh-token family is revoked, the access tokens it issued
   * that are still alive are denied (but `deniedJti`, already denied with its exact expiry), and its live
   * sockets are closed.
   */
  async endSession(userId: string, familyId: string, deniedJti?: string): Promise<void> {
    const live = await this.revokeSessions(this.db, userId, familyId);
    await this.denyAccessTokens(live.filter((t) => t.jti !== deniedJti));
    // After the denial: a closed client that reconnects presents a denied token.
    await this.sessionEnded(familyId);
  }

  /** Ends the session of a refresh token owned by `userId`, unless it is `endedSession` (logout). */
  async revokeRefreshToken(userId: string, refreshToken: string, endedSession: string | null = null): Promise<void> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .select('family_id')
      .where('token_hash', '=', sha256(refreshToken))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (row && row.family_id !== endedSession) await this.endSession(userId, row.family_id);
  }

  /**
   * Signs the user out everywhere (password reset): revokes every refresh token, inside `db` when it is a
   * transaction. Returns the access tokens still alive, for the caller to deny once that has committed.
   */
  async revokeAllSessions(userId: string, db: Db = this.db): Promise<LiveAccessToken[]> {
    return this.revokeSessions(db, userId);
  }

  /** Revokes the user's refresh tokens (of one family, or all); returns the access tokens they issued still alive. */
  private async revokeSessions(db: Db, userId: string, familyId?: string): Promise<LiveAccessToken[]> {
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    let live = db
      .selectFrom('refresh_tokens')
      .select(['access_jti', 'created_at'])
      .where('user_id', '=', userId)
      .where('access_jti', 'is not', null)
      .where('created_at', '>', new Date(Date.now() - (ttl + CLOCK_SLACK_SECONDS) * 1000));
    let revoke = db.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (familyId !== undefined) {
      live = live.where('family_id', '=', familyId);
      revoke = revoke.where('family_id', '=', familyId);
    }
    const rows = await live.execute();
    await revoke.execute();
    // The token was signed just before its row was written, so created_at + ttl is at or after its exp.
    return rows.map((r) => ({ jti: r.access_jti!, exp: Math.ceil(r.created_at.getTime() / 1000) + ttl + CLOCK_SLACK_SECONDS }));
  }

  /** Denies access tokens through the Redis denylist (every api node and signaling). */
  async denyAccessTokens(live: LiveAccessToken[]): Promise<void> {
    await Promise.all(live.map((t) => this.tokens.revoke(t.jti, t.exp)));
  }

  /** Finds or creates the user behind an external identity (OIDC). */
  async userForIdentity(provider: string, subject: string, email: string | null, name: string): Promise<UserRow> {
    const identity = await this.db
      .selectFrom('oauth_identities')
      .select('user_id')
      .where('provider', '=', provider)
      .where('subject', '=', subject)
      .executeTakeFirst();
    if (identity) return this.getUser(identity.user_id);
    const existing = email
      ? await this.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
      : undefined;
    const userId = existing?.id ?? randomUUID();
    if (!existing) {
      await this.db.insertInto('users').values({ id: userId, email, name, role: this.roleForEmail(email) }).execute();
    }
    await this.db
      .insertInto('oauth_identities')
      .values({ id: randomUUID(), user_id: userId, provider, subject })
      .execute();
    return this.getUser(userId);
  }
}
