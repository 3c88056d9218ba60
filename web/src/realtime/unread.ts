// Unread chat counts per friend, shown as badges in the header and the people list.
import { computed, signal } from '@preact/signals';

export const unreadByUser = signal<Record<string, number>>({});

export const totalUnread = computed(() => Object.values(unreadByUser.value).reduce((a, b) => a + b, 0));

export function setUnread(userId: string, count: number): void {
  unreadByUser.value = { ...unreadByUser.value, [userId]: Math.max(0, count) };
}

export function bumpUnread(userId: string): void {
  setUnread(userId, (unreadByUser.value[userId] ?? 0) + 1);
}
