// The "share with" form: an email address, a role, and Share; errors land on the email field.
import { useRef, useState } from 'preact/hooks';
import { putShare } from '../../api/shares.js';
import type { DocumentShare, ShareRole } from '../../api/types.js';
import { ErrorAlert } from '../../components/alert.js';
import { type ShareFormError, shareFormError } from './share-rules.js';

export function ShareRoleSelect({ value, onChange, id, label }: { value: ShareRole; onChange(r: ShareRole): void; id?: string; label: string }) {
  return (
    <select id={id} class="select" value={value} aria-label={label} onChange={(e) => onChange(e.currentTarget.value as ShareRole)}>
      <option value="viewer">Can view</option>
      <option value="editor">Can edit</option>
    </select>
  );
}

export function ShareForm({ docId, onShared }: { docId: string; onShared(row: DocumentShare): void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ShareRole>('viewer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShareFormError>({});
  const input = useRef<HTMLInputElement>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError({});
    try {
      onShared(await putShare(docId, { email: email.trim(), role }));
      setEmail('');
    } catch (err) {
      setError(shareFormError(err));
    } finally {
      setBusy(false);
      // The disabled button dropped focus; back to the field, ready for the next address or a fix.
      input.current?.focus();
    }
  };
  return (
    <form class="stack share-form" onSubmit={submit}>
      <div class="share-form-row">
        <div class="field grow">
          <label for="share-email">Email address</label>
          <input
            id="share-email"
            ref={input}
            class="input"
            type="email"
            required
            maxLength={320}
            placeholder="name@example.com"
            value={email}
            aria-invalid={error.email ? true : undefined}
            aria-describedby={error.email ? 'share-email-error' : undefined}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="share-role">Access</label>
          <ShareRoleSelect id="share-role" label="Access" value={role} onChange={setRole} />
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy || !email.trim()}>
          {busy ? 'Sharing…' : 'Share'}
        </button>
      </div>
      {error.email && (
        <span id="share-email-error" class="field-error" role="alert">
          {error.email}
        </span>
      )}
      <ErrorAlert message={error.form} />
    </form>
  );
}
