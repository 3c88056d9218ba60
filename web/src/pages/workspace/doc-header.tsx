// The top of a page: cover image (uploaded with progress), icon and title.
import { useEffect, useRef, useState } from 'preact/hooks';
import { updateDocument, uploadCover } from '../../api/documents.js';
import { errorMessage } from '../../api/errors.js';
import type { DocumentDetail } from '../../api/types.js';
import { Icon } from '../../components/icon.js';
import { toast } from '../../components/toasts.js';
import { documents, patchLocal, scheduleTitleSave } from './store.js';

const ICONS = ['📄', '📝', '📌', '✅', '💡', '🚀', '📅', '📊', '🎯', '🧭', '🗂️', '⭐'];

function CoverControls({ doc, onChange }: { doc: DocumentDetail; onChange(d: Partial<DocumentDetail>): void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) return toast('Choose an image file for the cover.', 'error');
    setProgress(0);
    try {
      const saved = await uploadCover(doc.id, file, setProgress);
      onChange({ coverUrl: saved.coverUrl });
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setProgress(null);
    }
  };
  const remove = async () => {
    try {
      await updateDocument(doc.id, { coverUrl: null });
      onChange({ coverUrl: null });
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <>
      <input ref={input} type="file" accept="image/*" class="sr-only" data-testid="cover-input" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
      {progress !== null ? (
        <div class="cover-progress" role="progressbar" aria-label="Uploading cover" aria-valuenow={Math.round(progress * 100)}>
          <span>Uploading {Math.round(progress * 100)}%</span>
          <div class="progress">
            <span style={{ width: `${progress * 100}%` }} />
          </div>
        </div>
      ) : (
        <>
          <button type="button" class="btn btn-sm btn-ghost" onClick={() => input.current?.click()}>
            <Icon name="image" size={14} /> {doc.coverUrl ? 'Change cover' : 'Add cover'}
          </button>
          {doc.coverUrl && (
            <button type="button" class="btn btn-sm btn-ghost" onClick={() => void remove()}>
              Remove cover
            </button>
          )}
        </>
      )}
    </>
  );
}

function IconPicker({ doc, onChange }: { doc: DocumentDetail; onChange(d: Partial<DocumentDetail>): void }) {
  const [open, setOpen] = useState(false);
  const set = async (icon: string | null) => {
    setOpen(false);
    try {
      await updateDocument(doc.id, { icon });
      onChange({ icon });
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <span class="user-menu">
      <button type="button" class={doc.icon ? 'doc-icon' : 'btn btn-sm btn-ghost'} aria-label={doc.icon ? 'Change icon' : 'Add icon'} onClick={() => setOpen(!open)}>
        {doc.icon ?? 'Add icon'}
      </button>
      {open && (
        <div class="dropdown icon-grid" role="menu" style={{ left: 0, right: 'auto' }}>
          {ICONS.map((i) => (
            <button type="button" role="menuitem" key={i} onClick={() => void set(i)}>
              {i}
            </button>
          ))}
          {doc.icon && (
            <button type="button" role="menuitem" class="wide" onClick={() => void set(null)}>
              Remove icon
            </button>
          )}
        </div>
      )}
    </span>
  );
}

function TitleInput({ doc, editable }: { doc: DocumentDetail; editable: boolean }) {
  // The sidebar's copy is the live one: a rename there shows here too.
  const stored = documents.value.find((d) => d.id === doc.id)?.title ?? doc.title;
  const [title, setTitle] = useState(stored);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setTitle(stored);
  }, [stored]);
  return (
    <textarea
      class="doc-title"
      rows={1}
      placeholder="Untitled"
      aria-label="Title"
      readOnly={!editable}
      value={title}
      onFocus={() => {
        focused.current = true;
      }}
      onBlur={() => {
        focused.current = false;
      }}
      onInput={(e) => {
        const v = e.currentTarget.value.replace(/\n/g, '');
        setTitle(v);
        scheduleTitleSave(doc.id, v, (err) => toast(errorMessage(err), 'error'));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          document.querySelector<HTMLElement>('.prose-editor')?.focus();
        }
      }}
    />
  );
}

export function DocHeader({ doc, editable, onChange }: { doc: DocumentDetail; editable: boolean; onChange(d: Partial<DocumentDetail>): void }) {
  const update = (d: Partial<DocumentDetail>) => {
    patchLocal({ id: doc.id, ...d });
    onChange(d);
  };
  return (
    <>
      {doc.coverUrl && <div class="doc-cover" style={{ backgroundImage: `url("${doc.coverUrl}")` }} data-testid="doc-cover" />}
      <div class="doc-head">
        {editable && (
          <div class="doc-head-actions">
            <IconPicker doc={doc} onChange={update} />
            <CoverControls doc={doc} onChange={update} />
          </div>
        )}
        {!editable && doc.icon && <span class="doc-icon">{doc.icon}</span>}
        <TitleInput doc={doc} editable={editable} />
      </div>
    </>
  );
}
