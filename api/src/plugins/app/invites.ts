// Workspace invites: to a known user, or by an email link carrying a secret token. Both expire.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Invite, MemberRole } from '../../contract/workspace.js';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Workspaces } from './workspaces.js';

interface InviteRow {
  id: string;
  workspace_id: string;
  workspace_name: string;
  role: MemberRole;
  email: string | null;
  invitee_user_id: string | null;
  expires_at: Date;
  inviter_id: string;
  inviter_name: string;
  inviter_avatar: string | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class Invites {
  constructor(
    private readonly db: Db,
    private readonly workspaces: Workspaces,
    private readonly config: Config,
  ) {}

  #query() {
    return this.db
      .selectFrom('workspace_invites as i')
      .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
      .innerJoin('users as u', 'u.id', 'i.invited_by')
      .select([
        'i.id', 'i.workspace_id', 'w.name as workspace_name', 'i.role', 'i.email', 'i.invitee_user_id',
        'i.expires_at', 'u.id as inviter_id', 'u.name as inviter_name', 'u.avatar_url as inviter_avatar',
      ])
      .where('i.accepted_at', 'is', null)
      .where('i.expires_at', '>', new Date());
  }

  #toInvite(r: InviteRow): Invite {
    return {
      id: r.id,
      workspaceId: r.workspace_id,
      workspaceName: r.workspace_name,
      role: r.role,
      email: r.email,
      inviteeUserId: r.invitee_user_id,
      invitedBy: { id: r.inviter_id, name: r.inviter_name, avatarUrl: r.inviter_avatar },
      expiresAt: r.expires_at.toISOString(),
    };
  }

  async create(
    workspaceId: string,
    invitedBy: string,
    input: { role: MemberRole; userId?: string; email?: string },
  ): Promise<Invite> {
    if (input.userId) {
      const user = await this.db.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
      if (!user) throw notFound('User');
    }
    const token = randomBytes(24).toString('base64url');
    const id = randomUUID();
    await this.db
      .insertInto('workspace_invites')
      .values({
        id,
        workspace_id: workspaceId,
        token_hash: sha256(token),
        email: input.email?.toLowerCase() ?? null,
        invitee_user_id: input.userId ?? null,
        role: input.role,
        invited_by: invitedBy,
        expires_at: new Date(Date.now() + this.config.INVITE_TTL_SECONDS * 1000),
      })
      .execute();
    const invite = this.#toInvite(await this.#query().where('i.id', '=', id).executeTakeFirstOrThrow());
    if (!input.email) return invite;
    const link = new URL('/invite', this.config.PUBLIC_WEB_URL);
    link.searchParams.set('token', token);
    return { ...invite, link: link.toString() };
  }

  async pendingForWorkspace(workspaceId: string): Promise<Invite[]> {
    const rows = await this.#query().where('i.workspace_id', '=', workspaceId).orderBy('i.created_at', 'desc').execute();
    return rows.map((r) => this.#toInvite(r));
  }

  /** Invites addressed to this user, by id or by their email. */
  async pendingForUser(userId: string, email: string | null): Promise<Invite[]> {
    const rows = await this.#query()
      .where((eb) => eb.or([eb('i.invitee_user_id', '=', userId), ...(email ? [eb('i.email', '=', email)] : [])]))
      .orderBy('i.created_at', 'desc')
      .execute();
    return rows.map((r) => this.#toInvite(r));
  }

  async revoke(workspaceId: string, inviteId: string): Promise<void> {
    const res = await this.db
      .deleteFrom('workspace_invites')
      .where('id', '=', inviteId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('Invite');
  }

  /** Accepts an invite addressed to this user (by id or email). */
  async acceptById(inviteId: string, user: { id: string; email: string | null }): Promise<string> {
    const invite = await this.#query().where('i.id', '=', inviteId).executeTakeFirst();
    const mine = invite && (invite.invitee_user_id === user.id || (invite.email !== null && invite.email === user.email));
    if (!invite || !mine) throw notFound('Invite');
    return this.#accept(invite.id, invite.workspace_id, invite.role, user.id);
  }

  /** Accepts an email-link invite; when the invite names an email, it must be the user's. */
  async acceptByToken(token: string, user: { id: string; email: string | null }): Promise<string> {
    const row = await this.db
      .selectFrom('workspace_invites')
      .select(['id', 'workspace_id', 'role', 'email', 'expires_at', 'accepted_at'])
      .where('token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!row || row.accepted_at) throw notFound('Invite');
    if (row.expires_at.getTime() < Date.now()) throw new AppError('invite_expired', 410, 'This invite has expired');
    if (row.email && row.email !== user.email) throw new AppError('invite_wrong_user', 403, 'This invite is for another email address');
    return this.#accept(row.id, row.workspace_id, row.role, user.id);
  }

  async decline(inviteId: string, user: { id: string; email: string | null }): Promise<void> {
    const invite = await this.#query().where('i.id', '=', inviteId).executeTakeFirst();
    const mine = invite && (invite.invitee_user_id === user.id || (invite.email !== null && invite.email === user.email));
    if (!mine) throw notFound('Invite');
    await this.db.deleteFrom('workspace_invites').where('id', '=', inviteId).execute();
  }

  async #accept(inviteId: string, workspaceId: string, role: MemberRole, userId: string): Promise<string> {
    const res = await this.db
      .updateTable('workspace_invites')
      .set({ accepted_at: new Date(), accepted_by: userId })
      .where('id', '=', inviteId)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw notFound('Invite');
    await this.workspaces.addMember(workspaceId, userId, role);
    return workspaceId;
  }
}
