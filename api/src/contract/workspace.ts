// Workspaces, members, invites, documents and call tickets.
import { z } from 'zod';
import { publicUserSchema } from './auth.js';
import { idSchema, isoDate } from './common.js';

export const memberRoleSchema = z.enum(['owner', 'editor', 'viewer'], { message: 'Role must be owner, editor or viewer' });
export type MemberRole = z.infer<typeof memberRoleSchema>;

const wsName = z
  .string({ message: 'Name is required' })
  .trim()
  .min(1, { message: 'Name is required' })
  .max(100, { message: 'Name must be at most 100 characters' });
const icon = z.string().max(64, { message: 'Icon must be at most 64 characters' }).nullable();

export const workspaceSchema = z.object({
  id: idSchema,
  name: z.string(),
  icon: z.string().nullable(),
  role: memberRoleSchema,
  createdAt: isoDate,
});
export type Workspace = z.infer<typeof workspaceSchema>;

export const createWorkspaceBodySchema = z.object({ name: wsName, icon: icon.optional() });
export const updateWorkspaceBodySchema = z
  .object({ name: wsName.optional(), icon: icon.optional() })
  .refine((b) => b.name !== undefined || b.icon !== undefined, { message: 'Nothing to update' });

export const memberSchema = z.object({ user: publicUserSchema, role: memberRoleSchema, joinedAt: isoDate });
export type Member = z.infer<typeof memberSchema>;
export const setMemberRoleBodySchema = z.object({ role: memberRoleSchema });
export const memberParamsSchema = z.object({ id: idSchema, userId: idSchema });

export const inviteSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  workspaceName: z.string(),
  role: memberRoleSchema,
  email: z.string().nullable(),
  inviteeUserId: idSchema.nullable(),
  invitedBy: publicUserSchema,
  expiresAt: isoDate,
  /** Only in the answer to the owner who created an email invite: the secret link to send. */
  link: z.string().optional(),
  /** With `link`: whether the invite was also mailed to the address (false when email is off or failed). */
  emailed: z.boolean().optional(),
});
export type Invite = z.infer<typeof inviteSchema>;

export const createInviteBodySchema = z
  .object({
    role: memberRoleSchema.default('editor'),
    userId: idSchema.optional(),
    email: z.email({ message: 'Enter a valid email address' }).max(320).optional(),
  })
  .refine((b) => (b.userId === undefined) !== (b.email === undefined), {
    message: 'Invite either a user or an email address',
  });
export const inviteParamsSchema = z.object({ id: idSchema, inviteId: idSchema });
export const acceptInviteTokenBodySchema = z.object({ token: z.string().min(20).max(200) });

export const documentSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  parentId: idSchema.nullable(),
  title: z.string(),
  icon: z.string().nullable(),
  coverUrl: z.string().nullable(),
  archivedAt: isoDate.nullable(),
  createdBy: idSchema,
  createdAt: isoDate,
  updatedAt: isoDate,
  contentUpdatedAt: isoDate.nullable(),
});
export type DocumentSummary = z.infer<typeof documentSchema>;
/** An image uploaded for a document's blocks: the editor embeds `url`. */
export const documentImageSchema = z.object({
  url: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type DocumentImage = z.infer<typeof documentImageSchema>;

/** `role` is the effective role (workspace role raised by shares); `guest` when access comes only from shares. */
/** `sharedFrom`: the page (this one or a parent) whose share gives `role`; null when it is the workspace role. */
export const documentDetailSchema = documentSchema.extend({ role: memberRoleSchema, guest: z.boolean(), sharedFrom: idSchema.nullable() });
export type DocumentDetail = z.infer<typeof documentDetailSchema>;

const title = z.string().trim().max(255, { message: 'Title must be at most 255 characters' });
const coverUrl = z
  .string()
  .max(1024)
  .regex(/^\/files\/[A-Za-z0-9._-]+$/, { message: 'Cover must be an uploaded file' })
  .nullable();

export const createDocumentBodySchema = z.object({
  title: title.default(''),
  icon: icon.optional(),
  parentId: idSchema.nullable().optional(),
});
export const updateDocumentBodySchema = z
  .object({ title: title.optional(), icon: icon.optional(), coverUrl: coverUrl.optional(), parentId: idSchema.nullable().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Nothing to update' });

export const shareRoleSchema = z.enum(['viewer', 'editor'], { message: 'Role must be viewer or editor' });
export type ShareRole = z.infer<typeof shareRoleSchema>;
/** A share that applies to a page: its own, or (`inherited`) one of an ancestor page (`fromDocumentId`). */
export const documentShareSchema = z.object({
  userId: idSchema,
  name: z.string(),
  email: z.string(),
  avatarUrl: z.string().nullable(),
  role: shareRoleSchema,
  inherited: z.boolean(),
  fromDocumentId: idSchema,
  sharedBy: idSchema,
  createdAt: isoDate,
});
export type DocumentShare = z.infer<typeof documentShareSchema>;
export const shareDocumentBodySchema = z.object({
  email: z.email({ message: 'Enter a valid email address' }).max(320),
  role: shareRoleSchema,
});
export const documentShareParamsSchema = z.object({ id: idSchema, userId: idSchema });
/** A page shared directly with the caller (GET /me/shared-documents). */
export const sharedDocumentSchema = z.object({
  id: idSchema,
  title: z.string(),
  icon: z.string().nullable(),
  workspaceId: idSchema,
  workspaceName: z.string(),
  role: shareRoleSchema,
  sharedBy: z.object({ id: idSchema, name: z.string() }),
  sharedAt: isoDate,
});
export type SharedDocument = z.infer<typeof sharedDocumentSchema>;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, { message: 'Search text is required' }).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const searchHitSchema = documentSchema.extend({ snippet: z.string() });
export const recentQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

export const callTicketBodySchema = z.discriminatedUnion(
  'kind',
  [z.object({ kind: z.literal('workspace'), workspaceId: idSchema }), z.object({ kind: z.literal('dm'), userId: idSchema })],
  { message: "kind must be 'workspace' or 'dm'" },
);
/** An RTCIceServer with coturn REST credentials; empty list when the deployment has no TURN. */
export const iceServerSchema = z.object({ urls: z.array(z.string()), username: z.string(), credential: z.string() });
export const callTicketSchema = z.object({ token: z.string(), roomId: z.string(), expiresIn: z.number(), iceServers: z.array(iceServerSchema) });
export type CallTicket = z.infer<typeof callTicketSchema>;
