// Support inquiries: submit one, follow my own, read the answer.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { getInquiry, listMyInquiries, submitInquiry } from '../../api/site.js';
import { ErrorAlert } from '../../components/alert.js';
import { LoadFallback } from '../../components/load-fallback.js';
import { PageHead } from '../../components/page-head.js';
import { PagedList } from '../../components/paged-list.js';
import { pageParam } from '../../components/pagination.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSubmitAndGo } from '../../lib/use-submit.js';
import { InquiryHead } from './inquiry-head.js';
import { InquiryRow } from './inquiry-row.js';

export function SupportList() {
  const { query } = useLocation();
  const page = pageParam(query);
  const list = useResource((s) => listMyInquiries(page, s), [page]);
  return (
    <div class="page page-narrow">
      <PageHead title="Support">
        <a class="btn btn-primary" href="/support/new">
          New inquiry
        </a>
      </PageHead>
      <p class="muted">Your questions to the Coope team and their answers.</p>
      <PagedList
        list={list}
        page={page}
        href={(p) => `/support?page=${p}`}
        skeletonRows={3}
        empty="You have not asked anything yet."
        row={(i) => <InquiryRow key={i.id} inquiry={i} href={`/support/${i.id}`} />}
      />
    </div>
  );
}

export function SupportNew() {
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const { busy, error, onSubmit } = useSubmitAndGo(async () => `/support/${(await submitInquiry({ subject: subject.trim(), body: body.trim() })).id}`);
  return (
    <div class="page page-narrow">
      <h1>Ask support</h1>
      <form class="card stack" onSubmit={onSubmit}>
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
  if (!inquiry.data) return <LoadFallback resource={inquiry} />;
  const i = inquiry.data;
  return (
    <div class="page page-narrow stack">
      <InquiryHead inquiry={i} back={{ href: '/support', label: 'My inquiries' }}>
        Sent {formatDate(i.createdAt)}
      </InquiryHead>
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
