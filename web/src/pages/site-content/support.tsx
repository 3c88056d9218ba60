// Support inquiries: submit one, follow my own, read the answer.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { getInquiry, type InquiryStatus, listMyInquiries, submitInquiry } from '../../api/site.js';
import { ErrorAlert } from '../../components/alert.js';
import { Pagination, pageParam } from '../../components/pagination.js';
import { PageSkeleton, SkeletonList } from '../../components/skeleton.js';
import { formatDate, formatRelative } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';

export function StatusTag({ status }: { status: InquiryStatus }) {
  const cls = status === 'answered' ? 'tag tag-success' : status === 'open' ? 'tag tag-warning' : 'tag';
  return (
    <span class={cls} data-testid="inquiry-status">
      {status}
    </span>
  );
}

export function SupportList() {
  const { query } = useLocation();
  const page = pageParam(query);
  const list = useResource((s) => listMyInquiries(page, s), [page]);
  return (
    <div class="page page-narrow">
      <div class="row-between" style={{ marginBottom: '1rem' }}>
        <h1 style={{ margin: 0 }}>Support</h1>
        <a class="btn btn-primary" href="/support/new">
          New inquiry
        </a>
      </div>
      <p class="muted">Your questions to the Coope team and their answers.</p>
      {list.loading && !list.data && <SkeletonList rows={3} />}
      <ErrorAlert message={list.error} onRetry={list.reload} />
      {list.data?.items.length === 0 && <p class="faint">You have not asked anything yet.</p>}
      <ul class="list">
        {list.data?.items.map((i) => (
          <li class="list-item" key={i.id}>
            <a class="grow truncate" href={`/support/${i.id}`}>
              {i.subject}
            </a>
            <StatusTag status={i.status} />
            <span class="faint">{formatRelative(i.createdAt)}</span>
          </li>
        ))}
      </ul>
      {list.data && <Pagination page={page} pageSize={list.data.pageSize} total={list.data.total} href={(p) => `/support?page=${p}`} />}
    </div>
  );
}

export function SupportNew() {
  const { route } = useLocation();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const inquiry = await submitInquiry({ subject: subject.trim(), body: body.trim() });
      route(`/support/${inquiry.id}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <div class="page page-narrow">
      <h1>Ask support</h1>
      <form class="card stack" onSubmit={submit}>
        <div class="field">
          <label for="inq-subject">Subject</label>
          <input id="inq-subject" class="input" required maxLength={200} value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="inq-body">How can we help?</label>
          <textarea id="inq-body" class="textarea" required rows={8} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </div>
        <ErrorAlert message={error} />
        <div>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send'}
          </button>
        </div>
      </form>
    </div>
  );
}

export function SupportDetail() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const inquiry = useResource((s) => getInquiry(id, s), [id]);
  if (!inquiry.data) return inquiry.error ? <div class="page page-narrow"><ErrorAlert message={inquiry.error} onRetry={inquiry.reload} /></div> : <PageSkeleton />;
  const i = inquiry.data;
  return (
    <div class="page page-narrow stack">
      <a href="/support" class="faint">
        ← My inquiries
      </a>
      <div class="row-between">
        <h1 style={{ margin: 0 }}>{i.subject}</h1>
        <StatusTag status={i.status} />
      </div>
      <p class="faint" style={{ margin: 0 }}>
        Sent {formatDate(i.createdAt)}
      </p>
      <div class="card" style={{ whiteSpace: 'pre-wrap' }}>
        {i.body}
      </div>
      <h2>Answer</h2>
      {i.answer ? (
        <div class="card" style={{ whiteSpace: 'pre-wrap' }} data-testid="inquiry-answer">
          {i.answer}
          <p class="faint" style={{ margin: '0.75rem 0 0' }}>
            Coope support · {i.answeredAt ? formatDate(i.answeredAt) : ''}
          </p>
        </div>
      ) : (
        <p class="muted">No answer yet. We usually reply within a day.</p>
      )}
    </div>
  );
}
