// What the co-editing module (src/collab) needs from the api's tables, and nothing more.
import type { Db } from './db/database.js';
import type { MemberRole } from './db/schema.js';

/**
 * The caller's role in the document's workspace, or null when the user is not a member
 * or the document does not exist. Archived documents still answer their role: the caller decides
 * whether archived documents are writable (see `documentArchived`).
 */
export async function documentRole(db: Db, userId: string, documentId: string): Promise<MemberRole | null> {
  const row = await db
    .selectFrom('documents as d')
    .innerJoin('workspace_members as m', (j) => j.onRef('m.workspace_id', '=', 'd.workspace_id').on('m.user_id', '=', userId))
    .select('m.role')
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  return row?.role ?? null;
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
