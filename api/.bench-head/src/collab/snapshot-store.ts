// MariaDB adapter for document snapshots (table from migrations/0100-collab.ts).
import type { Kysely } from 'kysely';

interface SnapshotTable {
  document_id: string;
  state: Buffer;
  stream_id: string;
  updated_at: Date;
}

export interface SnapshotDatabase {
  document_snapshots: SnapshotTable;
}

export interface Snapshot {
  state: Uint8Array;
  /** Last stream entry merged into `state`. */
  streamId: string;
}

/** Another compactor wrote the snapshot first; this run's result is stale and must be dropped. */
export class SnapshotConflictError extends Error {}

export class SnapshotStore {
  readonly #db: Kysely<SnapshotDatabase>;

  constructor(db: Kysely<SnapshotDatabase>) {
    this.#db = db;
  }

  async load(documentId: string): Promise<Snapshot | null> {
    const row = await this.#db
      .selectFrom('document_snapshots')
      .select(['state', 'stream_id'])
      .where('document_id', '=', documentId)
      .executeTakeFirst();
    return row ? { state: new Uint8Array(row.state), streamId: row.stream_id } : null;
  }

  /**
   * Writes the snapshot only if the stored one is still `previous` (optimistic fence), so a compactor whose
   * lock expired while it was paused cannot overwrite a newer snapshot.
   */
  async save(documentId: string, next: Snapshot, previous: Snapshot | null): Promise<void> {
    const state = Buffer.from(next.state);
    if (!previous) {
      try {
        await this.#db
          .insertInto('document_snapshots')
          .values({ document_id: documentId, state, stream_id: next.streamId, updated_at: new Date() })
          .execute();
      } catch (err) {
        if ((err as { code?: string }).code === 'ER_DUP_ENTRY') throw new SnapshotConflictError(documentId);
        throw err;
      }
      return;
    }
    const result = await this.#db
      .updateTable('document_snapshots')
      .set({ state, stream_id: next.streamId, updated_at: new Date() })
      .where('document_id', '=', documentId)
      .where('stream_id', '=', previous.streamId)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new SnapshotConflictError(documentId);
  }

  async remove(documentId: string): Promise<void> {
    await this.#db.deleteFrom('document_snapshots').where('document_id', '=', documentId).execute();
  }
}
