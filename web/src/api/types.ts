// HTTP shapes the web uses: the api's contract types (type-only imports, so no zod ships for them).
import type { searchHitSchema, UserEventData } from '@coope/api/contract';
import type { z } from 'zod';

export type {
  AiMessage,
  CallTicket,
  ChatMessage,
  Comment as NoticeComment,
  Conversation,
  DocumentDetail,
  DocumentShare,
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
  SharedDocument,
  ShareRole,
  SignupBody,
  UpdateProfileBody,
  User,
  UserEventType,
  UserEventData,
  Workspace,
} from '@coope/api/contract';

export type DocumentSharedEvent = UserEventData<'document.shared'>;
export type SearchHit = z.infer<typeof searchHitSchema>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
