// My friends and pending requests, kept fresh by friend events; presence comes from the socket.
import { signal } from '@preact/signals';
import { errorMessage } from '../../api/errors.js';
import { type Friend, type FriendRequest, listFriendRequests, listFriends } from '../../api/people.js';
import { watchPresence } from '../../realtime/presence.js';
import { onUserEvent } from '../../realtime/user-events.js';

export const friends = signal<Friend[] | null>(null);
export const incoming = signal<FriendRequest[]>([]);
export const outgoing = signal<FriendRequest[]>([]);
export const friendsError = signal<string | null>(null);

export async function reloadFriends(): Promise<void> {
  try {
    const [f, inc, out] = await Promise.all([listFriends(), listFriendRequests('incoming'), listFriendRequests('outgoing')]);
    friends.value = f.items;
    incoming.value = inc.items.filter((r) => r.status === 'pending');
    outgoing.value = out.items.filter((r) => r.status === 'pending');
    friendsError.value = null;
    void watchPresence(
      f.items.map((x) => x.id),
      Object.fromEntries(f.items.map((x) => [x.id, x.online])),
    ).catch(() => {});
  } catch (err) {
    friendsError.value = errorMessage(err);
  }
}

let listening = false;

/** Loads once and follows friend events from then on. */
export function useFriendsLive(): void {
  if (listening) return;
  listening = true;
  void reloadFriends();
  for (const type of ['friend.request', 'friend.accepted', 'friend.removed'] as const) onUserEvent(type, () => void reloadFriends());
}
