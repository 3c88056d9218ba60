// One workspace: sidebar + content, with nested routes, Ctrl/Cmd-K search and the invite/move modals.
import { Route, Router, useLocation, useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/alert.js';
import { Icon } from '../../components/icon.js';
import { PageSkeleton } from '../../components/skeleton.js';
import { DocPage } from './doc-page.js';
import { WorkspaceHome } from './home.js';
import { InviteModal } from './invite-modal.js';
import { MoveModal } from './move-modal.js';
import { SearchPalette } from './search-palette.js';
import { Settings } from './settings.js';
import { Sidebar } from './sidebar.js';
import { docsError, openWorkspace, reloadDocuments, type TreeNode, workspace } from './store.js';
import { Trash } from './trash.js';
import './workspace.css';

function useShortcut(open: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}

function DocRoute({ params }: { params?: Record<string, string> }) {
  const id = params?.docId ?? '';
  return <DocPage key={id} docId={id} />;
}

export function WorkspaceApp() {
  const { params } = useRoute();
  const { path, route } = useLocation();
  const wsId = params.wsId ?? '';
  const activeDocId = /\/d\/([^/]+)/.exec(path)?.[1] ?? null;
  const [searching, setSearching] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [moving, setMoving] = useState<TreeNode | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  useEffect(() => void openWorkspace(wsId), [wsId]);
  useEffect(() => setSidebarOpen(false), [path]);
  useShortcut(() => setSearching(true));
  // A page link from a workspace I am not in: the page may still be shared with me on its own.
  // Read at effect time: openWorkspace (the effect above) clears a previous workspace's error first.
  useEffect(() => {
    if (docsError.value && activeDocId) route(`/d/${activeDocId}`, true);
  }, [docsError.value, activeDocId, route]);
  // Other members add and move pages too: refresh the tree when the tab comes back.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reloadDocuments().catch(() => {});
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  const ws = workspace.value;
  if (!ws || ws.id !== wsId) {
    return docsError.value ? (
      <div class="page page-narrow">
        <ErrorAlert message={docsError.value} onRetry={() => void openWorkspace(wsId)} />
      </div>
    ) : (
      <PageSkeleton />
    );
  }
  return (
    <div class="ws" data-sidebar={sidebarOpen ? 'open' : 'closed'}>
      <Sidebar activeDocId={activeDocId} onSearch={() => setSearching(true)} onInvite={() => setInviting(true)} onMove={setMoving} />
      <div class="ws-content">
        <div class="ws-mobile-bar">
          <button type="button" class="btn btn-ghost btn-icon" aria-label="Pages" aria-expanded={sidebarOpen} onClick={() => setSidebarOpen(!sidebarOpen)}>
            <Icon name="menu" />
          </button>
          <span class="truncate grow">{ws.name}</span>
          <button type="button" class="btn btn-ghost btn-icon" aria-label="Search" onClick={() => setSearching(true)}>
            <Icon name="search" />
          </button>
        </div>
        <Router>
          <Route path="/" component={WorkspaceHome} />
          <Route path="/d/:docId" component={DocRoute} />
          <Route path="/trash" component={Trash} />
          <Route path="/settings" component={Settings} />
        </Router>
      </div>
      {searching && <SearchPalette onClose={() => setSearching(false)} />}
      {inviting && <InviteModal onClose={() => setInviting(false)} />}
      {moving && <MoveModal node={moving} onClose={() => setMoving(null)} />}
    </div>
  );
}
