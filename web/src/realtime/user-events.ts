// Events the api pushes into my `user:<id>` room: chat messages, read marks, friend requests, invites, notes jobs.
import type { UserEventData, UserEventType } from '../api/types.js';
import { realtimeSocket } from './connection.js';

type Handler<T extends UserEventType> = (data: UserEventData<T>) => void;
const handlers = new Map<UserEventType, Set<Handler<never>>>();
const attached = new WeakSet<object>();

/** Listens on the current socket (a new one after log out and in). */
export async function attachUserEvents(): Promise<void> {
  const s = await realtimeSocket();
  if (attached.has(s)) return;
  attached.add(s);
  s.on('user-event', (e) => {
    for (const h of handlers.get(e.type as UserEventType) ?? []) (h as (d: unknown) => void)(e.data);
  });
}

/** Subscribes to one event type; returns the unsubscribe function. */
export function onUserEvent<T extends UserEventType>(type: T, handler: Handler<T>): () => void {
  let set = handlers.get(type);
  if (!set) {
    set = new Set();
    handlers.set(type, set);
  }
  set.add(handler as Handler<never>);
  void attachUserEvents();
  return () => set.delete(handler as Handler<never>);
}
