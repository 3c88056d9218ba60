// /invite?token=…: the email invite link. Joins the workspace once signed in.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { acceptInviteLink } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { SkeletonLines } from '../../components/skeleton.js';

export function InviteAccept() {
  const { query, route } = useLocation();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!query.token) {
      setError('This invite link is incomplete. Ask for a new one.');
      return;
    }
    acceptInviteLink(query.token).then(
      (ws) => route(`/w/${ws.id}`, true),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [query.token, route]);
  return (
    <div class="page page-narrow">
      <h1>Joining workspace…</h1>
      {error ? <ErrorAlert message={error} /> : <SkeletonLines lines={2} />}
    </div>
  );
}
