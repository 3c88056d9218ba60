import { describe, expect, it } from 'vitest';
import { parseSseBlock } from './ai.js';

describe('server-sent event blocks', () => {
  it('reads the event name and JSON data', () => {
    expect(parseSseBlock('event: delta\ndata: {"text":"Hi"}')).toEqual({ event: 'delta', data: { text: 'Hi' } });
  });

  it('joins multi-line data and defaults the event name', () => {
    expect(parseSseBlock('data: {"a":\ndata: 1}')).toEqual({ event: 'message', data: { a: 1 } });
  });

  it('ignores comments and broken data', () => {
    expect(parseSseBlock(': keep-alive')).toBeNull();
    expect(parseSseBlock('event: delta\ndata: {oops')).toBeNull();
  });
});
