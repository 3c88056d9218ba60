// Trash: archived pages, restored or deleted forever.
import { deleteDocument, listTrash, restoreDocument } from '../../api/documents.js';
import { errorMessage } from '../../api/errors.js';
import { ErrorAlert } from '../../components/alert.js';
import { Icon } from '../../components/icon.js';
import { SkeletonList } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import { formatRelative } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { canEdit, reloadDocuments, trashTick, workspace } from './store.js';

export function Trash() {
  const wsId = workspace.value!.id;
  const trash = useResource((s) => listTrash(wsId, s), [wsId, trashTick.value]);
  const restore = async (id: string) => {
    try {
      await restoreDocument(id);
      trash.mutate((list) => list?.filter((d) => d.id !== id));
      await reloadDocuments();
      toast('Page restored');
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  const destroy = async (id: string, title: string) => {
    if (!confirm(`Delete "${title}" forever? This cannot be undone.`)) return;
    try {
      await deleteDocument(id);
      trash.reload();
      toast('Page deleted forever');
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  const items = trash.data ?? [];
  return (
    <div class="page page-narrow">
      <h1>Trash</h1>
      <p class="muted">Pages moved to the trash, with the pages inside them. Restore them, or delete them forever.</p>
      {trash.loading && !trash.data && <SkeletonList rows={4} />}
      <ErrorAlert message={trash.error} onRetry={trash.reload} />
      {trash.data && items.length === 0 && <p class="faint">The trash is empty.</p>}
      <ul class="list" data-testid="trash-list">
        {items.map((d) => (
          <li class="list-item" key={d.id} data-testid="trash-row">
            <Icon name="doc" />
            <div class="grow">
              <div class="truncate">{d.title || 'Untitled'}</div>
              <div class="faint">Trashed {d.archivedAt ? formatRelative(d.archivedAt) : ''}</div>
            </div>
            {canEdit.value && (
              <>
                <button type="button" class="btn btn-sm" onClick={() => void restore(d.id)}>
                  <Icon name="restore" size={14} /> Restore
                </button>
                <button type="button" class="btn btn-sm btn-danger" onClick={() => void destroy(d.id, d.title || 'Untitled')}>
                  Delete forever
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
