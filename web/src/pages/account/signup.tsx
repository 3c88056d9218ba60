// Create an account with email and password, or with Google.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ApiError, errorMessage } from '../../api/errors.js';
import { signup } from '../../api/session.js';
import { ErrorAlert } from '../../components/alert.js';
import { Divider, GoogleButton, nextPath } from './auth-form.js';

function fieldError(err: unknown, name: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.fields.find((f) => f.path.endsWith(`.${name}`) || f.path === name)?.message;
}

export function Signup() {
  const { query, route } = useLocation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const next = nextPath(query);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password.length < 8) {
      setError(new Error('Password must be at least 8 characters.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signup({ name, email, password });
      route(next);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div class="page-auth">
      <h1>Create your account</h1>
      <p class="muted">Meetings and a shared workspace, side by side.</p>
      <form class="stack" onSubmit={submit}>
        <ErrorAlert message={error ? errorMessage(error) : null} />
        <div class="field">
          <label for="signup-name">Name</label>
          <input id="signup-name" class="input" autoComplete="name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <span class="field-error">{fieldError(error, 'name')}</span>
        </div>
        <div class="field">
          <label for="signup-email">Email</label>
          <input id="signup-email" class="input" type="email" autoComplete="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          <span class="field-error">{fieldError(error, 'email')}</span>
        </div>
        <div class="field">
          <label for="signup-password">Password</label>
          <input id="signup-password" class="input" type="password" autoComplete="new-password" required minLength={8} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          <span class="faint">At least 8 characters.</span>
        </div>
        <button type="submit" class="btn btn-primary btn-lg btn-block" disabled={busy}>
          {busy ? 'Creating account…' : 'Sign up'}
        </button>
        <Divider />
        <GoogleButton next={next} />
        <p class="muted" style={{ textAlign: 'center' }}>
          Already have an account? <a href="/login">Log in</a>
        </p>
      </form>
    </div>
  );
}
