// The message log and composer of one conversation; scrolls back into history at the top.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Friend } from '../../api/people.js';
import { currentUser } from '../../api/session.js';
import { ErrorAlert } from '../../components/alert.js';
import { Avatar } from '../../components/avatar.js';
import { Icon } from '../../components/icon.js';
import { SkeletonLines } from '../../components/skeleton.js';
import { formatDate, formatTime } from '../../lib/format.js';
import { onlineUsers } from '../../realtime/presence.js';
import { type ChatItem, useChat } from './use-chat.js';

function Bubble({ m, mine, onRetry }: { m: ChatItem; mine: boolean; onRetry(): void }) {
  return (
    <div class={`bubble${mine ? ' mine' : ''}`} data-pending={String(!!m.pending && !m.failed)} data-failed={String(!!m.failed)} data-testid="chat-message">
      {m.body}
      <time>{m.failed ? 'Not sent' : m.pending ? 'Sending…' : formatTime(m.createdAt)}</time>
      {m.failed && (
        <button type="button" class="btn btn-sm" style={{ marginTop: 4 }} onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

function Log({ messages, onRetry }: { messages: ChatItem[]; onRetry(m: ChatItem): void }) {
  const me = currentUser.value!.id;
  let day = '';
  return (
    <>
      {messages.map((m) => {
        const d = formatDate(m.createdAt);
        const header = d !== day ? <div class="chat-day">{d}</div> : null;
        day = d;
        return (
          <div key={m.clientMessageId} style={{ display: 'contents' }}>
            {header}
            <Bubble m={m} mine={m.senderId === me} onRetry={() => onRetry(m)} />
          </div>
        );
      })}
    </>
  );
}

function Composer({ onSend }: { onSend(text: string): void }) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  // Read the field itself: a fast Enter can come before the re-render that carries the new text.
  const submit = () => {
    const body = (input.current?.value ?? text).trim();
    if (!body) return;
    onSend(body);
    setText('');
    if (input.current) input.current.value = '';
  };
  return (
    <form
      class="chat-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={input}
        class="textarea"
        rows={1}
        placeholder="Write a message…"
        aria-label="Message"
        maxLength={4000}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="btn btn-primary btn-icon" aria-label="Send" disabled={!text.trim()}>
        <Icon name="send" />
      </button>
    </form>
  );
}

export function ChatThread({ friend }: { friend: Friend }) {
  const chat = useChat(friend.id);
  const log = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const prevHeight = useRef(0);
  // Keep the view at the bottom for new messages, and in place when older ones are added on top.
  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    if (stick.current) el.scrollTop = el.scrollHeight;
    else if (prevHeight.current) el.scrollTop += el.scrollHeight - prevHeight.current;
    prevHeight.current = el.scrollHeight;
  }, [chat.messages]);
  useEffect(() => {
    stick.current = true;
  }, [friend.id]);
  const onScroll = () => {
    const el = log.current!;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    prevHeight.current = el.scrollHeight;
    if (el.scrollTop < 60 && chat.hasOlder) void chat.loadOlder();
  };
  return (
    <div class="chat" data-testid="chat-thread">
      <div class="chat-head">
        <a href="/people" class="btn btn-ghost btn-icon show-mobile" aria-label="Back to people">
          <Icon name="back" />
        </a>
        <Avatar name={friend.name} url={friend.avatarUrl} online={onlineUsers.value[friend.id] ?? friend.online} />
        <strong class="grow truncate">{friend.name}</strong>
        <a class="btn" href={`/call/dm/${friend.id}`} data-testid="start-call">
          <Icon name="video" /> <span class="hide-mobile">Call</span>
        </a>
      </div>
      <div class="chat-log" ref={log} onScroll={onScroll} data-testid="chat-log">
        {chat.hasOlder && (
          <button type="button" class="btn btn-sm" style={{ alignSelf: 'center' }} onClick={() => void chat.loadOlder()}>
            Load earlier messages
          </button>
        )}
        {chat.loading ? <SkeletonLines lines={4} /> : <Log messages={chat.messages} onRetry={chat.retry} />}
        {!chat.loading && chat.messages.length === 0 && <p class="faint" style={{ alignSelf: 'center' }}>Say hello to {friend.name}.</p>}
      </div>
      <ErrorAlert message={chat.error} />
      <Composer onSend={chat.send} />
    </div>
  );
}
