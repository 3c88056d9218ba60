// Site content: notices with comments, and support inquiries.
import { z } from 'zod';
import { publicUserSchema } from './auth.js';
import { idSchema, isoDate, pageOf } from './common.js';

const text = (what: string, max: number) =>
  z
    .string({ message: `${what} is required` })
    .trim()
    .min(1, { message: `${what} is required` })
    .max(max, { message: `${what} must be at most ${max} characters` });

export const noticeSchema = z.object({
  id: idSchema,
  title: z.string(),
  body: z.string(),
  author: publicUserSchema,
  commentCount: z.number(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Notice = z.infer<typeof noticeSchema>;
export const noticePageSchema = pageOf(noticeSchema);
export const noticeBodySchema = z.object({ title: text('Title', 200), body: text('Body', 20000) });
export const updateNoticeBodySchema = z
  .object({ title: text('Title', 200).optional(), body: text('Body', 20000).optional() })
  .refine((b) => b.title !== undefined || b.body !== undefined, { message: 'Nothing to update' });

export const commentSchema = z.object({ id: idSchema, noticeId: idSchema, author: publicUserSchema, body: z.string(), createdAt: isoDate });
export type Comment = z.infer<typeof commentSchema>;
export const commentPageSchema = pageOf(commentSchema);
export const commentBodySchema = z.object({ body: text('Comment', 2000) });
export const commentParamsSchema = z.object({ id: idSchema, commentId: idSchema });

export const inquiryStatusSchema = z.enum(['open', 'answered', 'closed']);
export const inquirySchema = z.object({
  id: idSchema,
  user: publicUserSchema,
  subject: z.string(),
  body: z.string(),
  status: inquiryStatusSchema,
  answer: z.string().nullable(),
  answeredAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Inquiry = z.infer<typeof inquirySchema>;
export const inquiryPageSchema = pageOf(inquirySchema);
export const inquiryBodySchema = z.object({ subject: text('Subject', 200), body: text('Message', 10000) });
export const answerInquiryBodySchema = z.object({ answer: text('Answer', 10000) });
export const inquiryListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: inquiryStatusSchema.optional(),
});
