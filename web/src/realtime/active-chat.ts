// The friend whose chat is open (their messages arrive read, so they do not bump the badge).
import { signal } from '@preact/signals';

export const activeChatPeer = signal<string | null>(null);
