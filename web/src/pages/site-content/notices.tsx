// Notices: the list (paginated), and the admin's write/edit form.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { isAdmin } from '../../api/session.js';
import { createNotice, getNotice, listNotices, updateNotice } from '../../api/site.js';
import { ErrorAlert } from '../../components/alert.js';
import { Pagination, pageParam } from '../../components/pagination.js';
import { PageSkeleton, SkeletonList } from '../../components/skeleton.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';

export function NoticeList() {
  const { query } = useLocation();
  const page = pageParam(query);
  const list = useResource((s) => listNotices(page, s), [page]);
  return (
    <div class="page page-narrow">
      <div class="row-between" style={{ marginBottom: '1rem' }}>
        <h1 style={{ margin: 0 }}>Notices</h1>
        {isAdmin.value && (
          <a class="btn btn-primary" href="/notices/new">
            Write a notice
          </a>
        )}
      </div>
      {list.loading && !list.data && <SkeletonList rows={5} />}
      <ErrorAlert message={list.error} onRetry={list.reload} />
      {list.data?.items.length === 0 && <p class="faint">No notices yet.</p>}
      <ul class="list card" style={{ padding: '0 1rem' }}>
        {list.data?.items.map((n) => (
          <li class="list-item" key={n.id} data-testid="notice-row">
            <a href={`/notices/${n.id}`} class="grow truncate">
              {n.title}
            </a>
            {n.commentCount !== undefined && <span class="faint">{n.commentCount} comments</span>}
            <span class="faint">{formatDate(n.createdAt)}</span>
          </li>
        ))}
      </ul>
      {list.data && <Pagination page={page} pageSize={list.data.pageSize} total={list.data.total} href={(p) => `/notices?page=${p}`} />}
    </div>
  );
}

function NoticeForm({ initial, onSave }: { initial: { title: string; body: string }; onSave(v: { title: string; body: string }): Promise<string> }) {
  const { route } = useLocation();
  const [title, setTitle] = useState(initial.title);
  const [body, setBody] = useState(initial.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      route(await onSave({ title: title.trim(), body: body.trim() }));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <form class="card stack" onSubmit={submit}>
      <div class="field">
        <label for="notice-title">Title</label>
        <input id="notice-title" class="input" required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="notice-body">Text</label>
        <textarea id="notice-body" class="textarea" required rows={10} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
      </div>
      <ErrorAlert message={error} />
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Publishing…' : 'Publish'}
        </button>
      </div>
    </form>
  );
}

export function NoticeNew() {
  return (
    <div class="page page-narrow">
      <h1>New notice</h1>
      <NoticeForm initial={{ title: '', body: '' }} onSave={async (v) => `/notices/${(await createNotice(v)).id}`} />
    </div>
  );
}

export function NoticeEdit() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const notice = useResource((s) => getNotice(id, s), [id]);
  if (!notice.data) return notice.error ? <div class="page page-narrow"><ErrorAlert message={notice.error} onRetry={notice.reload} /></div> : <PageSkeleton />;
  return (
    <div class="page page-narrow">
      <h1>Edit notice</h1>
      <NoticeForm initial={notice.data} onSave={async (v) => `/notices/${(await updateNotice(id, v)).id}`} />
    </div>
  );
}
