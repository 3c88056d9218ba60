// Row types of the api's tables, as kysely sees them.
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export type UserRole = 'user' | 'admin';
export type MemberRole = 'owner' | 'editor' | 'viewer';

export interface UsersTable {
  id: string;
  email: string | null;
  name: string;
  avatar_url: string | null;
  role: UserRole;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OauthIdentitiesTable {
  id: string;
  user_id: string;
  provider: string;
  subject: string;
  created_at: CreatedAt;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  /** The access token issued with this refresh token (0007), denied when a password reset signs everyone out. */
  access_jti: ColumnType<string | null, string | null | undefined, never>;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  icon: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: MemberRole;
  created_at: CreatedAt;
}

export interface WorkspaceInvitesTable {
  id: string;
  workspace_id: string;
  token_hash: string;
  email: string | null;
  invitee_user_id: string | null;
  role: MemberRole;
  invited_by: string;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  created_at: CreatedAt;
}

export interface DocumentsTable {
  id: string;
  workspace_id: string;
  parent_id: string | null;
  title: string;
  icon: string | null;
  cover_url: string | null;
  content_text: string;
  content_updated_at: Date | null;
  archived_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ShareRole = 'viewer' | 'editor';

/** A page shared with one user (0009); child pages inherit it. */
export interface DocumentSharesTable {
  document_id: string;
  user_id: string;
  role: ShareRole;
  shared_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type FriendRequestStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

export interface FriendRequestsTable {
  id: string;
  from_user_id: string;
  to_user_id: string;
  status: FriendRequestStatus;
  /** "<low id>:<high id>" while pending, NULL after: a unique index allows one pending request per pair. */
  pending_key: string | null;
  created_at: CreatedAt;
  responded_at: Date | null;
}

export interface FriendshipsTable {
  user_id: string;
  friend_id: string;
  created_at: CreatedAt;
}

export interface DirectMessagesTable {
  seq: Generated<number>;
  id: string;
  pair_key: string;
  sender_id: string;
  recipient_id: string;
  client_message_id: string;
  body: string;
  created_at: CreatedAt;
}

export interface ChatReadsTable {
  user_id: string;
  peer_id: string;
  last_read_seq: number;
  updated_at: UpdatedAt;
}

export interface NoticesTable {
  id: string;
  title: string;
  body: string;
  author_id: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NoticeCommentsTable {
  id: string;
  notice_id: string;
  author_id: string;
  body: string;
  created_at: CreatedAt;
}

export type InquiryStatus = 'open' | 'answered' | 'closed';

export interface InquiriesTable {
  id: string;
  user_id: string;
  subject: string;
  body: string;
  status: InquiryStatus;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UploadsTable {
  id: string;
  owner_id: string;
  storage_key: string;
  kind: 'avatar' | 'cover' | 'image';
  /** The document an image belongs to (kind 'image'); null for avatars and covers. */
  document_id: ColumnType<string | null, string | null | undefined, string | null>;
  content_type: string;
  size: number;
  created_at: CreatedAt;
}

export interface AiMessagesTable {
  id: string;
  user_id: string;
  role: 'user' | 'assistant';
  content: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type NotesJobStatus = 'uploading' | 'queued' | 'transcribing' | 'summarizing' | 'done' | 'failed';

export interface MeetingNoteJobsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  title: string;
  status: NotesJobStatus;
  attempts: number;
  chunk_count: number;
  error: string | null;
  document_id: string | null;
  locked_until: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MeetingNoteChunksTable {
  job_id: string;
  seq: number;
  storage_key: string;
  content_type: string;
  size: number;
}

export interface Database {
  users: UsersTable;
  oauth_identities: OauthIdentitiesTable;
  refresh_tokens: RefreshTokensTable;
  password_resets: PasswordResetsTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  workspace_invites: WorkspaceInvitesTable;
  documents: DocumentsTable;
  document_shares: DocumentSharesTable;
  friend_requests: FriendRequestsTable;
  friendships: FriendshipsTable;
  direct_messages: DirectMessagesTable;
  chat_reads: ChatReadsTable;
  notices: NoticesTable;
  notice_comments: NoticeCommentsTable;
  inquiries: InquiriesTable;
  uploads: UploadsTable;
  ai_messages: AiMessagesTable;
  meeting_note_jobs: MeetingNoteJobsTable;
  meeting_note_chunks: MeetingNoteChunksTable;
}
