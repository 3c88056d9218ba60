// /w: opens the last or first workspace, offers to create one, and lists invites and pages shared with me.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import type { Invite } from '../../api/types.js';
import { acceptInvite, createWorkspace, declineInvite, listMyInvites, listWorkspaces } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { PageSkeleton } from '../../components/skeleton.js';
import { useResource } from '../../lib/use-resource.js';
import { SharedWithMe } from './shared-with-me.js';
import { lastWorkspaceId } from './store.js';

function InviteList({ invites, onDone }: { invites: Invite[]; onDone(): void }) {
  const { route } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const answer = async (i: Invite, yes: boolean) => {
    try {
      if (yes) {
        const ws = await acceptInvite(i.id);
        route(`/w/${ws.id}`);
      } else {
        await declineInvite(i.id);
        onDone();
      }
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section class="card stack">
      <h2 style={{ margin: 0 }}>Invitations</h2>
      <ErrorAlert message={error} />
      <ul class="list">
        {invites.map((i) => (
          <li class="list-item" key={i.id} data-testid="my-invite">
            <div class="grow">
              <strong>{i.workspaceName}</strong> <span class="tag">{i.role}</span>
              <div class="faint">From {i.invitedBy.name}</div>
            </div>
            <button type="button" class="btn btn-sm" onClick={() => void answer(i, false)}>
              Decline
            </button>
            <button type="button" class="btn btn-sm btn-primary" onClick={() => void answer(i, true)}>
              Join
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CreateWorkspace() {
  const { route } = useLocation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const ws = await createWorkspace(name.trim());
      route(`/w/${ws.id}`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form class="card stack" onSubmit={submit}>
      <h2 style={{ margin: 0 }}>Create a workspace</h2>
      <p class="muted" style={{ margin: 0 }}>A home for your team's pages and meetings.</p>
      <div class="field">
        <label for="new-ws-name">Workspace name</label>
        <input id="new-ws-name" class="input" required maxLength={100} placeholder="Acme team" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <ErrorAlert message={error} />
      <div>
        <button type="submit" class="btn btn-primary" disabled={!name.trim()}>
          Create workspace
        </button>
      </div>
    </form>
  );
}

export function WorkspaceIndex() {
  const { route, query } = useLocation();
  const data = useResource(async (s) => ({ list: await listWorkspaces(s), invites: await listMyInvites(s) }), []);
  // ?new=1 (create a workspace) and ?shared=1 (pages shared with me) keep this page open.
  const stay = query.new === '1' || query.shared === '1';
  useEffect(() => {
    if (!data.data || stay || data.data.list.length === 0 || data.data.invites.length > 0) return;
    const last = lastWorkspaceId();
    const target = data.data.list.find((w) => w.id === last) ?? data.data.list[0]!;
    route(`/w/${target.id}`, true);
  }, [data.data, stay, route]);
  if (data.loading && !data.data) return <PageSkeleton />;
  return (
    <div class="page page-narrow stack" style={{ gap: '1.25rem' }}>
      <h1>Workspaces</h1>
      <ErrorAlert message={data.error} onRetry={data.reload} />
      {data.data && data.data.invites.length > 0 && <InviteList invites={data.data.invites} onDone={data.reload} />}
      {data.data && <SharedWithMe />}
      {data.data && data.data.list.length > 0 && (
        <section class="card">
          <ul class="list">
            {data.data.list.map((w) => (
              <li class="list-item" key={w.id}>
                <a href={`/w/${w.id}`} class="grow">
                  {w.name}
                </a>
                <span class="tag">{w.role}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.data && <CreateWorkspace />}
    </div>
  );
}
