// Who a page is shared with: change access, remove, add someone by email. Shares of parent pages
// apply here too and show read-only.
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { listShares, putShare, removeShare } from '../../api/shares.js';
import type { DocumentDetail, DocumentShare, ShareRole } from '../../api/types.js';
import { ErrorAlert } from '../../components/alert.js';
import { Avatar } from '../../components/avatar.js';
import { Modal } from '../../components/modal.js';
import { SkeletonList } from '../../components/skeleton.js';
import { useResource } from '../../lib/use-resource.js';
import { ShareForm, ShareRoleSelect } from './share-form.js';
import { orderShares, upsertShare, withoutShare } from './share-rules.js';
import { documents } from './store.js';

interface RowProps {
  share: DocumentShare;
  onRole(s: DocumentShare, role: ShareRole): void;
  onRemove(s: DocumentShare): void;
}

function ShareRow({ share: s, onRole, onRemove }: RowProps) {
  return (
    <li class="list-item share-row" data-testid="share-row" data-inherited={String(s.inherited)}>
      <Avatar name={s.name} url={s.avatarUrl} />
      <div class="grow share-who">
        <div class="truncate">{s.name}</div>
        <div class="faint truncate">{s.email}</div>
      </div>
      {s.inherited ? (
        <div class="share-inherited">
          <span class="tag">{s.role === 'editor' ? 'Can edit' : 'Can view'}</span>
          <span class="faint">from parent page</span>
        </div>
      ) : (
        <div class="row share-actions">
          <ShareRoleSelect label={`Access for ${s.name}`} value={s.role} onChange={(r) => onRole(s, r)} />
          <button type="button" class="btn btn-sm btn-ghost" aria-label={`Remove ${s.name}`} onClick={() => onRemove(s)}>
            Remove
          </button>
        </div>
      )}
    </li>
  );
}

export function ShareModal({ doc, onClose }: { doc: DocumentDetail; onClose(): void }) {
  const shares = useResource(async (s) => orderShares(await listShares(doc.id, s)), [doc.id]);
  const [error, setError] = useState<string | null>(null);
  const act = async (run: () => Promise<(list: DocumentShare[]) => DocumentShare[]>) => {
    setError(null);
    try {
      const apply = await run();
      shares.mutate((old) => apply(old ?? []));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const onRole = (s: DocumentShare, role: ShareRole) =>
    void act(async () => {
      const row = await putShare(doc.id, { email: s.email, role });
      return (list) => upsertShare(list, row);
    });
  const onRemove = (s: DocumentShare) =>
    void act(async () => {
      await removeShare(doc.id, s.userId);
      return (list) => withoutShare(list, s.userId);
    });
  const list = shares.data ?? [];
  // The sidebar's copy has the title as just typed.
  const title = documents.value.find((d) => d.id === doc.id)?.title ?? doc.title;
  return (
    <Modal title={`Share “${title.trim() || 'Untitled'}”`} onClose={onClose} wide>
      <div class="stack" data-testid="share-modal">
        <ShareForm docId={doc.id} onShared={(row) => shares.mutate((old) => upsertShare(old ?? [], row))} />
        <ErrorAlert message={error} />
        {shares.loading && !shares.data ? <SkeletonList rows={2} /> : <ErrorAlert message={shares.error} onRetry={shares.reload} />}
        {shares.data && list.length === 0 && <p class="faint">Only the workspace's members can open this page.</p>}
        {list.length > 0 && (
          <ul class="list" aria-label="People with access">
            {list.map((s) => (
              <ShareRow key={`${s.userId}:${s.fromDocumentId}`} share={s} onRole={onRole} onRemove={onRemove} />
            ))}
          </ul>
        )}
      </div>
    </Modal>
  );
}
