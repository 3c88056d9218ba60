// The api sends the browser here after Google sign-in, with a one-time code to exchange for a session.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { exchangeOidcCode } from '../../api/session.js';
import { ErrorAlert } from '../../components/alert.js';
import { SkeletonLines } from '../../components/skeleton.js';
import { nextPath } from './auth-form.js';
import { takeNext } from './oidc.js';

export function OidcCallback() {
  const { query, route } = useLocation();
  const [error, setError] = useState<string | null>(query.error ? 'Google sign-in was cancelled or failed. Please try again.' : null);
  useEffect(() => {
    if (!query.code) {
      if (!query.error) setError('The sign-in link is incomplete. Please try again.');
      return;
    }
    exchangeOidcCode(query.code).then(
      () => route(nextPath({ next: takeNext() ?? '' }), true),
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [query, route]);
  return (
    <div class="page-auth">
      <h1>Signing you in…</h1>
      {error ? (
        <div class="stack">
          <ErrorAlert message={error} />
          <a href="/login" class="btn">
            Back to log in
          </a>
        </div>
      ) : (
        <SkeletonLines lines={2} />
      )}
    </div>
  );
}
