// Who among my friends is online, kept live from `presence` events.
import { signal } from '@preact/signals';
import { realtimeSocket } from './connection.js';

export const onlineUsers = signal<Record<string, boolean>>({});
const watched = new Set<string>();
const attached = new WeakSet<object>();

function set(userId: string, online: boolean): void {
  if (onlineUsers.value[userId] === online) return;
  onlineUsers.value = { ...onlineUsers.value, [userId]: online };
}

async function subscribe(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const s = await realtimeSocket();
  const ack = await s.timeout(10_000).emitWithAck('subscribePresence', { userIds: ids });
  if (ack.ok) for (const p of ack.presence) set(p.userId, p.online);
}

/** Starts following these users' presence (again after every reconnect). */
export async function watchPresence(ids: string[], initial?: Record<string, boolean>): Promise<void> {
  for (const [id, online] of Object.entries(initial ?? {})) set(id, online);
  const fresh = ids.filter((id) => !watched.has(id));
  for (const id of fresh) watched.add(id);
  const s = await realtimeSocket();
  if (!attached.has(s)) {
    attached.add(s);
    s.on('presence', (p) => set(p.userId, p.online));
    s.on('connect', () => void subscribe([...watched]).catch(() => {}));
  }
  if (s.connected) await subscribe(fresh).catch(() => {});
}
