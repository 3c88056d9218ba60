// Workspaces and their members.
import { randomUUID } from 'node:crypto';
import type { Member, Workspace } from '../../contract/workspace.js';
import type { Db } from '../../db/database.js';
import type { MemberRole } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { type ListInvalidation, noListCache } from './document-lists.js';

export class Workspaces {
  /** Told after every committed membership change (set by document-lists-plugin.ts). */
  lists: ListInvalidation = noListCache;

  constructor(private readonly db: Db) {}

  async create(userId: string, name: string, icon: string | null): Promise<Workspace> {
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('workspaces').values({ id, name, icon, created_by: userId }).execute();
      await trx.insertInto('workspace_members').values({ workspace_id: id, user_id: userId, role: 'owner' }).execute();
    });
    return this.get(id, userId);
  }

  async listFor(userId: string): Promise<Workspace[]> {
    const rows = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id', 'w.name', 'w.icon', 'w.created_at', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('w.created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, icon: r.icon, role: r.role, createdAt: r.created_at.toISOString() }));
  }

  async get(id: string, userId: string): Promise<Workspace> {
    const row = await this.db
      .selectFrom('workspaces as w')
      .innerJoin('workspace_members as m', (j) => j.onRef('m.workspace_id', '=', 'w.id').on('m.user_id', '=', userId))
      .select(['w.id', 'w.name', 'w.icon', 'w.created_at', 'm.role'])
      .where('w.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('Workspace');
    return { id: row.id, name: row.name, icon: row.icon, role: row.role, createdAt: row.created_at.toISOString() };
  }

  async update(id: string, patch: { name?: string; icon?: string | null }): Promise<void> {
    await this.db.updateTable('workspaces').set(patch).where('id', '=', id).execute();
  }

  /** Deletes the workspace; returns its document ids so live sessions can be closed. */
  async remove(id: string): Promise<string[]> {
    const docs = await this.db.selectFrom('documents').select('id').where('workspace_id', '=', id).execute();
    await this.db.deleteFrom('workspaces').where('id', '=', id).execute();
    await this.lists.workspace(id);
    return docs.map((d) => d.id);
  }

  async members(id: string): Promise<Member[]> {
    const rows = await this.db
      .selectFrom('workspace_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.avatar_url', 'm.role', 'm.created_at'])
      .where('m.workspace_id', '=', id)
      .orderBy('m.created_at')
      .execute();
    return rows.map((r) => ({
      user: { id: r.id, name: r.name, avatarUrl: r.avatar_url },
      role: r.role,
      joinedAt: r.created_at.toISOString(),
    }));
  }

  async addMember(workspaceId: string, userId: string, role: MemberRole): Promise<void> {
    // An accepted invite never changes an existing member's role (it could demote an owner).
    await this.db
      .insertInto('workspace_members')
      .values({ workspace_id: workspaceId, user_id: userId, role })
      .onDuplicateKeyUpdate({ role: (eb) => eb.ref('workspace_members.role') })
      .execute();
    await this.lists.workspace(workspaceId);
  }

  async setRole(workspaceId: string, userId: string, role: MemberRole): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.#lockMember(trx, workspaceId, userId);
      if (current.role === 'owner' && role !== 'owner') await this.#assertAnotherOwner(trx, workspaceId, userId);
      await trx
        .updateTable('workspace_members')
        .set({ role })
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .execute();
    });
    await this.lists.workspace(workspaceId);
  }

  async removeMember(workspaceId: string, userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.#lockMember(trx, workspaceId, userId);
      if (current.role === 'owner') await this.#assertAnotherOwner(trx, workspaceId, userId);
      await trx.deleteFrom('workspace_members').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    });
    await this.lists.workspace(workspaceId);
  }

  /** The member's row, locked until the transaction ends (role changes race with each other). */
  async #lockMember(trx: Db, workspaceId: string, userId: string): Promise<{ role: MemberRole }> {
    const current = await trx
      .selectFrom('workspace_members')
      .select('role')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('Member');
    return current;
  }

  async #assertAnotherOwner(trx: Db, workspaceId: string, userId: string): Promise<void> {
    const other = await trx
      .selectFrom('workspace_members')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('role', '=', 'owner')
      .where('user_id', '!=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!other) throw new AppError('last_owner', 409, 'A workspace needs at least one owner');
  }
}
