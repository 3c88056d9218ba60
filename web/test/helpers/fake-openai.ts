// A small OpenAI-compatible server for the AI flows: streamed chat completions (SSE, `[DONE]`),
// plain completions for summaries, and multipart audio transcriptions. Answers are fixed text.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeOpenAi {
  baseUrl: string;
  /** Bytes of audio received by transcriptions, for assertions. */
  audioBytes(): number;
  /**
   * Streamed answers stop after their first half until `release()`, so a test can see the partial
   * answer on screen however slow the machine is (released after 20 s anyway).
   */
  holdStreams(): { release(): void };
  close(): Promise<void>;
}

export const CHAT_ANSWER = 'Coope keeps meetings and notes together.';
export const TRANSCRIPT = 'We agreed to ship the editor on Friday.';
export const SUMMARY = 'Summary: ship the editor on Friday.';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function chunk(content: string | null, finish: string | null): string {
  const body = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'fake', choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] };
  return `data: ${JSON.stringify(body)}\n\n`;
}

async function streamChat(res: ServerResponse, gate: Promise<void> | undefined): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const words = CHAT_ANSWER.split(/(?<= )/);
  for (const [i, word] of words.entries()) {
    if (i === Math.floor(words.length / 2) && gate) await gate;
    res.write(chunk(word, null));
    await new Promise((r) => setTimeout(r, 30));
  }
  res.write(chunk(null, 'stop'));
  res.end('data: [DONE]\n\n');
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  let audio = 0;
  let gate: Promise<void> | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.url?.endsWith('/chat/completions')) {
        const parsed = JSON.parse(body.toString()) as { stream?: boolean };
        if (parsed.stream) return streamChat(res, gate);
        return json(res, { id: 'chatcmpl-2', object: 'chat.completion', created: 0, model: 'fake', choices: [{ index: 0, message: { role: 'assistant', content: SUMMARY }, finish_reason: 'stop' }] });
      }
      if (req.url?.endsWith('/audio/transcriptions')) {
        audio += body.length;
        return json(res, { text: TRANSCRIPT });
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    audioBytes: () => audio,
    holdStreams() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 20_000);
        release = () => {
          clearTimeout(timer);
          gate = undefined;
          resolve();
        };
      });
      return { release };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
