// Uploaded files, AI chat history and meeting-notes jobs.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE uploads (
    id CHAR(36) NOT NULL PRIMARY KEY,
    owner_id CHAR(36) NOT NULL,
    storage_key VARCHAR(255) NOT NULL,
    kind ENUM('avatar','cover') NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size INT UNSIGNED NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY uploads_owner (owner_id, created_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE ai_messages (
    id CHAR(36) NOT NULL PRIMARY KEY,
    user_id CHAR(36) NOT NULL,
    role ENUM('user','assistant') NOT NULL,
    content MEDIUMTEXT NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ai_messages_user (user_id, created_at),
    KEY ai_messages_created (created_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE meeting_note_jobs (
    id CHAR(36) NOT NULL PRIMARY KEY,
    user_id CHAR(36) NOT NULL,
    workspace_id CHAR(36) NOT NULL,
    title VARCHAR(255) NOT NULL,
    status ENUM('uploading','queued','transcribing','summarizing','done','failed') NOT NULL DEFAULT 'uploading',
    attempts INT UNSIGNED NOT NULL DEFAULT 0,
    chunk_count INT UNSIGNED NOT NULL DEFAULT 0,
    error VARCHAR(1000) NULL,
    document_id CHAR(36) NULL,
    locked_until DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    KEY meeting_note_jobs_user (user_id, created_at),
    KEY meeting_note_jobs_pending (status, locked_until)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
  await sql`CREATE TABLE meeting_note_chunks (
    job_id CHAR(36) NOT NULL,
    seq INT UNSIGNED NOT NULL,
    storage_key VARCHAR(255) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size INT UNSIGNED NOT NULL,
    PRIMARY KEY (job_id, seq),
    CONSTRAINT meeting_note_chunks_job_fk FOREIGN KEY (job_id) REFERENCES meeting_note_jobs (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['meeting_note_chunks', 'meeting_note_jobs', 'ai_messages', 'uploads']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
