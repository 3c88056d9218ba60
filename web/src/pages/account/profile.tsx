// The signed-in user's profile: name and avatar.
import { useState } from 'preact/hooks';
import { updateProfile, uploadAvatar } from '../../api/accounts.js';
import { errorMessage } from '../../api/errors.js';
import { currentUser, setUser } from '../../api/session.js';
import { ErrorAlert } from '../../components/alert.js';
import { Avatar } from '../../components/avatar.js';

function AvatarPicker() {
  const user = currentUser.value!;
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      setError('Choose an image file (PNG, JPEG, GIF or WebP).');
      return;
    }
    setError(null);
    setProgress(0);
    try {
      setUser(await uploadAvatar(file, setProgress));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setProgress(null);
    }
  };
  return (
    <div class="row" style={{ gap: '1rem', alignItems: 'center' }}>
      <Avatar name={user.name} url={user.avatarUrl} size="lg" />
      <div class="stack" style={{ gap: '0.4rem' }}>
        <label class="btn" style={{ width: 'fit-content' }}>
          Change picture
          <input type="file" accept="image/*" class="sr-only" data-testid="avatar-input" onChange={(e) => void onFile(e.currentTarget.files?.[0])} />
        </label>
        {progress !== null && (
          <div class="progress" style={{ width: 180 }} role="progressbar" aria-valuenow={Math.round(progress * 100)}>
            <span style={{ width: `${progress * 100}%` }} />
          </div>
        )}
        <ErrorAlert message={error} />
      </div>
    </div>
  );
}

export function Profile() {
  const user = currentUser.value!;
  const [name, setName] = useState(user.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      setUser(await updateProfile({ name }));
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="page page-narrow">
      <h1>Profile</h1>
      <div class="card stack">
        <AvatarPicker />
        <form class="stack" onSubmit={save}>
          <div class="field">
            <label for="profile-name">Name</label>
            <input id="profile-name" class="input" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
          <div class="field">
            <span class="label">Email</span>
            <span>{user.email ?? '—'}</span>
          </div>
          <ErrorAlert message={error} />
          {saved && (
            <div class="alert alert-success" role="status">
              Profile saved.
            </div>
          )}
          <div>
            <button type="submit" class="btn btn-primary" disabled={busy || name.trim() === ''}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
