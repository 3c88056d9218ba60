// Document rows: the nested page tree, trash, full-text search and "recently edited".
// The Yjs content itself is stored by src/collab; its extracted text lands in content_text.
import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { DocumentSummary } from '../../contract/workspace.js';
import type { Db } from '../../db/database.js';
import type { DocumentsTable } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { type ListInvalidation, noListCache } from './document-lists.js';

type DocRow = Selectable<DocumentsTable>;
/** A document's row without its (possibly large) extracted text: what access checks load. */
export type DocumentRow = Omit<DocRow, 'content_text'>;
export const SUMMARY_COLUMNS = [
  'id', 'workspace_id', 'parent_id', 'title', 'icon', 'cover_url', 'archived_at', 'created_by', 'created_at',
  'updated_at', 'content_updated_at',
] as const;

export function toDocument(r: DocumentRow): DocumentSummary {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    parentId: r.parent_id,
    title: r.title,
    icon: r.icon,
    coverUrl: r.cover_url,
    archivedAt: r.archived_at?.toISOString() ?? null,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    contentUpdatedAt: r.content_updated_at?.toISOString() ?? null,
  };
}

/** InnoDB indexes no word shorter than this (innodb_ft_min_token_size). */
const MIN_TOKEN = 3;

/**
 * Splits user text into a safe BOOLEAN MODE query (every indexed word required, prefix-matched)
 * and the words too short to be indexed, which are matched with LIKE instead.
 */
export function searchTerms(text: string): { boolean: string; short: string[] } {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const long = words.filter((w) => [...w].length >= MIN_TOKEN);
  return { boolean: long.map((w) => `+${w}*`).join(' '), short: words.filter((w) => [...w].length < MIN_TOKEN) };
}

export class Documents {
  /** Told after every committed write that changes a workspace's lists (set by document-lists-plugin.ts). */
  lists: ListInvalidation = noListCache;

  constructor(private readonly db: Db) {}

  async create(
    workspaceId: string,
    userId: string,
    input: { title: string; icon?: string | null; parentId?: string | null },
  ): Promise<DocumentSummary> {
    if (input.parentId) await this.#assertParent(workspaceId, input.parentId);
    const id = randomUUID();
    await this.db
      .insertInto('documents')
      .values({
        id,
        workspace_id: workspaceId,
        parent_id: input.parentId ?? null,
        title: input.title,
        icon: input.icon ?? null,
        content_text: '',
        created_by: userId,
      })
      .execute();
    await this.lists.workspace(workspaceId);
    return this.get(id);
  }

  async get(id: string): Promise<DocumentSummary> {
    const row = await this.db.selectFrom('documents').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Document');
    return toDocument(row);
  }

