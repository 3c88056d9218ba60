// A small OpenAI-compatible server speaking the real wire format: JSON chat completions, SSE streaming
// ("data: {chunk}" lines ending with "data: [DONE]"), and multipart audio transcription uploads.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Transcription {
  model: string;
  filename: string;
  type: string;
  bytes: Buffer;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeOpenAI(options: { key: string }) {
  const state = {
    chatRequests: [] as Array<{ model: string; stream: boolean; messages: Array<{ role: string; content: string }> }>,
    transcriptions: [] as Transcription[],
    /** The next N transcription calls answer 500. */
    failTranscriptions: 0,
    transcript: 'We agreed to ship the zeppelin on Friday. Ann will write the launch post.',
  };
  const server = createServer(async (req, res) => {
    const json = (status: number, data: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    if (req.headers.authorization !== `Bearer ${options.key}`) return json(401, { error: { message: 'bad key', type: 'invalid_request_error' } });
    const raw = await body(req);
    if (req.url === '/v1/chat/completions') {
      const request = JSON.parse(raw.toString());
      state.chatRequests.push(request);
      const last = request.messages.at(-1)?.content ?? '';
      if (!request.stream) {
        const content = '# Summary\nThe team planned the zeppelin launch.\n# Decisions\nShip on Friday.\n# Action items\nAnn writes the post.';
        return json(200, {
          id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: request.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        });
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of ['Echo', ': ', last]) {
        const chunk = { id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model: request.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] };
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1, model: request.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      return res.end('data: [DONE]\n\n');
    }
    if (req.url === '/v1/audio/transcriptions') {
      const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: raw }).formData();
      const file = form.get('file') as File;
      state.transcriptions.push({ model: String(form.get('model')), filename: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
      if (state.failTranscriptions > 0) {
        state.failTranscriptions--;
        return json(500, { error: { message: 'upstream exploded', type: 'server_error' } });
      }
      return json(200, { text: state.transcript });
    }
    json(404, { error: { message: 'not found' } });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
