// Wiring point for live co-editing (src/collab, owned by the collab feature).
// When src/collab/index.ts exports `collabPlugin`, it is registered with what it needs from the api.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { documentArchived, documentRole, saveExtractedText } from './collab-bridge.js';

const srcDir = path.dirname(fileURLToPath(import.meta.url));

/** What the api calls on the `app.collab` decorator; every method is looked up, never assumed. */
interface CollabCalls {
  closeDocument?(documentId: string, reason?: string): Promise<void>;
  purgeDocument?(documentId: string): Promise<void>;
  /** Closes one user's sessions on these documents on every node (collab/member-sessions.ts). */
  closeUserSessions?(userId: string, documentIds: string[], reason?: string): Promise<void>;
  /** Closes the connections of one sign-in session (the token's sid) on every node. */
  closeSession?(sessionId: string, reason?: string): Promise<void>;
  /** Closes every connection of the user on every node. */
  closeUser?(userId: string, reason?: string): Promise<void>;
  /** Stores a Yjs update as the initial content of a new document (meeting notes). */
  seedDocument?(documentId: string, update: Uint8Array): Promise<void>;
}

const collabOf = (app: FastifyInstance) => (app as unknown as { collab?: CollabCalls }).collab;

async function loadCollabPlugin(app: FastifyInstance): Promise<FastifyPluginAsync<never> | null> {
  const file = ['index.ts', 'index.js'].map((f) => path.join(srcDir, 'collab', f)).find((f) => existsSync(f));
  if (!file) return null;
  const mod = (await import(pathToFileURL(file).href)) as { collabPlugin?: FastifyPluginAsync<never> };
  if (typeof mod.collabPlugin === 'function') return mod.collabPlugin;
  app.log.warn('collab module has no collabPlugin export; co-editing is off');
  return null;
}

/** Registers src/collab's plugin, or `plugin` when given (tests). */
export async function registerCollab(app: FastifyInstance, plugin?: FastifyPluginAsync<never>): Promise<void> {
  const collabPlugin = plugin ?? (await loadCollabPlugin(app));
  if (!collabPlugin) return;
  const db = app.db;
  const options = {
    redis: app.redis,
    db,
    access: {
      documentRole: (userId: string, documentId: string) => documentRole(db, userId, documentId),
      documentArchived: (documentId: string) => documentArchived(db, documentId),
    },
    onCompacted: async (documentId: string, text: string) => {
      await saveExtractedText(db, documentId, text);
      // "Recently edited" lists show content_updated_at, so cached lists must drop this document.
      await app.documentLists.documents([documentId]);
    },
    verifyAccessToken: (token: string) => app.tokens.verifyAccess(token),
    log: app.log,
    metricsRegistry: app.metrics.registry,
  };
  await app.register(collabPlugin, options as never);
}

async function eachDocument(app: FastifyInstance, ids: string[], what: string, fn: (id: string) => Promise<void>) {
  for (const id of ids) {
    try {
      await fn(id);
    } catch (err) {
      app.log.warn({ err, documentId: id, what }, 'collab call failed');
    }
  }
}

/** Closes live co-editing sessions (archive): no-op when collab is not registered. */
export async function closeCollabSessions(app: FastifyInstance, documentIds: string[]): Promise<void> {
  const collab = collabOf(app);
  if (!collab?.closeDocument) return;
  await eachDocument(app, documentIds, 'close', (id) => collab.closeDocument!(id, 'document archived'));
}

/** Closes sessions and drops the Yjs state of permanently deleted documents. */
export async function purgeCollabDocuments(app: FastifyInstance, documentIds: string[]): Promise<void> {
  const collab = collabOf(app);
  if (collab?.purgeDocument) await eachDocument(app, documentIds, 'purge', (id) => collab.purgeDocument!(id));
  else await closeCollabSessions(app, documentIds);
}

/** Gives a new document its first Yjs content; false when collab cannot take it (yet). */
export async function seedCollabDocument(app: FastifyInstance, documentId: string, update: Uint8Array): Promise<boolean> {
  const collab = collabOf(app);
  if (!collab?.seedDocument) return false;
  await collab.seedDocument(documentId, update);
  return true;
}

/**
 * A member's role changed or the member left: their open editors in the workspace reconnect and are
 * authorised again (new role, or refused). Logged, never thrown: the membership change already happened.
 */
export async function closeMemberSessions(app: FastifyInstance, workspaceId: string, userId: string, reason: string): Promise<void> {
  if (!collabOf(app)) return;
  try {
    const docs = await app.db.selectFrom('documents').select('id').where('workspace_id', '=', workspaceId).execute();
    await closeUserSessionsOn(app, userId, docs.map((d) => d.id), reason);
  } catch (err) {
    app.log.warn({ err, workspaceId, what: 'member' }, 'collab call failed');
  }
}

type CloseCall = 'closeUserSessions' | 'closeSession' | 'closeUser';

/**
 * Calls one of collab's close methods. Logged, never thrown: what made the close necessary (a role,
 * a share, a session) has already changed.
 */
async function closeVia<K extends CloseCall>(app: FastifyInstance, method: K, call: (close: NonNullable<CollabCalls[K]>) => Promise<void>): Promise<void> {
  const collab = collabOf(app);
  if (!collab) return;
  const close = collab[method]?.bind(collab) as NonNullable<CollabCalls[K]> | undefined;
  if (!close) {
    app.log.warn({ method }, 'collab cannot close these editors; they stay open until they reconnect');
    return;
  }
  try {
    await call(close);
  } catch (err) {
    app.log.warn({ err, what: method }, 'collab call failed');
  }
}

/** One user's open editors on these documents reconnect and are authorised again (a page share changed). */
export async function closeUserSessionsOn(app: FastifyInstance, userId: string, documentIds: string[], reason: string): Promise<void> {
  if (documentIds.length > 0) await closeVia(app, 'closeUserSessions', (close) => close(userId, documentIds, reason));
}

/**
 * A session ended (logout, a reused refresh token): its open editors close on every node. Its tokens are
 * already denied, so they cannot reconnect.
 */
export async function closeSessionEditors(app: FastifyInstance, sessionId: string): Promise<void> {
  await closeVia(app, 'closeSession', (close) => close(sessionId, 'signed out'));
}

/** The user was signed out everywhere (password reset): all of their open editors close on every node. */
export async function closeUserEditors(app: FastifyInstance, userId: string): Promise<void> {
  await closeVia(app, 'closeUser', (close) => close(userId, 'signed out everywhere'));
}
