// What the co-editing module (src/collab) needs from the api's tables, and nothing more.
import type { Db } from './db/database.js';
import type { MemberRole } from './db/schema.js';
import { documentRoleOf } from './plugins/app/access.js';

/**
 * The caller's effective role on the document (workspace role raised by page shares, see
 * plugins/app/access.ts), or null when the user has no access or the document does not exist. Archived
 * documents still answer their role: the caller decides whether archived documents are writable (see
 * `documentArchived`).
 */
export async function documentRole(db: Db, userId: string, documentId: string): Promise<MemberRole | null> {
  return (await documentRoleOf(db, documentId, userId))?.role ?? null;
}

/** True when the document is in the trash (or missing). */
export async function documentArchived(db: Db, documentId: string): Promise<boolean> {
  const row = await db.selectFrom('documents').select('archived_at').where('id', '=', documentId).executeTakeFirst();
  return !row || row.archived_at !== null;
}

/** Stores the plain text extracted from a compacted Yjs document, for search and "recently edited". */
export async function saveExtractedText(db: Db, documentId: string, text: string): Promise<void> {
  await db
    .updateTable('documents')
    .set({ content_text: text, content_updated_at: new Date() })
    .where('id', '=', documentId)
    .execute();
}
