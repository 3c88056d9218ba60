// Notices: the list (paginated), and the admin's write/edit form.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { isAdmin } from '../../api/session.js';
import { createNotice, getNotice, listNotices, updateNotice } from '../../api/site.js';
import { ErrorAlert } from '../../components/alert.js';
import { LoadFallback } from '../../components/load-fallback.js';
import { PageHead } from '../../components/page-head.js';
import { PagedList } from '../../components/paged-list.js';
import { pageParam } from '../../components/pagination.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmitAndGo } from '../../lib/use-submit.js';

export function NoticeList() {
  const { query } = useLocation();
  const page = pageParam(query);
  const list = useResource((s) => listNotices(page, s), [page]);
  return (
    <div class="page page-narrow">
      <PageHead title="Notices">
        {isAdmin.value && (
          <a class="btn btn-primary" href="/notices/new">
            Write a notice
          </a>
        )}
      </PageHead>
      <PagedList
        list={list}
        page={page}
        href={(p) => `/notices?page=${p}`}
        skeletonRows={5}
        empty="No notices yet."
        class="list card"
        style={{ padding: '0 1rem' }}
        row={(n) => (
          <li class="list-item" key={n.id} data-testid="notice-row">
            <a href={`/notices/${n.id}`} class="grow truncate">
              {n.title}
            </a>
            {n.commentCount !== undefined && <span class="faint">{n.commentCount} comments</span>}
            <span class="faint">{formatDate(n.createdAt)}</span>
          </li>
        )}
      />
    </div>
  );
}

function NoticeForm({ initial, onSave }: { initial: { title: string; body: string }; onSave(v: { title: string; body: string }): Promise<string> }) {
  const [title, setTitle] = useState(initial.title);
  const [body, setBody] = useState(initial.body);
  const { busy, error, onSubmit } = useSubmitAndGo(() => onSave({ title: title.trim(), body: body.trim() }));
  return (
    <form class="card stack" onSubmit={onSubmit}>
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
  if (!notice.data) return <LoadFallback resource={notice} />;
  return (
    <div class="page page-narrow">
      <h1>Edit notice</h1>
      <NoticeForm initial={notice.data} onSave={async (v) => `/notices/${(await updateNotice(id, v)).id}`} />
    </div>
  );
}
