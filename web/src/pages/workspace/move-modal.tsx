// "Move to…": pick a new parent page (or the top level), with a filter and arrow keys.
import { useMemo, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { ErrorAlert } from '../../components/alert.js';
import { ComboList } from '../../components/combo-list.js';
import { Modal } from '../../components/modal.js';
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
  return (
    <Modal title={`Move "${node.doc.title || 'Untitled'}"`} onClose={onClose}>
      <div class="palette stack" style={{ gap: 0 }}>
        <ComboList
          query={filter}
          onQuery={setFilter}
          placeholder="Filter pages…"
          inputLabel="Filter pages"
          listId="move-targets"
          listLabel="Destinations"
          optionPrefix="move"
          items={targets}
          itemKey={(t) => t.id ?? 'root'}
          renderItem={(t) => t.label}
          onPick={(i) => void pick(i)}
        />
        <ErrorAlert message={error} />
      </div>
    </Modal>
  );
}
