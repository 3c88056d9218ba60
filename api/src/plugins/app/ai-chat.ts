// AI chat history on the server: per user, the newest 100 messages of the last 7 days.
import { randomUUID } from 'node:crypto';
import type { AiMessage } from '../../contract/ai.js';
import type { Db } from '../../db/database.js';

export const HISTORY_MAX = 100;
export const HISTORY_DAYS = 7;

const cutoff = () => new Date(Date.now() - HISTORY_DAYS * 24 * 3600 * 1000);

export class AiChatHistory {
  constructor(private readonly db: Db) {}

  async list(userId: string): Promise<AiMessage[]> {
    const rows = await this.db
      .selectFrom('ai_messages')
      .select(['id', 'role', 'content', 'created_at'])
      .where('user_id', '=', userId)
      .where('created_at', '>=', cutoff())
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(HISTORY_MAX)
      .execute();
    return rows.reverse().map((r) => ({ id: r.id, role: r.role, content: r.content, createdAt: r.created_at.toISOString() }));
  }

  async add(userId: string, role: 'user' | 'assistant', content: string): Promise<AiMessage> {
    const id = randomUUID();
    // Explicit timestamps keep a question strictly before its answer.
    const createdAt = new Date();
    await this.db.insertInto('ai_messages').values({ id, user_id: userId, role, content, created_at: createdAt }).execute();
    await this.prune(userId);
    return { id, role, content, createdAt: createdAt.toISOString() };
  }

  /** Drops this user's messages beyond the newest 100, and everyone's older than 7 days. */
  async prune(userId: string): Promise<void> {
    await this.db.deleteFrom('ai_messages').where('created_at', '<', cutoff()).execute();
    const keep = await this.db
      .selectFrom('ai_messages')
      .select('created_at')
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .offset(HISTORY_MAX - 1)
      .limit(1)
      .executeTakeFirst();
    if (keep) await this.db.deleteFrom('ai_messages').where('user_id', '=', userId).where('created_at', '<', keep.created_at).execute();
  }

  async clear(userId: string): Promise<void> {
    await this.db.deleteFrom('ai_messages').where('user_id', '=', userId).execute();
  }
}
