// What a signed-in tab runs in the background: the socket, unread counts, toasts for things that arrive,
// and a friend's call ringing.
import { listConversations } from '../api/people.js';
import { currentUser } from '../api/session.js';
import { ring, stopRinging } from '../components/incoming-call.js';
import { toast } from '../components/toasts.js';
import { sharedToastText } from '../lib/shared-toast.js';
import { activeChatPeer } from './active-chat.js';
import { closeRealtime, realtimeSocket } from './connection.js';
import { bumpUnread, unreadByUser } from './unread.js';
import { attachUserEvents, onUserEvent } from './user-events.js';

let offs: Array<() => void> = [];

async function loadUnread(): Promise<void> {
  const conversations = await listConversations();
  const counts: Record<string, number> = {};
  for (const c of conversations) counts[c.peer.id] = c.unread;
  unreadByUser.value = counts;
}

export async function startRealtime(): Promise<void> {
  stopRealtime();
  const me = currentUser.value?.id;
  offs = [
    onUserEvent('chat.message', ({ message }) => {
      if (message.senderId !== me && message.senderId !== activeChatPeer.value) bumpUnread(message.senderId);
    }),
    onUserEvent('chat.read', () => {}),
    onUserEvent('friend.request', ({ request }) => {
      if (request.to.id === me) toast(`${request.from.name} sent you a friend request`);
    }),
    onUserEvent('friend.accepted', ({ request }) => {
      if (request.from.id === me) toast(`${request.to.name} accepted your friend request`);
    }),
    onUserEvent('workspace.invited', () => toast('You were invited to a workspace. Open Workspace to answer.')),
    onUserEvent('document.shared', (e) => toast(sharedToastText(e))),
    onUserEvent('call.ringing', ring),
  ];
  const s = await realtimeSocket();
  await attachUserEvents();
  // Counts may have moved while we were away.
  s.on('connect', () => void loadUnread().catch(() => {}));
  await loadUnread().catch(() => {});
}

export function stopRealtime(): void {
  for (const off of offs) off();
  offs = [];
  unreadByUser.value = {};
  stopRinging();
}

export { closeRealtime };
