// HTTP shapes the web uses: the api's contract types (type-only imports, so no zod ships for them).
import type { documentDetailSchema, searchHitSchema } from '@coope/api/contract';
import type { z } from 'zod';

export type {
  AiMessage,
  CallTicket,
  ChatMessage,
  Comment as NoticeComment,
  Conversation,
  DocumentSummary,
  Friend,
  FriendRequest,
  Inquiry,
  Invite,
  LoginBody,
  Member,
  MemberRole,
  Notice,
  NotesJob,
  NotesJobStatus,
  Presence,
  PublicUser,
  Session,
  SignupBody,
  UpdateProfileBody,
  User,
  UserEventType,
  UserEventData,
  Workspace,
} from '@coope/api/contract';

export type DocumentDetail = z.infer<typeof documentDetailSchema>;
export type SearchHit = z.infer<typeof searchHitSchema>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
