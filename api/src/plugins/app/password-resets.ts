// Forgotten passwords: a single-use token, stored hashed, mailed as a link; redeeming it sets a new
// password (argon2id, as sign-up) and signs the user out on every device.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { passwordResetMail, webLink } from '../../mail/templates.js';
import type { Mailer } from '../external/mailer.js';
import type { Accounts } from './accounts.js';
import type { Notifier } from './notifier.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Mails per account per hour: the per-address rate limit alone would let many addresses flood one inbox. */
const MAX_MAILS_PER_HOUR = 3;

const invalidToken = () =>
  new AppError('reset_token_invalid', 400, 'This reset link is not valid. Check that you copied all of it, or ask for a new one.');
const usedToken = () =>
  new AppError('reset_token_used', 410, 'This reset link has already been used. Ask for a new one if you still need to reset your password.');
const expiredToken = () => new AppError('reset_token_expired', 410, 'This reset link has expired. Ask for a new one.');

export class PasswordResets {
  /** Requests still sending, awaited on close. */
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly accounts: Accounts,
    private readonly mailer: Mailer,
    private readonly notifier: Notifier,
    private readonly config: Config,
    private readonly log: () => FastifyBaseLogger,
  ) {}

  /**
   * Starts a reset for `email` without waiting: the route answers the same, at the same speed, whether
   * or not the account exists.
   */
  requestInBackground(email: string): void {
    const task = this.request(email)
      .catch((err: unknown) => this.log().error({ err }, 'password reset request failed'))
      .finally(() => this.#pending.delete(task));
    this.#pending.add(task);
  }

  /** Mails a reset link when the account exists and has a password; otherwise does nothing. */
  async request(email: string): Promise<void> {
    if (!this.mailer.enabled) {
      this.log().info('password reset requested, but email is off (SMTP_URL unset)');
      return;
    }
    const user = await this.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'password_hash'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (!user?.email || !user.password_hash) return;
    const token = await this.#issueToken(user.id);
    if (!token) {
      this.log().info('password reset mail skipped: hourly limit for the account reached');
      return;
    }
    const ttl = this.config.PASSWORD_RESET_TTL_SECONDS;
    const link = webLink(this.config.PUBLIC_WEB_URL, '/reset-password', { token });
    await this.mailer.send('password_reset', passwordResetMail({ to: user.email, name: user.name, link, ttlSeconds: ttl }));
  }

  /** Sets a new password with a valid token, uses the token up and signs the user out everywhere. */
  async reset(token: string, password: string): Promise<void> {
    const row = await this.db
      .selectFrom('password_resets')
      .select(['id', 'user_id', 'expires_at', 'used_at'])
      .where('token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!row) throw invalidToken();
    if (row.used_at) throw usedToken();
    if (row.expires_at.getTime() <= Date.now()) throw expiredToken();
    const passwordHash = await this.accounts.hashPassword(password);
    const live = await this.db.transaction().execute(async (trx) => {
      // Claimed atomically: of two concurrent uses of one token, only one gets here.
      const claimed = await trx
        .updateTable('password_resets')
        .set({ used_at: new Date() })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw usedToken();
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.user_id).execute();
      // Other links mailed earlier die with this one.
      await trx
        .updateTable('password_resets')
        .set({ used_at: new Date() })
        .where('user_id', '=', row.user_id)
        .where('used_at', 'is', null)
        .execute();
      return this.accounts.revokeAllSessions(row.user_id, trx);
    });
    await this.accounts.denyAccessTokens(live);
    await this.notifier.disconnectUser(row.user_id);
  }

  /** Waits for the requests still sending (app close). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }

  /** Stores a new token unless the account had its hourly share; null then. */
  async #issueToken(userId: string): Promise<string | null> {
    return this.db.transaction().execute(async (trx) => {
      // The user row's lock serialises concurrent requests for one account, so the count cannot race.
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
      const { n } = await trx
        .selectFrom('password_resets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('created_at', '>', new Date(Date.now() - 3600_000))
        .executeTakeFirstOrThrow();
      if (Number(n) >= MAX_MAILS_PER_HOUR) return null;
      const token = randomBytes(32).toString('base64url');
      const expires_at = new Date(Date.now() + this.config.PASSWORD_RESET_TTL_SECONDS * 1000);
      await trx.insertInto('password_resets').values({ id: randomUUID(), user_id: userId, token_hash: sha256(token), expires_at }).execute();
      return token;
    });
  }
}
