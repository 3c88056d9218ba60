// Ctrl/Cmd-K: jump to a page by title or by what it says (full-text search on the api).
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { searchDocuments } from '../../api/documents.js';
import { errorMessage } from '../../api/errors.js';
import type { SearchHit } from '../../api/types.js';
import { ComboList } from '../../components/combo-list.js';
import { Modal } from '../../components/modal.js';
import { documents, workspace } from './store.js';

interface Item {
  key: string;
  label: string;
  detail?: string;
  href: string;
}

function useServerHits(q: string): { hits: SearchHit[]; error: string | null; searching: boolean } {
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    const ws = workspace.value;
    if (!ws || q.trim().length < 2) {
      setHits([]);
      setSearching(false);
      return;
    }
    const ctl = new AbortController();
    setSearching(true);
    const timer = setTimeout(() => {
      searchDocuments(ws.id, q.trim(), ctl.signal).then(
        (h) => {
          setHits(h);
          setError(null);
          setSearching(false);
        },
        (err: unknown) => {
          if (ctl.signal.aborted) return;
          setError(errorMessage(err));
          setSearching(false);
        },
      );
    }, 180);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);
  return { hits, error, searching };
}

function useItems(q: string, hits: SearchHit[]): Item[] {
  return useMemo(() => {
    const ws = workspace.value!;
    const f = q.trim().toLowerCase();
    const local = [...documents.value]
      .filter((d) => (d.title || 'Untitled').toLowerCase().includes(f))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, f ? 20 : 8);
    const seen = new Set(local.map((d) => d.id));
    const items: Item[] = local.map((d) => ({ key: d.id, label: d.title || 'Untitled', href: `/w/${ws.id}/d/${d.id}` }));
    for (const h of hits) {
      if (seen.has(h.id)) continue;
      items.push({ key: h.id, label: h.title || 'Untitled', detail: h.snippet, href: `/w/${ws.id}/d/${h.id}` });
    }
    if (!f) {
      items.push({ key: 'trash', label: 'Open trash', href: `/w/${ws.id}/trash` });
      items.push({ key: 'settings', label: 'Workspace settings', href: `/w/${ws.id}/settings` });
    }
    return items;
  }, [q, hits]);
}

export function SearchPalette({ onClose }: { onClose(): void }) {
  const [q, setQ] = useState('');
  const { route } = useLocation();
  const { hits, error, searching } = useServerHits(q);
  const items = useItems(q, hits);
  const go = (i: number) => {
    const item = items[i];
    if (!item) return;
    onClose();
    route(item.href);
  };
  return (
    <Modal title="Search" onClose={onClose} wide>
      <div class="palette" data-testid="search-palette">
        <ComboList
          query={q}
          onQuery={setQ}
          placeholder="Search pages…"
          inputLabel="Search pages"
          listId="palette-results"
          listLabel="Results"
          optionPrefix="palette"
          items={items}
          itemKey={(it) => it.key}
          renderItem={(it) => (
            <>
              <span>{it.label}</span>
              {it.detail && <span class="snippet">{it.detail}</span>}
            </>
          )}
          onPick={go}
        >
          {items.length === 0 && <div class="empty">{searching ? 'Searching…' : 'No pages match.'}</div>}
        </ComboList>
        {error && (
          <div class="alert alert-error" role="alert" style={{ margin: 8 }}>
            {error}
          </div>
        )}
      </div>
    </Modal>
  );
}
