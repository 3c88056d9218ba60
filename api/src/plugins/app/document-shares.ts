// Page shares: one user given viewer or editor access to one page and, by inheritance, its child pages.
// Who may share, and the effective role a share gives, live in access.ts; this is the rows.
import { sql } from 'kysely';
import type { DocumentShare, SharedDocument } from '../../contract/workspace.js';
import type { Db } from '../../db/database.js';
import type { ShareRole } from '../../db/schema.js';
import { ancestorChain } from './access.js';

/** "Shared with me" lists the newest shares only. */
const SHARED_WITH_ME_LIMIT = 100;

interface ShareRow {
  document_id: string;
  user_id: string;
  name: string;
  email: string | null;
  avatar_url: string | null;
  role: ShareRole;
  shared_by: string;
  created_at: Date;
  depth: number;
}

const toShare = (r: ShareRow): DocumentShare => ({
  userId: r.user_id,
  name: r.name,
  email: r.email ?? '',
  avatarUrl: r.avatar_url,
  role: r.role,
  inherited: Number(r.depth) > 0,
  fromDocumentId: r.document_id,
  sharedBy: r.shared_by,
  createdAt: r.created_at.toISOString(),
});

export interface ShareTarget {
  id: string;
  name: string;
}

export class DocumentShares {
  constructor(private readonly db: Db) {}

  /** The shares that apply to a page: its own first, then each ancestor's (nearest first), oldest first. */
  async forDocument(documentId: string): Promise<DocumentShare[]> {
    const { rows } = await sql<ShareRow>`${ancestorChain(documentId)}
      SELECT s.document_id, s.user_id, u.name, u.email, u.avatar_url, s.role, s.shared_by, s.created_at, c.depth
      FROM chain c
      JOIN document_shares s ON s.document_id = c.id
      JOIN users u ON u.id = s.user_id
      ORDER BY c.depth, s.created_at, s.user_id`.execute(this.db);
    return rows.map(toShare);
  }

  /** The page's own share with one user, or null. */
  async get(documentId: string, userId: string): Promise<DocumentShare | null> {
    const row = await this.db
      .selectFrom('document_shares as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.document_id', 's.user_id', 'u.name', 'u.email', 'u.avatar_url', 's.role', 's.shared_by', 's.created_at', sql<number>`0`.as('depth')])
      .where('s.document_id', '=', documentId)
      .where('s.user_id', '=', userId)
      .executeTakeFirst();
    return row ? toShare(row) : null;
  }

  /** The account an email belongs to (the column's collation makes the match case-insensitive). */
  async userByEmail(email: string): Promise<ShareTarget | null> {
    const row = await this.db.selectFrom('users').select(['id', 'name']).where('email', '=', email.trim()).executeTakeFirst();
    return row ?? null;
  }

  /**
   * Creates the share or changes its role. `changed` is false when the share already had this role: nothing
   * is written (the first sharer and date stay), and nobody needs telling.
   */
  async put(documentId: string, userId: string, role: ShareRole, sharedBy: string): Promise<{ share: DocumentShare; changed: boolean }> {
    const existing = await this.get(documentId, userId);
    if (existing?.role === role) return { share: existing, changed: false };
    await this.db
      .insertInto('document_shares')
      .values({ document_id: documentId, user_id: userId, role, shared_by: sharedBy })
      .onDuplicateKeyUpdate({ role, shared_by: sharedBy })
      .execute();
    const share = await this.get(documentId, userId);
    if (!share) throw new Error('document share vanished after its write');
    return { share, changed: true };
  }

  /** Removes the page's own share with the user; false when there was none. */
  async remove(documentId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('document_shares')
      .where('document_id', '=', documentId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Pages shared directly with the user, not in the trash, newest share first. */
  async sharedWith(userId: string): Promise<SharedDocument[]> {
    const rows = await this.db
      .selectFrom('document_shares as s')
      .innerJoin('documents as d', 'd.id', 's.document_id')
      .innerJoin('workspaces as w', 'w.id', 'd.workspace_id')
      .innerJoin('users as u', 'u.id', 's.shared_by')
      .select(['d.id', 'd.title', 'd.icon', 'd.workspace_id', 'w.name as workspace_name', 's.role', 's.shared_by', 'u.name as shared_by_name', 's.created_at'])
      .where('s.user_id', '=', userId)
      .where('d.archived_at', 'is', null)
      .orderBy('s.created_at', 'desc')
      .orderBy('s.document_id', 'desc')
      .limit(SHARED_WITH_ME_LIMIT)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      icon: r.icon,
      workspaceId: r.workspace_id,
      workspaceName: r.workspace_name,
      role: r.role,
      sharedBy: { id: r.shared_by, name: r.shared_by_name },
      sharedAt: r.created_at.toISOString(),
    }));
  }
}
