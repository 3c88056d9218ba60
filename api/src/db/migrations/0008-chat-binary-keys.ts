// Chat rows are the api's hottest write. Their keys are server-made ASCII ids, so they are stored as
// ascii_bin: smaller index entries and byte compares instead of unicode collation weights. The client
// message id is the client's own string, kept in utf8mb4 but compared exactly (utf8mb4_bin): two ids that
// differ only in case are two messages. The unique index on the message id is dropped: ids are random
// UUIDs and no query looks a message up by id.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE direct_messages
    DROP INDEX direct_messages_id,
    MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    MODIFY pair_key CHAR(73) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    MODIFY sender_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    MODIFY recipient_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    MODIFY client_message_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE direct_messages
    MODIFY id CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    MODIFY pair_key CHAR(73) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    MODIFY sender_id CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    MODIFY recipient_id CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    MODIFY client_message_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    ADD UNIQUE KEY direct_messages_id (id)`.execute(db);
}
