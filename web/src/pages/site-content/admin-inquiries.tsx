// Admin: every inquiry, filtered by status; answer and close.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { answerInquiry, closeInquiry, getInquiry, type InquiryStatus, listAllInquiries } from '../../api/site.js';
import { ErrorAlert } from '../../components/alert.js';
import { LoadFallback } from '../../components/load-fallback.js';
import { PageHead } from '../../components/page-head.js';
import { PagedList } from '../../components/paged-list.js';
import { pageParam } from '../../components/pagination.js';
import { formatRelative } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { InquiryHead } from './inquiry-head.js';
import { InquiryRow } from './inquiry-row.js';

const STATUSES: (InquiryStatus | '')[] = ['', 'open', 'answered', 'closed'];

export function AdminInquiries() {
  const { query, route } = useLocation();
  const page = pageParam(query);
  const status = (STATUSES.includes(query.status as InquiryStatus) ? query.status : '') as InquiryStatus | '';
  const list = useResource((s) => listAllInquiries(page, status, s), [page, status]);
  return (
    <div class="page">
      <PageHead title="Inquiries">
        <select class="select" style={{ width: 180 }} aria-label="Status" value={status} onChange={(e) => route(`/admin/inquiries?status=${e.currentTarget.value}`)}>
          <option value="">All</option>
          <option value="open">Open</option>
          <option value="answered">Answered</option>
          <option value="closed">Closed</option>
        </select>
      </PageHead>
      <PagedList
        list={list}
        page={page}
        href={(p) => `/admin/inquiries?page=${p}&status=${status}`}
        skeletonRows={5}
        empty="Nothing here."
        row={(i) => (
          <InquiryRow key={i.id} inquiry={i} href={`/admin/inquiries/${i.id}`} testId="admin-inquiry">
            <span class="faint hide-mobile">{i.user.name}</span>
          </InquiryRow>
        )}
      />
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
  if (!inquiry.data) return <LoadFallback resource={inquiry} />;
  const i = inquiry.data;
  return (
    <div class="page page-narrow stack">
      <InquiryHead inquiry={i} back={{ href: '/admin/inquiries', label: 'All inquiries' }}>
        From {i.user.name} · {formatRelative(i.createdAt)}
      </InquiryHead>
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
