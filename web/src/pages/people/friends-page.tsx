// Friends: add by email, answer requests, and the friend list with live online dots and unread badges.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { acceptFriendRequest, cancelFriendRequest, declineFriendRequest, type FriendRequest, sendFriendRequest } from '../../api/people.js';
import { ErrorAlert } from '../../components/alert.js';
import { Avatar } from '../../components/avatar.js';
import { Icon } from '../../components/icon.js';
import { SkeletonList } from '../../components/skeleton.js';
import { toast } from '../../components/toasts.js';
import { onlineUsers } from '../../realtime/presence.js';
import { unreadByUser } from '../../realtime/unread.js';
import { friends, friendsError, incoming, outgoing, reloadFriends, useFriendsLive } from './friends-store.js';

function AddFriend() {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSent(null);
    try {
      await sendFriendRequest(email.trim());
      setSent(`Request sent to ${email.trim()}.`);
      setEmail('');
      await reloadFriends();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form class="card stack" onSubmit={submit}>
      <h2 style={{ margin: 0 }}>Add a friend</h2>
      <div class="row">
        <input id="friend-email" class="input" type="email" required placeholder="Their email address" aria-label="Friend's email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <button type="submit" class="btn btn-primary">
          Send request
        </button>
      </div>
      <ErrorAlert message={error} />
      {sent && <div class="alert alert-success" role="status">{sent}</div>}
    </form>
  );
}

function RequestRow({ r, kind }: { r: FriendRequest; kind: 'incoming' | 'outgoing' }) {
  const other = kind === 'incoming' ? r.from : r.to;
  const act = async (fn: (id: string) => Promise<unknown>) => {
    try {
      await fn(r.id);
      await reloadFriends();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };
  return (
    <li class="list-item" data-testid={`${kind}-request`}>
      <Avatar name={other.name} url={other.avatarUrl} />
      <span class="grow">{other.name}</span>
      {kind === 'incoming' ? (
        <>
          <button type="button" class="btn btn-sm" onClick={() => void act(declineFriendRequest)}>
            Decline
          </button>
          <button type="button" class="btn btn-sm btn-primary" onClick={() => void act(acceptFriendRequest)}>
            Accept
          </button>
        </>
      ) : (
        <button type="button" class="btn btn-sm" onClick={() => void act(cancelFriendRequest)}>
          Cancel
        </button>
      )}
    </li>
  );
}

export function FriendList({ activeId }: { activeId?: string }) {
  if (friends.value === null) return friendsError.value ? <ErrorAlert message={friendsError.value} onRetry={() => void reloadFriends()} /> : <SkeletonList rows={4} />;
  if (friends.value.length === 0) return <p class="faint">No friends yet. Add someone by email.</p>;
  return (
    <nav aria-label="Friends">
      {friends.value.map((f) => {
        const unread = unreadByUser.value[f.id] ?? 0;
        return (
          <a key={f.id} class="friend-row" href={`/chat/${f.id}`} aria-current={activeId === f.id ? 'page' : undefined} data-testid="friend-row">
            <Avatar name={f.name} url={f.avatarUrl} online={onlineUsers.value[f.id] ?? f.online} />
            <span class="name truncate">{f.name}</span>
            {unread > 0 && (
              <span class="badge" data-testid="unread-badge">
                {unread}
              </span>
            )}
          </a>
        );
      })}
    </nav>
  );
}

export function FriendsPage() {
  useFriendsLive();
  useEffect(() => void reloadFriends(), []);
  return (
    <div class="page page-narrow stack" style={{ gap: '1.25rem' }}>
      <h1>People</h1>
      <AddFriend />
      {incoming.value.length > 0 && (
        <section class="card">
          <h2>Requests for you</h2>
          <ul class="list">
            {incoming.value.map((r) => (
              <RequestRow key={r.id} r={r} kind="incoming" />
            ))}
          </ul>
        </section>
      )}
      {outgoing.value.length > 0 && (
        <section class="card">
          <h2>Sent requests</h2>
          <ul class="list">
            {outgoing.value.map((r) => (
              <RequestRow key={r.id} r={r} kind="outgoing" />
            ))}
          </ul>
        </section>
      )}
      <section class="card">
        <div class="row-between">
          <h2 style={{ margin: 0 }}>Friends</h2>
          <span class="faint row">
            <Icon name="chat" size={14} /> Click a friend to chat
          </span>
        </div>
        <div style={{ marginTop: '0.75rem' }}>
          <FriendList />
        </div>
      </section>
    </div>
  );
}
