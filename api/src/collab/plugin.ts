// Fastify plugin: serves /collab/:documentId on the app's own http server and decorates `app.collab`.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CollabService } from './collab-service.js';
import type { CollabHandle, CollabOptions } from './types.js';

declare module 'fastify' {
  interface FastifyInstance {
    collab: CollabHandle;
  }
}

async function collab(app: FastifyInstance, opts: CollabOptions): Promise<void> {
  const service = await CollabService.create(opts);
  const onUpgrade = (...args: Parameters<CollabService['handleUpgrade']>) => {
    // Paths that are not ours are left to other upgrade listeners, or refused if there are none.
    if (!service.handleUpgrade(...args) && app.server.listenerCount('upgrade') === 1) args[1].destroy();
  };
  app.server.on('upgrade', onUpgrade);
  app.decorate('collab', {
    closeDocument: (documentId: string, reason: string) => service.closeDocument(documentId, reason),
    purgeDocument: (documentId: string) => service.purgeDocument(documentId),
    seedDocument: (documentId: string, update: Uint8Array) => service.seedDocument(documentId, update),
    closeUserSessions: (userId: string, documentIds: string[], reason?: string) =>
      service.closeUserSessions(userId, documentIds, reason),
    closeSession: (sessionId: string, reason?: string) => service.closeSession(sessionId, reason),
    closeUser: (userId: string, reason?: string) => service.closeUser(userId, reason),
  } satisfies CollabHandle);
  // preClose: live sockets must go before the http server waits for its connections to end.
  app.addHook('preClose', async () => {
    app.server.off('upgrade', onUpgrade);
    await service.close();
  });
}

export const collabPlugin = fp(collab, { name: 'coope-collab', fastify: '5.x' });
