// "Move to…": pick a new parent page (or the top level), with a filter and arrow keys.
import { useMemo, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { ErrorAlert } from '../../components/alert.js';
import { Modal } from '../../components/modal.js';
import { useListNav } from '../../lib/use-list-nav.js';
import { documents, movePage, subtreeIds, type TreeNode } from './store.js';

export function MoveModal({ node, onClose }: { node: TreeNode; onClose(): void }) {
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const targets = useMemo(() => {
    const blocked = subtreeIds(documents.value, node.doc.id);
    const f = filter.trim().toLowerCase();
    const docs = documents.value
      .filter((d) => !blocked.has(d.id) && (d.title || 'Untitled').toLowerCase().includes(f))
      .map((d) => ({ id: d.id as string | null, label: d.title || 'Untitled' }));
    return [{ id: null, label: 'Top level (no parent)' }, ...docs];
  }, [filter, node]);
  const pick = async (i: number) => {
    const t = targets[i];
    if (!t) return;
    try {
      await movePage(node.doc.id, t.id);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const nav = useListNav(targets.length, (i) => void pick(i));
  return (
    <Modal title={`Move "${node.doc.title || 'Untitled'}"`} onClose={onClose}>
      <div class="palette stack" style={{ gap: 0 }}>
        <input
          data-autofocus
          placeholder="Filter pages…"
          aria-label="Filter pages"
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
          onKeyDown={nav.onKeyDown}
          role="combobox"
          aria-expanded="true"
          aria-controls="move-targets"
          aria-activedescendant={`move-${nav.active}`}
        />
        <div class="options" id="move-targets" role="listbox" aria-label="Destinations">
          {targets.map((t, i) => (
            <div tabIndex={-1} id={`move-${i}`} key={t.id ?? 'root'} role="option" aria-selected={i === nav.active} onKeyDown={nav.onKeyDown} onMouseEnter={() => nav.setActive(i)} onClick={() => void pick(i)}>
              {t.label}
            </div>
          ))}
        </div>
        <ErrorAlert message={error} />
      </div>
    </Modal>
  );
}
