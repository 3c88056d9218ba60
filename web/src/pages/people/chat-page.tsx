// /chat/:userId: friends on the left, the conversation on the right (one at a time on phones).
import { useRoute } from 'preact-iso';
import { ErrorAlert } from '../../components/alert.js';
import { SkeletonLines } from '../../components/skeleton.js';
import { ChatThread } from './chat-thread.js';
import { FriendList } from './friends-page.js';
import { friends, friendsError, useFriendsLive } from './friends-store.js';

export function ChatPage() {
  useFriendsLive();
  const { params } = useRoute();
  const peerId = params.userId ?? '';
  const friend = friends.value?.find((f) => f.id === peerId);
  return (
    <div class="people" data-view="chat">
      <aside class="people-side">
        <h2 style={{ fontSize: '1rem', margin: '0.25rem 0.5rem 0.75rem' }}>
          <a href="/people">People</a>
        </h2>
        <FriendList activeId={peerId} />
      </aside>
      <section class="people-main">
        {friend ? (
          <ChatThread key={friend.id} friend={friend} />
        ) : friends.value === null ? (
          <div style={{ padding: '1rem' }}>{friendsError.value ? <ErrorAlert message={friendsError.value} /> : <SkeletonLines lines={4} />}</div>
        ) : (
          <div class="page page-narrow">
            <p class="muted">You can only chat with friends. Add them from the People page.</p>
          </div>
        )}
      </section>
    </div>
  );
}
