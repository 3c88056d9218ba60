// /d/:docId: one page on its own, without the workspace around it. Guests (access through shares
// only) land here; members get a link into the workspace. Losing access shows a clear message.
import { useLocation, useRoute } from 'preact-iso';
import { getDocument } from '../../api/documents.js';
import { ApiError, errorMessage } from '../../api/errors.js';
import { currentUser } from '../../api/session.js';
import { removeShare } from '../../api/shares.js';
import type { DocumentDetail } from '../../api/types.js';
import { getWorkspace } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { PageSkeleton } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import { useResource } from '../../lib/use-resource.js';
import { DocView } from './doc-view.js';
import { ShareButton } from './share-button.js';
import { canManageShares } from './share-rules.js';
import './workspace.css';

/** The page, or null when I may not see it (never existed, deleted, or no longer shared with me). */
async function loadPage(docId: string, signal: AbortSignal): Promise<DocumentDetail | null> {
  try {
    return await getDocument(docId, signal);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
}

function NoAccess() {
  return (
    <div class="page page-narrow stack" role="alert" data-testid="doc-no-access">
      <h1>This page isn't available</h1>
      <p class="muted" style={{ margin: 0 }}>
        It may have been deleted, or it is no longer shared with you. Ask its owner to share it again.
      </p>
      <div>
        <a class="btn" href="/w">
          Back to workspaces
        </a>
      </div>
    </div>
  );
}

function LeaveButton({ doc }: { doc: DocumentDetail }) {
  const { route } = useLocation();
  // A share of a parent page is left on that page, with the pages under it.
  const fromParent = doc.sharedFrom !== null && doc.sharedFrom !== doc.id;
  const leave = async () => {
    const what = fromParent ? 'the pages shared with you through a parent of this one' : `“${doc.title.trim() || 'Untitled'}”`;
    if (!confirm(`Leave ${what}? You will no longer be able to open them.`)) return;
    try {
      await removeShare(doc.sharedFrom ?? doc.id, currentUser.value!.id);
      toast('You left the page.');
      route('/w');
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <button type="button" class="btn btn-sm" onClick={() => void leave()}>
      Leave page
    </button>
  );
}

function Bar({ doc }: { doc: DocumentDetail }) {
  // My role in the page's workspace decides Share; guests have none (and get 404 asking).
  const ws = useResource((s) => (doc.guest ? Promise.resolve(null) : getWorkspace(doc.workspaceId, s)), [doc.workspaceId, doc.guest]);
  const manage = !ws.loading && canManageShares(doc, ws.data?.role ?? null);
  return (
    <>
      <span class="doc-bar-where truncate">
        {ws.data ? (
          <a href={`/w/${ws.data.id}/d/${doc.id}`}>Open in {ws.data.name}</a>
        ) : (
          doc.guest && <span class="faint">Shared with you · {doc.role === 'viewer' ? 'can view' : 'can edit'}</span>
        )}
      </span>
      <span class="row">
        {manage && <ShareButton doc={doc} />}
        {doc.guest && <LeaveButton doc={doc} />}
      </span>
    </>
  );
}

export function SharedDocPage() {
  const { params } = useRoute();
  const docId = params.docId ?? '';
  const doc = useResource((s) => loadPage(docId, s), [docId]);
  if (doc.loading && doc.data === undefined) return <PageSkeleton />;
  if (doc.data === undefined) {
    return (
      <div class="page page-narrow">
        <ErrorAlert message={doc.error} onRetry={doc.reload} />
      </div>
    );
  }
  if (doc.data === null) return <NoAccess />;
  const d = doc.data;
  return (
    <DocView
      key={d.id}
      doc={d}
      onPatch={(p) => doc.mutate((old) => (old ? { ...old, ...p } : old))}
      onAccessChange={doc.reload}
      bar={<Bar doc={d} />}
    />
  );
}
