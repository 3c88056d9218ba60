// Per-document sharing: a page shared with one user as viewer or editor, inherited by its child pages.
// The ids keep utf8mb4_unicode_ci: a foreign key needs the charset and collation of the column it
// references (documents.id, users.id), and the share lookups join those columns.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // PRIMARY (document_id, user_id): one share per page and user; the ancestor walk's probe and a page's list.
  // (user_id, created_at): "shared with me", newest first. (shared_by): the sharer's foreign key.
  await sql`CREATE TABLE document_shares (
    document_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    role ENUM('viewer','editor') NOT NULL,
    shared_by CHAR(36) NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (document_id, user_id),
    KEY document_shares_user (user_id, created_at),
    KEY document_shares_shared_by (shared_by),
    CONSTRAINT document_shares_doc_fk FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE,
    CONSTRAINT document_shares_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT document_shares_shared_by_fk FOREIGN KEY (shared_by) REFERENCES users (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS document_shares`.execute(db);
}
