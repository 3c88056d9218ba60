// Co-editing: one merged Yjs state per document, written by the compaction worker (src/collab/compactor.ts).
// No foreign key to documents on purpose: the collab service removes a snapshot with the document (purgeDocument).
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('document_snapshots')
    .ifNotExists()
    .addColumn('document_id', 'char(36)', (c) => c.primaryKey())
    .addColumn('state', sql`longblob`, (c) => c.notNull())
    // Redis stream id "ms-seq" of the last entry merged into state.
    .addColumn('stream_id', 'varchar(48)', (c) => c.notNull())
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document_snapshots').ifExists().execute();
}
