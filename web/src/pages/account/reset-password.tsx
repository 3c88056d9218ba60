// Choose a new password with the token from a reset email; dead links get a clear way to a new one.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { resetPassword } from '../../api/password.js';
import { currentUser, logout } from '../../api/session.js';
import { ErrorAlert } from '../../components/alert.js';
import { INCOMPLETE_LINK, type LinkProblem, linkProblem, MIN_PASSWORD, newPasswordProblem, tokenFrom } from './password-rules.js';

function DeadLink({ problem }: { problem: LinkProblem }) {
  return (
    <div class="page-auth">
      <h1>{problem.title}</h1>
      <div class="stack">
        <div class="alert alert-error" role="alert">
          {problem.message}
        </div>
        <a href="/forgot-password" class="btn btn-primary btn-block">
          Get a new reset link
        </a>
        <a href="/login" class="btn btn-block">
          Back to log in
        </a>
      </div>
    </div>
  );
}

function Done() {
  return (
    <div class="page-auth">
      <h1>Password changed</h1>
      <div class="stack">
        <div class="alert alert-success" role="status">
          Your new password is set. For your safety we signed you out on every device.
        </div>
        <a href="/login" class="btn btn-primary btn-lg btn-block">
          Log in
        </a>
      </div>
    </div>
  );
}

export function ResetPassword() {
  const { query } = useLocation();
  const token = tokenFrom(query);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dead, setDead] = useState<LinkProblem | null>(null);
  const [done, setDone] = useState(false);

  if (!token) return <DeadLink problem={INCOMPLETE_LINK} />;
  if (dead) return <DeadLink problem={dead} />;
  if (done) return <Done />;

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = newPasswordProblem(password, confirm);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await resetPassword({ token, password });
      // This browser's own session was revoked with the others: forget it here too.
      if (currentUser.value) await logout().catch(() => undefined);
      setDone(true);
    } catch (err) {
      const linkDead = linkProblem(err);
      if (linkDead) setDead(linkDead);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page-auth">
      <h1>Choose a new password</h1>
      <p class="muted">Setting it signs you out of Coope on every device.</p>
      <form class="stack" onSubmit={submit} noValidate>
        <ErrorAlert message={error} />
        <div class="field">
          <label for="reset-password">New password</label>
          <input id="reset-password" class="input" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          <span class="faint">At least {MIN_PASSWORD} characters.</span>
        </div>
        <div class="field">
          <label for="reset-confirm">Confirm new password</label>
          <input id="reset-confirm" class="input" type="password" autoComplete="new-password" required value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn btn-primary btn-lg btn-block" disabled={busy}>
          {busy ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </div>
  );
}
