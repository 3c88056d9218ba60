// Runs meeting-notes jobs in the background: transcription (Whisper) → summary (chat) → new document.
// Every api node may run one; a lease in the job row keeps each job on one worker, and a crashed
// worker's job is taken over when its lease runs out. Failures are retried after a delay.
import { buffer } from 'node:stream/consumers';
import type { FastifyInstance } from 'fastify';
import type OpenAI from 'openai';
import { toFile } from 'openai';
import { notesToYjsUpdate } from '../../ai/notes-doc.js';
import { seedCollabDocument } from '../../collab-wiring.js';
import type { MeetingNoteJobsTable } from '../../db/schema.js';
import { EXTENSIONS, type SniffedType } from '../../storage/sniff.js';
import { atLeast } from './access.js';

const LEASE_MS = 10 * 60 * 1000;
const SUMMARY_PROMPT =
  'You write meeting notes. Summarize the transcript in the language it is written in, as plain text lines: ' +
  'a "# Summary" heading with a short paragraph, "# Decisions" and "# Action items" headings with one line each.';

type Job = Pick<MeetingNoteJobsTable, 'id' | 'user_id' | 'workspace_id' | 'title' | 'attempts'>;

export class NotesWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(
    private readonly app: FastifyInstance,
    private readonly ai: OpenAI,
  ) {}

  start(): void {
    this.#timer = setInterval(() => this.kick(), this.app.config.NOTES_POLL_MS);
    this.#timer.unref();
  }

  /** Looks for work now (after a finish or retry) instead of waiting for the next poll. */
  kick(): void {
    if (this.#stopped || this.#running) return;
    this.#running = this.#drain().finally(() => {
      this.#running = null;
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      for (let job = await this.app.notesJobs.claim(LEASE_MS); job && !this.#stopped; job = await this.app.notesJobs.claim(LEASE_MS)) {
        await this.#runSafely(job);
      }
    } catch (err) {
      this.app.log.error({ err }, 'notes worker poll failed');
    }
  }

  async #runSafely(job: Job): Promise<void> {
    const log = this.app.log.child({ jobId: job.id });
    try {
      await this.#run(job);
      this.app.metrics.jobFinished('notes', 'ok');
    } catch (err) {
      this.app.metrics.jobFinished('notes', 'error');
      const last = job.attempts >= this.app.config.NOTES_MAX_ATTEMPTS;
      log.warn({ err, attempt: job.attempts, last }, 'notes job attempt failed');
      const error = err instanceof Error ? err.message.slice(0, 500) : 'failed';
      if (last) await this.#state(job, 'failed', { error, locked_until: null });
      else await this.#state(job, 'queued', { error, locked_until: new Date(Date.now() + this.app.config.NOTES_RETRY_DELAY_MS) });
    }
  }

  async #run(job: Job): Promise<void> {
    await this.#notify(job, 'transcribing', null);
    const transcript = await this.#transcribe(job);
    await this.#state(job, 'summarizing');
    const summary = await this.#summarize(transcript);
    const role = await this.app.access.roleOf(job.workspace_id, job.user_id);
    if (!role || !atLeast(role, 'editor')) throw new Error('You can no longer add pages to this workspace');
    const doc = await this.app.documents.create(job.workspace_id, job.user_id, { title: job.title, icon: '📝' });
    const text = `${summary}\n\n# Transcript\n${transcript}`;
    await this.app.db.updateTable('documents').set({ content_text: text, content_updated_at: new Date() }).where('id', '=', doc.id).execute();
    await this.app.documentLists.documents([doc.id]);
    await seedCollabDocument(this.app, doc.id, notesToYjsUpdate(text));
    await this.#state(job, 'done', { document_id: doc.id, error: null, locked_until: null }, doc.id);
    for (const c of await this.app.notesJobs.chunks(job.id)) await this.app.uploads.storage.delete(c.storage_key);
  }

  async #transcribe(job: Job): Promise<string> {
    const chunks = await this.app.notesJobs.chunks(job.id);
    const parts: Buffer[] = [];
    for (const c of chunks) {
      const object = await this.app.uploads.storage.get(c.storage_key);
      if (!object) throw new Error(`audio chunk ${c.seq} is missing`);
      parts.push(await buffer(object.body));
    }
    const type = (chunks[0]?.content_type ?? 'audio/webm') as SniffedType;
    const file = await toFile(Buffer.concat(parts), `meeting.${EXTENSIONS[type] ?? 'webm'}`, { type });
    const result = await this.ai.audio.transcriptions.create({ file, model: this.app.config.OPENAI_TRANSCRIBE_MODEL });
    return result.text;
  }

  async #summarize(transcript: string): Promise<string> {
    const res = await this.ai.chat.completions.create({
      model: this.app.config.OPENAI_CHAT_MODEL,
      messages: [
        { role: 'system', content: SUMMARY_PROMPT },
        { role: 'user', content: transcript },
      ],
    });
    return res.choices[0]?.message?.content?.trim() || 'No summary was produced.';
  }

  async #state(job: Job, status: MeetingNoteJobsTable['status'], extra: object = {}, documentId: string | null = null) {
    await this.app.notesJobs.setStatus(job.id, status, extra);
    await this.#notify(job, status, documentId);
  }

  async #notify(job: Job, status: string, documentId: string | null): Promise<void> {
    this.app.notifier.send(job.user_id, 'notes.job', { jobId: job.id, status, documentId });
  }
}
