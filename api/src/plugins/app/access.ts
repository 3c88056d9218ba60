// Permission checks shared by workspace, invite, document and call routes.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DocumentsTable, MemberRole } from '../../db/schema.js';
import { AppError, forbidden, notFound } from '../../errors.js';

const RANK: Record<MemberRole, number> = { viewer: 1, editor: 2, owner: 3 };

export function atLeast(role: MemberRole, min: MemberRole): boolean {
  return RANK[role] >= RANK[min];
}

const tooLow = (min: MemberRole) =>
  forbidden(min === 'owner' ? 'Only workspace owners can do this' : 'Viewers cannot change this workspace');

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

  async requireDocument(
    documentId: string,
    userId: string,
    min: MemberRole,
  ): Promise<{ doc: Selectable<DocumentsTable>; role: MemberRole }> {
    const row = await this.db
      .selectFrom('documents as d')
      .innerJoin('workspace_members as m', (j) => j.onRef('m.workspace_id', '=', 'd.workspace_id').on('m.user_id', '=', userId))
      .selectAll('d')
      .select('m.role')
      .where('d.id', '=', documentId)
      .executeTakeFirst();
    if (!row) throw notFound('Document');
    const { role, ...doc } = row;
    if (!atLeast(role, min)) throw tooLow(min);
    return { doc, role };
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
