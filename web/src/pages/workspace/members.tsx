// The member list: roles (owners change them), removal, and pending invites.
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { currentUser } from '../../api/session.js';
import type { Member, MemberRole } from '../../api/types.js';
import { listMembers, listWorkspaceInvites, removeMember, revokeInvite, setMemberRole } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { Avatar } from '../../components/avatar.js';
import { SkeletonList } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { InviteModal, RoleSelect } from './invite-modal.js';
import { inviteTick, isOwner, workspace } from './store.js';

function MemberRow({ m, onChanged }: { m: Member; onChanged(): void }) {
  const me = currentUser.value!;
  const owner = isOwner.value;
  const change = async (role: MemberRole) => {
    try {
      await setMemberRole(workspace.value!.id, m.user.id, role);
      onChanged();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  const remove = async () => {
    if (!confirm(`Remove ${m.user.name} from this workspace?`)) return;
    try {
      await removeMember(workspace.value!.id, m.user.id);
      onChanged();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <li class="list-item" data-testid="member-row">
      <Avatar name={m.user.name} url={m.user.avatarUrl} />
      <div class="grow">
        <div>
          {m.user.name} {m.user.id === me.id && <span class="tag">you</span>}
        </div>
        <div class="faint">Joined {formatDate(m.joinedAt)}</div>
      </div>
      {owner && m.user.id !== me.id ? (
        <>
          <div style={{ width: 220 }}>
            <RoleSelect value={m.role} onChange={(r) => void change(r)} />
          </div>
          <button type="button" class="btn btn-sm btn-danger" onClick={() => void remove()}>
            Remove
          </button>
        </>
      ) : (
        <span class="tag">{m.role}</span>
      )}
    </li>
  );
}

export function Members() {
  const wsId = workspace.value!.id;
  const members = useResource((s) => listMembers(wsId, s), [wsId]);
  const invites = useResource((s) => (isOwner.value ? listWorkspaceInvites(wsId, s) : Promise.resolve([])), [wsId, inviteTick.value]);
  const [inviting, setInviting] = useState(false);
  const revoke = async (id: string) => {
    try {
      await revokeInvite(wsId, id);
      invites.reload();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <section class="card stack">
      <div class="row-between">
        <h2 style={{ margin: 0 }}>Members</h2>
        {isOwner.value && (
          <button type="button" class="btn btn-primary" onClick={() => setInviting(true)}>
            Invite
          </button>
        )}
      </div>
      {members.loading && !members.data ? <SkeletonList rows={3} /> : <ErrorAlert message={members.error} onRetry={members.reload} />}
      <ul class="list">
        {members.data?.map((m) => (
          <MemberRow key={m.user.id} m={m} onChanged={members.reload} />
        ))}
      </ul>
      {(invites.data?.length ?? 0) > 0 && (
        <>
          <h3>Pending invites</h3>
          <ul class="list">
            {invites.data!.map((i) => (
              <li class="list-item" key={i.id}>
                <div class="grow">
                  {i.email ?? 'A friend'} <span class="tag">{i.role}</span>
                  <div class="faint">Expires {formatDate(i.expiresAt)}</div>
                </div>
                <button type="button" class="btn btn-sm" onClick={() => void revoke(i.id)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {inviting && <InviteModal onClose={() => setInviting(false)} />}
    </section>
  );
}
