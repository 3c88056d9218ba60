// Friends, friend requests, presence and 1:1 chat.
import { z } from 'zod';
import { publicUserSchema } from './auth.js';
import { idSchema, isoDate, pageOf, pageQuerySchema } from './common.js';

export const friendRequestSchema = z.object({
  id: idSchema,
  from: publicUserSchema,
  to: publicUserSchema,
  status: z.enum(['pending', 'accepted', 'declined', 'cancelled']),
  createdAt: isoDate,
});
export type FriendRequest = z.infer<typeof friendRequestSchema>;

export const sendFriendRequestBodySchema = z
  .object({
    userId: idSchema.optional(),
    email: z.email({ message: 'Enter a valid email address' }).max(320).optional(),
  })
  .refine((b) => (b.userId === undefined) !== (b.email === undefined), { message: 'Give either a user id or an email' });

export const friendRequestsQuerySchema = pageQuerySchema.extend({
  direction: z.enum(['incoming', 'outgoing'], { message: "direction must be 'incoming' or 'outgoing'" }).default('incoming'),
});
export const friendRequestPageSchema = pageOf(friendRequestSchema);

export const friendSchema = publicUserSchema.extend({ online: z.boolean(), since: isoDate });
export type Friend = z.infer<typeof friendSchema>;
export const friendPageSchema = pageOf(friendSchema);
export const userIdParamsSchema = z.object({ userId: idSchema });

export const presenceSchema = z.object({ userId: idSchema, online: z.boolean() });
export type Presence = z.infer<typeof presenceSchema>;

export const chatMessageSchema = z.object({
  id: idSchema,
  /** Monotonic per server; the cursor of history pages and read marks. */
  seq: z.number(),
  senderId: idSchema,
  recipientId: idSchema,
  clientMessageId: z.string(),
  body: z.string(),
  createdAt: isoDate,
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const sendMessageBodySchema = z.object({
  clientMessageId: z
    .string({ message: 'clientMessageId is required' })
    .min(1, { message: 'clientMessageId is required' })
    .max(64, { message: 'clientMessageId must be at most 64 characters' }),
  body: z
    .string({ message: 'Message is required' })
    .trim()
    .min(1, { message: 'Message cannot be empty' })
    .max(4000, { message: 'Message must be at most 4000 characters' }),
});
export const historyQuerySchema = z.object({
  /** Messages strictly older than this seq; omit for the newest page. */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const historyPageSchema = z.object({
  items: z.array(chatMessageSchema),
  /** Pass as `before` for the next (older) page; null at the start of the conversation. */
  nextBefore: z.number().nullable(),
});
export const markReadBodySchema = z.object({ seq: z.number().int().min(0) });
export const conversationSchema = z.object({
  peer: publicUserSchema,
  lastMessage: chatMessageSchema.nullable(),
  unread: z.number(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** `type` values of the `user-event` the api emits into `user:<id>` rooms, with their data. */
export const userEventSchemas = {
  'friend.request': z.object({ request: friendRequestSchema }),
  'friend.accepted': z.object({ request: friendRequestSchema }),
  'friend.removed': z.object({ userId: idSchema }),
  'chat.message': z.object({ message: chatMessageSchema }),
  'chat.read': z.object({ readerId: idSchema, seq: z.number() }),
  'workspace.invited': z.object({ inviteId: idSchema }),
  'notes.job': z.object({ jobId: idSchema, status: z.string(), documentId: idSchema.nullable() }),
  /** Someone started (or joined) a DM call with this user. It rings for `ringMs`, and is not sent again sooner. */
  'call.ringing': z.object({ from: z.object({ id: idSchema, name: z.string() }), ringMs: z.number() }),
  'document.shared': z.object({
    documentId: idSchema,
    title: z.string(),
    role: z.enum(['viewer', 'editor']),
    sharedBy: z.object({ id: idSchema, name: z.string() }),
  }),
} as const;
export type UserEventType = keyof typeof userEventSchemas;
export type UserEventData<T extends UserEventType> = z.infer<(typeof userEventSchemas)[T]>;
