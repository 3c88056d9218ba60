// Password resets: single-use tokens, stored hashed, with an expiry. Refresh tokens remember the access
// token issued with them, so a reset can deny those access tokens too (other devices signed out at once).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE password_resets (
    id CHAR(36) NOT NULL PRIMARY KEY,
    user_id CHAR(36) NOT NULL,
    token_hash CHAR(64) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    used_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY password_resets_hash (token_hash),
    KEY password_resets_user_created (user_id, created_at),
    CONSTRAINT password_resets_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`ALTER TABLE refresh_tokens ADD COLUMN access_jti CHAR(36) NULL AFTER token_hash`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE refresh_tokens DROP COLUMN access_jti`.execute(db);
  await sql`DROP TABLE password_resets`.execute(db);
}
