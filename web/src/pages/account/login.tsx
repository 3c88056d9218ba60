// Log in with email and password, or with Google.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { login } from '../../api/session.js';
import { ErrorAlert } from '../../components/alert.js';
import { Divider, GoogleButton, nextPath } from './auth-form.js';

export function Login() {
  const { query, route } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(query.error ?? null);
  const next = nextPath(query);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email, password });
      route(next);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div class="page-auth">
      <h1>Welcome back</h1>
      <p class="muted">Log in to your Coope account.</p>
      <form class="stack" onSubmit={submit}>
        <ErrorAlert message={error} />
        <div class="field">
          <label for="login-email">Email</label>
          <input id="login-email" class="input" type="email" autoComplete="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div class="field">
          <div class="row-between">
            <label for="login-password">Password</label>
            <a href="/forgot-password" class="faint" style={{ fontSize: '0.85rem' }}>
              Forgot password?
            </a>
          </div>
          <input id="login-password" class="input" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn btn-primary btn-lg btn-block" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <Divider />
        <GoogleButton next={next} />
        <p class="muted" style={{ textAlign: 'center' }}>
          New to Coope? <a href={`/signup${query.next ? `?next=${encodeURIComponent(query.next)}` : ''}`}>Create an account</a>
        </p>
      </form>
    </div>
  );
}
