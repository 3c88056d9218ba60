import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from './helpers/fake-openai.js';
import { multipart, WEBM } from './helpers/fixtures.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
let ai: Awaited<ReturnType<typeof startFakeOpenAI>>;
let dir: string;
let ann: TestUser;
let baseUrl: string;
beforeAll(async () => {
  ai = await startFakeOpenAI({ key: 'test-key' });
  dir = await mkdtemp(path.join(tmpdir(), 'coope-ai-'));
  h = await createHarness({
    env: {
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: ai.baseURL,
      OPENAI_MAX_RETRIES: '0',
      STORAGE_DIR: dir,
      NOTES_POLL_MS: '50',
      NOTES_RETRY_DELAY_MS: '0',
      NOTES_MAX_ATTEMPTS: '2',
    },
  });
  baseUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
  ann = await signup(h.app, 'Ann');
});
afterAll(async () => {
  await h.close();
  await ai.close();
  await rm(dir, { recursive: true, force: true });
});

/** Reads an SSE response over real HTTP into its events. */
async function sse(res: Response): Promise<Array<{ event: string; data: unknown }>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)![1]!;
      return { event, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) };
    });
}

const chat = (message: string) =>
  fetch(`${baseUrl}/ai/chat`, { method: 'POST', headers: { ...ann.headers, 'content-type': 'application/json' }, body: JSON.stringify({ message }) });

describe('AI chat', () => {
  it('streams the answer as SSE over real HTTP and keeps the history on the server', async () => {
    const res = await chat('hello there');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await sse(res);
    expect(events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text)).toEqual(['Echo', ': ', 'hello there']);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { message: { role: 'assistant', content: 'Echo: hello there' } } });
    await sse(await chat('second question'));
    // The second request carried the first exchange as context.
    expect(ai.state.chatRequests.at(-1)!.messages.map((m) => m.content)).toEqual([
      expect.any(String), 'hello there', 'Echo: hello there', 'second question',
    ]);
    const history = await h.app.inject({ method: 'GET', url: '/ai/chat/history', headers: ann.headers });
    expect(history.json().map((m: { content: string }) => m.content)).toEqual(['hello there', 'Echo: hello there', 'second question', 'Echo: second question']);
  });

  it('keeps at most 100 messages per user and drops those older than 7 days', async () => {
    const bob = await signup(h.app, 'Bob');
    const old = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const rows = Array.from({ length: 120 }, (_, i) => ({
      id: crypto.randomUUID(), user_id: bob.id, role: 'user' as const, content: `m${i}`, created_at: new Date(Date.now() - 3600_000 + i * 1000),
    }));
    await h.db.insertInto('ai_messages').values([...rows, { id: crypto.randomUUID(), user_id: bob.id, role: 'user', content: 'ancient', created_at: old }]).execute();
    await h.app.aiChat.prune(bob.id);
    const left = await h.db.selectFrom('ai_messages').select('content').where('user_id', '=', bob.id).orderBy('created_at').execute();
    expect(left).toHaveLength(100);
    expect(left[0]!.content).toBe('m20');
  });

  it('answers a bad body with a field message', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/ai/chat', headers: ann.headers, payload: { message: '' } });
    expect(bad.json().fields).toEqual([{ path: 'body.message', message: 'Message cannot be empty' }]);
  });
});

describe('meeting notes', () => {
  async function newJob(): Promise<string> {
    const ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: ann.headers, payload: { name: 'Notes' } })).json();
    const job = await h.app.inject({ method: 'POST', url: '/ai/notes', headers: ann.headers, payload: { workspaceId: ws.id, title: 'Launch sync' } });
    expect(job.statusCode).toBe(201);
    return job.json().id;
  }
  const uploadChunk = (jobId: string, data: Buffer) => {
    const body = multipart(data, 'chunk.webm', 'audio/webm');
    return h.app.inject({ method: 'POST', url: `/ai/notes/${jobId}/chunks`, payload: body.payload, headers: { ...ann.headers, ...body.headers } });
  };
  const job = async (id: string) => (await h.app.inject({ method: 'GET', url: `/ai/notes/${id}`, headers: ann.headers })).json();

  it('transcribes uploaded chunks, summarizes, and saves a searchable document', async () => {
    const id = await newJob();
    expect((await uploadChunk(id, WEBM)).json().chunks).toBe(1);
    const tail = Buffer.from([1, 2, 3, 4, 5]);
    expect((await uploadChunk(id, tail)).json().chunks).toBe(2);
    const finished = await h.app.inject({ method: 'POST', url: `/ai/notes/${id}/finish`, headers: ann.headers });
    // The worker may already have picked it up: the answer is the job as it is now.
    expect(['queued', 'transcribing', 'summarizing', 'done']).toContain(finished.json().status);
    await expect.poll(async () => (await job(id)).status, { timeout: 10_000 }).toBe('done');
    const sent = ai.state.transcriptions.at(-1)!;
    expect(sent).toMatchObject({ model: 'whisper-1', filename: 'meeting.webm', type: 'audio/webm' });
    expect(sent.bytes.equals(Buffer.concat([WEBM, tail]))).toBe(true);
    const doc = (await h.app.inject({ method: 'GET', url: `/documents/${(await job(id)).documentId}`, headers: ann.headers })).json();
    expect(doc.title).toBe('Launch sync');
    const hits = await h.app.inject({ method: 'GET', url: `/workspaces/${doc.workspaceId}/search?q=zeppelin`, headers: ann.headers });
    expect(hits.json().map((d: { id: string }) => d.id)).toEqual([doc.id]);
  });

  it('retries a failed transcription, then fails for good and can be retried by hand', async () => {
    const id = await newJob();
    await uploadChunk(id, WEBM);
    ai.state.failTranscriptions = 3;
    await h.app.inject({ method: 'POST', url: `/ai/notes/${id}/finish`, headers: ann.headers });
    await expect.poll(async () => (await job(id)).status, { timeout: 10_000 }).toBe('failed');
    expect((await job(id)).attempts).toBe(2);
    const retry = await h.app.inject({ method: 'POST', url: `/ai/notes/${id}/retry`, headers: ann.headers });
    expect(['queued', 'transcribing', 'summarizing', 'done']).toContain(retry.json().status);
    // One failure left, then success on the job's second attempt.
    await expect.poll(async () => (await job(id)).status, { timeout: 10_000 }).toBe('done');
  });

  it('refuses a first chunk that is not audio', async () => {
    const id = await newJob();
    const res = await uploadChunk(id, Buffer.from('not audio at all'));
    expect(res.statusCode).toBe(415);
  });
});

describe('AI off', () => {
  it('explains that AI is off when no key is configured', async () => {
    const off = await createHarness();
    try {
      const u = await signup(off.app, 'Cy');
      const res = await off.app.inject({ method: 'POST', url: '/ai/chat', headers: u.headers, payload: { message: 'hi' } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ code: 'ai_disabled', message: 'AI features are turned off on this server (no OPENAI_API_KEY)' });
    } finally {
      await off.close();
    }
  });
});
