// Invite someone by email (a link to send) or a friend directly, with a role.
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { listFriends } from '../../api/people.js';
import type { Invite, MemberRole } from '../../api/types.js';
import { createInvite } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { Modal } from '../../components/modal.js';
import { useResource } from '../../lib/use-resource.js';
import { inviteTick, workspace } from './store.js';

export function RoleSelect({ value, onChange, id }: { value: MemberRole; onChange(r: MemberRole): void; id?: string }) {
  return (
    <select id={id} class="select" value={value} onChange={(e) => onChange(e.currentTarget.value as MemberRole)} aria-label="Role">
      <option value="viewer">Viewer — can read</option>
      <option value="editor">Editor — can write</option>
      <option value="owner">Owner — manages members</option>
    </select>
  );
}

function FriendPicker({ value, onChange }: { value: string; onChange(id: string): void }) {
  const friends = useResource((s) => listFriends(s), []);
  if (friends.loading) return <span class="faint">Loading friends…</span>;
  if (friends.error) return <ErrorAlert message={friends.error} onRetry={friends.reload} />;
  const list = friends.data?.items ?? [];
  if (list.length === 0) return <span class="faint">No friends yet. Invite by email instead.</span>;
  return (
    <select id="invite-friend" class="select" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">Choose a friend…</option>
      {list.map((f) => (
        <option key={f.id} value={f.id}>
          {f.name}
        </option>
      ))}
    </select>
  );
}

export function InviteModal({ onClose, onInvited }: { onClose(): void; onInvited?(invite: Invite): void }) {
  const [mode, setMode] = useState<'email' | 'friend'>('email');
  const [email, setEmail] = useState('');
  const [friendId, setFriendId] = useState('');
  const [role, setRole] = useState<MemberRole>('editor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<Invite | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = mode === 'email' ? { role, email: email.trim() } : { role, userId: friendId };
      const invite = await createInvite(workspace.value!.id, body);
      setSent(invite);
      inviteTick.value++;
      onInvited?.(invite);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const link = sent?.link ?? null;
  return (
    <Modal title={`Invite to ${workspace.value?.name ?? 'workspace'}`} onClose={onClose}>
      {sent ? (
        <div class="stack">
          <div class="alert alert-success" role="status">
            {sent.email
              ? sent.emailed
                ? `We emailed the invitation to ${sent.email}.`
                : `Invitation created for ${sent.email}.`
              : 'Invitation sent. It appears in their invites.'}
          </div>
          {link && (
            <div class="field">
              <label for="invite-link">{sent.emailed ? 'Or share this link' : 'Send them this link'}</label>
              <input id="invite-link" class="input" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
            </div>
          )}
          <div class="row">
            <button type="button" class="btn" onClick={() => setSent(null)}>
              Invite another
            </button>
            <button type="button" class="btn btn-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form class="stack" onSubmit={submit}>
          <div class="row" role="radiogroup" aria-label="Invite by">
            <label class="row">
              <input type="radio" name="invite-mode" checked={mode === 'email'} onChange={() => setMode('email')} /> Email
            </label>
            <label class="row">
              <input type="radio" name="invite-mode" checked={mode === 'friend'} onChange={() => setMode('friend')} /> A friend
            </label>
          </div>
          {mode === 'email' ? (
            <div class="field">
              <label for="invite-email">Email address</label>
              <input id="invite-email" class="input" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
            </div>
          ) : (
            <div class="field">
              <label for="invite-friend">Friend</label>
              <FriendPicker value={friendId} onChange={setFriendId} />
            </div>
          )}
          <div class="field">
            <label for="invite-role">Role</label>
            <RoleSelect id="invite-role" value={role} onChange={setRole} />
          </div>
          <ErrorAlert message={error} />
          <div class="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" class="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" class="btn btn-primary" disabled={busy || (mode === 'friend' && !friendId)}>
              {busy ? 'Inviting…' : 'Send invite'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
