// Images inside a document's blocks are uploads too, tied to their document.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE uploads
    MODIFY kind ENUM('avatar','cover','image') NOT NULL,
    ADD COLUMN document_id CHAR(36) NULL AFTER kind,
    ADD KEY uploads_document (document_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM uploads WHERE kind = 'image'`.execute(db);
  await sql`ALTER TABLE uploads DROP KEY uploads_document, DROP COLUMN document_id,
    MODIFY kind ENUM('avatar','cover') NOT NULL`.execute(db);
}
