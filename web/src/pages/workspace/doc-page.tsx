// A page inside its workspace: the page itself (doc-view), kept in step with the sidebar, with Share.
import { useEffect } from 'preact/hooks';
import { getDocument } from '../../api/documents.js';
import { ErrorAlert } from '../../components/alert.js';
import { PageSkeleton } from '../../components/skeleton.js';
import { useResource } from '../../lib/use-resource.js';
import { DocView } from './doc-view.js';
import { ShareButton } from './share-button.js';
import { canManageShares } from './share-rules.js';
import { documents, reloadDocuments, workspace } from './store.js';

export function DocPage({ docId }: { docId: string }) {
  const doc = useResource((s) => getDocument(docId, s), [docId]);
  // A page made elsewhere (the recorder, another member) joins the sidebar when opened.
  const known = documents.value.some((x) => x.id === docId);
  useEffect(() => {
    if (doc.data && !doc.data.archivedAt && !known) void reloadDocuments().catch(() => {});
  }, [doc.data, known]);
  if (doc.loading && !doc.data) return <PageSkeleton />;
  if (!doc.data) return <div class="page page-narrow"><ErrorAlert message={doc.error} onRetry={doc.reload} /></div>;
  const d = doc.data;
  const ws = workspace.value;
  const manage = canManageShares(d, ws?.id === d.workspaceId ? ws.role : null);
  return (
    <DocView
      doc={d}
      onPatch={(p) => doc.mutate((old) => (old ? { ...old, ...p } : old))}
      onAccessChange={doc.reload}
      bar={manage ? <ShareButton doc={d} /> : undefined}
    />
  );
}
