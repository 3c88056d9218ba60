import { describe, expect, it } from 'vitest';
import { type ChatItem, mergeMessages } from './use-chat.js';

function msg(clientMessageId: string, seq: number, extra: Partial<ChatItem> = {}): ChatItem {
  return { id: `id-${clientMessageId}`, seq, senderId: 'me', recipientId: 'you', clientMessageId, body: clientMessageId, createdAt: '2024-01-01T00:00:00Z', ...extra };
}

describe('merging chat messages', () => {
  it('drops the duplicate of a message that came both live and as the send answer', () => {
    const merged = mergeMessages([msg('a', 1)], [msg('a', 1), msg('b', 2)]);
    expect(merged.map((m) => m.clientMessageId)).toEqual(['a', 'b']);
  });

  it('replaces a pending draft with the stored message', () => {
    const merged = mergeMessages([msg('a', 1), msg('d', 0, { pending: true })], [msg('d', 2)]);
    expect(merged.map((m) => [m.clientMessageId, !!m.pending])).toEqual([
      ['a', false],
      ['d', false],
    ]);
  });

  it('orders by server sequence, drafts last, and older pages go on top', () => {
    const merged = mergeMessages([msg('x', 5), msg('p', 0, { pending: true })], [msg('old', 2), msg('y', 6)]);
    expect(merged.map((m) => m.clientMessageId)).toEqual(['old', 'x', 'y', 'p']);
  });
});