  /**
   * The workspace's pages (or its trash) with the caller's role, in one round trip: the membership row
   * left-joined to the documents. Null when the caller is not a member. Sorted here: an ORDER BY on the
   * joined table costs MariaDB a temporary table per call.
   */
  async listAsMember(workspaceId: string, userId: string, archived: boolean) {
    const rows = await this.db
      .selectFrom('workspace_members as m')
      .leftJoin('documents as d', (j) =>
        j.onRef('d.workspace_id', '=', 'm.workspace_id').on('d.archived_at', archived ? 'is not' : 'is', null),
      )
      .select(['m.role', ...SUMMARY_COLUMNS.map((c) => `d.${c}` as const)])
      .where('m.workspace_id', '=', workspaceId)
      .where('m.user_id', '=', userId)
      .execute();
    if (rows.length === 0) return null;
    const docs = rows.flatMap(({ role: _role, ...r }) => (r.id === null ? [] : [r as DocumentRow]));
    // Trash: newest archived first; pages: oldest created first. Ties by id keep the order stable.
    const key = (d: (typeof docs)[number]) => (archived ? -(d.archived_at?.getTime() ?? 0) : d.created_at.getTime());
    docs.sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : 1));
    return { role: rows[0]!.role, documents: docs.map(toDocument) };
  }

  async recent(workspaceId: string, limit: number): Promise<DocumentSummary[]> {
    const rows = await this.db
      .selectFrom('documents')
      .select(SUMMARY_COLUMNS)
      .where('workspace_id', '=', workspaceId)
      .where('archived_at', 'is', null)
      .orderBy(sql`COALESCE(content_updated_at, updated_at)`, 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDocument);
  }

  async search(workspaceId: string, text: string, limit: number) {
    const terms = searchTerms(text);
    if (!terms.boolean && terms.short.length === 0) return [];
    const match = terms.boolean ? sql<number>`MATCH(title, content_text) AGAINST (${terms.boolean} IN BOOLEAN MODE)` : sql<number>`0`;
    let q = this.db
      .selectFrom('documents')
      .select([...SUMMARY_COLUMNS, 'content_text', match.as('score')])
      .where('workspace_id', '=', workspaceId)
      .where('archived_at', 'is', null);
    if (terms.boolean) q = q.where(match, '>', 0);
    for (const word of terms.short) {
      q = q.where((eb) => eb.or([eb('title', 'like', `%${word}%`), eb('content_text', 'like', `%${word}%`)]));
    }
    const rows = await q.orderBy('score', 'desc').orderBy('updated_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...toDocument(r), snippet: snippet(r.content_text, text) }));
  }

  async update(doc: DocumentRow, patch: { title?: string; icon?: string | null; coverUrl?: string | null; parentId?: string | null }) {
    if (patch.parentId) await this.#assertMovable(doc, patch.parentId);
    await this.db
      .updateTable('documents')
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.icon !== undefined ? { icon: patch.icon } : {}),
        ...(patch.coverUrl !== undefined ? { cover_url: patch.coverUrl } : {}),
        ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
      })
      .where('id', '=', doc.id)
      .execute();
    await this.lists.workspace(doc.workspace_id);
    return this.get(doc.id);
  }

  /** The document and all of its descendants (recursive CTE), root first. */
  async subtree(id: string): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      WITH RECURSIVE tree AS (
        SELECT id FROM documents WHERE id = ${id}
        UNION ALL
        SELECT d.id FROM documents d JOIN tree t ON d.parent_id = t.id
      ) SELECT id FROM tree`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** Moves a page and its children to the trash; returns every archived id. */
  async archive(doc: Pick<DocRow, 'id' | 'workspace_id'>): Promise<string[]> {
    const ids = await this.subtree(doc.id);
    await this.db.updateTable('documents').set({ archived_at: new Date() }).where('id', 'in', ids).where('archived_at', 'is', null).execute();
    await this.lists.workspace(doc.workspace_id);
    return ids;
  }

  /** Restores a page and its children; under a still-archived parent it moves to the top level. */
  async restore(doc: DocumentRow): Promise<DocumentSummary> {
    const ids = await this.subtree(doc.id);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('documents').set({ archived_at: null }).where('id', 'in', ids).execute();
      if (doc.parent_id) {
        const parent = await trx.selectFrom('documents').select('archived_at').where('id', '=', doc.parent_id).executeTakeFirst();
        if (!parent || parent.archived_at) {
          await trx.updateTable('documents').set({ parent_id: null }).where('id', '=', doc.id).execute();
        }
      }
    });
    await this.lists.workspace(doc.workspace_id);
    return this.get(doc.id);
  }

  /** Deletes a trashed page and its children for good; returns the deleted ids. */
  async destroy(doc: DocumentRow): Promise<string[]> {
    if (!doc.archived_at) throw new AppError('not_archived', 409, 'Move the page to the trash before deleting it');
    const ids = await this.subtree(doc.id);
    await this.db.deleteFrom('documents').where('id', 'in', ids).execute();
    await this.lists.workspace(doc.workspace_id);
    return ids;
  }

  async #assertParent(workspaceId: string, parentId: string): Promise<DocRow> {
    const parent = await this.db.selectFrom('documents').selectAll().where('id', '=', parentId).executeTakeFirst();
    if (!parent || parent.workspace_id !== workspaceId) throw new AppError('invalid_parent', 400, 'Parent page not found in this workspace');
    if (parent.archived_at) throw new AppError('invalid_parent', 400, 'Parent page is in the trash');
    return parent;
  }

  async #assertMovable(doc: DocumentRow, parentId: string): Promise<void> {
    await this.#assertParent(doc.workspace_id, parentId);
    if ((await this.subtree(doc.id)).includes(parentId)) {
      throw new AppError('invalid_parent', 400, 'A page cannot move under itself');
    }
  }
}

/** A short excerpt around the first matched word, for search results. */
function snippet(text: string, query: string): string {
  const word = (query.match(/[\p{L}\p{N}_]+/u) ?? [''])[0]!.toLowerCase();
  const at = word ? text.toLowerCase().indexOf(word) : -1;
  const start = Math.max(0, at - 60);
  return text.slice(start, start + 160).trim();
}
