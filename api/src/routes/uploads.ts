// Avatar, cover and in-document image uploads, and serving uploaded files with long-lived cache headers.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userSchema } from '../contract/auth.js';
import { idParamsSchema } from '../contract/common.js';
import { documentImageSchema, documentSchema } from '../contract/workspace.js';
import { notFound } from '../errors.js';
import { toUser } from '../plugins/app/accounts.js';
import { readFilePart } from '../plugins/app/uploads.js';
import { authOf } from '../plugins/external/jwt.js';
import { IMAGE_TYPES } from '../storage/sniff.js';
import { isValidKey } from '../storage/storage.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const max = app.config.UPLOAD_MAX_BYTES;

  app.post('/me/avatar', { onRequest: app.authenticate, schema: { tags: ['me'], consumes: ['multipart/form-data'], response: { 200: userSchema } } }, async (request) => {
    const me = authOf(request).id;
    const { data } = await readFilePart(request, max);
    const upload = await app.uploads.storeImage(me, 'avatar', data, IMAGE_TYPES);
    return toUser(await app.accounts.updateProfile(me, { avatarUrl: upload.url }));
  });

  app.post(
    '/documents/:id/cover',
    { onRequest: app.authenticate, schema: { tags: ['documents'], consumes: ['multipart/form-data'], params: idParamsSchema, response: { 200: documentSchema } } },
    async (request) => {
      const me = authOf(request).id;
      const { doc } = await app.access.requireDocument(request.params.id, me, 'editor');
      const { data } = await readFilePart(request, max);
      const upload = await app.uploads.storeImage(me, 'cover', data, IMAGE_TYPES);
      return app.documents.update(doc, { coverUrl: upload.url });
    },
  );

  // Images inside a page's blocks: the same limits and sniffing as covers; editors of the page only (an
  // editor share of the page counts, as for the cover: requireDocument takes the effective role).
  app.post(
    '/documents/:id/images',
    {
      onRequest: app.authenticate,
      schema: { tags: ['documents'], consumes: ['multipart/form-data'], params: idParamsSchema, response: { 201: documentImageSchema } },
    },
    async (request, reply) => {
      const me = authOf(request).id;
      const { doc } = await app.access.requireDocument(request.params.id, me, 'editor');
      const { data } = await readFilePart(request, max);
      const upload = await app.uploads.storeImage(me, 'image', data, IMAGE_TYPES, doc.id);
      return reply.status(201).send({ url: upload.url, contentType: upload.contentType, size: upload.size });
    },
  );

  // Keys are random and never reused, so a file at a URL never changes: cache it for a year.
  app.get('/files/:key', { schema: { tags: ['files'], params: z.object({ key: z.string().max(200) }) } }, async (request, reply) => {
    const { key } = request.params;
    if (!isValidKey(key)) throw notFound('File');
    const etag = `"${key}"`;
    const cache = 'public, max-age=31536000, immutable';
    if (request.headers['if-none-match'] === etag) return reply.status(304).header('etag', etag).header('cache-control', cache).send();
    const [type, object] = await Promise.all([app.uploads.contentTypeOf(key), app.uploads.storage.get(key)]);
    if (!type || !object) throw notFound('File');
    return reply
      .header('content-type', type)
      .header('content-length', object.size)
      .header('cache-control', cache)
      .header('etag', etag)
      .header('content-disposition', 'inline')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(object.body);
  });
};

export default routes;
