import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase } from './helpers/harness.js';

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ url: database.url, connectionLimit: 2 });
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('migrates a fresh database, then a second run is a no-op', async () => {
    const first = await migrateToLatest(db);
    expect(first.map((r) => r.migrationName).slice(0, 5)).toEqual([
      '0001-accounts',
      '0002-workspace',
      '0003-people-chat',
      '0004-site',
      '0005-uploads-ai',
    ]);
    expect(first.every((r) => r.status === 'Success')).toBe(true);
    const second = await migrateToLatest(db);
    expect(second).toEqual([]);
  });

  it('creates the documents table with its FULLTEXT index', async () => {
    const { rows } = await sql<{ Key_name: string; Index_type: string; Column_name: string }>`SHOW INDEX FROM documents`.execute(db);
    const fulltext = rows.filter((r) => r.Index_type === 'FULLTEXT').map((r) => r.Column_name);
    expect(fulltext).toEqual(['title', 'content_text']);
    const { rows: cols } = await sql<{ Field: string; Type: string }>`SHOW COLUMNS FROM documents`.execute(db);
    expect(cols.map((c) => c.Field)).toEqual([
      'id', 'workspace_id', 'parent_id', 'title', 'icon', 'cover_url', 'content_text', 'content_updated_at',
      'archived_at', 'created_by', 'created_at', 'updated_at',
    ]);
    expect(cols.find((c) => c.Field === 'content_text')?.Type).toBe('mediumtext');
  });

  it('creates every table the api queries', async () => {
    const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`.execute(db);
    const names = rows.map((r) => r.name);
    for (const t of ['users', 'refresh_tokens', 'workspace_members', 'direct_messages', 'notices', 'meeting_note_jobs']) {
      expect(names).toContain(t);
    }
  });
});
