// The nested page tree: open, add a sub-page, rename inline, move (menu or drag), archive.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { Icon } from '../../components/icon.js';
import { toast } from '../../components/toasts.js';
import { usePopupMenu } from '../../lib/use-popup-menu.js';
import { archivePage, canEdit, createPage, documents, movePage, renamePage, subtreeIds, type TreeNode, workspace } from './store.js';

const DRAG_TYPE = 'application/x-coope-doc';

function RowMenu({ node, onRename, onMove }: { node: TreeNode; onRename(): void; onMove(): void }) {
  const { open, toggle } = usePopupMenu();
  const { route, path } = useLocation();
  const archive = async () => {
    try {
      await archivePage(node.doc.id);
      toast(`"${node.doc.title || 'Untitled'}" moved to trash`);
      if (path.includes(node.doc.id)) route(`/w/${workspace.value!.id}`);
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <span class="row-menu">
      <button
        type="button"
        class="icon-btn"
        aria-label={`More actions for ${node.doc.title || 'Untitled'}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={toggle}
      >
        <Icon name="more" size={16} />
      </button>
      {open && (
        <div class="dropdown" role="menu">
          <button type="button" role="menuitem" onClick={onRename}>
            Rename
          </button>
          <button type="button" role="menuitem" onClick={onMove}>
            Move to…
          </button>
          <button type="button" role="menuitem" onClick={() => void archive()}>
            Move to trash
          </button>
        </div>
      )}
    </span>
  );
}

function RenameInput({ node, onDone }: { node: TreeNode; onDone(): void }) {
  const [value, setValue] = useState(node.doc.title);
  const save = async () => {
    onDone();
    if (value.trim() === node.doc.title) return;
    try {
      await renamePage(node.doc.id, value.trim());
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <input
      aria-label="Page title"
      value={value}
      // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this row
      autoFocus
      onInput={(e) => setValue(e.currentTarget.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') onDone();
      }}
    />
  );
}

async function dropOnto(targetId: string | null, e: DragEvent): Promise<void> {
  const id = e.dataTransfer?.getData(DRAG_TYPE);
  if (!id || id === targetId) return;
  if (targetId && subtreeIds(documents.value, id).has(targetId)) return;
  try {
    await movePage(id, targetId);
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
}

interface RowProps {
  node: TreeNode;
  activeId: string | null;
  onMove(node: TreeNode): void;
}

function TreeRow({ node, activeId, onMove }: RowProps) {
  const [open, setOpen] = useState(true);
  const [renaming, setRenaming] = useState(false);
  const [dropping, setDropping] = useState(false);
  const { route } = useLocation();
  const ws = workspace.value!;
  const editable = canEdit.value;
  const addChild = async () => {
    try {
      const doc = await createPage(node.doc.id);
      setOpen(true);
      route(`/w/${ws.id}/d/${doc.id}`);
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  const title = node.doc.title || 'Untitled';
  return (
    <li>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: drag and drop is a mouse shortcut; "Move to…" is the keyboard way */}
      <div
        class="tree-row"
        data-active={String(activeId === node.doc.id)}
        data-drop={String(dropping)}
        data-testid="tree-row"
        draggable={editable && !renaming}
        onDragStart={(e) => e.dataTransfer?.setData(DRAG_TYPE, node.doc.id)}
        onDragOver={(e) => {
          if (!editable) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDropping(false);
          void dropOnto(node.doc.id, e);
        }}
      >
        <button type="button" class="icon-btn" aria-label={open ? `Collapse ${title}` : `Expand ${title}`} aria-expanded={open} onClick={() => setOpen(!open)} style={{ visibility: node.children.length ? 'visible' : 'hidden' }}>
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        </button>
        {renaming ? (
          <RenameInput node={node} onDone={() => setRenaming(false)} />
        ) : (
          <a href={`/w/${ws.id}/d/${node.doc.id}`} onDblClick={() => editable && setRenaming(true)}>
            <span aria-hidden="true">{node.doc.icon ?? <Icon name="doc" size={15} />}</span>
            <span class="truncate">{title}</span>
          </a>
        )}
        {editable && !renaming && (
          <span class="actions">
            <RowMenu node={node} onRename={() => setRenaming(true)} onMove={() => onMove(node)} />
            <button type="button" class="icon-btn" aria-label={`Add a page inside ${title}`} onClick={() => void addChild()}>
              <Icon name="plus" size={15} />
            </button>
          </span>
        )}
      </div>
      {open && node.children.length > 0 && <PageTree nodes={node.children} activeId={activeId} onMove={onMove} />}
    </li>
  );
}

export function PageTree({ nodes, activeId, onMove }: { nodes: TreeNode[]; activeId: string | null; onMove(node: TreeNode): void }) {
  return (
    <ul class="tree">
      {nodes.map((n) => (
        <TreeRow key={n.doc.id} node={n} activeId={activeId} onMove={onMove} />
      ))}
    </ul>
  );
}

/** Drop target for moving a page back to the top level. */
export function rootDropHandlers() {
  return {
    onDragOver: (e: DragEvent) => e.preventDefault(),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      void dropOnto(null, e);
    },
  };
}
