// Decorates `documentLists` and hands it to the repositories whose writes change document lists.
import fp from 'fastify-plugin';
import { DocumentListCache } from './document-lists.js';

declare module 'fastify' {
  interface FastifyInstance {
    documentLists: DocumentListCache;
  }
}

export default fp(
  async (app) => {
    const cache = new DocumentListCache(app.redis, () => app.log);
    app.decorate('documentLists', cache);
    app.documents.lists = cache;
    app.workspaces.lists = cache;
    app.addHook('onClose', async () => cache.close());
  },
  { name: 'document-lists', dependencies: ['core', 'services'] },
);
