// "Shared with me" on /w: pages other people shared with me directly, newest first, each opening /d/:id.
import { useEffect } from 'preact/hooks';
import { listSharedWithMe } from '../../api/shares.js';
import type { SharedDocument } from '../../api/types.js';
import { ErrorAlert } from '../../components/alert.js';
import { Icon } from '../../components/icon.js';
import { SkeletonList } from '../../components/skeleton.js';
import { formatRelative } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { onUserEvent } from '../../realtime/user-events.js';
import './share.css';

function SharedRow({ d }: { d: SharedDocument }) {
  return (
    <li class="list-item" data-testid="shared-doc">
      <span class="shared-icon" aria-hidden="true">
        {d.icon ?? <Icon name="doc" size={18} />}
      </span>
      <div class="grow shared-what">
        <a href={`/d/${d.id}`} class="truncate">
          {d.title.trim() || 'Untitled'}
        </a>
        <div class="faint truncate">
          {d.sharedBy.name} · {d.workspaceName} · {formatRelative(d.sharedAt)}
        </div>
      </div>
      <span class="tag">{d.role === 'editor' ? 'Can edit' : 'Can view'}</span>
    </li>
  );
}

export function SharedWithMe() {
  const shared = useResource((s) => listSharedWithMe(s), []);
  const { reload } = shared;
  // A page shared while this list is open shows up at once.
  useEffect(() => onUserEvent('document.shared', reload), [reload]);
  const list = shared.data ?? [];
  return (
    <section class="card stack" id="shared" data-testid="shared-with-me" aria-labelledby="shared-heading">
      <h2 id="shared-heading" style={{ margin: 0 }}>
        Shared with me
      </h2>
      {shared.loading && !shared.data ? <SkeletonList rows={2} /> : <ErrorAlert message={shared.error} onRetry={reload} />}
      {shared.data && list.length === 0 && <p class="faint" style={{ margin: 0 }}>No pages yet. When someone shares a page with you, it shows up here.</p>}
      {list.length > 0 && (
        <ul class="list">
          {list.map((d) => (
            <SharedRow key={d.id} d={d} />
          ))}
        </ul>
      )}
    </section>
  );
}
