// Decorates `documentShares`, the page shares repository (routes/document-shares.ts).
import fp from 'fastify-plugin';
import { DocumentShares } from './document-shares.js';

declare module 'fastify' {
  interface FastifyInstance {
    documentShares: DocumentShares;
  }
}

export default fp(
  async (app) => {
    app.decorate('documentShares', new DocumentShares(app.db));
  },
  { name: 'document-shares', dependencies: ['core'] },
);
