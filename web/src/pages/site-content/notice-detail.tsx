// One notice with its comments; admins edit or delete it, authors and admins delete comments.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { currentUser, isAdmin } from '../../api/session.js';
import { addComment, deleteComment, deleteNotice, getNotice, listComments } from '../../api/site.js';
import { ErrorAlert } from '../../components/alert.js';
import { Avatar } from '../../components/avatar.js';
import { LoadFallback } from '../../components/load-fallback.js';
import { SkeletonList } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import { formatDate, formatRelative } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';

function Comments({ noticeId }: { noticeId: string }) {
  const comments = useResource((s) => listComments(noticeId, 1, s), [noticeId]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const me = currentUser.value;
  const post = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await addComment(noticeId, text.trim());
      setText('');
      comments.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const remove = async (id: string) => {
    try {
      await deleteComment(noticeId, id);
      comments.reload();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <section class="stack" style={{ marginTop: '2rem' }}>
      <h2>Comments</h2>
      {comments.loading && !comments.data && <SkeletonList rows={2} />}
      <ErrorAlert message={comments.error} onRetry={comments.reload} />
      {comments.data?.items.length === 0 && <p class="faint">No comments yet.</p>}
      <ul class="list">
        {comments.data?.items.map((c) => (
          <li class="list-item" key={c.id} data-testid="comment" style={{ alignItems: 'flex-start' }}>
            <Avatar name={c.author.name} url={c.author.avatarUrl} />
            <div class="grow">
              <div>
                <strong>{c.author.name}</strong> <span class="faint">{formatRelative(c.createdAt)}</span>
              </div>
              <div style={{ whiteSpace: 'pre-wrap' }}>{c.body}</div>
            </div>
            {me && (me.id === c.author.id || isAdmin.value) && (
              <button type="button" class="btn btn-sm btn-ghost btn-danger" onClick={() => void remove(c.id)}>
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      {me ? (
        <form class="stack" onSubmit={post}>
          <label for="comment-body" class="label">
            Add a comment
          </label>
          <textarea id="comment-body" class="textarea" style={{ minHeight: 80 }} required maxLength={2000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <ErrorAlert message={error} />
          <div>
            <button type="submit" class="btn btn-primary" disabled={!text.trim()}>
              Comment
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">
          <a href="/login">Log in</a> to comment.
        </p>
      )}
    </section>
  );
}

export function NoticeDetail() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? '';
  const notice = useResource((s) => getNotice(id, s), [id]);
  const remove = async () => {
    if (!confirm('Delete this notice and its comments?')) return;
    try {
      await deleteNotice(id);
      route('/notices');
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  if (!notice.data) return <LoadFallback resource={notice} />;
  const n = notice.data;
  return (
    <div class="page page-narrow">
      <a href="/notices" class="faint">
        ← All notices
      </a>
      <h1 style={{ marginTop: '0.75rem' }}>{n.title}</h1>
      <p class="faint">
        {n.author.name} · {formatDate(n.createdAt)}
        {n.updatedAt !== n.createdAt && ' · edited'}
      </p>
      {isAdmin.value && (
        <div class="row" style={{ marginBottom: '1rem' }}>
          <a class="btn btn-sm" href={`/notices/${n.id}/edit`}>
            Edit
          </a>
          <button type="button" class="btn btn-sm btn-danger" onClick={() => void remove()}>
            Delete
          </button>
        </div>
      )}
      <div style={{ whiteSpace: 'pre-wrap' }} data-testid="notice-body">
        {n.body}
      </div>
      <Comments noticeId={n.id} />
    </div>
  );
}
