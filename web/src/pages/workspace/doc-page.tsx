// A page: header (cover, icon, title) and the live block editor; read-only for viewers.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getDocument } from '../../api/documents.js';
import { currentUser, getAccessToken, refreshSession } from '../../api/session.js';
import { ErrorAlert } from '../../components/alert.js';
import { PageSkeleton, SkeletonLines } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import type { BlockEditorProps, CollabStatus } from '../../editor/index.js';
import { shrinkImage } from '../../lib/shrink-image.js';
import { useResource } from '../../lib/use-resource.js';
import { DocHeader } from './doc-header.js';
import { documents, reloadDocuments } from './store.js';

let editorModule: Promise<ComponentType<BlockEditorProps>> | null = null;
function loadEditor() {
  editorModule ??= import('../../editor/index.js').then((m) => m.BlockEditor);
  return editorModule;
}

function useEditorComponent() {
  const [C, setC] = useState<ComponentType<BlockEditorProps> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadEditor().then(
      (c) => setC(() => c),
      () => setError('The editor could not be loaded. Check your connection and reload the page.'),
    );
  }, []);
  return { Editor: C, error };
}

/** Asks for an image file; resolves an embeddable URL, or null when the user cancels. */
function pickImage(): Promise<string | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.onchange = async () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      try {
        resolve(await shrinkImage(file));
      } catch {
        toast('That image could not be read. Try a PNG or JPEG file.', 'error');
        resolve(null);
      }
    };
    input.click();
  });
}

const STATUS_TEXT: Record<CollabStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  offline: 'Offline — edits will sync when back',
  closed: 'Disconnected',
};

export function DocPage({ docId }: { docId: string }) {
  const doc = useResource((s) => getDocument(docId, s), [docId]);
  const { Editor, error: editorError } = useEditorComponent();
  const [status, setStatus] = useState<{ s: CollabStatus; detail?: string }>({ s: 'connecting' });
  const user = currentUser.value!;
  // A page made elsewhere (the recorder, another member) joins the sidebar when opened.
  const known = documents.value.some((x) => x.id === docId);
  useEffect(() => {
    if (doc.data && !doc.data.archivedAt && !known) void reloadDocuments().catch(() => {});
  }, [doc.data, known]);
  if (doc.loading && !doc.data) return <PageSkeleton />;
  if (!doc.data) return <div class="page page-narrow"><ErrorAlert message={doc.error} onRetry={doc.reload} /></div>;
  const d = doc.data;
  const editable = d.role !== 'viewer' && !d.archivedAt;
  return (
    <article class="doc" data-testid="doc-page" data-role={d.role}>
      <DocHeader doc={d} editable={editable} onChange={(p) => doc.mutate((old) => (old ? { ...old, ...p } : old))} />
      <div class="doc-body">
        <div class="doc-meta">
          <span class="collab-status" data-status={status.s} data-testid="collab-status">
            <span class="dot" /> {status.detail ?? STATUS_TEXT[status.s]}
          </span>
          {!editable && <span class="tag">{d.archivedAt ? 'In trash — read only' : 'View only'}</span>}
        </div>
        <ErrorAlert message={editorError} />
        {Editor ? (
          <Editor
            docId={d.id}
            user={{ id: user.id, name: user.name }}
            editable={editable}
            pickImage={pickImage}
            getToken={getAccessToken}
            refreshToken={refreshSession}
            onStatus={(s, detail) => setStatus(detail ? { s, detail } : { s })}
            onPermissionDenied={doc.reload}
          />
        ) : (
          !editorError && <SkeletonLines lines={5} />
        )}
      </div>
    </article>
  );
}
