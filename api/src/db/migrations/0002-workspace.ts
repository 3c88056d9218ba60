// Workspaces, members, invites and documents (document rows; Yjs state belongs to collab's migration).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE workspaces (
    id CHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    icon VARCHAR(64) NULL,
    created_by CHAR(36) NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE workspace_members (
    workspace_id CHAR(36) NOT NULL,
    user_id CHAR(36) NOT NULL,
    role ENUM('owner','editor','viewer') NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (workspace_id, user_id),
    KEY workspace_members_user (user_id),
    CONSTRAINT workspace_members_ws_fk FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
    CONSTRAINT workspace_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE workspace_invites (
    id CHAR(36) NOT NULL PRIMARY KEY,
    workspace_id CHAR(36) NOT NULL,
    token_hash CHAR(64) NOT NULL,
    email VARCHAR(320) NULL,
    invitee_user_id CHAR(36) NULL,
    role ENUM('owner','editor','viewer') NOT NULL,
    invited_by CHAR(36) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    accepted_at DATETIME(3) NULL,
    accepted_by CHAR(36) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY workspace_invites_token (token_hash),
    KEY workspace_invites_ws (workspace_id, created_at),
    KEY workspace_invites_invitee (invitee_user_id, accepted_at),
    CONSTRAINT workspace_invites_ws_fk FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  // Search must find every word people type ("the", "will"): the FULLTEXT index is built without
  // InnoDB's stopword list, which is read at index creation, on the same connection as the SET.
  await db.connection().execute(async (conn) => {
    await sql`SET SESSION innodb_ft_enable_stopword = 0`.execute(conn);
    await createDocuments(conn);
  });
}

async function createDocuments(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE documents (
    id CHAR(36) NOT NULL PRIMARY KEY,
    workspace_id CHAR(36) NOT NULL,
    parent_id CHAR(36) NULL,
    title VARCHAR(255) NOT NULL DEFAULT '',
    icon VARCHAR(64) NULL,
    cover_url VARCHAR(1024) NULL,
    content_text MEDIUMTEXT NOT NULL,
    content_updated_at DATETIME(3) NULL,
    archived_at DATETIME(3) NULL,
    created_by CHAR(36) NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    KEY documents_tree (workspace_id, parent_id),
    KEY documents_parent (parent_id),
    KEY documents_archived (workspace_id, archived_at),
    KEY documents_recent (workspace_id, content_updated_at),
    FULLTEXT KEY documents_fulltext (title, content_text),
    CONSTRAINT documents_ws_fk FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['documents', 'workspace_invites', 'workspace_members', 'workspaces']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
