// Workspace settings: name and icon, members, and deleting or leaving the workspace.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { currentUser } from '../../api/session.js';
import { deleteWorkspace, removeMember, updateWorkspace } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { Members } from './members.js';
import { isOwner, workspace } from './store.js';

function General() {
  const ws = workspace.value!;
  const [name, setName] = useState(ws.name);
  const [icon, setIcon] = useState(ws.icon ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      workspace.value = await updateWorkspace(ws.id, { name: name.trim(), icon: icon.trim() || null });
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form class="card stack" onSubmit={save}>
      <h2 style={{ margin: 0 }}>General</h2>
      <div class="field">
        <label for="ws-name">Name</label>
        <input id="ws-name" class="input" required maxLength={100} disabled={!isOwner.value} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="ws-icon">Icon (an emoji or a letter)</label>
        <input id="ws-icon" class="input" maxLength={8} disabled={!isOwner.value} value={icon} onInput={(e) => setIcon(e.currentTarget.value)} />
      </div>
      <ErrorAlert message={error} />
      {saved && <div class="alert alert-success" role="status">Saved.</div>}
      {isOwner.value && (
        <div>
          <button type="submit" class="btn btn-primary">
            Save
          </button>
        </div>
      )}
    </form>
  );
}

function DangerZone() {
  const ws = workspace.value!;
  const { route } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const act = async () => {
    const owner = isOwner.value;
    if (!confirm(owner ? `Delete "${ws.name}" and all its pages for everyone?` : `Leave "${ws.name}"?`)) return;
    try {
      if (owner) await deleteWorkspace(ws.id);
      else await removeMember(ws.id, currentUser.value!.id);
      route('/w');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section class="card stack">
      <h2 style={{ margin: 0 }}>{isOwner.value ? 'Delete workspace' : 'Leave workspace'}</h2>
      <p class="muted" style={{ margin: 0 }}>
        {isOwner.value ? 'Deleting removes every page for every member. This cannot be undone.' : 'You will lose access to its pages.'}
      </p>
      <ErrorAlert message={error} />
      <div>
        <button type="button" class="btn btn-danger" onClick={() => void act()}>
          {isOwner.value ? 'Delete workspace' : 'Leave workspace'}
        </button>
      </div>
    </section>
  );
}

export function Settings() {
  return (
    <div class="page page-narrow stack" style={{ gap: '1.25rem' }}>
      <h1>Settings</h1>
      <General />
      <Members />
      <DangerZone />
    </div>
  );
}
