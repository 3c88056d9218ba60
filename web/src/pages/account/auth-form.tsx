// Shared bits of the log-in and sign-up forms.
import { useState } from 'preact/hooks';
import { ErrorAlert } from '../../components/alert.js';
import { startGoogleSignIn } from './oidc.js';

/** Where to go after signing in: the guarded page that sent us here, else the workspace. */
export function nextPath(query: Record<string, string>): string {
  const next = query.next;
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/w';
}

export function GoogleButton({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(await startGoogleSignIn(next));
    setBusy(false);
  };
  return (
    <>
      <ErrorAlert message={error} />
      <button type="button" class="btn btn-block btn-lg" disabled={busy} onClick={() => void start()}>
      <svg width="18" height="18" viewBox="0 0 48 48" aria-hidden="true">
        <path fill="#FFC107" d="M43.6 20.5H42V20H24v8h11.3C33.7 32.7 29.2 36 24 36c-6.6 0-12-5.4-12-12s5.4-12 12-12c3 0 5.8 1.1 7.9 3l5.7-5.7C34 6.1 29.3 4 24 4 12.9 4 4 12.9 4 24s8.9 20 20 20 20-8.9 20-20c0-1.3-.1-2.4-.4-3.5Z" />
        <path fill="#FF3D00" d="m6.3 14.7 6.6 4.8C14.7 15.1 19 12 24 12c3 0 5.8 1.1 7.9 3l5.7-5.7C34 6.1 29.3 4 24 4 16.3 4 9.7 8.3 6.3 14.7Z" />
        <path fill="#4CAF50" d="M24 44c5.2 0 9.9-2 13.4-5.2l-6.2-5.2C29.2 35.1 26.7 36 24 36c-5.2 0-9.6-3.3-11.3-8l-6.5 5C9.5 39.6 16.2 44 24 44Z" />
        <path fill="#1976D2" d="M43.6 20.5H42V20H24v8h11.3c-.8 2.2-2.2 4.2-4.1 5.6l6.2 5.2C37 39.2 44 34 44 24c0-1.3-.1-2.4-.4-3.5Z" />
      </svg>
        Continue with Google
      </button>
    </>
  );
}

export function Divider() {
  return (
    <div class="row faint" style={{ margin: '0.5rem 0' }}>
      <hr class="grow" style={{ margin: 0 }} />
      <span>or</span>
      <hr class="grow" style={{ margin: 0 }} />
    </div>
  );
}
