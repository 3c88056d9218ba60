// Friend requests, friendships (one row per direction) and 1:1 chat.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE friend_requests (
    id CHAR(36) NOT NULL PRIMARY KEY,
    from_user_id CHAR(36) NOT NULL,
    to_user_id CHAR(36) NOT NULL,
    status ENUM('pending','accepted','declined','cancelled') NOT NULL DEFAULT 'pending',
    pending_key CHAR(73) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    responded_at DATETIME(3) NULL,
    UNIQUE KEY friend_requests_pending (pending_key),
    KEY friend_requests_to (to_user_id, status, created_at),
    KEY friend_requests_from (from_user_id, status, created_at),
    CONSTRAINT friend_requests_from_fk FOREIGN KEY (from_user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT friend_requests_to_fk FOREIGN KEY (to_user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE friendships (
    user_id CHAR(36) NOT NULL,
    friend_id CHAR(36) NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, friend_id),
    CONSTRAINT friendships_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT friendships_friend_fk FOREIGN KEY (friend_id) REFERENCES users (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE direct_messages (
    seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    id CHAR(36) NOT NULL,
    pair_key CHAR(73) NOT NULL,
    sender_id CHAR(36) NOT NULL,
    recipient_id CHAR(36) NOT NULL,
    client_message_id VARCHAR(64) NOT NULL,
    body TEXT NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (seq),
    UNIQUE KEY direct_messages_id (id),
    UNIQUE KEY direct_messages_client_id (sender_id, client_message_id),
    KEY direct_messages_pair (pair_key, seq),
    KEY direct_messages_unread (recipient_id, sender_id, seq)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE chat_reads (
    user_id CHAR(36) NOT NULL,
    peer_id CHAR(36) NOT NULL,
    last_read_seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, peer_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['chat_reads', 'direct_messages', 'friendships', 'friend_requests']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
