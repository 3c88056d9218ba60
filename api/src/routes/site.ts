// Notices (admin writes, public reads), comments (signed-in users; author or admin deletes),
// support inquiries (users see their own; admins list, answer and close).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema, okSchema, pageQuerySchema } from '../contract/common.js';
import {
  answerInquiryBodySchema,
  commentBodySchema,
  commentPageSchema,
  commentParamsSchema,
  commentSchema,
  inquiryBodySchema,
  inquiryListQuerySchema,
  inquiryPageSchema,
  inquirySchema,
  noticeBodySchema,
  noticePageSchema,
  noticeSchema,
  updateNoticeBodySchema,
} from '../contract/site.js';
import { notFound } from '../errors.js';
import { authOf } from '../plugins/external/jwt.js';

const routes: FastifyPluginAsyncZod = async (app) => {
  const notices = ['notices'];
  const support = ['inquiries'];
  const admin = { onRequest: app.requireAdmin };
  const user = { onRequest: app.authenticate };

  app.get('/notices', { schema: { tags: notices, querystring: pageQuerySchema, response: { 200: noticePageSchema } } }, async (request) =>
    app.site.listNotices(request.query),
  );
  app.get('/notices/:id', { schema: { tags: notices, params: idParamsSchema, response: { 200: noticeSchema } } }, async (request) =>
    app.site.getNotice(request.params.id),
  );
  app.post('/notices', { ...admin, schema: { tags: notices, body: noticeBodySchema, response: { 201: noticeSchema } } }, async (request, reply) =>
    reply.status(201).send(await app.site.createNotice(authOf(request).id, request.body.title, request.body.body)),
  );
  app.patch(
    '/notices/:id',
    { ...admin, schema: { tags: notices, params: idParamsSchema, body: updateNoticeBodySchema, response: { 200: noticeSchema } } },
    async (request) => app.site.updateNotice(request.params.id, request.body),
  );
  app.delete('/notices/:id', { ...admin, schema: { tags: notices, params: idParamsSchema, response: { 200: okSchema } } }, async (request) => {
    await app.site.deleteNotice(request.params.id);
    return { ok: true as const };
  });

  app.get(
    '/notices/:id/comments',
    { schema: { tags: notices, params: idParamsSchema, querystring: pageQuerySchema, response: { 200: commentPageSchema } } },
    async (request) => app.site.listComments(request.params.id, request.query),
  );
  app.post(
    '/notices/:id/comments',
    { ...user, schema: { tags: notices, params: idParamsSchema, body: commentBodySchema, response: { 201: commentSchema } } },
    async (request, reply) => reply.status(201).send(await app.site.addComment(request.params.id, authOf(request).id, request.body.body)),
  );
  app.delete(
    '/notices/:id/comments/:commentId',
    { ...user, schema: { tags: notices, params: commentParamsSchema, response: { 200: okSchema } } },
    async (request) => {
      await app.site.deleteComment(request.params.id, request.params.commentId, authOf(request));
      return { ok: true as const };
    },
  );

  app.post('/inquiries', { ...user, schema: { tags: support, body: inquiryBodySchema, response: { 201: inquirySchema } } }, async (request, reply) =>
    reply.status(201).send(await app.site.createInquiry(authOf(request).id, request.body.subject, request.body.body)),
  );
  app.get('/inquiries', { ...user, schema: { tags: support, querystring: inquiryListQuerySchema, response: { 200: inquiryPageSchema } } }, async (request) => {
    const { status, ...page } = request.query;
    return app.site.listInquiries(authOf(request).id, page, status);
  });
  app.get('/inquiries/:id', { ...user, schema: { tags: support, params: idParamsSchema, response: { 200: inquirySchema } } }, async (request) => {
    const inquiry = await app.site.getInquiry(request.params.id);
    const me = authOf(request);
    // Someone else's inquiry is "not found" to a non-admin: its existence is private.
    if (inquiry.user.id !== me.id && me.role !== 'admin') throw notFound('Inquiry');
    return inquiry;
  });
  app.get('/admin/inquiries', { ...admin, schema: { tags: support, querystring: inquiryListQuerySchema, response: { 200: inquiryPageSchema } } }, async (request) => {
    const { status, ...page } = request.query;
    return app.site.listInquiries(null, page, status);
  });
  app.post(
    '/admin/inquiries/:id/answer',
    { ...admin, schema: { tags: support, params: idParamsSchema, body: answerInquiryBodySchema, response: { 200: inquirySchema } } },
    async (request) => app.site.answerInquiry(request.params.id, authOf(request).id, request.body.answer),
  );
  app.post('/admin/inquiries/:id/close', { ...admin, schema: { tags: support, params: idParamsSchema, response: { 200: inquirySchema } } }, async (request) =>
    app.site.closeInquiry(request.params.id),
  );
};

export default routes;
