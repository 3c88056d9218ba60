// One page as people read and write it: header (cover, icon, title), live status and the block editor.
// Shared by the workspace's page route and the standalone /d/:docId route.
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentUser, getAccessToken, refreshSession } from '../../api/session.js';
import type { DocumentDetail } from '../../api/types.js';
import { ErrorAlert } from '../../components/alert.js';
import { SkeletonLines } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import type { BlockEditorProps, CollabStatus } from '../../editor/index.js';
import { shrinkImage } from '../../lib/shrink-image.js';
import { DocHeader } from './doc-header.js';
import './share.css';

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

/**
 * The collab status, and a call to `onAccessChange` when access may have changed: the api closes a
 * reader's connections when their role or share changes, so a reconnect (new role) or a final close
 * (no access) means the page's role should be read again.
 */
function useCollabStatus(onAccessChange: () => void) {
  const [status, setStatus] = useState<{ s: CollabStatus; detail?: string }>({ s: 'connecting' });
  const wasDown = useRef(false);
  const onStatus = (s: CollabStatus, detail?: string) => {
    setStatus(detail ? { s, detail } : { s });
    if (s === 'offline') wasDown.current = true;
    if (s === 'closed' || (s === 'connected' && wasDown.current)) {
      wasDown.current = false;
      onAccessChange();
    }
  };
  return { status, onStatus };
}

interface Props {
  doc: DocumentDetail;
  /** Local changes made in the header (title, icon, cover). */
  onPatch(p: Partial<DocumentDetail>): void;
  /** Re-reads the page (role, access). */
  onAccessChange(): void;
  /** The bar above the page: Share, Leave page, where the page lives. */
  bar?: ComponentChildren;
}

export function DocView({ doc, onPatch, onAccessChange, bar }: Props) {
  const { Editor, error: editorError } = useEditorComponent();
  const { status, onStatus } = useCollabStatus(onAccessChange);
  const user = currentUser.value!;
  const editable = doc.role !== 'viewer' && !doc.archivedAt;
  return (
    <article class="doc" data-testid="doc-page" data-role={doc.role}>
      {bar && <div class="doc-bar">{bar}</div>}
      <DocHeader doc={doc} editable={editable} onChange={onPatch} />
      <div class="doc-body">
        <div class="doc-meta">
          <span class="collab-status" data-status={status.s} data-testid="collab-status">
            <span class="dot" /> {status.detail ?? STATUS_TEXT[status.s]}
          </span>
          {!editable && <span class="tag">{doc.archivedAt ? 'In trash — read only' : 'View only'}</span>}
        </div>
        <ErrorAlert message={editorError} />
        {Editor ? (
          <Editor
            docId={doc.id}
            user={{ id: user.id, name: user.name }}
            editable={editable}
            pickImage={pickImage}
            getToken={getAccessToken}
            refreshToken={refreshSession}
            onStatus={onStatus}
            onPermissionDenied={onAccessChange}
          />
        ) : (
          !editorError && <SkeletonLines lines={5} />
        )}
      </div>
    </article>
  );
}
