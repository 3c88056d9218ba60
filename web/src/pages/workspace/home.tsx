// The workspace's front page: recent pages, a new page, and a meeting.
import { listRecent } from '../../api/documents.js';
import { ErrorAlert } from '../../components/alert.js';
import { Icon } from '../../components/icon.js';
import { Skeleton } from '../../components/skeleton.js';
import { formatRelative } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { canEdit, workspace } from './store.js';
import { useNewPage } from './use-new-page.js';

export function WorkspaceHome() {
  const ws = workspace.value!;
  const recent = useResource((s) => listRecent(ws.id, s), [ws.id]);
  const newPage = useNewPage();
  return (
    <div class="page">
      <div class="row-between" style={{ marginBottom: '1.5rem' }}>
        <h1 style={{ margin: 0 }}>{ws.name}</h1>
        <div class="row">
          <a class="btn" href={`/call/workspace/${ws.id}`}>
            <Icon name="video" /> Start meeting
          </a>
          {canEdit.value && (
            <button type="button" class="btn btn-primary" onClick={() => void newPage()}>
              <Icon name="plus" /> New page
            </button>
          )}
        </div>
      </div>
      <h2>Recently edited</h2>
      <ErrorAlert message={recent.error} onRetry={recent.reload} />
      <div class="doc-grid">
        {recent.loading && !recent.data && [1, 2, 3, 4].map((i) => <Skeleton key={i} height={92} />)}
        {recent.data?.map((d) => (
          <a class="doc-card" key={d.id} href={`/w/${ws.id}/d/${d.id}`}>
            <span style={{ fontSize: '1.4rem' }} aria-hidden="true">
              {d.icon ?? <Icon name="doc" size={22} />}
            </span>
            <strong class="truncate">{d.title || 'Untitled'}</strong>
            <span class="faint">Edited {formatRelative(d.contentUpdatedAt ?? d.updatedAt)}</span>
          </a>
        ))}
      </div>
      {recent.data?.length === 0 && <p class="faint">No pages yet. Create one to get started.</p>}
    </div>
  );
}
