// Writes a streamed chat completion to the client as server-sent events:
// `delta` {text} for each piece, then `done` (with whatever onDone returns) or `error`.
import type { FastifyReply } from 'fastify';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

export async function streamAsSse(
  reply: FastifyReply,
  stream: AsyncIterable<ChatCompletionChunk>,
  abort: AbortController,
  onDone: (answer: string) => Promise<unknown>,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.on('close', () => abort.abort());
  raw.writeHead(200, {
    // CORS and security headers were set on the reply by earlier hooks.
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let answer = '';
  try {
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) {
        answer += text;
        send('delta', { text });
      }
    }
    send('done', await onDone(answer));
  } catch (err) {
    if (!abort.signal.aborted) reply.log.warn({ err }, 'ai chat stream failed');
    send('error', { code: 'ai_failed', message: 'The AI service failed; try again' });
  }
  raw.end();
}
