// The workspace sidebar: switcher, search, home, settings, trash, invite, and the page tree.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import type { Workspace } from '../../api/types.js';
import { listWorkspaces } from '../../api/workspaces.js';
import { openRecorder } from '../../components/ai-launcher.js';
import { ErrorAlert } from '../../components/alert.js';
import { Icon } from '../../components/icon.js';
import { SkeletonLines } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import { usePopupMenu } from '../../lib/use-popup-menu.js';
import { PageTree, rootDropHandlers } from './page-tree.js';
import { canEdit, docsError, docsLoading, type TreeNode, tree, workspace } from './store.js';
import { useNewPage } from './use-new-page.js';

function Switcher() {
  const ws = workspace.value!;
  const { open, toggle } = usePopupMenu();
  const [all, setAll] = useState<Workspace[] | null>(null);
  useEffect(() => {
    if (open) listWorkspaces().then(setAll, (err: unknown) => toast(errorMessage(err), 'error'));
  }, [open]);
  return (
    <div class="user-menu">
      <button
        type="button"
        class="ws-switcher"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={toggle}
      >
        <span class="ws-icon">{ws.icon ?? ws.name.slice(0, 1).toUpperCase()}</span>
        <span class="truncate grow">{ws.name}</span>
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div class="dropdown" role="menu" style={{ left: 0, right: 'auto' }}>
          {all === null && <span class="faint" style={{ padding: 8 }}>Loading…</span>}
          {all?.map((w) => (
            <a key={w.id} href={`/w/${w.id}`} role="menuitem">
              {w.name}
            </a>
          ))}
          <a href="/w?shared=1" role="menuitem">
            Shared with me
          </a>
          <a href="/w?new=1" role="menuitem">
            + New workspace
          </a>
        </div>
      )}
    </div>
  );
}

interface Props {
  activeDocId: string | null;
  onSearch(): void;
  onInvite(): void;
  onMove(node: TreeNode): void;
}

export function Sidebar({ activeDocId, onSearch, onInvite, onMove }: Props) {
  const ws = workspace.value!;
  const { path } = useLocation();
  const here = (p: string) => (path === p ? 'page' : undefined);
  const newPage = useNewPage();
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <nav class="ws-sidebar" aria-label="Workspace">
      <Switcher />
      <div style={{ height: 8 }} />
      <button type="button" class="side-link" onClick={onSearch} data-testid="open-search">
        <Icon name="search" size={16} /> Search <kbd>{mac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <a class="side-link" href={`/w/${ws.id}`} aria-current={here(`/w/${ws.id}`)}>
        <Icon name="home" size={16} /> Home
      </a>
      <a class="side-link" href={`/call/workspace/${ws.id}`}>
        <Icon name="video" size={16} /> Start meeting
      </a>
      {canEdit.value && (
        <button type="button" class="side-link" onClick={() => openRecorder(ws.id)}>
          <Icon name="record" size={16} /> Record meeting notes
        </button>
      )}
      <a class="side-link" href={`/w/${ws.id}/settings`} aria-current={here(`/w/${ws.id}/settings`)}>
        <Icon name="settings" size={16} /> Settings &amp; members
      </a>
      {ws.role === 'owner' && (
        <button type="button" class="side-link" onClick={onInvite}>
          <Icon name="users" size={16} /> Invite people
        </button>
      )}
      <div class="side-section" {...rootDropHandlers()}>
        <span>Pages</span>
        {canEdit.value && (
          <button type="button" class="btn btn-ghost btn-sm" aria-label="New page" onClick={() => void newPage()} style={{ height: 22, padding: '0 4px' }}>
            <Icon name="plus" size={15} />
          </button>
        )}
      </div>
      {docsLoading.value && tree.value.length === 0 ? <SkeletonLines lines={4} /> : <ErrorAlert message={docsError.value} />}
      <PageTree nodes={tree.value} activeId={activeDocId} onMove={onMove} />
      {!docsLoading.value && tree.value.length === 0 && !docsError.value && <p class="faint" style={{ padding: '0 8px' }}>No pages yet.</p>}
      <div class="grow" />
      <a class="side-link" href={`/w/${ws.id}/trash`} aria-current={here(`/w/${ws.id}/trash`)} style={{ marginTop: '1rem' }}>
        <Icon name="trash" size={16} /> Trash
      </a>
    </nav>
  );
}
