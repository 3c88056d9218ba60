// Permission checks shared by workspace, invite, document and call routes, and the co-editing upgrade.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { MemberRole, ShareRole } from '../../db/schema.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { type DocumentRow, SUMMARY_COLUMNS } from './documents.js';

const RANK: Record<MemberRole, number> = { viewer: 1, editor: 2, owner: 3 };
/** Page trees are shallow; the bound only guards the ancestor walk against a corrupt parent cycle. */
const MAX_ANCESTORS = 64;

/** `WITH RECURSIVE chain (id, parent_id, depth)`: the page (depth 0) and its ancestors, nearest first. */
export const ancestorChain = (documentId: string) => sql`
  WITH RECURSIVE chain (id, parent_id, depth) AS (
    SELECT id, parent_id, 0 FROM documents WHERE id = ${documentId}
    UNION ALL
    SELECT d.id, d.parent_id, c.depth + 1 FROM documents d JOIN chain c ON d.id = c.parent_id
    WHERE c.depth < ${MAX_ANCESTORS}
  )`;

export function atLeast(role: MemberRole, min: MemberRole): boolean {
  return RANK[role] >= RANK[min];
}

const tooLow = (min: MemberRole) =>
  forbidden(min === 'owner' ? 'Only workspace owners can do this' : 'Viewers cannot change this workspace');

/** The effective role of one user on one document. */
export interface DocumentRole {
  /** The workspace role, raised by any share of the page or of an ancestor page. */
  role: MemberRole;
  /** The workspace role; null for a guest (access through shares only). */
  memberRole: MemberRole | null;
  guest: boolean;
  /** The page (this one or an ancestor) whose share gives the role; null when the role is the workspace's. */
  sharedFrom: string | null;
}

/** What one user may do on one document, with its row. */
export interface DocumentAccess extends DocumentRole {
  doc: DocumentRow;
}

/**
 * The highest share role of the user on the page or any of its ancestors (recursive walk up parent_id),
 * and the nearest page holding a share of that role.
 */
async function inheritedShare(db: Db, documentId: string, userId: string): Promise<{ role: ShareRole; from: string } | null> {
  const { rows } = await sql<{ role: ShareRole; id: string; depth: number }>`${ancestorChain(documentId)}
    SELECT s.role, c.id, c.depth FROM chain c JOIN document_shares s ON s.document_id = c.id AND s.user_id = ${userId}
    ORDER BY c.depth`.execute(db);
  const best = rows.find((r) => r.role === 'editor') ?? rows[0];
  return best ? { role: best.role, from: best.id } : null;
}

/**
 * The workspace role raised by shares. Editors and owners skip the share lookup: shares never raise
 * anyone above editor, so members with write access cost no extra query.
 */
async function raiseByShares(db: Db, documentId: string, userId: string, memberRole: MemberRole | null): Promise<DocumentRole | null> {
  const asMember = memberRole && { role: memberRole, memberRole, guest: false, sharedFrom: null };
  if (asMember && atLeast(asMember.role, 'editor')) return asMember;
  const shared = await inheritedShare(db, documentId, userId);
  if (!shared) return asMember;
  if (asMember && atLeast(asMember.role, shared.role)) return asMember;
  return { role: shared.role, memberRole, guest: memberRole === null, sharedFrom: shared.from };
}

/**
 * The one place the effective role on a document is computed, with the document's row (document and
 * upload routes). Null when the document does not exist or the user has no access at all.
 */
export async function documentAccess(db: Db, documentId: string, userId: string): Promise<DocumentAccess | null> {
  const row = await db
    .selectFrom('documents as d')
    .leftJoin('workspace_members as m', (j) => j.onRef('m.workspace_id', '=', 'd.workspace_id').on('m.user_id', '=', userId))
    .select([...SUMMARY_COLUMNS.map((c) => `d.${c}` as const), 'm.role as member_role'])
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  if (!row) return null;
  const { member_role: memberRole, ...doc } = row;
  const role = await raiseByShares(db, documentId, userId, memberRole);
  // Trash is the workspace's: a guest loses a trashed page until it is restored.
  if (role?.guest && doc.archived_at !== null) return null;
  return role && { doc, ...role };
}

/** documentAccess without the row (the collab upgrade): the same rule, lighter reads. */
export async function documentRoleOf(db: Db, documentId: string, userId: string): Promise<DocumentRole | null> {
  const row = await db
    .selectFrom('documents as d')
    .leftJoin('workspace_members as m', (j) => j.onRef('m.workspace_id', '=', 'd.workspace_id').on('m.user_id', '=', userId))
    .select('m.role as member_role')
    .where('d.id', '=', documentId)
    .executeTakeFirst();
  return row ? raiseByShares(db, documentId, userId, row.member_role) : null;
}

export class Access {
  constructor(private readonly db: Db) {}

  async roleOf(workspaceId: string, userId: string): Promise<MemberRole | null> {
    const row = await this.db
      .selectFrom('workspace_members')
      .select('role')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.role ?? null;
  }

  /** Non-members get 404 (a workspace's existence is private); members below `min` get 403. */
  async requireWorkspace(workspaceId: string, userId: string, min: MemberRole): Promise<MemberRole> {
    const role = await this.roleOf(workspaceId, userId);
    if (!role) throw notFound('Workspace');
    if (!atLeast(role, min)) throw tooLow(min);
    return role;
  }

  /** By the effective role (shares count): no access 404, below `min` 403. */
  async requireDocument(documentId: string, userId: string, min: MemberRole): Promise<DocumentAccess> {
    const access = await documentAccess(this.db, documentId, userId);
    if (!access) throw notFound('Document');
    if (!atLeast(access.role, min)) throw access.guest ? forbidden('This page is shared with you to view only') : tooLow(min);
    return access;
  }

  /**
   * By the workspace role only (moving, archiving, restoring, deleting pages, managing shares): no access
   * 404, a guest or a member below `min` 403, even when a share would allow editing the page.
   */
  async requireDocumentMember(documentId: string, userId: string, min: MemberRole): Promise<DocumentAccess> {
    const access = await documentAccess(this.db, documentId, userId);
    if (!access) throw notFound('Document');
    if (!access.memberRole) throw forbidden('Only members of this workspace can do this');
    if (!atLeast(access.memberRole, min)) throw tooLow(min);
    return access;
  }

  async areFriends(a: string, b: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('friendships')
      .select('user_id')
      .where('user_id', '=', a)
      .where('friend_id', '=', b)
      .executeTakeFirst();
    return Boolean(row);
  }

  async requireFriend(userId: string, otherId: string): Promise<void> {
    if (userId === otherId) throw new AppError('not_friends', 403, 'You cannot do this with yourself');
    if (!(await this.areFriends(userId, otherId))) throw new AppError('not_friends', 403, 'Only friends can do this');
  }
}
