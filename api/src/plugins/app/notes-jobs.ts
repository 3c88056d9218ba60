// Meeting-notes jobs: the recorder uploads audio chunks, then finishes; a worker does the rest.
// States: uploading → queued → transcribing → summarizing → done | failed (retried until NOTES_MAX_ATTEMPTS).
import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { NotesJob } from '../../contract/ai.js';
import type { Db } from '../../db/database.js';
import type { MeetingNoteJobsTable, NotesJobStatus } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { AUDIO_TYPES, sniff } from '../../storage/sniff.js';
import type { Uploads } from './uploads.js';

type JobRow = Selectable<MeetingNoteJobsTable>;

export function toJob(r: JobRow): NotesJob {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    title: r.title,
    status: r.status,
    attempts: r.attempts,
    chunks: r.chunk_count,
    error: r.error,
    documentId: r.document_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export class NotesJobs {
  constructor(
    private readonly db: Db,
    private readonly uploads: Uploads,
  ) {}

  async create(userId: string, workspaceId: string, title: string): Promise<NotesJob> {
    const id = randomUUID();
    await this.db.insertInto('meeting_note_jobs').values({ id, user_id: userId, workspace_id: workspaceId, title, status: 'uploading', attempts: 0, chunk_count: 0 }).execute();
    return this.get(id, userId);
  }

  async row(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('meeting_note_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A user sees only their own jobs. */
  async get(id: string, userId: string): Promise<NotesJob> {
    const row = await this.row(id);
    if (!row || row.user_id !== userId) throw notFound('Notes job');
    return toJob(row);
  }

  /**
   * Appends one audio chunk. The first chunk must sniff as audio; later MediaRecorder chunks continue
   * the same stream (no header of their own), so they are taken as they are, within the size limit.
   */
  async addChunk(id: string, userId: string, data: Buffer): Promise<NotesJob> {
    const job = await this.get(id, userId);
    if (job.status !== 'uploading') throw new AppError('job_not_uploading', 409, 'This recording is already finished');
    let contentType = 'application/octet-stream';
    if (job.chunks === 0) {
      const type = sniff(data);
      if (!type || !AUDIO_TYPES.includes(type)) throw new AppError('unsupported_type', 415, 'The first chunk must be audio (webm, ogg, wav, mp3 or mp4)');
      contentType = type;
    }
    const upload = await this.uploads.storeRaw(data, `audio-${id}-${job.chunks}`);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('meeting_note_chunks').values({ job_id: id, seq: job.chunks, storage_key: upload, content_type: contentType, size: data.length }).execute();
      await trx.updateTable('meeting_note_jobs').set({ chunk_count: sql`chunk_count + 1` }).where('id', '=', id).execute();
    });
    return this.get(id, userId);
  }

  async finish(id: string, userId: string): Promise<NotesJob> {
    const job = await this.get(id, userId);
    if (job.status !== 'uploading') throw new AppError('job_not_uploading', 409, 'This recording is already finished');
    if (job.chunks === 0) throw new AppError('no_audio', 400, 'Upload at least one audio chunk first');
    await this.setStatus(id, 'queued', { locked_until: null });
    return this.get(id, userId);
  }

  async retry(id: string, userId: string): Promise<NotesJob> {
    const job = await this.get(id, userId);
    if (job.status !== 'failed') throw new AppError('job_not_failed', 409, 'Only a failed job can be retried');
    await this.setStatus(id, 'queued', { attempts: 0, error: null, locked_until: null });
    return this.get(id, userId);
  }

  async setStatus(id: string, status: NotesJobStatus, extra: Partial<Omit<JobRow, 'id' | 'created_at' | 'updated_at'>> = {}) {
    await this.db.updateTable('meeting_note_jobs').set({ ...extra, status }).where('id', '=', id).execute();
  }

  /** Takes the next runnable job (queued, or a crashed worker's whose lease ran out), or null. */
  async claim(leaseMs: number): Promise<JobRow | null> {
    const now = new Date();
    const candidate = await this.db
      .selectFrom('meeting_note_jobs')
      .select(['id', 'status'])
      .where('status', 'in', ['queued', 'transcribing', 'summarizing'])
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('updated_at')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return null;
    const res = await this.db
      .updateTable('meeting_note_jobs')
      .set({ status: 'transcribing', attempts: sql`attempts + 1`, locked_until: new Date(Date.now() + leaseMs) })
      .where('id', '=', candidate.id)
      .where('status', '=', candidate.status)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    // Another worker won the race: look again next time.
    if (Number(res.numUpdatedRows) !== 1) return null;
    return (await this.row(candidate.id)) ?? null;
  }

  async chunks(id: string) {
    return this.db.selectFrom('meeting_note_chunks').selectAll().where('job_id', '=', id).orderBy('seq').execute();
  }
}
