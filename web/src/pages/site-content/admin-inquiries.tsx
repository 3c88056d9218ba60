// Admin: every inquiry, filtered by status; answer and close.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { answerInquiry, closeInquiry, getInquiry, type InquiryStatus, listAllInquiries } from '../../api/site.js';
import { ErrorAlert } from '../../components/alert.js';
import { Pagination, pageParam } from '../../components/pagination.js';
import { PageSkeleton, SkeletonList } from '../../components/skeleton.js';
import { formatRelative } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { StatusTag } from './support.js';

const STATUSES: (InquiryStatus | '')[] = ['', 'open', 'answered', 'closed'];

export function AdminInquiries() {
  const { query, route } = useLocation();
  const page = pageParam(query);
  const status = (STATUSES.includes(query.status as InquiryStatus) ? query.status : '') as InquiryStatus | '';
  const list = useResource((s) => listAllInquiries(page, status, s), [page, status]);
  return (
    <div class="page">
      <div class="row-between" style={{ marginBottom: '1rem' }}>
        <h1 style={{ margin: 0 }}>Inquiries</h1>
        <select class="select" style={{ width: 180 }} aria-label="Status" value={status} onChange={(e) => route(`/admin/inquiries?status=${e.currentTarget.value}`)}>
          <option value="">All</option>
          <option value="open">Open</option>
          <option value="answered">Answered</option>
          <option value="closed">Closed</option>
        </select>
      </div>
      {list.loading && !list.data && <SkeletonList rows={5} />}
      <ErrorAlert message={list.error} onRetry={list.reload} />
      {list.data?.items.length === 0 && <p class="faint">Nothing here.</p>}
      <ul class="list">
        {list.data?.items.map((i) => (
          <li class="list-item" key={i.id} data-testid="admin-inquiry">
            <a class="grow truncate" href={`/admin/inquiries/${i.id}`}>
              {i.subject}
            </a>
            <span class="faint hide-mobile">{i.user.name}</span>
            <StatusTag status={i.status} />
            <span class="faint">{formatRelative(i.createdAt)}</span>
          </li>
        ))}
      </ul>
      {list.data && <Pagination page={page} pageSize={list.data.pageSize} total={list.data.total} href={(p) => `/admin/inquiries?page=${p}&status=${status}`} />}
    </div>
  );
}

export function AdminInquiry() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const inquiry = useResource((s) => getInquiry(id, s), [id]);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      inquiry.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  if (!inquiry.data) return inquiry.error ? <div class="page page-narrow"><ErrorAlert message={inquiry.error} onRetry={inquiry.reload} /></div> : <PageSkeleton />;
  const i = inquiry.data;
  return (
    <div class="page page-narrow stack">
      <a href="/admin/inquiries" class="faint">
        ← All inquiries
      </a>
      <div class="row-between">
        <h1 style={{ margin: 0 }}>{i.subject}</h1>
        <StatusTag status={i.status} />
      </div>
      <p class="faint" style={{ margin: 0 }}>
        From {i.user.name} · {formatRelative(i.createdAt)}
      </p>
      <div class="card" style={{ whiteSpace: 'pre-wrap' }}>
        {i.body}
      </div>
      {i.answer && (
        <div class="card" style={{ whiteSpace: 'pre-wrap' }}>
          <strong>Answer</strong>
          <div>{i.answer}</div>
        </div>
      )}
      {i.status !== 'closed' && (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => answerInquiry(i.id, answer.trim()));
          }}
        >
          <label for="answer-body" class="label">
            {i.answer ? 'Replace the answer' : 'Answer'}
          </label>
          <textarea id="answer-body" class="textarea" required value={answer} onInput={(e) => setAnswer(e.currentTarget.value)} />
          <div class="row">
            <button type="submit" class="btn btn-primary" disabled={!answer.trim()}>
              Send answer
            </button>
            <button type="button" class="btn" onClick={() => void act(() => closeInquiry(i.id))}>
              Close inquiry
            </button>
          </div>
        </form>
      )}
      <ErrorAlert message={error} />
    </div>
  );
}
