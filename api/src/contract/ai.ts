// AI chat (streamed over SSE) and meeting-notes jobs.
import { z } from 'zod';
import { idSchema, isoDate } from './common.js';

export const aiMessageSchema = z.object({
  id: idSchema,
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  createdAt: isoDate,
});
export type AiMessage = z.infer<typeof aiMessageSchema>;

export const aiChatBodySchema = z.object({
  message: z
    .string({ message: 'Message is required' })
    .trim()
    .min(1, { message: 'Message cannot be empty' })
    .max(4000, { message: 'Message must be at most 4000 characters' }),
});

/**
 * Server-sent events of POST /ai/chat, in order: any number of `delta`, then one `done` or `error`.
 * Each arrives as `event: <name>\ndata: <json>\n\n`.
 */
export const aiChatEventSchemas = {
  delta: z.object({ text: z.string() }),
  done: z.object({ message: aiMessageSchema }),
  error: z.object({ code: z.string(), message: z.string() }),
} as const;

export const notesJobStatusSchema = z.enum(['uploading', 'queued', 'transcribing', 'summarizing', 'done', 'failed']);
export type NotesJobStatus = z.infer<typeof notesJobStatusSchema>;

export const notesJobSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  title: z.string(),
  status: notesJobStatusSchema,
  attempts: z.number(),
  chunks: z.number(),
  error: z.string().nullable(),
  documentId: idSchema.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type NotesJob = z.infer<typeof notesJobSchema>;

export const createNotesJobBodySchema = z.object({
  workspaceId: idSchema,
  title: z.string().trim().min(1, { message: 'Title is required' }).max(255).default('Meeting notes'),
});
