// One conversation: history pages (older on demand), live messages, idempotent sends with retry, read marks.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../api/errors.js';
import { type ChatMessage, chatHistory, markChatRead, sendChatMessage } from '../../api/people.js';
import { currentUser } from '../../api/session.js';
import { activeChatPeer } from '../../realtime/active-chat.js';
import { setUnread } from '../../realtime/unread.js';
import { onUserEvent } from '../../realtime/user-events.js';

export interface ChatItem extends ChatMessage {
  pending?: boolean;
  failed?: boolean;
}

/** Adds messages, dropping duplicates (a live event and the send's answer carry the same one). */
export function mergeMessages(list: ChatItem[], incoming: ChatItem[]): ChatItem[] {
  const byClientId = new Map(list.map((m) => [m.clientMessageId, m]));
  for (const m of incoming) byClientId.set(m.clientMessageId, { ...byClientId.get(m.clientMessageId), ...m, pending: m.pending ?? false, failed: m.failed ?? false });
  return [...byClientId.values()].sort((a, b) => (a.pending || b.pending ? Number(!!a.pending) - Number(!!b.pending) : a.seq - b.seq));
}

export function useChat(peerId: string) {
  const me = currentUser.value!.id;
  const [messages, setMessages] = useState<ChatItem[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const lastRead = useRef(0);
  // Sends go one after another, so the conversation keeps the order they were typed in.
  const queue = useRef<Promise<void>>(Promise.resolve());

  const markRead = useCallback(
    (list: ChatItem[]) => {
      const seq = Math.max(0, ...list.filter((m) => !m.pending && m.senderId === peerId).map((m) => m.seq));
      setUnread(peerId, 0);
      if (seq > lastRead.current) {
        lastRead.current = seq;
        void markChatRead(peerId, seq).catch(() => {});
      }
    },
    [peerId],
  );

  useEffect(() => {
    activeChatPeer.value = peerId;
    setMessages([]);
    setLoading(true);
    lastRead.current = 0;
    chatHistory(peerId).then(
      (page) => {
        // Live messages or drafts may already be on screen: merge, do not replace.
        setMessages((now) => mergeMessages(now, page.items));
        setNextBefore(page.nextBefore);
        setLoading(false);
        markRead(page.items);
      },
      (err: unknown) => {
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    const off = onUserEvent('chat.message', ({ message }) => {
      const mine = message.senderId === me && message.recipientId === peerId;
      if (!mine && message.senderId !== peerId) return;
      setMessages((old) => {
        const next = mergeMessages(old, [message]);
        if (!mine) markRead(next);
        return next;
      });
    });
    return () => {
      off();
      if (activeChatPeer.value === peerId) activeChatPeer.value = null;
    };
  }, [peerId, me, markRead]);

  const loadOlder = useCallback(async () => {
    if (nextBefore === null) return;
    try {
      const page = await chatHistory(peerId, nextBefore);
      setMessages((old) => mergeMessages(old, page.items));
      setNextBefore(page.nextBefore);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [peerId, nextBefore]);

  const deliver = useCallback(
    async (clientMessageId: string, body: string) => {
      try {
        const saved = await sendChatMessage(peerId, clientMessageId, body);
        setMessages((old) => mergeMessages(old, [saved]));
      } catch (err) {
        setMessages((old) => old.map((m) => (m.clientMessageId === clientMessageId ? { ...m, failed: true } : m)));
        setError(errorMessage(err));
      }
    },
    [peerId],
  );

  const send = useCallback(
    (body: string) => {
      const clientMessageId = crypto.randomUUID();
      const draft: ChatItem = { id: clientMessageId, seq: 0, senderId: me, recipientId: peerId, clientMessageId, body, createdAt: new Date().toISOString(), pending: true };
      setMessages((old) => mergeMessages(old, [draft]));
      setError(null);
      queue.current = queue.current.then(() => deliver(clientMessageId, body));
    },
    [me, peerId, deliver],
  );

  /** Sends a failed message again with the same client id: the api stores it at most once. */
  const retry = useCallback(
    (m: ChatItem) => {
      setMessages((old) => old.map((x) => (x.clientMessageId === m.clientMessageId ? { ...x, failed: false } : x)));
      queue.current = queue.current.then(() => deliver(m.clientMessageId, m.body));
    },
    [deliver],
  );

  return { messages, loading, error, hasOlder: nextBefore !== null, loadOlder, send, retry };
}
