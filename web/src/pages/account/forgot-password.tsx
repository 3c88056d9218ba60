// Ask for a password-reset link. The answer is the same whether or not an account uses the email.
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { requestPasswordReset } from '../../api/password.js';
import { ErrorAlert } from '../../components/alert.js';

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset({ email });
      setSentTo(email.trim());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <div class="page-auth">
        <h1>Check your email</h1>
        <div class="stack">
          <div class="alert alert-success" role="status">
            If an account uses <strong>{sentTo}</strong>, we sent it a link to reset the password.
          </div>
          <p class="muted">
            The link works once, for one hour. Nothing arrived after a few minutes? Check your spam folder, or make sure
            you typed the address you signed up with.
          </p>
          <button type="button" class="btn btn-block" onClick={() => setSentTo(null)}>
            Use another email
          </button>
          <a href="/login" class="btn btn-primary btn-block">
            Back to log in
          </a>
        </div>
      </div>
    );
  }

  return (
    <div class="page-auth">
      <h1>Forgot your password?</h1>
      <p class="muted">Enter the email you use for Coope and we will send you a link to choose a new password.</p>
      <form class="stack" onSubmit={submit}>
        <ErrorAlert message={error} />
        <div class="field">
          <label for="forgot-email">Email</label>
          <input id="forgot-email" class="input" type="email" autoComplete="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn btn-primary btn-lg btn-block" disabled={busy}>
          {busy ? 'Sending…' : 'Send reset link'}
        </button>
        <p class="muted" style={{ textAlign: 'center' }}>
          Remembered it? <a href="/login">Log in</a>
        </p>
      </form>
    </div>
  );
}
