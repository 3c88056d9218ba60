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

/**
 * One user's open editors on these documents reconnect and are authorised again (a page share changed).
 * Logged, never thrown: the change already happened.
 */
export async function closeUserSessionsOn(app: FastifyInstance, userId: string, documentIds: string[], reason: string): Promise<void> {
  const collab = collabOf(app);
  if (!collab || documentIds.length === 0) return;
  if (!collab.closeUserSessions) {
    app.log.warn('collab cannot close one user\'s sessions; they keep their role until they reconnect');
    return;
  }
  try {
    await collab.closeUserSessions(userId, documentIds, reason);
  } catch (err) {
    app.log.warn({ err, what: 'user sessions' }, 'collab call failed');
  }
}

/**
 * A session ended (logout, a reused refresh token): its open editors close on every node. Its tokens are
 * already denied, so they cannot reconnect. Logged, never thrown: the session has ended either way.
 */
export async function closeSessionEditors(app: FastifyInstance, sessionId: string): Promise<void> {
  const collab = collabOf(app);
  if (!collab) return;
  if (!collab.closeSession) {
    app.log.warn('collab cannot close one session\'s editors; they stay open until they reconnect');
    return;
  }
  await collab.closeSession(sessionId, 'signed out').catch((err) => app.log.warn({ err, what: 'session' }, 'collab call failed'));
}

/** The user was signed out everywhere (password reset): all of their open editors close on every node. */
export async function closeUserEditors(app: FastifyInstance, userId: string): Promise<void> {
  const collab = collabOf(app);
  if (!collab) return;
  if (!collab.closeUser) {
    app.log.warn('collab cannot close one user\'s editors; they stay open until they reconnect');
    return;
  }
  await collab.closeUser(userId, 'signed out everywhere').catch((err) => app.log.warn({ err, what: 'user' }, 'collab call failed'));
}
